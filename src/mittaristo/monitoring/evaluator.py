"""Evaluate a strategy for one area, now or as known on a date: the thin layer over the core.

Reads the strategy, its targets and the series in a fixed number of queries, hands plain
numbers to `mittaristo.evaluation`, and returns its results with the model objects beside them.
Nothing is stored: the evaluation of a whole strategy takes milliseconds (docs/performance.md),
and a published review round freezes its own copy. Pages that show the live evaluation to
many readers take its record (monitoring/records) from `web.cache.cached_record`, kept per
data version.
"""

import datetime as dt
import math
from dataclasses import dataclass, field, replace

import numpy as np
from django.utils import timezone

from mittaristo.core.models import Area
from mittaristo.evaluation import (
    Forecast,
    Progress,
    ProjectionClass,
    Rollup,
    Status,
    Thresholds,
    assess_progress,
    forecast_many,
    roll_up,
)
from mittaristo.evaluation.age import is_late, next_due
from mittaristo.strategy.models import GoalIndicator, Strategy, Target

from .explain import explain
from .series import EMPTY, Series, load_series, moment_of


@dataclass
class IndicatorEvaluation:
    indicator: object  # strategy.models.Indicator
    series: Series
    target: object | None  # strategy.models.Target, as it stood then
    progress: Progress
    late: bool
    due: dt.date | None  # when the next value is expected
    forecast: Forecast | None = None  # at the target year (or the strategy's last year)
    forecast_year: int | None = None

    @property
    def status(self) -> Status:
        return self.progress.status

    def sentence(self) -> str:
        return explain(self)


@dataclass
class PartEvaluation:
    """A goal (parts are its indicators, `subgoals` its sub-goals), an aim (parts are all its
    goals, each before its sub-goals) or the strategy (its aims)."""

    part: object
    parts: list
    rollup: Rollup
    subgoals: list = field(default_factory=list)  # a goal's sub-goals (PartEvaluation)
    counts: dict | None = None  # a goal's own indicators on each step (rollup.step_counts)

    @property
    def status(self) -> Status:
        return self.rollup.status


@dataclass
class StrategyEvaluation:
    strategy: Strategy
    area: Area
    as_of: dt.date | None
    today: dt.date  # the day lateness is judged on
    aims: list = field(default_factory=list)  # PartEvaluation of each aim, its goals inside
    indicators: dict = field(default_factory=dict)  # indicator id → IndicatorEvaluation
    rollup: Rollup | None = None

    @property
    def goals(self) -> list:
        return [goal for aim in self.aims for goal in aim.parts]


def evaluate_strategy(strategy, *, area=None, as_of=None, today=None) -> StrategyEvaluation:
    """The status of every indicator, goal and aim of `strategy` in `area` (default: its own)."""
    inputs = load_inputs(strategy, area=area, as_of=as_of)
    return compute(inputs, today=today or as_of or timezone.localdate())


@dataclass
class Inputs:
    """Everything an evaluation reads from the database, read in a fixed number of queries."""

    strategy: Strategy
    area: Area
    as_of: dt.date | None
    indicators: list
    series: dict
    targets: dict


def load_inputs(strategy, *, area=None, as_of=None) -> Inputs:
    strategy = Strategy.objects.with_goals().get(pk=strategy.pk)
    area = area or strategy.organisation.area
    # No person is read: the live evaluation is cached per data version, which has none.
    indicators = list(strategy.indicators.all())
    # Each link gets the one indicator object read above, instead of a second copy of it.
    by_id = {i.pk: i for i in indicators}
    for aim in strategy.aims.all():
        for goal in aim.goals.all():
            for link in goal.goal_indicators.all():
                if link.indicator_id in by_id:
                    GoalIndicator.indicator.field.set_cached_value(link, by_id[link.indicator_id])
    series = load_series([i.pk for i in indicators], [area.pk], as_of=as_of)
    return Inputs(strategy, area, as_of, indicators, series, _targets(indicators, as_of))


def compute(inputs: Inputs, *, today) -> StrategyEvaluation:
    """The evaluation from what was read: no queries (the benchmark times this alone)."""
    strategy, area = inputs.strategy, inputs.area
    thresholds = Thresholds(**(strategy.thresholds or {}))
    base_year = strategy.horizon_start - 1
    result = StrategyEvaluation(strategy, area, inputs.as_of, today)
    for indicator in inputs.indicators:
        result.indicators[indicator.pk] = evaluate_indicator(
            indicator,
            inputs.series.get((indicator.pk, area.pk), EMPTY),
            inputs.targets.get(indicator.pk, []),
            base_year=base_year,
            thresholds=thresholds,
            today=today,
            horizon_end=strategy.horizon_end,
        )
    _add_forecasts(list(result.indicators.values()), strategy.horizon_end)
    for aim in strategy.aims.all():
        top, goals = _goal_tree(list(aim.goals.all()), result.indicators)
        # An aim is the median of its first-level goals: a sub-goal counts through its goal.
        result.aims.append(PartEvaluation(aim, goals, roll_up([g.status for g in top])))
    result.rollup = roll_up([a.status for a in result.aims])
    return result


def _goal_tree(goals, indicators) -> tuple[list, list]:
    """The aim's goals evaluated as a tree: (its first-level goals, every goal with each goal
    before its sub-goals).

    A goal's status rolls up its own indicators (by their weights) and its direct sub-goals
    (each weighing 1, as an aim's goals do) with the same lower median; a sub-goal with an
    indicator moving away flags the goal above it."""
    ids = {g.pk for g in goals}
    below: dict = {}
    for goal in goals:  # a parent outside the aim (made by hand) makes a first-level goal
        below.setdefault(goal.parent_id if goal.parent_id in ids else None, []).append(goal)
    flat: list = []

    def evaluate(goal, seen):
        links = list(goal.goal_indicators.all())
        parts = [indicators[link.indicator_id] for link in links]
        own = roll_up([p.status for p in parts], [link.weight for link in links])
        evaluation = PartEvaluation(goal, parts, own, counts=own.step_counts)
        flat.append(evaluation)
        seen = seen | {goal.pk}
        evaluation.subgoals = [
            evaluate(g, seen) for g in below.get(goal.pk, []) if g.pk not in seen
        ]
        if evaluation.subgoals:
            rollup = roll_up(
                [p.status for p in parts] + [g.status for g in evaluation.subgoals],
                [link.weight for link in links] + [1] * len(evaluation.subgoals),
            )
            moving_away = rollup.moving_away or any(
                g.rollup.moving_away for g in evaluation.subgoals
            )
            evaluation.rollup = replace(rollup, moving_away=moving_away)
        return evaluation

    top = [evaluate(goal, set()) for goal in below.get(None, [])]
    return top, flat


def evaluate_indicator(indicator, series, targets, *, base_year, thresholds, today, horizon_end):
    """One indicator's progress and data age from its yearly series and its targets."""
    latest_year = series.yearly[-1][0] if series.yearly else None
    target = choose_target(targets, latest_year)
    years = [year for year, _value in series.yearly]
    values = [value for _year, value in series.yearly]
    cumulative_from = target.cumulative_from if target is not None else None
    if target is not None and target.baseline_year is not None and cumulative_from is None:
        base_year = target.baseline_year
        if target.baseline_value is not None and base_year not in years:
            # The baseline the target was set from stands in for a value not in the data.
            years.insert(0, base_year)
            values.insert(0, target.baseline_value)
    level, target_year = indicator.target_level(target, horizon_end=horizon_end)
    progress = assess_progress(
        years,
        values,
        direction=indicator.direction,
        target=level,
        target_year=target_year,
        base_year=base_year,
        natural_limit=indicator.natural_limit,
        thresholds=thresholds,
        cumulative_from=cumulative_from,
    )
    latest = series.latest
    end = latest[0].end if latest else None
    when = {
        "frequency": indicator.frequency,
        "lag_days": indicator.publication_lag_days,
        "release": indicator.release,  # the source's publication calendar, when known
    }
    late = is_late(end, today=today, **when)
    due = next_due(end, **when) if end else None
    return IndicatorEvaluation(indicator, series, target, progress, late, due)


def _add_forecasts(evaluations, horizon_end) -> None:
    """Each indicator's forecast at its target year, all in one batch (milliseconds)."""
    if not evaluations:
        return
    years = sorted({year for ev in evaluations for year, _v in ev.series.yearly})
    if not years:
        return
    column = {year: i for i, year in enumerate(years)}
    matrix = np.full((len(evaluations), len(years)), np.nan)
    for row, ev in enumerate(evaluations):
        for year, value in ev.series.yearly:
            matrix[row, column[year]] = float(value)
    target_years = [ev.target.year if ev.target else horizon_end for ev in evaluations]
    targets = [_forecast_target(ev, horizon_end) for ev in evaluations]
    result = forecast_many(
        years,
        matrix,
        target_year=target_years,
        targets=[low for low, _high in targets],
        target_highs=[high for _low, high in targets],
        directions=[ev.indicator.direction for ev in evaluations],
    )
    for row, ev in enumerate(evaluations):
        if result.n[row] < 2:
            continue
        fields = {name: _number(getattr(result, name)[row]) for name in FORECAST_FIELDS}
        kind = str(result.projection_class[row])
        ev.forecast = Forecast(
            n=int(result.n[row]),
            projection_class=ProjectionClass(kind) if kind else None,
            reason=result.reason(row),
            **fields,
        )
        ev.forecast_year = target_years[row]


def _forecast_target(ev, horizon_end) -> tuple[float, float]:
    """The level (or a band's low and high edge) the forecast's probability and projection are
    judged against; NaN for none.

    A total over years is not a level a year's value could reach, so its forecast has none.
    """
    target = ev.target
    if target is not None and target.cumulative_from is not None:
        return np.nan, np.nan
    level, _year = ev.indicator.target_level(target, horizon_end=horizon_end)
    if level is None:
        return np.nan, np.nan
    if isinstance(level, tuple):
        return float(level[0]), float(level[1])
    return float(level), np.nan


FORECAST_FIELDS = [
    "slope",
    "slope_low",
    "slope_high",
    "trend_p",
    "value",
    "low",
    "high",
    "probability",
    "projection",
    "projection_miss",
]


def _number(value):
    value = float(value)
    return value if math.isfinite(value) else None


def choose_target(targets, latest_year):
    """The first target still ahead of the latest value's year; else the last one."""
    targets = sorted(targets, key=lambda t: t.year)
    if not targets:
        return None
    if latest_year is not None:
        for target in targets:
            if target.year > latest_year:
                return target
    return targets[-1]


def _targets(indicators, as_of) -> dict:
    """Indicator id → its targets, as they stood on `as_of` (None: now)."""
    ids = [i.pk for i in indicators]
    if as_of is None:
        rows = Target.objects.filter(indicator_id__in=ids).prefetch_related("milestones")
    else:
        rows = Target.history.as_of(moment_of(as_of)).filter(indicator_id__in=ids)
    grouped: dict = {}
    for target in rows:
        grouped.setdefault(target.indicator_id, []).append(target)
    return grouped
