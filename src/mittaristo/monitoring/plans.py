"""Plan goals judged on their own targets, with the series the strategy's evaluation has read.

A plan goal with an indicator, a target level and a year gets its own status from that
indicator's values in the evaluation's area (the strategy's own municipality): see
`mittaristo.evaluation.plan_target`. The series come from the evaluation (no query); only an
indicator the evaluation does not hold is read, all of them in one query.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext

from mittaristo.core.formatting import day, number
from mittaristo.evaluation import Reason, Thresholds
from mittaristo.evaluation.age import year_due
from mittaristo.evaluation.plan_target import (
    PlanJudgement,
    PlanReason,
    PlanStatus,
    assess_plan_target,
)

from .labels import PLAN_LABELS
from .series import load_series


@dataclass(frozen=True)
class PlanGoalEvaluation:
    plan_goal: object  # strategy.models.PlanGoal
    indicator: object  # its strategy.models.Indicator
    judgement: PlanJudgement
    due: dt.date | None  # when the target year's value is expected

    @property
    def status(self) -> PlanStatus:
        return self.judgement.status

    def sentence(self) -> str:
        """The judgement with its numbers, in the active language (see `plan_sentence`)."""
        return plan_sentence(self)


@dataclass(frozen=True)
class PlanSummary:
    """A plan's own goals counted by status: what the cascade page shows beside each plan."""

    plan: object
    counts: dict  # PlanStatus → how many of its judged goals have it (every status, in order)

    @property
    def judged(self) -> int:
        return sum(self.counts.values())


def is_judged(plan_goal) -> bool:
    """Whether a plan goal states a target of its own: an indicator, a level and a year."""
    return bool(
        plan_goal.indicator_id
        and plan_goal.target_value is not None
        and plan_goal.target_year is not None
    )


def evaluate_plan_goals(plan_goals, evaluation, *, today: dt.date) -> dict:
    """Plan goal id → PlanGoalEvaluation, for each of `plan_goals` with a target of its own.

    `evaluation`: the strategy's StrategyEvaluation (monitoring.evaluator), whose area and series
    are used. `today` decides whether a target year's missing value is still to come or overdue.
    """
    judged = [pg for pg in plan_goals if is_judged(pg)]
    held = evaluation.indicators
    area = evaluation.area
    others = {pg.indicator_id for pg in judged if pg.indicator_id not in held}
    data = {pg.indicator_id: pg.indicator.data_id for pg in judged if pg.indicator_id in others}
    read = load_series(others, [area.pk], data=data) if others and area.pk is not None else {}
    thresholds = Thresholds(**(evaluation.strategy.thresholds or {}))
    result = {}
    for pg in judged:
        if pg.indicator_id in held:
            indicator, series = held[pg.indicator_id].indicator, held[pg.indicator_id].series
            yearly = series.yearly
        else:
            indicator = pg.indicator
            found = read.get((pg.indicator_id, area.pk))
            yearly = found.yearly if found else []
        direction, target = plan_target(indicator, pg.target_value)
        due = year_due(
            pg.target_year,
            frequency=indicator.frequency,
            lag_days=indicator.publication_lag_days,
            release=indicator.release,
        )
        judgement = assess_plan_target(
            [year for year, _v in yearly],
            [value for _y, value in yearly],
            direction=direction,
            target=target,
            target_year=pg.target_year,
            overdue=due is not None and today > due,
            # What the plan was set against: the year before it began.
            base_year=pg.plan.start_year - 1,
            thresholds=thresholds,
        )
        result[pg.pk] = PlanGoalEvaluation(pg, indicator, judgement, due)
    return result


def plan_target(indicator, level):
    """The direction and target a plan goal's level is judged with: its level for a higher- or
    lower-is-better indicator; for a range indicator, the indicator's own range (a single level
    says nothing about which side is better), or None when the range is not set."""
    if indicator.direction == "range":
        if indicator.range_min is None or indicator.range_max is None:
            return "range", None
        return "range", (indicator.range_min, indicator.range_max)
    return indicator.direction, level


def _number(value) -> str:
    """A float from the core as the reader writes it (7.9, not 7.9000000000000003552...)."""
    return "" if value is None else number(Decimal(str(value)))


def _target_words(direction, target) -> str:
    if direction == "range":
        return gettext("within %(low)s–%(high)s") % {
            "low": number(target[0]),
            "high": number(target[1]),
        }
    if direction == "lower":
        return gettext("at most %(value)s") % {"value": number(target)}
    return gettext("at least %(value)s") % {"value": number(target)}


def plan_sentence(evaluation: PlanGoalEvaluation) -> str:
    """One sentence with the numbers behind a plan goal's status, e.g. "7 350 in 2024, target
    at most 7 400: achieved." """
    pg, judgement = evaluation.plan_goal, evaluation.judgement
    direction, target = plan_target(evaluation.indicator, pg.target_value)
    facts = {
        "year": judgement.target_year,
        "status": PLAN_LABELS[judgement.status],
        "value": _number(judgement.value),
        "value_year": judgement.value_year,
    }
    if target is None:
        return gettext(
            "The indicator is judged within a range, and its range is not set: not judged."
        )
    facts["target"] = _target_words(direction, target)
    if judgement.settled:
        return gettext("%(value)s in %(year)s, target %(target)s: %(status)s.") % facts
    reason = judgement.reason
    if reason == PlanReason.MISSING:
        if evaluation.due is not None:
            facts["due"] = day(evaluation.due)
            return gettext("No value for %(year)s, although it was due by %(due)s.") % facts
        return gettext("No value for %(year)s.") % facts
    if reason == PlanReason.NO_VALUES:
        return gettext("No values yet.")
    awaited = gettext("The value for %(year)s is not in yet.") % facts
    if reason:
        # Too few values since the base year, or values too far apart to compare.
        few = reason == Reason.TOO_FEW
        return (
            awaited
            + " "
            + (
                gettext("There are too few values to judge the pace toward the target.")
                if few
                else gettext("The values cannot be compared with the target.")
            )
        )
    if judgement.progress.ratio is None:
        # The plan's level is the level it started from, and the value has moved off it: there
        # is no pace needed to compare with.
        text = gettext(
            "%(value)s in %(value_year)s, target %(target)s in %(year)s, the level in "
            "%(base_year)s: %(status)s."
        )
        facts["base_year"] = judgement.progress.base_year
    elif judgement.already:
        text = gettext(
            "%(value)s in %(value_year)s, already %(target)s, the target for %(year)s: %(status)s."
        )
    else:
        facts |= {
            "pace": number(round(judgement.progress.ratio * 100)),
            "base_year": judgement.progress.base_year,
        }
        text = gettext(
            "%(value)s in %(value_year)s, target %(target)s in %(year)s; the pace since "
            "%(base_year)s is %(pace)s %% of the pace needed: %(status)s."
        )
    return awaited + " " + text % facts
