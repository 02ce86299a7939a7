"""Which targets a mid-term evaluation proposes to refine, and why: a pure reading of a record.

The mid-term evaluation (väliarviointi) is when the council refines its goals. It looks again
at every target that is not doing what a target is for:

- **moving away**: the indicator has moved away from its target since the base year;
- **off track**: the pace so far is well short of the pace the target needs, or the target
  year has passed without the target being reached;
- **already achieved**: the latest value already reaches the target, before its year;
- **without a target**: the indicator has no target level to be judged against.

An indicator at risk, on track, or without data is not proposed. Each indicator is proposed
once, with every goal it serves. No Django, no I/O: the function takes an evaluation record
(monitoring/records, a StrategyRecord) and returns plain data; the words are the reader's
(reports/midterm.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING

from mittaristo.evaluation import Status

if TYPE_CHECKING:
    from .records.schema import IndicatorRecord, StrategyRecord


class Reason(StrEnum):
    """Why a target is proposed for refinement, in the order the evaluation takes them up."""

    MOVING_AWAY = "moving_away"
    OFF_TRACK = "off_track"
    ACHIEVED = "achieved"
    NO_TARGET = "no_target"


ORDER = list(Reason)


@dataclass(frozen=True)
class Proposal:
    indicator: str  # the indicator's code
    reason: Reason
    goals: tuple[str, ...]  # the codes of the goals it serves, in the strategy's order
    missed: bool = False  # off track because the target year has passed unreached


def has_target(indicator: IndicatorRecord) -> bool:
    """Whether the indicator has a target level to be judged against."""
    return indicator.target is not None and indicator.target.value is not None


def reason_for(indicator: IndicatorRecord) -> Reason | None:
    """Why `indicator`'s target should be looked at again, or None if it need not be."""
    if not has_target(indicator):
        return Reason.NO_TARGET
    return {
        Status.MOVING_AWAY: Reason.MOVING_AWAY,
        Status.OFF_TRACK: Reason.OFF_TRACK,
        Status.ACHIEVED: Reason.ACHIEVED,
    }.get(indicator.status)


def target_missed(indicator: IndicatorRecord) -> bool:
    """Off track because the latest value is of the target year or later and short of it."""
    return (
        indicator.status == Status.OFF_TRACK
        and indicator.target is not None
        and indicator.latest_year is not None
        and indicator.latest_year >= indicator.target.year
    )


def refinement_proposals(record: StrategyRecord) -> list[Proposal]:
    """The targets of the record's goals to refine, by reason (moving away first), then in the
    strategy's order."""
    goals: dict[str, list[str]] = {}
    for goal in record.goals:
        for code in goal.indicators:
            if code in record.indicators:
                goals.setdefault(code, []).append(goal.code)
    proposals = []
    for code, served in goals.items():
        indicator = record.indicators[code]
        reason = reason_for(indicator)
        if reason is not None:
            proposals.append(Proposal(code, reason, tuple(served), target_missed(indicator)))
    return sorted(proposals, key=lambda p: ORDER.index(p.reason))  # stable: strategy order kept


@dataclass(frozen=True)
class Baseline:
    """What progress is measured from: the record's value of the base year, or, when the
    values lack that year, the baseline the target states it was set from (as the evaluation
    itself takes it, monitoring/evaluator.py)."""

    period: str
    value: Decimal
    stated: bool  # the target's stated baseline, not one of the record's values
    is_example: bool


def baseline(indicator: IndicatorRecord) -> Baseline | None:
    """The value of the base year the progress is measured from, at the same point of the year
    as the latest value (2021 beside 2024, 2021Q3 beside 2024Q3), if the record has it; else
    the target's stated baseline of that year (or of any year, when there is no value yet)."""
    year, latest = indicator.base_year, indicator.latest
    if year is not None and latest is not None:
        period = f"{year}{latest.period[4:]}" if latest.period[:4].isdigit() else str(year)
        found = next(
            (v for v in indicator.values if v.period == period and v.value is not None), None
        )
        if found is not None:
            return Baseline(found.period, found.value, stated=False, is_example=found.is_example)
    target = indicator.target
    if target is None or target.baseline_year is None or target.baseline_value is None:
        return None
    if year is not None and year != target.baseline_year:
        return None  # measured from another year (a total's first year): not this baseline
    return Baseline(
        str(target.baseline_year),
        target.baseline_value,
        stated=True,
        is_example=target.is_example,
    )
