"""Which bound indicators are due for fetching, by the publication calendar (docs/data-sources.md).

An indicator is due when the date its next value is expected (evaluation.age.next_due: the
binding's `release` entry, else frequency + publication lag) has come, or when nothing of it is
stored yet. A source that is late is asked again at most once per REFETCH_HOURS, not on every
hourly check: each answer is recorded per national series (FetchCheck), whether it brought new
values or not.
"""

import datetime as dt

from mittaristo.core.periods import PeriodError, parse_period
from mittaristo.evaluation.age import next_due
from mittaristo.observations.models import Observation
from mittaristo.strategy.models import Indicator

from .fetching import Clients
from .models import FetchCheck
from .services import Outcome, bound_indicators, indicator_fetch, series_work

REFETCH_HOURS = 20


def _latest_period(data_id) -> str | None:
    """The period of the latest value stored under `data_id` (a series' or an indicator's own)."""
    return (
        Observation.objects.current()
        .filter(indicator_id=data_id, breakdown="")
        .order_by("-period_start")
        .values_list("period", flat=True)
        .first()
    )


def _due_after(latest: str | None, indicator, *, today: dt.date) -> bool:
    """Whether `indicator`'s next value after the period `latest` is expected by `today` (or
    none is stored: `latest` None)."""
    if latest is None:
        return True
    try:
        end = parse_period(latest).end
    except PeriodError:
        return True
    due = next_due(
        end,
        frequency=indicator.frequency,
        lag_days=indicator.publication_lag_days,
        release=indicator.release,
    )
    return due is not None and due <= today


def indicators_due(*, now: dt.datetime) -> list:
    """(indicator, binding, label) once per national series (sources.services.series_work)
    that is due and not fetched in REFETCH_HOURS; due when any indicator reading it is.
    Recency is judged by the series (or an indicator's own values: `data_id`), never by a
    code: every organisation's strategy may have an indicator `m00`, each bound to another
    statistic (FetchCheck)."""
    recent = set(
        FetchCheck.objects.filter(
            checked_at__gte=now - dt.timedelta(hours=REFETCH_HOURS)
        ).values_list("indicator_id", flat=True)
    )
    today = now.date()
    chosen = bound_indicators(Indicator.objects.all())
    work = series_work(chosen)
    # The latest period is the series': read once per series, not once per indicator reading
    # it (each indicator's own calendar still decides whether it is due); a series asked
    # within REFETCH_HOURS is not read at all.
    latest: dict = {}
    for indicator, _binding in chosen:
        if indicator.data_id not in recent and indicator.data_id not in latest:
            latest[indicator.data_id] = _latest_period(indicator.data_id)
    due_series = {
        indicator.series_id or -indicator.pk
        for indicator, _binding in chosen
        if indicator.data_id in latest
        and _due_after(latest[indicator.data_id], indicator, today=today)
    }
    return [
        (indicator, binding, label)
        for indicator, binding, label in work
        if indicator.data_id not in recent and (indicator.series_id or -indicator.pk) in due_series
    ]


def fetch_due(*, now: dt.datetime, clients: Clients) -> list[Outcome]:
    """Fetch and store every indicator due; an indicator that fails keeps its stored values."""
    return [
        indicator_fetch(indicator=indicator, binding=binding, clients=clients, label=label)
        for indicator, binding, label in indicators_due(now=now)
    ]
