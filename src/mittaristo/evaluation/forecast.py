"""Trend and forecast of one series: where is it heading, and will it reach the target?

Four views of the same points, each a standard a statistician will recognise:

- Theil–Sen slope: the median of the slopes between every pair of points, with Sen's (1968)
  95 % interval, exactly as `scipy.stats.theilslopes` computes them. Robust to an odd year.
  The slope needs two points; its interval five, because below five no interval of Sen's
  kind reaches 95 %: even the widest one, from the smallest to the largest pairwise slope,
  covers 67 % with three points and 92 % with four. An interval of no width (nearly every pair
  of points rising at the same rate, as on a straight line) is not given either.
- Mann–Kendall trend test (Hirsch, Slack and Smith 1982; pymannkendall's `original_test`):
  S = Σ_{i<j} sign(y_j − y_i) over the points in year order, Var(S) = [n(n − 1)(2n + 5) −
  Σ t(t − 1)(2t + 5)] / 18 over the groups of t equal values, Z = (S − 1)/√Var for S > 0,
  (S + 1)/√Var for S < 0 and 0 for S = 0 (the continuity correction), and the two-sided
  p = 2(1 − Φ(|Z|)). Needs three points. Four steadily rising points give p = 0.089: a short
  series cannot show a significant trend, and the test says so.
- Ordinary least squares: the point forecast at the target year (from two points) and its
  95 % *prediction* interval (t distribution, n − 2 degrees of freedom), and from that
  predictive distribution the probability that the value meets the target: at or beyond it in
  the indicator's direction, or inside the band (low, high) of a `range` indicator. The
  interval and the probability need four points: with three, one degree of freedom is left, the
  t distribution is Cauchy's and the interval ±12.7 standard errors, which says more about the
  method than about the data. They are not given either when the points lie on a line so
  closely that no spread can be estimated: when the residuals' root mean square is no larger
  than rounding the values to their own decimal step would leave (step/√12, the standard
  deviation of a rounding error; the step is the finest power of ten that every value is a
  multiple of, so 8.1, 8.2, 8.3, 8.4 have step 0.1 and lie on a line). The probability is kept
  within [0.001, 0.999]: a line through a handful of yearly values cannot know the tails of its
  own error any better, and it is never certain.
- The projection rule of Germany's federal statistics office (Destatis, sustainability
  indicators): the mean annual change over the last five changes (the last six points, or
  fewer, but at least four; with gaps in the years, the change across those points divided by
  the years they span) is carried on from the latest value to the target year. The share
  of the remaining gap (target − latest) that this projection does not cover is the *miss*:
  `reaches` below 5 %, `near` from 5 to 20 %, `misses` above 20 %, `wrong_direction` when the
  projection moves away from the target. A target already reached is `reaches` with miss 0.
  For a band (low, high): from outside it, the gap is to the nearer edge, and a projection
  that passes the far edge misses by its distance beyond that edge, as a share of the same gap.
  From inside it, a projection that stays inside `reaches` with miss 0; one that leaves misses
  by its distance outside the edge it leaves by, as a share of the band's width (so leaving by
  less than 5 % of the width still `reaches`, up to 20 % is `near`).

Years may have gaps (the actual years are the x values); None, NaN and infinite values are
dropped. Nothing here raises for odd data: a field that cannot be computed is None and
`reason` says why. A target of the wrong shape (a pair for "higher"/"lower", one number for
"range") is the caller's mistake and raises ValueError.
"""

import math
import warnings
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
from scipy import stats

from .progress import Direction

LEVEL = 0.95  # of every interval here
# Residuals this small beside the values are floating-point noise: the points lie on a line.
EXACT_FIT = 1e-10
# How many points each part needs (see the module docstring for why).
MIN_TREND = 3
MIN_SLOPE_INTERVAL = 5
MIN_INTERVAL = 4  # the prediction interval and the probability
MIN_PROJECTION = 4
PROBABILITY_EDGE = 0.001  # a probability is kept within [EDGE, 1 − EDGE]
# A latest value this close to the target (relative to their size) has reached it: a smaller
# gap is floating-point noise, and a share of it would be meaningless.
REACHED = 1e-9
# Slopes this close to each other are one slope: Sen's interval would have no width.
SAME_SLOPE = 1e-9


class ProjectionClass(StrEnum):
    REACHES = "reaches"
    NEAR = "near"
    MISSES = "misses"
    WRONG_DIRECTION = "wrong_direction"


class ForecastReason:
    """Why a field of a forecast is None: stable texts, which explanations can translate."""

    TOO_FEW = "fewer than two values"
    REPEATED_YEAR = "a year appears more than once"
    NO_TARGET = "no target"
    TREND_TOO_FEW = "the trend test needs three values"
    SLOPE_INTERVAL_TOO_FEW = "the slope's interval needs five values"
    SLOPE_INTERVAL_TIED = (
        "nearly every pair of values changes at the same rate: the slope's interval has no width"
    )
    NO_TARGET_YEAR = "no target year"
    INTERVAL_TOO_FEW = "the prediction interval and the probability need four values"
    NO_SPREAD = (
        "the values lie on a straight line (to their rounding): their spread cannot be estimated"
    )
    PROJECTION_TOO_FEW = "the projection needs four values"
    TARGET_YEAR_PASSED = "the target year is not after the latest value"
    OVERFLOW = "the values are too large or too far apart to compute with"


@dataclass(frozen=True)
class Forecast:
    n: int  # points used
    slope: float | None  # Theil–Sen, units per year
    slope_low: float | None
    slope_high: float | None
    trend_p: float | None  # Mann–Kendall, two-sided, continuity-corrected
    value: float | None  # OLS forecast at the target year
    low: float | None  # 95 % prediction interval
    high: float | None
    probability: float | None  # that the target is met, from the OLS predictive distribution
    projection: float | None  # Destatis: the value at the target year at the recent pace
    projection_miss: float | None  # share of the remaining gap not covered; <= 0 reaches it
    projection_class: ProjectionClass | None
    reason: str  # why a field is None (ForecastReasons joined by "; "); empty when none is


def classify_miss(miss: float, sign_d: int, pace: float) -> ProjectionClass:
    """The Destatis class of a projection that misses `miss` of the gap at `pace` per year."""
    if sign_d * pace < 0:
        return ProjectionClass.WRONG_DIRECTION
    if miss < 0.05:
        return ProjectionClass.REACHES
    if miss <= 0.20:
        return ProjectionClass.NEAR
    return ProjectionClass.MISSES


def forecast(years, values, *, target_year, target=None, direction) -> Forecast:
    """Trend, forecast and projection of one series toward `target` in `target_year`.

    `direction` is "higher", "lower" or "range"; for "range", `target` is the band (low, high).
    """
    band = target_band(target, Direction(direction))
    points = sorted(
        (int(year), float(value))
        for year, value in zip(years, values, strict=True)
        if value is not None and math.isfinite(float(value))
    )
    target_year = None if target_year is None else int(target_year)
    if len({year for year, _value in points}) < len(points):
        return _empty(len(points), ForecastReason.REPEATED_YEAR)
    if len(points) < 2:
        return _empty(len(points), ForecastReason.TOO_FEW)
    x = np.array([year for year, _value in points], dtype=float)
    y = np.array([value for _year, value in points], dtype=float)
    reasons = [] if band is not None else [ForecastReason.NO_TARGET]
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        trend = _trend(x, y, reasons)
        ols = _ols(x, y, target_year, band, reasons)
        projection = _projection(points, target_year, band, reasons)
    fields = dict(**trend, **ols, **projection)
    if not reasons and any(value is None for value in fields.values()):
        reasons.append(ForecastReason.OVERFLOW)
    return Forecast(n=len(points), reason="; ".join(reasons), **fields)


def target_band(target, direction: Direction) -> tuple[float, float] | None:
    """The values that meet the target, as (low, high): (target, ∞) when higher is better,
    (−∞, target) when lower is, the band itself for a range. None without a (finite) target."""
    if direction == Direction.RANGE:
        if target is None:
            return None
        if isinstance(target, str) or not hasattr(target, "__len__") or len(target) != 2:
            raise ValueError(f"a range target is a pair (low, high), not {target!r}")
        low, high = _finite(target[0]), _finite(target[1])
        if low is None or high is None:
            return None
        return (min(low, high), max(low, high))
    if isinstance(target, (tuple, list)):
        raise ValueError(f"only a range target is a pair (low, high), not a {direction} one")
    target = _finite(target)
    if target is None:
        return None
    return (target, math.inf) if direction == Direction.HIGHER else (-math.inf, target)


def _trend(x, y, reasons) -> dict:
    theil_sen = stats.theilslopes(y, x, alpha=LEVEL)
    low, high = _finite(theil_sen.low_slope), _finite(theil_sen.high_slope)
    if len(y) < MIN_TREND:
        reasons.append(ForecastReason.TREND_TOO_FEW)
    if len(y) < MIN_SLOPE_INTERVAL:
        reasons.append(ForecastReason.SLOPE_INTERVAL_TOO_FEW)
        low = high = None
    elif low is not None and high is not None and same_slope(low, high):
        reasons.append(ForecastReason.SLOPE_INTERVAL_TIED)
        low = high = None
    return {
        "slope": _finite(theil_sen.slope),
        "slope_low": low,
        "slope_high": high,
        "trend_p": _mann_kendall(y) if len(y) >= MIN_TREND else None,
    }


def same_slope(low, high):
    """Whether Sen's interval from `low` to `high` has no width (numbers or arrays)."""
    return high - low <= SAME_SLOPE * np.maximum(np.abs(low), np.abs(high))


def _mann_kendall(y) -> float:
    """The two-sided p-value of the Mann–Kendall test on `y` in year order."""
    n = len(y)
    upper = np.triu_indices(n, 1)
    s = float(np.sign(y[None, :] - y[:, None])[upper].sum())
    _values, counts = np.unique(y, return_counts=True)
    ties = float(np.sum(counts * (counts - 1) * (2 * counts + 5)))
    if s == 0:  # also every value the same, when the variance is 0
        return 1.0
    z = (s - math.copysign(1, s)) / math.sqrt((n * (n - 1) * (2 * n + 5) - ties) / 18)
    return float(2 * stats.norm.sf(abs(z)))


def _ols(x, y, target_year, band, reasons) -> dict:
    result = {"value": None, "low": None, "high": None, "probability": None}
    if target_year is None:
        reasons.append(ForecastReason.NO_TARGET_YEAR)
        return result
    # Years centred on their mean: an intercept at year 0 would cost digits to cancellation.
    xc = x - x.mean()
    fit = stats.linregress(xc, y)
    value = fit.intercept + fit.slope * (target_year - x.mean())
    result["value"] = _finite(value)
    n = len(x)
    if n < MIN_INTERVAL:
        reasons.append(ForecastReason.INTERVAL_TOO_FEW)
        return result
    residuals = y - (fit.intercept + fit.slope * xc)
    sse = float(residuals @ residuals)
    if within_rounding(y[None, :], np.array([sse]))[0]:
        reasons.append(ForecastReason.NO_SPREAD)
        return result
    spread = math.sqrt(sse / (n - 2) * (1 + 1 / n + (target_year - x.mean()) ** 2 / (xc @ xc)))
    half = stats.t.ppf(0.5 + LEVEL / 2, n - 2) * spread
    result["low"], result["high"] = _finite(value - half), _finite(value + half)
    if band is not None:
        low, high = ((edge - value) / spread for edge in band)
        inside = stats.t.cdf(high, n - 2) - stats.t.cdf(low, n - 2)
        result["probability"] = _finite(np.clip(inside, PROBABILITY_EDGE, 1 - PROBABILITY_EDGE))
    return result


def within_rounding(y, sse) -> np.ndarray:
    """For each row of `y` (NaN: no value): whether the residuals of a line fitted to it (their
    sum of squares `sse`) are no larger than rounding its values to their own decimal step
    would leave, root mean square against step/√12, or than floating-point noise.

    The step is the largest power of ten that every non-zero value is a multiple of (to 1e-9
    of the quotient, so that 8.1 read as a float still has step 0.1). It is searched from the
    coarsest down; a row is settled as soon as its step is found or the residuals are larger
    than even the current step's rounding could explain, so few rows take more than a few
    passes.
    """
    valid = ~np.isnan(y)
    n = valid.sum(axis=1)
    mean_square = sse / np.maximum(n, 1)
    size = np.abs(np.where(valid, y, 0))
    exact = mean_square <= (EXACT_FIT * size.max(axis=1, initial=0)) ** 2
    nonzero = valid & (y != 0)
    smallest = np.where(nonzero, size, np.inf).min(axis=1, initial=np.inf)
    open_ = ~exact & np.isfinite(smallest) & np.isfinite(mean_square)
    # The step is at most the smallest non-zero value: a multiple of it is at least as large.
    top = np.floor(np.log10(np.where(open_, smallest, 1.0))).astype(int)
    # Below 1e-308 no float is left to be a step; a row still open there is not exact.
    for k in range(int(top[open_].max()) if open_.any() else 0, -309, -1):
        if not open_.any():
            break
        step = 10.0**k
        # A hair above step²/12, so that a sum of squares equal to it (computed by `forecast`
        # and `forecast_many` with different roundings) is judged alike by both.
        rough = open_ & (mean_square > step * step / 12 * (1 + 1e-9))
        open_ &= ~rough
        rows = np.flatnonzero(open_ & (top >= k))
        if rows.size == 0:
            continue
        quotient = y[rows] * 10.0**-k if k < 0 else y[rows] / step
        whole = np.abs(quotient - np.rint(quotient)) <= 1e-9 * np.maximum(np.abs(quotient), 1)
        found = rows[np.all(whole | ~valid[rows], axis=1)]
        exact[found] = True
        open_[found] = False
    return exact


def _projection(points, target_year, band, reasons) -> dict:
    result = {"projection": None, "projection_miss": None, "projection_class": None}
    if len(points) < MIN_PROJECTION:
        reasons.append(ForecastReason.PROJECTION_TOO_FEW)
        return result
    if target_year is None:
        return result
    (first_year, first), (latest_year, latest) = points[-6:][0], points[-1]
    pace = (latest - first) / (latest_year - first_year)
    result["projection"] = projection = _finite(latest + pace * (target_year - latest_year))
    if band is None:
        return result
    low, high = band
    tol = REACHED * max([abs(latest)] + [abs(edge) for edge in band if math.isfinite(edge)])
    if low - tol <= latest <= high + tol:
        is_range = math.isfinite(low) and math.isfinite(high)
        if not is_range or target_year <= latest_year:
            result.update(projection_miss=0.0, projection_class=ProjectionClass.REACHES)
        elif projection is not None:
            # Inside the band: leaving it is judged by how far, against the band's width.
            outside = max(low - projection, projection - high, 0.0)
            if outside == 0:
                result.update(projection_miss=0.0, projection_class=ProjectionClass.REACHES)
            else:  # a band of no width is left by any distance: no share, but it misses
                miss = _finite(outside / (high - low)) if high > low else None
                kind = ProjectionClass.MISSES if miss is None else classify_miss(miss, 1, 0.0)
                result.update(projection_miss=miss, projection_class=kind)
        return result
    if projection is None:
        return result
    if target_year <= latest_year:
        reasons.append(ForecastReason.TARGET_YEAR_PASSED)
        return result
    # Outside: toward the nearer edge, as a higher- or lower-is-better target would be.
    sign_d, near, far = (1, low, high) if latest < low else (-1, high, low)
    beyond = sign_d * (projection - far) > 0  # past the far edge of a band
    miss = _finite(((projection - far) if beyond else (near - projection)) / (near - latest))
    if miss is not None:
        result.update(projection_miss=miss, projection_class=classify_miss(miss, sign_d, pace))
    return result


def _finite(value) -> float | None:
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def _empty(n: int, reason: str) -> Forecast:
    return Forecast(n, *([None] * 11), reason=reason)
