"""`forecast` for many series at once: the same numbers, computed over a matrix.

Rows are series, columns are years (NaN where a value is missing). Every field of `Forecast`
comes back as an array with one entry per row: NaN where `forecast` says None, and
`projection_class` as strings with "" for None. A test compares the two row by row.
A "range" row's target is the band from its `targets` entry to its `target_highs` entry.

How it stays fast: the Theil–Sen slopes of every pair of years are one matrix, sorted once
per row (missing pairs sort last), and the median and Sen's interval are read from it at
per-row positions; the Mann–Kendall statistic counts the positive and negative slopes of the
same matrix; tie groups are counted through the pairs whose difference is zero; OLS is the
closed form over masked sums; whether a row's residuals are within its values' rounding is
searched for all rows at once, coarsest step first. Rows are taken in chunks to stay within
the caches.
"""

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
from scipy import special

from .arrays import direction_signs, per_row, series_matrix
from .forecast import (
    LEVEL,
    MIN_INTERVAL,
    MIN_PROJECTION,
    MIN_SLOPE_INTERVAL,
    MIN_TREND,
    PROBABILITY_EDGE,
    REACHED,
    Forecast,
    ForecastReason,
    ProjectionClass,
    same_slope,
    within_rounding,
)

CHUNK = 8192
WORKERS = min(os.cpu_count() or 1, 4)
FIELDS = [
    *("slope", "slope_low", "slope_high", "trend_p"),
    *("value", "low", "high", "probability"),
    *("projection", "projection_miss"),
]


@dataclass(frozen=True)
class ForecastArrays:
    n: np.ndarray  # points used, int
    slope: np.ndarray
    slope_low: np.ndarray
    slope_high: np.ndarray
    trend_p: np.ndarray
    value: np.ndarray
    low: np.ndarray
    high: np.ndarray
    probability: np.ndarray
    projection: np.ndarray
    projection_miss: np.ndarray
    projection_class: np.ndarray  # "reaches", "near", "misses", "wrong_direction" or ""
    reasons: np.ndarray  # bit i set: REASONS[i] applies (see `reason`)

    def reason(self, row: int) -> str:
        """The row's reasons as `forecast` words them."""
        return "; ".join(text for bit, text in enumerate(REASONS) if self.reasons[row] >> bit & 1)

    def row(self, row: int) -> Forecast:
        """One row as the `Forecast` that `forecast` gives: None for NaN, the class as an enum."""
        numbers = {name: getattr(self, name)[row] for name in FIELDS}
        kind = str(self.projection_class[row])
        return Forecast(
            n=int(self.n[row]),
            projection_class=ProjectionClass(kind) if kind else None,
            reason=self.reason(row),
            **{name: None if np.isnan(v) else float(v) for name, v in numbers.items()},
        )


# In the order `forecast` states them; "fewer than two" stands alone.
REASONS = [
    ForecastReason.NO_TARGET,
    ForecastReason.TREND_TOO_FEW,
    ForecastReason.SLOPE_INTERVAL_TOO_FEW,
    ForecastReason.SLOPE_INTERVAL_TIED,
    ForecastReason.NO_TARGET_YEAR,
    ForecastReason.INTERVAL_TOO_FEW,
    ForecastReason.NO_SPREAD,
    ForecastReason.PROJECTION_TOO_FEW,
    ForecastReason.TARGET_YEAR_PASSED,
    ForecastReason.OVERFLOW,
    ForecastReason.TOO_FEW,
]


def forecast_many(
    years, matrix, *, target_year, targets=None, target_highs=None, directions="higher"
) -> ForecastArrays:
    """Trend, forecast and projection of every row of `matrix`, as `forecast` gives one.

    `target_year`, `targets` (NaN or None: no target), `target_highs` and `directions`
    ("higher"/"lower"/"range", or ±1) are each one value for all rows or one per row. A
    "range" row's target is the band from its `targets` entry (the low edge) to its
    `target_highs` entry (the high edge); without both it has no target. Other rows ignore
    `target_highs`.
    """
    x, values = series_matrix(years, matrix)
    rows = values.shape[0]
    target_year = per_row(target_year, rows)
    low, high = _bands(
        per_row(targets, rows), per_row(target_highs, rows), direction_signs(directions, rows)
    )
    out = {name: np.full(rows, np.nan) for name in FIELDS}
    out["n"] = np.zeros(rows, dtype=np.int64)
    out["projection_class"] = np.full(rows, "", dtype="<U15")
    out["reasons"] = np.zeros(rows, dtype=np.uint16)
    pairs = _Pairs(x)

    def run(start):
        part = slice(start, start + CHUNK)
        with np.errstate(all="ignore"):
            chunk = _chunk(pairs, values[part], target_year[part], low[part], high[part])
        for name, array in chunk.items():
            out[name][part] = array

    starts = range(0, rows, CHUNK)
    if len(starts) <= 1 or WORKERS <= 1:
        for start in starts:
            run(start)
    else:  # numpy lets go of the GIL in its loops, so the chunks share the cores
        with ThreadPoolExecutor(max_workers=WORKERS) as pool:
            list(pool.map(run, starts))
    for name in FIELDS:  # an overflow is "cannot say", as forecast's None
        out[name][~np.isfinite(out[name])] = np.nan
    unexplained = (out["reasons"] == 0) & (
        np.isnan(np.column_stack([out[name] for name in FIELDS])).any(axis=1)
        | (out["projection_class"] == "")
    )
    out["reasons"][unexplained] = 1 << REASONS.index(ForecastReason.OVERFLOW)
    return ForecastArrays(**out)


def _bands(targets, highs, signs):
    """Each row's target as the band (low, high) of values that meet it, as `target_band`
    gives it: (target, ∞) for higher, (−∞, target) for lower, NaN for none."""
    targets[~np.isfinite(targets)] = np.nan
    highs[~np.isfinite(highs)] = np.nan
    low = np.select([signs > 0, signs < 0], [targets, -np.inf], np.fmin(targets, highs))
    high = np.select([signs > 0, signs < 0], [np.inf, targets], np.fmax(targets, highs))
    missing = np.isnan(targets) | ((signs == 0) & np.isnan(highs))
    low[missing] = high[missing] = np.nan
    return low, high


class _Pairs:
    """The year differences of every pair of columns, by distance d (column c + d minus c)."""

    def __init__(self, x):
        self.x = x
        self.count = x.size * (x.size - 1) // 2
        self.gaps = [x[d:] - x[:-d] for d in range(1, x.size)]
        self.dx = np.concatenate(self.gaps) if self.gaps else np.empty(0)
        # t quantiles for every possible number of degrees of freedom (index = df)
        self.t_quantile = special.stdtrit(np.arange(max(x.size, 1)), 0.5 + LEVEL / 2)

    def sorted_slopes(self, y):
        """Each row's slopes between all its pairs of points, ascending (missing ones, NaN, last),
        and the Mann–Kendall statistic S: rising pairs minus falling pairs."""
        slopes = np.empty((y.shape[0], self.count))
        at = 0
        for d, gap in enumerate(self.gaps, start=1):
            np.subtract(y[:, d:], y[:, :-d], out=slopes[:, at : at + gap.size])
            at += gap.size
        # Signs before dividing: a tiny difference divided by the years can round to zero.
        s = np.count_nonzero(slopes > 0, axis=1) - np.count_nonzero(slopes < 0, axis=1)
        np.divide(slopes, self.dx, out=slopes)
        slopes.sort(axis=1)
        return slopes, s


def _chunk(pairs, y, target_year, low, high) -> dict:
    valid = ~np.isnan(y)
    n = valid.sum(axis=1)
    slopes, s = pairs.sorted_slopes(y)
    out = {"n": n}
    out.update(_theil_sen(slopes, y, n))
    out["trend_p"] = _mann_kendall(s, n, out.pop("ties"))
    out.update(_ols(pairs, y, valid, n, target_year, low, high))
    out.update(_projection(pairs.x, y, valid, n, target_year, low, high))
    out["reasons"] = _reasons(
        n, np.isnan(low), target_year, out.pop("tied"), out.pop("no_spread"), out.pop("passed")
    )
    return out


def _reasons(n, no_target, target_year, tied, no_spread, passed):
    """Each row's reasons as bits of REASONS, set where `forecast` would state them."""
    no_year = np.isnan(target_year)
    flags = {
        ForecastReason.NO_TARGET: no_target,
        ForecastReason.TREND_TOO_FEW: n < MIN_TREND,
        ForecastReason.SLOPE_INTERVAL_TOO_FEW: n < MIN_SLOPE_INTERVAL,
        ForecastReason.SLOPE_INTERVAL_TIED: tied,
        ForecastReason.NO_TARGET_YEAR: no_year,
        ForecastReason.INTERVAL_TOO_FEW: ~no_year & (n < MIN_INTERVAL),
        ForecastReason.NO_SPREAD: no_spread,
        ForecastReason.PROJECTION_TOO_FEW: n < MIN_PROJECTION,
        ForecastReason.TARGET_YEAR_PASSED: passed,
    }
    bits = np.zeros(n.shape, dtype=np.uint16)
    for reason, where in flags.items():
        bits |= np.where(where, np.uint16(1 << REASONS.index(reason)), np.uint16(0))
    return np.where(n < 2, np.uint16(1 << REASONS.index(ForecastReason.TOO_FEW)), bits)


def _theil_sen(slopes, y, n) -> dict:
    k = n * (n - 1) // 2  # slopes per row
    kk = np.maximum(k, 1)
    lower_middle = _at(slopes, (kk - 1) // 2)
    upper_middle = _at(slopes, kk // 2)
    median = np.where(kk % 2 == 1, lower_middle, (lower_middle + upper_middle) / 2)
    ties = _ties(y)
    sigma = np.sqrt(1 / 18.0 * (n * (n - 1) * (2 * n + 5) - ties))
    z = special.ndtri((1 - LEVEL) / 2)
    upper = np.minimum(np.round((k - z * sigma) / 2), k - 1)
    lower = np.maximum(np.round((k + z * sigma) / 2) - 1, 0)
    low, high = _at(slopes, lower), _at(slopes, upper)
    finite = np.isfinite(low) & np.isfinite(high)
    tied = (n >= MIN_SLOPE_INTERVAL) & finite & same_slope(low, high)
    interval = (n >= MIN_SLOPE_INTERVAL) & ~tied
    return {
        "slope": np.where(n >= 2, median, np.nan),
        "slope_low": np.where(interval, low, np.nan),
        "slope_high": np.where(interval, high, np.nan),
        "ties": ties,
        "tied": tied,
    }


def _ties(y):
    """Σ t(t − 1)(2t + 5) over the groups of t equal values in each row (Sen's and Kendall's term).

    Counted along each sorted row: the r-th repeat (r = 0, 1, …) of a value adds
    f(r + 1) − f(r) = 6r(r + 2), and these sum to f(t) over a group of t.
    """
    ordered = np.sort(y, axis=1)  # NaN last, and never equal to anything
    columns = np.arange(y.shape[1])
    new_run = np.ones(y.shape, dtype=bool)
    new_run[:, 1:] = ordered[:, 1:] != ordered[:, :-1]
    run_start = np.maximum.accumulate(np.where(new_run, columns, 0), axis=1)
    repeat = columns - run_start
    return (6 * repeat * (repeat + 2)).sum(axis=1)


def _mann_kendall(s, n, ties):
    """The continuity-corrected p-value from S: Z = (S − sign S)/√Var(S), 0 when S = 0."""
    variance = (n * (n - 1.0) * (2 * n + 5) - ties) / 18
    p = 2 * special.ndtr(-np.abs((s - np.sign(s)) / np.sqrt(variance)))
    p = np.where(s != 0, p, 1.0)  # also every value the same, when the variance is 0
    return np.where(n >= MIN_TREND, p, np.nan)


def _ols(pairs, y, valid, n, target_year, low, high) -> dict:
    x = pairs.x
    x_mean = np.where(valid, x, 0).sum(axis=1) / n
    y_mean = np.where(valid, y, 0).sum(axis=1) / n
    xc = np.where(valid, x - x_mean[:, None], 0)
    yc = np.where(valid, y - y_mean[:, None], 0)
    sxx = (xc * xc).sum(axis=1)
    slope = (xc * yc).sum(axis=1) / sxx
    value = np.where(n >= 2, y_mean + slope * (target_year - x_mean), np.nan)
    residuals = yc - slope[:, None] * xc
    sse = (residuals * residuals).sum(axis=1)
    ahead = ~np.isnan(target_year) & (n >= MIN_INTERVAL)
    no_spread = np.zeros(n.shape, dtype=bool)
    no_spread[ahead] = within_rounding(y[ahead], sse[ahead])
    df = np.maximum(n - 2, 0)
    spread = np.sqrt(sse / df * (1 + 1 / n + (target_year - x_mean) ** 2 / sxx))
    spread = np.where(ahead & ~no_spread, spread, np.nan)
    half = pairs.t_quantile[df] * spread
    inside = special.stdtr(df, (high - value) / spread) - special.stdtr(df, (low - value) / spread)
    probability = np.clip(inside, PROBABILITY_EDGE, 1 - PROBABILITY_EDGE)  # NaN stays NaN
    return {
        "value": value,
        "low": value - half,
        "high": value + half,
        "probability": probability,
        "no_spread": no_spread,
    }


def _projection(x, y, valid, n, target_year, low, high) -> dict:
    from_right = valid[:, ::-1].cumsum(axis=1)[:, ::-1]  # valid values at or after each column
    window = np.minimum(n, 6)
    first = np.argmax(valid & (from_right == window[:, None]), axis=1)
    last = np.argmax(valid & (from_right == 1), axis=1)
    rows = np.arange(y.shape[0])
    first_value, latest = y[rows, first], y[rows, last]
    pace = (latest - first_value) / (x[last] - x[first])
    enough = (n >= MIN_PROJECTION) & ~np.isnan(target_year)
    projection = np.where(enough, latest + pace * (target_year - x[last]), np.nan)
    later = target_year > x[last]
    edges = np.fmax(
        np.where(np.isfinite(low), np.abs(low), 0), np.where(np.isfinite(high), np.abs(high), 0)
    )
    tol = REACHED * np.fmax(np.abs(latest), edges)
    inside = enough & (low - tol <= latest) & (latest <= high + tol)
    band = np.isfinite(low) & np.isfinite(high)
    # Inside: a one-sided target is reached; a band is judged on whether the projection leaves.
    settled = inside & (~band | ~later)
    outside = np.fmax(np.fmax(low - projection, projection - high), 0.0)
    judged = inside & ~settled & np.isfinite(projection)
    leaves = judged & (outside > 0)
    in_miss = np.where(high > low, outside / (high - low), np.nan)
    stays = judged & (outside == 0)
    # Outside: toward the nearer edge; past the far edge of a band misses by the overshoot.
    sign_d = np.where(latest < low, 1, -1)
    near, far = np.where(sign_d > 0, low, high), np.where(sign_d > 0, high, low)
    beyond = sign_d * (projection - far) > 0
    out_miss = np.where(beyond, projection - far, near - projection) / (near - latest)
    ahead = enough & ~inside & ~np.isnan(low) & later & np.isfinite(out_miss)
    miss = np.select(
        [settled | stays, leaves & np.isfinite(in_miss), ahead], [0.0, in_miss, out_miss], np.nan
    )
    kind = np.select(
        [sign_d * pace < 0, miss < 0.05, miss <= 0.20],
        ["wrong_direction", "reaches", "near"],
        "misses",
    )
    kind = np.where(leaves, np.where(np.isfinite(in_miss), _kind_within(in_miss), "misses"), kind)
    kind = np.where(settled | stays, "reaches", np.where(ahead | leaves, kind, ""))
    passed = enough & ~np.isnan(low) & ~inside & np.isfinite(projection) & ~later
    return {
        "projection": projection,
        "projection_miss": miss,
        "projection_class": kind,
        "passed": passed,
    }


def _kind_within(miss):
    """The class of a projection that leaves a band from inside: never the wrong direction."""
    return np.select([miss < 0.05, miss <= 0.20], ["reaches", "near"], "misses")


def _at(sorted_rows, positions):
    """Each row's entry at its own position (positions clipped into the row)."""
    if sorted_rows.shape[1] == 0:
        return np.full(sorted_rows.shape[0], np.nan)
    positions = np.clip(positions, 0, sorted_rows.shape[1] - 1).astype(np.intp)
    return np.take_along_axis(sorted_rows, positions[:, None], axis=1)[:, 0]
