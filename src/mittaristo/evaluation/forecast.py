"""Trend and forecast of one series: where is it heading, and will it reach the target?

Four views of the same points, each a standard a statistician will recognise:

- Theil–Sen slope: the median of the slopes between every pair of points, with Sen's (1968)
  95 % interval, exactly as `scipy.stats.theilslopes` computes them. Robust to an odd year.
- Mann–Kendall trend test: its two-sided p-value says how strong the evidence of a monotone
  trend is. Normal approximation with the tie correction of the variance and no continuity
  correction, which is `scipy.stats.kendalltau(years, values, method="asymptotic").pvalue`.
  Needs three points. When every value is the same the statistic is 0 and cannot be anything
  else, so p = 1 (scipy says NaN there). Below about ten points the normal approximation is
  bolder than the exact test (four steadily rising points: p = 0.042 here, 0.083 exactly), so a
  short series' p-value is a hint, not a verdict.
- Ordinary least squares: the point forecast at the target year and its 95 % *prediction*
  interval (t distribution, n − 2 degrees of freedom), and from that predictive distribution the
  probability that the value meets the target in the indicator's direction. Needs three points
  for the interval; with two the line is given without one.
- The projection rule of Germany's federal statistics office (Destatis, sustainability
  indicators): the mean annual change over the last five changes (the last six points, or
  fewer, but at least four; with gaps in the years, the change across those points divided by
  the years they span) is carried on from the latest value to the target year. The share
  of the remaining gap (target − latest) that this projection does not cover is the *miss*:
  `reaches` below 5 %, `near` from 5 to 20 %, `misses` above 20 %, `wrong_direction` when the
  projection moves away from the target. A target already reached is `reaches` with miss 0.

Years may have gaps (the actual years are the x values); None, NaN and infinite values are
dropped. Nothing here raises for odd data: a field that cannot be computed is None and
`reason` says why.
"""

import math
import warnings
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
from scipy import stats

from .progress import Direction

LEVEL = 0.95  # of every interval here
# Residuals this small beside the values are rounding noise: the points lie on a line.
EXACT_FIT = 1e-10


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
    NO_TARGET_YEAR = "no target year"
    INTERVAL_TOO_FEW = "the prediction interval needs three values"
    PROJECTION_TOO_FEW = "the projection needs four values"
    TARGET_YEAR_PASSED = "the target year is not after the latest value"
    OVERFLOW = "the values are too large or too far apart to compute with"


@dataclass(frozen=True)
class Forecast:
    n: int  # points used
    slope: float | None  # Theil–Sen, units per year
    slope_low: float | None
    slope_high: float | None
    trend_p: float | None  # Mann–Kendall, two-sided
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
    """Trend, forecast and projection of one series toward `target` in `target_year`."""
    sign_d = 1 if Direction(direction) == Direction.HIGHER else -1
    points = sorted(
        (int(year), float(value))
        for year, value in zip(years, values, strict=True)
        if value is not None and math.isfinite(float(value))
    )
    target = _finite(target)
    target_year = None if target_year is None else int(target_year)
    if len({year for year, _value in points}) < len(points):
        return _empty(len(points), ForecastReason.REPEATED_YEAR)
    if len(points) < 2:
        return _empty(len(points), ForecastReason.TOO_FEW)
    x = np.array([year for year, _value in points], dtype=float)
    y = np.array([value for _year, value in points], dtype=float)
    reasons = [] if target is not None else [ForecastReason.NO_TARGET]
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        theil_sen = stats.theilslopes(y, x, alpha=LEVEL)
        trend_p = None
        if len(y) < 3:
            reasons.append(ForecastReason.TREND_TOO_FEW)
        elif np.all(y == y[0]):
            trend_p = 1.0
        else:
            trend_p = _finite(stats.kendalltau(x, y, method="asymptotic").pvalue)
        ols = _ols(x, y, target_year, target, sign_d, reasons)
        projection = _projection(points, target_year, target, sign_d, reasons)
    fields = dict(
        slope=_finite(theil_sen.slope),
        slope_low=_finite(theil_sen.low_slope),
        slope_high=_finite(theil_sen.high_slope),
        trend_p=trend_p,
        **ols,
        **projection,
    )
    if not reasons and any(value is None for value in fields.values()):
        reasons.append(ForecastReason.OVERFLOW)
    return Forecast(n=len(points), reason="; ".join(reasons), **fields)


def _ols(x, y, target_year, target, sign_d, reasons) -> dict:
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
    if n < 3:
        reasons.append(ForecastReason.INTERVAL_TOO_FEW)
        return result
    residuals = y - (fit.intercept + fit.slope * xc)
    sse = float(residuals @ residuals)
    if math.sqrt(sse / n) <= EXACT_FIT * float(np.max(np.abs(y))):
        sse = 0.0
    spread = math.sqrt(sse / (n - 2) * (1 + 1 / n + (target_year - x.mean()) ** 2 / (xc @ xc)))
    half = stats.t.ppf(0.5 + LEVEL / 2, n - 2) * spread
    result["low"], result["high"] = _finite(value - half), _finite(value + half)
    if target is None:
        return result
    if spread == 0:
        # No scatter at all: the line meets the target or it does not (rounding forgiven).
        met = sign_d * (value - target) >= -1e-9 * max(abs(value), abs(target))
        result["probability"] = 1.0 if met else 0.0
    else:
        score = (target - value) / spread
        probability = stats.t.sf(score, n - 2) if sign_d > 0 else stats.t.cdf(score, n - 2)
        result["probability"] = _finite(probability)
    return result


def _projection(points, target_year, target, sign_d, reasons) -> dict:
    result = {"projection": None, "projection_miss": None, "projection_class": None}
    if len(points) < 4:
        reasons.append(ForecastReason.PROJECTION_TOO_FEW)
        return result
    if target_year is None:
        return result
    (first_year, first), (latest_year, latest) = points[-6:][0], points[-1]
    pace = (latest - first) / (latest_year - first_year)
    result["projection"] = _finite(latest + pace * (target_year - latest_year))
    if target is None:
        return result
    if sign_d * (latest - target) >= 0:
        result.update(projection_miss=0.0, projection_class=ProjectionClass.REACHES)
        return result
    if result["projection"] is None:
        return result
    if target_year <= latest_year:
        reasons.append(ForecastReason.TARGET_YEAR_PASSED)
        return result
    miss = _finite((target - result["projection"]) / (target - latest))
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
