"""What needs attention: the goals and indicators of an evaluation record that are off track, at
risk or moving away, the furthest from their targets first, and what changed since the previous
round's record.

Pure over records (monitoring/records): no database, no request, no language. The attention
page, the follow-up report and anything else that lists "what needs attention" read this, so
that they list and order the same things (docs/evaluation.md, "What needs attention").

The ordering rule (ORDERING_RULE says it in words, on the page and in the report):

- an indicator is ranked by its status, the worst first (moving away, off track, at risk), and
  within a status by its pace ratio R, the lowest first: the progress made a year divided by the
  progress a year the target needs (docs/evaluation.md), a number without a unit, so that jobs,
  euros and per cents compare. R is what the status itself is read from, so the order never
  contradicts the status; an indicator of that status without a ratio (a record stored before
  it kept one) comes last in it, then the strategy's order decides;
- a goal is ranked by its status as shown (the approved assessment's, else computed), the worst
  first, and within a status by the lowest pace ratio among its indicators, with the same
  measure; a goal listed only because its computed status needs attention (the owner approved a
  better one) shows with the status it is shown with elsewhere, so it falls to the end;
- an indicator with no defensible measure of its distance is listed apart and never ranked:
  without a target (worsening or stalling: a pace has no target to be measured against), or not
  judged (no values yet, or values that cannot be judged against the target; the sentence says
  why). Within that list the strategy's order stands.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from mittaristo.evaluation import Status
from mittaristo.evaluation.rollup import STEP

from .records.schema import (
    AimRecord,
    AssessmentRecord,
    GoalRecord,
    IndicatorRecord,
    RoundRecord,
    StrategyRecord,
    ValueRecord,
)

# The statuses against a target that need attention, the worst first.
ATTENTION = (Status.MOVING_AWAY, Status.OFF_TRACK, Status.AT_RISK)
# The summary step of "at risk": a goal is on this step or below when it needs attention.
ATTENTION_STEP = STEP[Status.AT_RISK]
# Without a target: a pace going the wrong way or nowhere, listed apart (no distance to rank).
WITHOUT_TARGET = (Status.WORSENING, Status.STALLING)

# Why an indicator is listed apart, not ranked.
NO_TARGET = "no_target"  # worsening, stalling, or not judged for want of a target
NO_VALUES = "no_values"  # no value at all yet
NOT_JUDGED = "not_judged"  # values and a target, but the status is no data (the sentence says why)

ORDERING_RULE = _(
    "Ordered by status, the worst first (moving away, off track, at risk), and within a status "
    "by the progress made against the progress the target needs, the furthest behind first: a "
    "ratio without a unit, so that indicators of different units compare. A goal is ordered by "
    "its status and then by its furthest-behind indicator. Indicators without a target or "
    "without enough values to judge are listed separately and not ranked."
)


@dataclass(frozen=True)
class IndicatorItem:
    """An indicator that needs attention, with the goals it serves (their owners' assessments)."""

    indicator: IndicatorRecord
    goals: tuple[GoalRecord, ...]
    reason: str = ""  # for an indicator listed apart: NO_TARGET, NO_VALUES or NOT_JUDGED

    @property
    def code(self) -> str:
        return self.indicator.code

    @property
    def status(self) -> Status:
        return self.indicator.status

    @property
    def assessments(self) -> list[tuple[GoalRecord, AssessmentRecord]]:
        """The approved assessments of the goals it serves."""
        return [(goal, goal.assessment) for goal in self.goals if goal.assessment]


@dataclass(frozen=True)
class GoalItem:
    """A goal that needs attention, with its own indicators that do, the worst first."""

    aim: AimRecord
    goal: GoalRecord
    indicators: tuple[IndicatorRecord, ...]
    ratio: float | None  # the lowest pace ratio among its indicators (None: none has one)

    @property
    def code(self) -> str:
        return self.goal.code

    @property
    def status(self) -> Status:
        return self.goal.status

    @property
    def overridden(self) -> bool:
        """The status shown (the owner's, approved) differs from the computed one."""
        return self.goal.status != self.goal.computed_status


@dataclass(frozen=True)
class Attention:
    goals: tuple[GoalItem, ...]
    indicators: tuple[IndicatorItem, ...]  # ranked
    unranked: tuple[IndicatorItem, ...]  # listed apart: no defensible measure of the distance

    def __bool__(self) -> bool:
        return bool(self.goals or self.indicators or self.unranked)


def needs_attention(record: StrategyRecord) -> Attention:
    """The goals and indicators of `record` that need attention, ordered by ORDERING_RULE."""
    order = _strategy_order(record)
    ranked, unranked = [], []
    for code in order:
        indicator = record.indicators[code]
        goals = tuple(record.goals_of(code))
        if indicator.status in ATTENTION:
            ranked.append(IndicatorItem(indicator, goals))
        elif reason := _unranked_reason(indicator):
            unranked.append(IndicatorItem(indicator, goals, reason))
    ranked.sort(key=lambda item: _indicator_key(item.indicator, order))
    unranked.sort(key=lambda item: _unranked_key(item, order))

    goals = []
    for position, (aim, goal) in enumerate((a, g) for a in record.aims for g in a.goals):
        if goal.status not in ATTENTION and goal.computed_status not in ATTENTION:
            continue
        own = record.indicators_of(goal)
        # Every indicator that pulls the goal onto an attention step: with a target (moving
        # away, off track, at risk) and without one (worsening, stalling, improving slowly),
        # so that a goal is never listed without the indicators that put it there.
        listed = sorted(
            (i for i in own if STEP.get(i.status, len(STEP)) <= ATTENTION_STEP),
            key=lambda i: _goal_indicator_key(i, order),
        )
        ratios = [i.ratio for i in own if i.ratio is not None and i.status in STEP and i.target]
        item = GoalItem(aim, goal, tuple(listed), min(ratios) if ratios else None)
        goals.append((_goal_key(item, position), item))
    goals.sort(key=lambda pair: pair[0])
    return Attention(tuple(item for _key, item in goals), tuple(ranked), tuple(unranked))


def _strategy_order(record: StrategyRecord) -> dict[str, int]:
    """Each indicator's place in the strategy: as its goals list it, then any others."""
    order: dict[str, int] = {}
    for goal in record.goals:
        for code in goal.indicators:
            if code in record.indicators:
                order.setdefault(code, len(order))
    for code in record.indicators:
        order.setdefault(code, len(order))
    return order


def _severity(status: Status) -> int:
    # The summary scale's step (0 moving away … 4 achieved); no data after every step.
    return STEP.get(status, len(STEP))


def _indicator_key(indicator: IndicatorRecord, order: dict[str, int]):
    ratio = indicator.ratio
    return (
        _severity(indicator.status),
        ratio is None,
        ratio if ratio is not None else 0.0,
        order[indicator.code],
    )


def _goal_indicator_key(indicator: IndicatorRecord, order: dict[str, int]):
    # By step, the worst first; on a step, those with a target by their ratio R, then those
    # without (their pace is no distance to a target), each in the strategy's order.
    ranked = indicator.status in ATTENTION and indicator.ratio is not None
    return (
        _severity(indicator.status),
        indicator.status not in ATTENTION,
        not ranked,
        indicator.ratio if ranked else 0.0,
        order[indicator.code],
    )


def _goal_key(item: GoalItem, position: int):
    return (_severity(item.status), item.ratio is None, item.ratio or 0.0, position)


def _unranked_reason(indicator: IndicatorRecord) -> str:
    if indicator.status in WITHOUT_TARGET:
        return NO_TARGET
    if indicator.status != Status.NO_DATA:
        return ""
    if indicator.latest is None:
        return NO_VALUES
    return NO_TARGET if indicator.target is None else NOT_JUDGED


def _unranked_key(item: IndicatorItem, order: dict[str, int]):
    # Grouped (a pace going the wrong way, then what cannot be judged), never ranked.
    group = (NO_TARGET, NOT_JUDGED, NO_VALUES).index(item.reason)
    return (group, order[item.code])


# What changed since the previous round.

BETTER = "better"
WORSE = "worse"
CHANGED = "changed"  # another status on the same step (a target set or removed)
JUDGED = "judged"  # from no data to a status
UNJUDGED = "unjudged"  # from a status to no data
ADDED = "added"  # not in the previous record
REMOVED = "removed"  # no longer in the record


@dataclass(frozen=True)
class StatusChange:
    """A goal's or an indicator's status then and now (None: it was not, or is no more, there)."""

    code: str
    name: object  # its name (a translated text), as the latest record has it
    before: Status | None
    after: Status | None

    @property
    def direction(self) -> str:
        if self.before is None:
            return ADDED
        if self.after is None:
            return REMOVED
        was, now = STEP.get(self.before), STEP.get(self.after)
        if was is None:
            return JUDGED
        if now is None:
            return UNJUDGED
        if now == was:
            return CHANGED
        return BETTER if now > was else WORSE


@dataclass(frozen=True)
class ValueChange:
    """A value the previous record did not have (`before` None) or had otherwise (a revision)."""

    indicator: IndicatorRecord
    value: ValueRecord
    before: Decimal | None = None

    @property
    def revised(self) -> bool:
        return self.before is not None


@dataclass(frozen=True)
class Changes:
    previous_round: RoundRecord | None  # the round compared with (None: a live record)
    previous_as_of: object  # its as-of date (dt.date, or None: as known then)
    goals: tuple[StatusChange, ...]
    indicators: tuple[StatusChange, ...]
    values: tuple[ValueChange, ...]

    def __bool__(self) -> bool:
        return bool(self.goals or self.indicators or self.values)


# The changes listed first: worse, then what can no longer be judged, then the rest.
_CHANGE_ORDER = (WORSE, UNJUDGED, BETTER, JUDGED, CHANGED, ADDED, REMOVED)


def changes_since(record: StrategyRecord, previous: StrategyRecord) -> Changes:
    """What changed from `previous` (the previous round's record) to `record`: the statuses of
    goals and indicators (worse first, then in the strategy's order) and the values that are new
    or revised (in the strategy's order, then by period).

    A goal's status compared is the one shown (an approved assessment's, else computed) when
    `record` is a round's; a live or as-of record has no assessments, so then the computed
    statuses are compared: an owner's assessment in the round is not a change of the data."""
    field = "status" if record.round is not None else "computed_status"
    now_goals = {goal.code: goal for goal in record.goals}
    then_goals = {goal.code: goal for goal in previous.goals}
    goals = _status_changes(now_goals, then_goals, field)
    indicators = _status_changes(record.indicators, previous.indicators)
    order = _strategy_order(record)
    values = []
    for code in order:
        indicator = record.indicators[code]
        earlier = previous.indicators.get(code)
        then = {v.period: v.value for v in earlier.values} if earlier else {}
        for value in indicator.values:
            if value.value is None:
                continue
            before = then.get(value.period)
            if before is None:
                values.append(ValueChange(indicator, value))
            elif before != value.value:
                values.append(ValueChange(indicator, value, before))
    return Changes(previous.round, previous.as_of, tuple(goals), tuple(indicators), tuple(values))


def _status_changes(now: dict, then: dict, field: str = "status") -> list[StatusChange]:
    changes = []
    codes = list(now) + [code for code in then if code not in now]
    for position, code in enumerate(codes):
        before = getattr(then[code], field) if code in then else None
        after = getattr(now[code], field) if code in now else None
        if before == after:
            continue
        name = (now.get(code) or then[code]).name
        change = StatusChange(code, name, before, after)
        changes.append(((_CHANGE_ORDER.index(change.direction), position), change))
    return [change for _key, change in sorted(changes, key=lambda pair: pair[0])]
