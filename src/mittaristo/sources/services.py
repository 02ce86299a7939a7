"""Fetching and storing bound indicators: the imperative shell around fetching.py.

A statistic is fetched and stored once, on its national series (strategy/shared.py), however
many organisations' indicators bind it: `series_work` turns the bound indicators into one
piece of work per series, named by the codes of the indicators that read it.

Each indicator is fetched whole first (all requests, all parsing); only then are its areas
created and its values stored, in one transaction. A failure or an interruption while
fetching or storing one indicator leaves its stored values as they were; indicators already
stored stay stored, so running the command again resumes (and changes nothing for them).
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from mittaristo.core.models import Area
from mittaristo.core.periods import PeriodError, parse_period
from mittaristo.observations.models import Observation
from mittaristo.observations.services import ObservationRow, StoreBusy, observations_upsert
from mittaristo.strategy.bindings import BindingError, read_binding
from mittaristo.strategy.shared import indicators_link

from .fetching import LICENCES, Clients, Result, fetch_binding
from .http import SourceError
from .models import FetchCheck, FetchRecord


@dataclass
class Outcome:
    indicator: str
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    missing: int = 0
    error: str = ""


def bound_indicators(queryset, *, source=None, code=None):
    """The indicators whose binding fetches from open data (optionally one source or code)."""
    chosen = []
    # Of strategies: a national series is fetched for the indicators that read it.
    bound = queryset.filter(strategy__isnull=False).exclude(binding={})
    for indicator in bound.order_by("strategy_id", "order", "pk"):
        if code and indicator.code != code:
            continue
        try:
            binding = read_binding(indicator.binding)
        except BindingError:
            chosen.append((indicator, None))  # reported as a failure, not skipped silently
            continue
        if binding is None or not all(q.fetched for q in binding.queries()):
            continue
        if source and source not in {q.source for q in binding.queries()}:
            continue
        chosen.append((indicator, binding))
    return chosen


LABEL_CODES = 4  # codes named in a label; more are counted


def series_work(chosen) -> list[tuple]:
    """(indicator, binding, label) once per national series among `chosen` (the pairs of
    `bound_indicators`), each indicator linked to its series first; `label` names the codes of
    the indicators that read it ("K1", or "K1, V3 and 2 more")."""
    indicators_link(indicators=[indicator for indicator, binding in chosen if binding])
    groups: dict = {}
    for indicator, binding in chosen:
        # A broken binding has no series: reported on its own.
        key = indicator.series_id or -indicator.pk
        groups.setdefault(key, (indicator, binding, set()))[2].add(indicator.code)
    work = []
    for indicator, binding, codes in groups.values():
        names = sorted(codes)
        label = ", ".join(names[:LABEL_CODES])
        if len(names) > LABEL_CODES:
            label += f" +{len(names) - LABEL_CODES}"
        work.append((indicator, binding, label))
    return work


def indicator_fetch(
    *, indicator, binding, clients: Clients, areas=None, since=None, label=""
) -> Outcome:
    """Fetch, parse and store one indicator's values, on its national series when it has one;
    the Outcome says what happened or what failed."""
    outcome = Outcome(label or indicator.code)
    try:
        if binding is None:
            read_binding(indicator.binding)  # raises the BindingError to report
        if indicator.strategy_id is not None:
            indicators_link(indicators=[indicator])
        result = fetch_binding(binding, clients=clients, areas=areas, since=since)
        report = _store(indicator, binding, result, outcome.indicator)
    except (SourceError, BindingError, PeriodError, StoreBusy) as error:
        outcome.error = str(error)
        return outcome
    outcome.created, outcome.changed, outcome.unchanged = (
        report.created,
        report.changed,
        report.unchanged,
    )
    outcome.missing = result.missing
    return outcome


@transaction.atomic
def _store(indicator, binding, result: Result, label: str):
    when = timezone.now()
    area_ids = _areas(result.names)
    vintage = _date(result.updated)
    rows = [
        ObservationRow(
            indicator_id=indicator.data_id,
            area_id=area_ids[key],
            period=parse_period(period),
            value=value,
            vintage=vintage,
            status=(
                Observation.Status.PROVISIONAL
                if (key, period) in result.provisional
                else Observation.Status.FINAL
            ),
        )
        for (key, period), value in sorted(result.values.items())
    ]
    licences = {LICENCES[s] for s in sorted(result.sources)}
    record = FetchRecord.objects.create(
        indicator_code=label[:60],
        sources=" ".join(sorted({q.ref for q in binding.queries()}))[:200],
        requests=[_jsonable(r) for r in result.requests],
        table_updated=result.updated,
        licence=", ".join(sorted({lic for lic, _a in licences})),
        attribution="; ".join(sorted({att for _l, att in licences})),
        fetched_at=when,
    )
    report = observations_upsert(
        rows=rows,
        source_kind=Observation.SourceKind.FETCH,
        source_ref=record.source_ref,
        when=when,
    )
    if not report.has_changes:
        record.delete()  # nothing new came from it: re-running leaves no trace
    # Asked and answered, new values or none: the hourly fetch waits before asking again.
    FetchCheck.objects.update_or_create(
        indicator_id=indicator.data_id, defaults={"checked_at": when}
    )
    return report


def _areas(names: dict) -> dict:
    """(kind, code) → Area id; areas the sources name but the database lacks are created."""
    existing = {(a.kind, a.code): a.pk for a in Area.objects.all()}
    for key, name in names.items():
        if key not in existing:
            kind, code = key
            area = Area.objects.create(kind=kind, code=code, name=name or {"fi": code})
            existing[key] = area.pk
    return existing


def _date(updated: str) -> dt.date | None:
    try:
        return dt.datetime.fromisoformat(updated.replace("Z", "+00:00")).date()
    except ValueError:
        return None


def _jsonable(request):
    method, url, body = request
    return {"method": method, "url": url, "body": body}
