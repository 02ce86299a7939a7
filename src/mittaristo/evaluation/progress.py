"""Progress toward a target: Eurostat's SDG measure, a linear measure, and totals over years.

With base year t0 (value y0), latest year t (yt), target year T (target y*) and direction
d = +1 (higher is better) or -1 (lower is better), the measure is chosen by the values:

- **growth rate** (Eurostat's SDG method), when every value and the target are non-zero and
  of one sign:

      CAGR_obs = (yt / y0) ** (1 / (t - t0)) - 1
      CAGR_req = (y* / y0) ** (1 / (T - t0)) - 1
      R = sign(y0) * d * CAGR_obs / |CAGR_req|

- **linear**, when a growth rate cannot apply (a value or the target is zero, or they have
  both signs: net migration, emissions to zero):

      obs = (yt - y0) / (t - t0)          the observed change a year
      req = (y* - y0) / (T - t0)          the change a year the target needs
      R = d * obs / |req|

- **cumulative**, for a target that is a total over years (`cumulative_from=F`: "600 net
  in-migrants in 2023–2030"): the yearly values from F through the latest year t are summed,

      pace_obs = total / (t - F + 1)      the total so far per year elapsed
      pace_req = y* / (T - F + 1)         the target per year of the period
      R = pace_obs / pace_req  (higher)   or   pace_req / pace_obs  (lower: a budget)

  Every year from F to t needs its value: a total with a year missing is not known.

achieved if the target is already reached; R >= 0.95 on_track; 0.60 <= R < 0.95 at_risk;
0 <= R < 0.60 off_track; R < 0 moving_away (the same thresholds for every measure). Once the
latest value is of the target year or later and the target is not reached, the target was
missed: on_track and at_risk become off_track. Without a
target, P = sign(y0) * d * CAGR_obs: P >= 1.5 %/yr improving, 0.5-1.5 % improving_slowly,
0-0.5 % stalling, < 0 worsening; with a natural limit L the positive thresholds are scaled by
C = 1 - (|y0| / |L|) ** 4.44. Without a target a linear change has no scale to judge its pace
by, so a series with both signs or a zero has no assessment then.

A `range` indicator has a band (low, high) as its target: a latest value inside the band is
achieved; outside it, progress is judged toward the nearer edge as a higher- (below the band)
or lower-is-better (above it) indicator would be. `Progress.direction` says which.
"""

import math
from dataclasses import dataclass
from enum import StrEnum


class Direction(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"
    RANGE = "range"


class Method(StrEnum):
    GROWTH_RATE = "growth_rate"
    LINEAR = "linear"
    CUMULATIVE = "cumulative"


class Status(StrEnum):
    ACHIEVED = "achieved"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    MOVING_AWAY = "moving_away"
    IMPROVING = "improving"
    IMPROVING_SLOWLY = "improving_slowly"
    STALLING = "stalling"
    WORSENING = "worsening"
    NO_DATA = "no_data"


@dataclass(frozen=True)
class Thresholds:
    """The strategy may set its own; these are the method's defaults."""

    on_track: float = 0.95
    at_risk: float = 0.60
    improving: float = 0.015
    improving_slowly: float = 0.005


class Reason:
    """Why a series has no assessment: stable texts, which the explanations translate."""

    TOO_FEW = "fewer than two values from the base year on"
    NO_SCALE = "without a target, a series with both signs or a zero has no scale for its pace"
    TOO_FAR_APART = "the values are too far apart to compare as a growth rate"
    NO_TARGET_YEAR = "the target year is missing or not after the base year"
    TARGET_TOO_FAR = "the target is too far from the base to compare as a growth rate"
    NO_BAND = "a range indicator needs its band (low, high) as the target"
    NO_VALUES_IN_PERIOD = "no value from the first year of the total on"
    YEAR_MISSING = "a year of the total has no value"
    NO_TOTAL_TARGET = "a total over years needs a target and a target year"


@dataclass(frozen=True)
class Progress:
    status: Status
    ratio: float | None  # R with a target, P without one
    base_year: int | None
    latest_year: int | None
    reason: str  # why there is no assessment (a Reason); empty when there is one
    base_value: float | None = None
    latest_value: float | None = None
    observed: float | None = None  # growth a year (0.01 = 1 %), change a year, or pace
    required: float | None = None  # the same, as the target needs it
    method: str = ""  # a Method; empty when no measure was applied
    direction: str = ""  # the direction judged in ("higher"/"lower"; a range's nearer edge)
    target: float | None = None  # the level judged against (a range's nearer edge)
    total: float | None = None  # cumulative: the total from the first year through the latest


def assess_progress(
    years,
    values,
    *,
    direction,
    target=None,
    target_year=None,
    base_year=None,
    natural_limit=None,
    thresholds: Thresholds = Thresholds(),
    cumulative_from=None,
) -> Progress:
    """The progress of one series; never raises for odd data, says `no_data` and why instead.

    `target` is a level, or `(low, high)` for `direction="range"`; with `cumulative_from` it
    is the total of the yearly values from that year through `target_year` (both inclusive).
    """
    direction = Direction(direction)
    if direction != Direction.RANGE:
        target = _number(target)  # NaN or infinite: no target, as in the batch path
    points = sorted(
        (int(year), float(value))
        for year, value in zip(years, values, strict=True)
        if value is not None and not math.isnan(float(value))
    )
    if cumulative_from is not None:
        return _cumulative(points, direction, target, target_year, int(cumulative_from), thresholds)
    if base_year is not None:
        points = [(year, value) for year, value in points if year >= base_year]
    if len(points) < 2:
        return _no_data(points, Reason.TOO_FEW)
    if direction == Direction.RANGE:
        edges = [_number(edge) for edge in target] if target is not None else [None]
        if None in edges:
            return _no_data(points, Reason.NO_BAND)
        low, high = sorted(edges)
        latest = points[-1][1]
        if low <= latest <= high:
            return _judged(Status.ACHIEVED, None, points, direction=direction, method="")
        direction, target = (Direction.HIGHER, low) if latest < low else (Direction.LOWER, high)
    sign_d = 1 if direction == Direction.HIGHER else -1
    considered = [value for _year, value in points] + (
        [float(target)] if target is not None else []
    )
    linear = min(considered) <= 0 <= max(considered)
    if linear and target is None:
        return _no_data(points, Reason.NO_SCALE)
    (t0, y0), (t, yt) = points[0], points[-1]
    method = Method.LINEAR if linear else Method.GROWTH_RATE
    if linear:
        observed = (yt - y0) / (t - t0)
    else:
        observed = (yt / y0) ** (1 / (t - t0)) - 1
        if not math.isfinite(observed):
            return _no_data(points, Reason.TOO_FAR_APART)
    judged = {"direction": direction, "method": method, "observed": observed}
    base_sign = 1 if y0 > 0 else -1
    if target is None:
        pace = base_sign * sign_d * observed
        status = _without_target(pace, y0, natural_limit, thresholds)
        return _judged(status, pace, points, **judged)
    target = float(target)
    judged["target"] = target
    if sign_d * (yt - target) >= 0:
        return _judged(Status.ACHIEVED, None, points, **judged)
    if target_year is None or target_year <= t0:
        return _no_data(points, Reason.NO_TARGET_YEAR)
    if linear:
        required = (target - y0) / (target_year - t0)
        ratio = sign_d * observed / abs(required) if required else None
    else:
        required = (target / y0) ** (1 / (target_year - t0)) - 1
        if not math.isfinite(required):
            return _no_data(points, Reason.TARGET_TOO_FAR)
        ratio = base_sign * sign_d * observed / abs(required) if required else None
    if ratio is None:  # the target is the base value, and the latest value is on the wrong side
        return _judged(Status.MOVING_AWAY, None, points, required=required, **judged)
    status = ratio_status(ratio, thresholds)
    if t >= target_year and status in (Status.ON_TRACK, Status.AT_RISK):
        status = Status.OFF_TRACK  # the target year has come and the target was not reached
    return _judged(status, ratio, points, required=required, **judged)


def ratio_status(ratio: float, thresholds: Thresholds = Thresholds()) -> Status:
    """The status of R, the observed pace as a share of the pace the target needs."""
    if ratio >= thresholds.on_track:
        return Status.ON_TRACK
    if ratio >= thresholds.at_risk:
        return Status.AT_RISK
    if ratio >= 0:
        return Status.OFF_TRACK
    return Status.MOVING_AWAY


def _cumulative(points, direction, target, target_year, first, thresholds) -> Progress:
    """A total of yearly values from `first` against `target`, due by `target_year`."""
    if direction == Direction.RANGE:
        return _no_data(points, Reason.NO_BAND)
    if target is None or target_year is None or int(target_year) < first:
        return _no_data(points, Reason.NO_TOTAL_TARGET)
    target_year = int(target_year)
    points = [(year, value) for year, value in points if first <= year <= target_year]
    if not points:
        return _no_data(points, Reason.NO_VALUES_IN_PERIOD)
    latest = points[-1][0]
    if [year for year, _value in points] != list(range(first, latest + 1)):
        return _no_data(points, Reason.YEAR_MISSING)
    total = math.fsum(value for _year, value in points)
    observed = total / (latest - first + 1)
    required = target / (target_year - first + 1)
    judged = {
        "direction": direction,
        "method": Method.CUMULATIVE,
        "observed": observed,
        "required": required,
        "target": target,
        "total": total,
        "base_year": first,
    }
    over = latest == target_year  # the period has ended: the total is final
    if direction == Direction.HIGHER:
        if total >= target:
            return _judged(Status.ACHIEVED, None, points, **judged)
        ratio = observed / required if required > 0 else -math.inf
    else:
        if total > target:  # the budget is spent already: the total can only grow
            return _judged(Status.MOVING_AWAY, None, points, **judged)
        if over:
            return _judged(Status.ACHIEVED, None, points, **judged)
        ratio = required / observed if observed > 0 else math.inf
    if over:  # a total short of its target when the period has ended is not on track
        return _judged(Status.OFF_TRACK, ratio, points, **judged)
    ratio = min(ratio, 1e9) if ratio > 0 else max(ratio, -1e9)
    return _judged(ratio_status(ratio, thresholds), ratio, points, **judged)


def _number(value) -> float | None:
    value = None if value is None else float(value)
    return value if value is not None and math.isfinite(value) else None


def _without_target(pace, y0, natural_limit, thresholds) -> Status:
    scale = 1.0
    if natural_limit:
        # At or beyond the limit there is no room left: every threshold becomes zero.
        share = min(abs(y0) / abs(float(natural_limit)), 1.0)
        scale = 1 - share**4.44
    if pace >= thresholds.improving * scale:
        status = Status.IMPROVING
    elif pace >= thresholds.improving_slowly * scale:
        status = Status.IMPROVING_SLOWLY
    elif pace >= 0:
        status = Status.STALLING
    else:
        status = Status.WORSENING
    return status


def _judged(status, ratio, points, *, base_year=None, **fields) -> Progress:
    (t0, y0), (t, yt) = points[0], points[-1]
    if base_year is not None:  # a total's period starts at its first year
        t0, y0 = base_year, None
    return Progress(status, ratio, t0, t, "", y0, yt, **fields)


def _no_data(points, reason) -> Progress:
    base = points[0][0] if points else None
    latest = points[-1][0] if points else None
    return Progress(
        Status.NO_DATA,
        None,
        base,
        latest,
        reason,
        points[0][1] if points else None,
        points[-1][1] if points else None,
    )
