"""The one function that produces evaluation records from the database: `evaluation_record`.

It evaluates the strategy (monitoring/evaluator.py), reads the values the record shows and the
plan goals, and writes the sentences in every language the site has. A published review round
keeps the record it returns (reviews/snapshot.py); the live pages read it through the cache
(web/cache.py); `mittaristo evaluate --format json` prints it.
"""

from decimal import Decimal

from mittaristo.evaluation import ForecastReason
from mittaristo.evaluation.forecast import MIN_INTERVAL
from mittaristo.evaluation.peers import Standing
from mittaristo.observations.models import Observation
from mittaristo.sources.models import FetchRecord
from mittaristo.strategy.models import PlanGoal
from mittaristo.strategy.shared import data_ids, readers_of

from ..evaluator import evaluate_strategy
from ..forecast_text import STRAIGHT_LINE, TOO_FEW, UNKNOWN
from ..labels import due_basis_text
from ..peers import compare_with_peers
from ..plans import evaluate_plan_goals
from ..series import moment_of
from .index import index_record
from .languages import in_languages
from .schema import (
    AimRecord,
    AreaRecord,
    ForecastRecord,
    GoalRecord,
    GroupingRecord,
    IndicatorRecord,
    MilestoneRecord,
    PeersRecord,
    PeerValueRecord,
    PlanGoalRecord,
    PlanRecord,
    StandingRecord,
    StrategyInfo,
    StrategyRecord,
    StrategyValueRecord,
    TargetRecord,
    ValueRecord,
)


def evaluation_record(
    strategy,
    *,
    area=None,
    as_of=None,
    today=None,
    peers: bool = False,
    assessments: dict | None = None,
    round=None,
    indices: bool = False,
) -> StrategyRecord:
    """The evaluation of `strategy` in `area` (default: its own), as known on `as_of` (None:
    now), as a record.

    `peers`: compare each indicator with the municipalities of the same size class (as of
    `as_of`), as a published round keeps it; the live pages compare on request instead.
    `assessments`: goal code → AssessmentRecord approved for it (a review round's); the goal's
    status is then the assessment's. `round`: the RoundRecord of a published round.
    `indices`: explain each composite index for the area (records/index.py), as a published
    round keeps it; it reads every area's values, so the live pages explain it apart."""
    evaluation = evaluate_strategy(strategy, area=area, as_of=as_of, today=today)
    return record_of(
        evaluation, peers=peers, assessments=assessments or {}, round=round, indices=indices
    )


def record_of(
    evaluation, *, peers=False, assessments=None, round=None, indices=False
) -> StrategyRecord:
    """A StrategyEvaluation (monitoring/evaluator.py) as a record; reads the values shown, the
    plan goals and, with `peers`, the comparisons, with `indices` the indices explained."""
    assessments = assessments or {}
    strategy, area = evaluation.strategy, evaluation.area
    today = evaluation.today
    values = values_by_indicator(evaluation, evaluation.as_of)
    compare = peers and area.pk is not None  # a strategy of no municipality has no peers
    indicators = {
        ev.indicator.code: indicator_record(
            ev,
            values.get(ev.indicator.pk, []),
            peers=peers_record(
                compare_with_peers(ev.indicator, area, method="size_class", as_of=evaluation.as_of)
            )
            if compare
            else None,
            index=index_record(ev.indicator, area, as_of=evaluation.as_of)
            if indices and area.pk is not None
            else None,
        )
        for ev in evaluation.indicators.values()
    }
    groupings = {g.pk: g for g in strategy.groupings.all()}
    codes = {goal.part.pk: goal.part.code for aim in evaluation.aims for goal in aim.parts}
    return StrategyRecord(
        strategy=StrategyInfo(
            code=strategy.code,
            name=strategy.name,
            vision=strategy.vision or {},
            mission=strategy.mission or {},
            levels={key: text for key, text in (strategy.levels or {}).items() if text},
            groupings=[
                GroupingRecord(
                    code=g.code, name=g.name, description=g.description or {}, kind=g.kind
                )
                for g in groupings.values()
            ],
            organisation=strategy.organisation.name,
            horizon=strategy.horizon,
            values=[
                StrategyValueRecord(name=v.name, description=v.description or {})
                for v in strategy.values.all()
            ],
        ),
        area=AreaRecord(key=area.key, name=area.name or {"fi": area.key}),
        as_of=evaluation.as_of,
        evaluated_on=today,
        round=round,
        status=evaluation.rollup.status,
        aims=[
            AimRecord(
                code=aim.part.code,
                name=aim.part.name,
                description=aim.part.description or {},
                status=aim.status,
                goals=[
                    _goal(goal, assessments.get(goal.part.code), codes, groupings)
                    for goal in aim.parts
                ],
                grouping=_code(groupings, aim.part.grouping_id),
            )
            for aim in evaluation.aims
        ],
        indicators=indicators,
        plans=_plans(evaluation),
    )


def _code(by_pk: dict, pk) -> str | None:
    found = by_pk.get(pk)
    return found if isinstance(found, str) or found is None else found.code


def _goal(goal, assessment, codes, groupings) -> GoalRecord:
    return GoalRecord(
        code=goal.part.code,
        name=goal.part.name,
        description=goal.part.description or {},
        status=assessment.status if assessment else goal.status,
        computed_status=goal.status,
        moving_away=goal.rollup.moving_away,
        counts=goal.counts if goal.counts is not None else goal.rollup.step_counts,
        indicators=[ev.indicator.code for ev in goal.parts],
        assessment=assessment,
        parent=_code(codes, goal.part.parent_id),
        grouping=_code(groupings, goal.part.grouping_id),
    )


def indicator_record(ev, values, *, peers=None, index=None) -> IndicatorRecord:
    """One evaluated indicator (monitoring.evaluator.IndicatorEvaluation) with its values."""
    indicator, target, progress = ev.indicator, ev.target, ev.progress
    return IndicatorRecord(
        code=indicator.code,
        name=indicator.name,
        unit=indicator.unit or {},
        direction=indicator.direction,
        frequency=indicator.frequency,
        method=indicator.method or {},
        status=progress.status,
        measure=str(progress.method),
        ratio=progress.ratio,
        base_year=progress.base_year,
        latest_year=progress.latest_year,
        total=progress.total,
        late=ev.late,
        due=ev.due,
        due_basis=in_languages(lambda: due_basis_text(indicator)) if ev.due else {},
        sentence=in_languages(ev.sentence),
        target=None
        if target is None
        else TargetRecord(
            year=target.year,
            value=target.value,
            value_high=target.value_high,
            cumulative_from=target.cumulative_from,
            baseline_year=target.baseline_year,
            baseline_value=target.baseline_value,
            is_example=target.is_example,
            milestones=[
                MilestoneRecord(year=m.year, value=m.value) for m in target.milestones.all()
            ],
        ),
        values=values,
        forecast=_forecast(ev),
        peers=peers,
        index=index,
    )


def _forecast(ev) -> ForecastRecord | None:
    f = ev.forecast
    if f is None or f.value is None:
        return None
    latest = ev.series.yearly[-1]
    return ForecastRecord(
        year=ev.forecast_year,
        value=f.value,
        low=f.low,
        high=f.high,
        uncertainty=_uncertainty(f),
        probability=f.probability,
        projection_class=f.projection_class or None,
        slope=f.slope,
        trend_p=f.trend_p,
        from_year=latest[0],
        from_value=float(latest[1]),
    )


def _uncertainty(f) -> str | None:
    if f.low is not None:
        return None
    if ForecastReason.NO_SPREAD in f.reason:
        return STRAIGHT_LINE
    return TOO_FEW if f.n < MIN_INTERVAL else UNKNOWN


def peers_record(comparison) -> PeersRecord | None:
    """A peer comparison (monitoring/peers.py) as a record; None when no other municipality
    has a value of the indicator. Only the group (the area and its peers) is kept by name and
    value, highest first, values as compared (per 1,000 residents rounded to 0.1, a change in
    % a year rounded to 0.01). `group` is None when the area has no peers; `country` is None
    when too few municipalities have a value."""
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
    return PeersRecord(
        method=comparison.method,
        measure=measure,
        window=comparison.window,
        since=None
        if comparison.window is None or comparison.year is None
        else comparison.year - comparison.window,
        population=comparison.population,
        band=None if band is None else [_number(edge) for edge in band],
        ranked=comparison.ranked,
        year=comparison.year,
        area=AreaRecord(key=area.key, name=area.name),
        group=_standing(group, measure, comparison.group_size),
        country=_standing(comparison.in_country, measure, comparison.country_size),
        values=[
            PeerValueRecord(
                area=key, name=names.get(key) or {"fi": key}, value=_shown(value, measure)
            )
            for key, value in rows
        ],
    )


def _standing(standing, measure, size) -> StandingRecord | None:
    if standing is None:
        return None
    if standing.count == 0:  # no year compared: only the group's size is known
        return StandingRecord(rank=None, count=None, median=None, size=size, left_out=None)
    return StandingRecord(
        rank=standing.rank,
        count=standing.count,
        median=_shown(standing.median, measure),
        size=size,
        left_out=size - standing.count,
    )


def _shown(value, measure) -> Decimal | None:
    """A compared value as kept: a level exactly, a figure per 1,000 residents to 0.1, a
    growth a year in per cent to 0.01."""
    if value is None or measure == "level":
        return _number(value)
    if measure == "change":
        return _number(round(100 * float(value), 2))
    return _number(round(float(value), 1))


def _number(value) -> Decimal | None:
    """A float (the packs', a median) by its shortest form, so that 0.1 stays 0.1."""
    if value is None:
        return None
    return value if isinstance(value, Decimal) else Decimal(repr(float(value)))


def values_by_indicator(evaluation, as_of=None) -> dict:
    """Indicator id → its ValueRecords as known on `as_of` (None: now), in period order; a
    bound indicator's are its national series' (strategy/shared.py)."""
    readers = readers_of(data_ids(evaluation.indicators))
    known = Observation.objects
    known = known.current() if as_of is None else known.known_on(moment_of(as_of))
    rows = list(
        known.filter(
            indicator_id__in=list(readers),
            area_id=evaluation.area.pk,
            breakdown="",
        )
        .order_by("period_start", "period")
        .values_list(
            "indicator_id",
            "period",
            "value",
            "status",
            "source_kind",
            "source_ref",
            "is_example",
            "vintage",
        )
    )
    credits = _credits({row[5] for row in rows})
    result: dict = {}
    for data_id, period, value, status, kind, ref, example, vintage in rows:
        credit, licence = credits.get(ref, (ref, ""))
        record = ValueRecord(
            period=period,
            value=value,
            status=status,
            source=kind,
            source_ref=credit,
            is_example=example,
            published=vintage,
            licence=licence,
        )
        for indicator_id in readers[data_id]:
            result.setdefault(indicator_id, []).append(record)
    return result


def _credits(refs) -> dict:
    """A fetched value's source as its publisher asks to be credited (CC BY 4.0), and its
    licence: source_ref → (credit, licence); one query. A value the city typed or imported
    names no fetch and has no licence: it is the city's own figure."""
    credits = {}
    for ref, record in FetchRecord.for_source_refs(refs).items():
        table = ref.split(" ", 1)[1] if " " in ref else ""
        credit = ", ".join(p for p in (record.attribution, table, record.licence) if p)
        credits[ref] = (credit, record.licence)
    return credits


def _plans(evaluation) -> list[PlanRecord]:
    """The cascade's plans with their goals, each goal with a target of its own judged on it."""
    plan_goals = list(
        PlanGoal.objects.filter(plan__strategy=evaluation.strategy)
        .select_related("plan", "serves", "parent_goal__plan", "indicator")
        .order_by("plan__order", "plan__pk", "order", "pk")
    )
    judged = evaluate_plan_goals(plan_goals, evaluation, today=evaluation.today)
    plans: dict = {}
    for pg in plan_goals:
        plan = pg.plan
        if plan.pk not in plans:
            plans[plan.pk] = (plan, [])
        own = judged.get(pg.pk)
        plans[plan.pk][1].append(
            PlanGoalRecord(
                code=pg.code,
                name=pg.name,
                serves=pg.serves.code if pg.serves_id else None,
                parent=f"{pg.parent_goal.plan.code}/{pg.parent_goal.code}"
                if pg.parent_goal_id
                else None,
                indicator=pg.indicator.code if pg.indicator_id else None,
                indicator_name=pg.indicator.name if pg.indicator_id else {},
                target_value=pg.target_value,
                target_year=pg.target_year,
                status=own.status if own else None,
                sentence=in_languages(own.sentence) if own else {},
                due=own.due if own else None,
            )
        )
    return [
        PlanRecord(
            code=plan.code,
            kind=plan.kind,
            name=plan.name,
            start_year=plan.start_year,
            end_year=plan.end_year,
            owner_unit=plan.owner_unit or {},
            is_example=plan.is_example,
            goals=goals,
        )
        for plan, goals in plans.values()
    ]
