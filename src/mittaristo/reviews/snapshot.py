"""The frozen snapshot a published round keeps: what the public sees, as it was.

Plain JSON: texts in every language the strategy has, numbers as strings (decimals kept
exact), no personal data (no names of owners or authors), approved assessments only.
Each indicator of a municipality's strategy keeps its comparison with the municipalities of
the same size class as of the round's date (`peers`, None without peer data; snapshots
published before it have no such key and read as None), with the measure, the year and the
group's size (`peers_data`).
"""

from decimal import Decimal

from django.conf import settings
from django.utils import translation

from mittaristo.core.numbers import plain
from mittaristo.evaluation import ForecastReason
from mittaristo.evaluation.forecast import MIN_INTERVAL
from mittaristo.evaluation.peers import Standing
from mittaristo.monitoring.evaluate import evaluate_strategy
from mittaristo.monitoring.forecast_text import STRAIGHT_LINE, TOO_FEW, UNKNOWN
from mittaristo.monitoring.peers import compare_with_peers
from mittaristo.monitoring.series import moment_of
from mittaristo.observations.models import Observation
from mittaristo.sources.models import FetchRecord

LANGUAGES = [code for code, _name in settings.LANGUAGES]
SNAPSHOT_VERSION = 1


def build_snapshot(review) -> dict:
    strategy = review.strategy
    evaluation = evaluate_strategy(strategy, as_of=review.as_of)
    assessments = {a.goal_id: a for a in review.assessments.filter(state="approved")}
    values = values_by_indicator(evaluation, review.as_of)
    area = evaluation.area
    return {
        "version": SNAPSHOT_VERSION,
        "round": {
            "name": review.name,
            "kind": review.kind,
            "as_of": review.as_of.isoformat(),
            "is_example": review.is_example,
        },
        "strategy": {
            "code": strategy.code,
            "name": dict(strategy.name),
            "vision": dict(strategy.vision or {}),
            "organisation": dict(strategy.organisation.name),
            "horizon": strategy.horizon,
            "values": [
                {"name": dict(v.name), "description": dict(v.description or {})}
                for v in strategy.values.all()
            ],
        },
        "area": evaluation.area.key,
        "status": str(evaluation.rollup.status),
        "aims": [
            {
                "code": aim.part.code,
                "name": dict(aim.part.name),
                "status": str(aim.status),
                "goals": [_goal(goal, assessments.get(goal.part.pk)) for goal in aim.parts],
            }
            for aim in evaluation.aims
        ],
        "indicators": {
            ev.indicator.code: {
                **indicator_data(ev, values.get(ev.indicator.pk, [])),
                # A strategy of no municipality (area without pk) has no peers to compare with.
                "peers": None
                if area.pk is None
                else peers_data(
                    compare_with_peers(ev.indicator, area, method="size_class", as_of=review.as_of)
                ),
            }
            for ev in evaluation.indicators.values()
        },
    }


def _goal(goal, assessment) -> dict:
    status = assessment.status if assessment else str(goal.status)
    return {
        "code": goal.part.code,
        "name": dict(goal.part.name),
        "description": dict(goal.part.description or {}),
        "status": status,
        "computed_status": str(goal.status),
        "moving_away": goal.rollup.moving_away,
        "counts": {str(k): v for k, v in goal.rollup.step_counts.items()},
        "indicators": [ev.indicator.code for ev in goal.parts],
        "assessment": None
        if assessment is None
        else {
            "status": assessment.status,
            "overridden": bool(assessment.status_override),
            "justification": assessment.justification,
            "commentary": assessment.commentary,
            "next_steps": assessment.next_steps,
        },
    }


def indicator_data(ev, values) -> dict:
    """One indicator as the snapshot keeps it (and the internal pages show it live)."""
    indicator, target, progress = ev.indicator, ev.target, ev.progress
    sentences = {}
    for language in LANGUAGES:
        with translation.override(language):
            sentences[language] = ev.sentence()
    return {
        "code": indicator.code,
        "name": dict(indicator.name),
        "unit": dict(indicator.unit or {}),
        "direction": indicator.direction,
        "frequency": indicator.frequency,  # how far apart its values are (the chart's gaps)
        "method": dict(indicator.method or {}),
        "status": str(progress.status),
        "measure": str(progress.method),  # growth_rate, linear or cumulative ("" for none)
        "ratio": progress.ratio,
        "late": ev.late,
        "sentence": sentences,
        "target": None
        if target is None
        else {
            "year": target.year,
            "value": plain(target.value),
            "value_high": None if target.value_high is None else plain(target.value_high),
            "cumulative_from": target.cumulative_from,
            "is_example": target.is_example,
            "milestones": [
                {"year": m.year, "value": plain(m.value)} for m in target.milestones.all()
            ],
        },
        "values": values,
        "forecast": _forecast(ev),
    }


def peers_data(comparison) -> dict | None:
    """A peer comparison (monitoring/peers.py) as the snapshot keeps it; None when no other
    municipality has a value of the indicator.

    What was compared (`measure`: level, per_resident or change; `window`, the years of a
    change and `since`, its first year; `population`, the basis of a per-resident figure;
    `band`, the band a range indicator is ranked by; `ranked`), the year compared (None when
    no year was comparable) and, in the group and in the country, the rank, the count of areas
    with a value, the median, the size (areas in all) and how many were left out for want of
    a value. Only the group (the area and its peers) is kept by name and value, highest value
    first, values as compared (per 1,000 residents rounded to 0.1, a change in % a year
    rounded to 0.01). `group` is None when the area has no peers (without a year compared, it
    gives only the size); `country` is None when too few municipalities have a value.
    Snapshots published before the measure was kept have none of these keys (nor `size` and
    `left_out`) and compared the level."""
    if comparison.reported == 0:
        return None
    area = comparison.area
    names = {a.key: a.name for a in comparison.peers}
    names[area.key] = area.name
    measure = comparison.measure
    rows = sorted(comparison.values.items(), key=lambda item: (-float(item[1]), item[0]))
    group = comparison.in_group if comparison.peers else None
    if comparison.peers and comparison.year is None:
        group = Standing(None, 0, None, None)
    band = comparison.band
    return {
        "method": comparison.method,
        "measure": measure,
        "window": comparison.window,
        "since": None
        if comparison.window is None or comparison.year is None
        else comparison.year - comparison.window,
        "population": comparison.population,
        "band": None if band is None else [_number(edge) for edge in band],
        "ranked": comparison.ranked,
        "year": comparison.year,
        "area": {"key": area.key, "name": dict(area.name)},
        "group": _standing(group, measure, comparison.group_size),
        "country": _standing(comparison.in_country, measure, comparison.country_size),
        "values": [
            {
                "area": key,
                "name": dict(names.get(key) or {"fi": key}),
                "value": _shown(value, measure),
            }
            for key, value in rows
        ],
    }


def _standing(standing, measure, size) -> dict | None:
    if standing is None:
        return None
    if standing.count == 0:  # no year compared: only the group's size is known
        return {"rank": None, "count": None, "median": None, "size": size, "left_out": None}
    return {
        "rank": standing.rank,
        "count": standing.count,
        "median": _shown(standing.median, measure),
        "size": size,
        "left_out": size - standing.count,
    }


def _shown(value, measure) -> str | None:
    """A compared value as the snapshot keeps it: a level exactly, a figure per 1,000
    residents to 0.1, a growth a year in per cent to 0.01."""
    if value is None or measure == "level":
        return _number(value)
    if measure == "change":
        return _number(round(100 * float(value), 2))
    return _number(round(float(value), 1))


def _number(value) -> str | None:
    """A value as the snapshot writes numbers; a float (the packs', a median) by its shortest
    form, so that 0.1 stays "0.1"."""
    if value is None:
        return None
    return plain(value if isinstance(value, Decimal) else Decimal(repr(float(value))))


def _forecast(ev) -> dict | None:
    """The OLS forecast at the target year with its 95 % interval, and Destatis' class.

    Without an interval, `uncertainty` says why: "too_few" values, the values lie on a
    "straight_line", or "unknown"; None when there is one. Snapshots published before it have
    no such key (monitoring/forecast_text.py reads them)."""
    f = ev.forecast
    if f is None or f.value is None:
        return None
    latest = ev.series.yearly[-1]
    return {
        "year": ev.forecast_year,
        "value": f.value,
        "low": f.low,
        "high": f.high,
        "uncertainty": _uncertainty(f),
        "probability": f.probability,
        "projection_class": str(f.projection_class) if f.projection_class else None,
        "slope": f.slope,
        "trend_p": f.trend_p,
        "from_year": latest[0],
        "from_value": float(latest[1]),
    }


def _uncertainty(f) -> str | None:
    if f.low is not None:
        return None
    if ForecastReason.NO_SPREAD in f.reason:
        return STRAIGHT_LINE
    return TOO_FEW if f.n < MIN_INTERVAL else UNKNOWN


def values_by_indicator(evaluation, as_of=None, *, only=None) -> dict:
    """Indicator id → its values as known on `as_of`, each with its status and source.

    `only`: the ids of the indicators wanted (default: all of the evaluation's)."""
    known = Observation.objects
    known = known.current() if as_of is None else known.known_on(moment_of(as_of))
    rows = (
        known.filter(
            indicator_id__in=list(evaluation.indicators if only is None else only),
            area_id=evaluation.area.pk,
            breakdown="",
        )
        .order_by("period_start", "period")
        .values_list(
            "indicator_id", "period", "value", "status", "source_kind", "source_ref", "is_example"
        )
    )
    result: dict = {}
    rows = list(rows)
    credits = _credits({ref for *_rest, ref, _example in rows})
    for indicator_id, period, value, status, kind, ref, example in rows:
        result.setdefault(indicator_id, []).append(
            {
                "period": period,
                "value": None if value is None else plain(value),
                "status": status,
                "source": kind,
                "source_ref": credits.get(ref, ref),
                "is_example": example,
            }
        )
    return result


def _credits(refs) -> dict:
    """A fetched value's source as its publisher asks to be credited (CC BY 4.0); one query."""
    credits = {}
    for ref, record in FetchRecord.for_source_refs(refs).items():
        table = ref.split(" ", 1)[1] if " " in ref else ""
        credits[ref] = ", ".join(p for p in (record.attribution, table, record.licence) if p)
    return credits
