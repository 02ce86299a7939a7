"""A plan goal judged on its own target: one indicator's level in one year.

A goal of a programme, a budget or an operating plan ("the group's debt at most 7,400 €/resident
in 2024") is not judged against the strategy's 2030 target but against its own:

- the target year's value is in: achieved or not achieved, in the indicator's direction
  (higher: value ≥ target; lower: value ≤ target; range: low ≤ value ≤ high);
- the year's value is not in yet, and not yet due (publication lag, see `age.py`): progress
  toward the target by the Eurostat measure (`assess_progress`) from the series so far. The
  base is the year before the plan began (`base_year`: what the plan was set against); while
  fewer than two values stand from there on (a plan in its first year), the series' first
  value, so the pace is read from the series' own trend. A level already at the target shows
  "on track", never "achieved": that waits for the year's own value;
- the year's value should be in by now, or a later year's value is in without it: no data,
  and the reason says which.

Pure: plain numbers in, a `PlanJudgement` out.
"""

import math
from dataclasses import dataclass
from enum import StrEnum

from .progress import Progress, Status, Thresholds, assess_progress


class PlanStatus(StrEnum):
    """The status of a plan target; the values it shares with `Status` mean the same."""

    ACHIEVED = "achieved"
    NOT_ACHIEVED = "not_achieved"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    MOVING_AWAY = "moving_away"
    NO_DATA = "no_data"
    NOT_JUDGED = "not_judged"


DEFAULT_THRESHOLDS = Thresholds()

# The order a plan's summary counts its goals in: settled, then still ahead, then unjudged.
PLAN_ORDER = list(PlanStatus)


class PlanReason:
    """Why a plan target has no judgement: stable texts, which the pages translate."""

    MISSING = "the target year's value is missing"
    NO_VALUES = "no values yet"
    NO_BAND = "a range indicator without its range"


# What the progress toward a target still ahead reads as. A level already at the target is
# "on track": only the target year's own value can settle "achieved".
_OPEN = {
    Status.ACHIEVED: PlanStatus.ON_TRACK,
    Status.ON_TRACK: PlanStatus.ON_TRACK,
    Status.AT_RISK: PlanStatus.AT_RISK,
    Status.OFF_TRACK: PlanStatus.OFF_TRACK,
    Status.MOVING_AWAY: PlanStatus.MOVING_AWAY,
}


@dataclass(frozen=True)
class PlanJudgement:
    status: PlanStatus
    settled: bool  # judged on the target year's own value
    target_year: int
    value_year: int | None  # the target year (settled), else the latest value's year
    value: float | None  # that year's value
    progress: Progress | None = None  # toward a target still ahead
    reason: str = ""  # a PlanReason (or the progress' Reason) when there is no judgement
    already: bool = False  # ahead, but the latest value is already at the target level


def assess_plan_target(
    years,
    values,
    *,
    direction: str,
    target,
    target_year: int,
    overdue: bool,
    base_year: int | None = None,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> PlanJudgement:
    """A plan target's judgement from its indicator's yearly values (one a year, any order).

    direction: "higher", "lower" or "range"; target: the level, or for "range" the band
    (low, high) (None: a range indicator whose range is not set). overdue: whether the target
    year's value should be in by now (the caller reckons it from the publication lag).
    """
    points = sorted(
        (int(year), float(value))
        for year, value in zip(years, values, strict=True)
        if value is not None and not math.isnan(float(value))
    )
    if direction == "range" and target is None:
        return PlanJudgement(
            PlanStatus.NOT_JUDGED, False, target_year, None, None, None, PlanReason.NO_BAND
        )
    found = dict(points)
    if target_year in found:
        value = found[target_year]
        met = _meets(value, direction, target)
        status = PlanStatus.ACHIEVED if met else PlanStatus.NOT_ACHIEVED
        return PlanJudgement(status, True, target_year, target_year, value)
    before = [(year, value) for year, value in points if year < target_year]
    latest = before[-1] if before else (None, None)
    if overdue or len(before) < len(points):
        return PlanJudgement(
            PlanStatus.NO_DATA, False, target_year, *latest, None, PlanReason.MISSING
        )
    if not before:
        return PlanJudgement(
            PlanStatus.NO_DATA, False, target_year, None, None, None, PlanReason.NO_VALUES
        )
    if base_year is not None and sum(1 for year, _v in before if year >= base_year) < 2:
        base_year = None  # the plan's own years have too few values: the series' trend
    progress = assess_progress(
        [year for year, _v in before],
        [value for _y, value in before],
        direction=direction,
        target=target,
        target_year=target_year,
        base_year=base_year,
        thresholds=thresholds,
    )
    if progress.status not in _OPEN:
        return PlanJudgement(
            PlanStatus.NO_DATA, False, target_year, *latest, progress, progress.reason
        )
    return PlanJudgement(
        _OPEN[progress.status],
        False,
        target_year,
        *latest,
        progress,
        already=progress.status == Status.ACHIEVED,
    )


def _meets(value: float, direction: str, target) -> bool:
    if direction == "range":
        low, high = sorted(float(edge) for edge in target)
        return low <= value <= high
    if direction == "lower":
        return value <= float(target)
    return value >= float(target)


def count_plan_statuses(statuses) -> dict:
    """How many plan targets have each status, every status in `PLAN_ORDER` (zeros kept).

    A plan's own summary: its goals are separate promises (a budget's debt and its jobs), so
    they are counted, not averaged into one status."""
    counts = dict.fromkeys(PLAN_ORDER, 0)
    for status in statuses:
        counts[PlanStatus(status)] += 1
    return counts
