"""Progress toward a target by compound annual growth rates (Eurostat's SDG method).

With base year t0 (value y0), latest year t (yt), target year T (target y*) and direction
d = +1 (higher is better) or -1 (lower is better):

    CAGR_obs = (yt / y0) ** (1 / (t - t0)) - 1
    CAGR_req = (y* / y0) ** (1 / (T - t0)) - 1
    R = sign(y0) * d * CAGR_obs / |CAGR_req|

achieved if the target is already reached; R >= 0.95 on_track; 0.60 <= R < 0.95 at_risk;
0 <= R < 0.60 off_track; R < 0 moving_away. Without a target, P = sign(y0) * d * CAGR_obs:
P >= 1.5 %/yr improving, 0.5-1.5 % improving_slowly, 0-0.5 % stalling, < 0 worsening; with a
natural limit L the positive thresholds are scaled by C = 1 - (|y0| / |L|) ** 4.44.
"""

import math
from dataclasses import dataclass
from enum import StrEnum


class Direction(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"
    RANGE = "range"


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
    SIGNS = "the values (or the target) have both signs or reach zero"
    LATEST_ZERO = "the latest value is zero"
    TOO_FAR_APART = "the values are too far apart to compare as a growth rate"
    NO_TARGET_YEAR = "the target year is missing or not after the base year"
    TARGET_TOO_FAR = "the target is too far from the base to compare as a growth rate"


@dataclass(frozen=True)
class Progress:
    status: Status
    ratio: float | None  # R with a target, P without one
    base_year: int | None
    latest_year: int | None
    reason: str  # why there is no assessment (a Reason); empty when there is one
    base_value: float | None = None
    latest_value: float | None = None
    observed: float | None = None  # CAGR_obs, the observed growth a year (0.01 = 1 %)
    required: float | None = None  # CAGR_req, the growth a year the target needs


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
) -> Progress:
    """The progress of one series; never raises for odd data, says `no_data` and why instead."""
    sign_d = 1 if Direction(direction) == Direction.HIGHER else -1
    points = sorted(
        (int(year), float(value))
        for year, value in zip(years, values, strict=True)
        if value is not None and not math.isnan(float(value))
    )
    if base_year is not None:
        points = [(year, value) for year, value in points if year >= base_year]
    # A zero base cannot grow at a rate: the first non-zero value after it stands in.
    while points and points[0][1] == 0:
        points = points[1:]
    if len(points) < 2:
        return _no_data(points, Reason.TOO_FEW)
    (t0, y0), (t, yt) = points[0], points[-1]
    considered = [value for _year, value in points] + (
        [float(target)] if target is not None else []
    )
    if min(considered) < 0 < max(considered) or (target is not None and float(target) == 0):
        return _no_data(points, Reason.SIGNS)
    if yt == 0:
        return _no_data(points, Reason.LATEST_ZERO)
    observed = (yt / y0) ** (1 / (t - t0)) - 1
    if not math.isfinite(observed):
        return _no_data(points, Reason.TOO_FAR_APART)
    base_sign = 1 if y0 > 0 else -1
    if target is None:
        pace = base_sign * sign_d * observed
        status = _without_target(pace, y0, natural_limit, thresholds)
        return Progress(status, pace, t0, t, "", y0, yt, observed)
    target = float(target)
    if sign_d * (yt - target) >= 0:
        return Progress(Status.ACHIEVED, None, t0, t, "", y0, yt, observed)
    if target_year is None or target_year <= t0:
        return _no_data(points, Reason.NO_TARGET_YEAR)
    required = (target / y0) ** (1 / (target_year - t0)) - 1
    if not math.isfinite(required):
        return _no_data(points, Reason.TARGET_TOO_FAR)
    if required == 0:  # the target is the base value, and the latest value is on the wrong side
        return Progress(Status.MOVING_AWAY, None, t0, t, "", y0, yt, observed, required)
    ratio = base_sign * sign_d * observed / abs(required)
    if ratio >= thresholds.on_track:
        status = Status.ON_TRACK
    elif ratio >= thresholds.at_risk:
        status = Status.AT_RISK
    elif ratio >= 0:
        status = Status.OFF_TRACK
    else:
        status = Status.MOVING_AWAY
    return Progress(status, ratio, t0, t, "", y0, yt, observed, required)


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
