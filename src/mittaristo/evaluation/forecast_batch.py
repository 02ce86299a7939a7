"""`forecast` for many series at once: the same numbers, computed over a matrix.

Rows are series, columns are years (NaN where a value is missing). Every field of `Forecast`
comes back as an array with one entry per row: NaN where `forecast` says None, and
`projection_class` as strings with "" for None. A test compares the two row by row.

How it stays fast: the Theil–Sen slopes of every pair of years are one matrix, sorted once
per row (missing pairs sort last), and the median and Sen's interval are read from it at
per-row positions; the Mann–Kendall statistic counts the positive and negative slopes of the
same matrix; tie groups are counted through the pairs whose difference is zero; OLS is the
closed form over masked sums. Rows are taken in chunks to stay within the caches.
"""

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
from scipy import special

from .arrays import direction_signs, per_row, series_matrix
from .forecast import EXACT_FIT, LEVEL, Forecast, ForecastReason, ProjectionClass

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
    ForecastReason.NO_TARGET_YEAR,
    ForecastReason.INTERVAL_TOO_FEW,
    ForecastReason.PROJECTION_TOO_FEW,
    ForecastReason.TARGET_YEAR_PASSED,
    ForecastReason.OVERFLOW,
    ForecastReason.TOO_FEW,
]


def forecast_many(
    years, matrix, *, target_year, targets=None, directions="higher"
) -> ForecastArrays:
    """Trend, forecast and projection of every row of `matrix`, as `forecast` gives one.

    `target_year`, `targets` (NaN or None: no target) and `directions` ("higher"/"lower" or
    ±1) are each one value for all rows or one per row.
    """
    x, values = series_matrix(years, matrix)
    rows = values.shape[0]
    target_year = per_row(target_year, rows)
    targets = per_row(targets, rows)
    targets[~np.isfinite(targets)] = np.nan
    signs = direction_signs(directions, rows)
    out = {name: np.full(rows, np.nan) for name in FIELDS}
    out["n"] = np.zeros(rows, dtype=np.int64)
    out["projection_class"] = np.full(rows, "", dtype="<U15")
    out["reasons"] = np.zeros(rows, dtype=np.uint8)
    pairs = _Pairs(x)

    def run(start):
        part = slice(start, start + CHUNK)
        with np.errstate(all="ignore"):
            chunk = _chunk(pairs, values[part], target_year[part], targets[part], signs[part])
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


def _chunk(pairs, y, target_year, target, sign_d) -> dict:
    valid = ~np.isnan(y)
    n = valid.sum(axis=1)
    slopes, s = pairs.sorted_slopes(y)
    out = {"n": n}
    out.update(_theil_sen(slopes, y, n))
    out["trend_p"] = _mann_kendall(s, n, out.pop("ties"))
    out.update(_ols(pairs, y, valid, n, target_year, target, sign_d))
    out.update(_projection(pairs.x, y, valid, n, target_year, target, sign_d))
    out["reasons"] = _reasons(n, target, target_year, out.pop("passed"))
    return out


def _reasons(n, target, target_year, passed):
    """Each row's reasons as bits of REASONS, set where `forecast` would state them."""
    no_year = np.isnan(target_year)
    flags = {
        ForecastReason.NO_TARGET: np.isnan(target),
        ForecastReason.TREND_TOO_FEW: n < 3,
        ForecastReason.NO_TARGET_YEAR: no_year,
        ForecastReason.INTERVAL_TOO_FEW: ~no_year & (n < 3),
        ForecastReason.PROJECTION_TOO_FEW: n < 4,
        ForecastReason.TARGET_YEAR_PASSED: passed,
    }
    bits = np.zeros(n.shape, dtype=np.uint8)
    for reason, where in flags.items():
        bits |= np.where(where, np.uint8(1 << REASONS.index(reason)), np.uint8(0))
    return np.where(n < 2, np.uint8(1 << REASONS.index(ForecastReason.TOO_FEW)), bits)


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
    enough = n >= 2
    return {
        "slope": np.where(enough, median, np.nan),
        "slope_low": np.where(enough, _at(slopes, lower), np.nan),
        "slope_high": np.where(enough, _at(slopes, upper), np.nan),
        "ties": ties,
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
    variance = (n * (n - 1.0) * (2 * n + 5) - ties) / 18
    p = 2 * special.ndtr(-np.abs(s / np.sqrt(variance)))
    p = np.where(variance > 0, p, 1.0)  # every value the same: S = 0 and nothing else
    return np.where(n >= 3, p, np.nan)


def _ols(pairs, y, valid, n, target_year, target, sign_d) -> dict:
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
    largest = np.where(valid, np.abs(y), 0).max(axis=1, initial=0)
    sse = np.where(np.sqrt(sse / n) <= EXACT_FIT * largest, 0.0, sse)
    df = np.maximum(n - 2, 0)
    spread = np.sqrt(sse / df * (1 + 1 / n + (target_year - x_mean) ** 2 / sxx))
    spread = np.where(n >= 3, spread, np.nan)
    half = pairs.t_quantile[df] * spread
    score = (target - value) / spread
    tail = special.stdtr(df, -sign_d * score)  # P(beyond the target, in the better direction)
    met = sign_d * (value - target) >= -1e-9 * np.maximum(np.abs(value), np.abs(target))
    probability = np.where(spread == 0, met.astype(float), tail)
    probability = np.where(np.isnan(target) | np.isnan(spread), np.nan, probability)
    return {"value": value, "low": value - half, "high": value + half, "probability": probability}


def _projection(x, y, valid, n, target_year, target, sign_d) -> dict:
    from_right = valid[:, ::-1].cumsum(axis=1)[:, ::-1]  # valid values at or after each column
    window = np.minimum(n, 6)
    first = np.argmax(valid & (from_right == window[:, None]), axis=1)
    last = np.argmax(valid & (from_right == 1), axis=1)
    rows = np.arange(y.shape[0])
    first_value, latest = y[rows, first], y[rows, last]
    pace = (latest - first_value) / (x[last] - x[first])
    enough = (n >= 4) & ~np.isnan(target_year)
    projection = np.where(enough, latest + pace * (target_year - x[last]), np.nan)
    miss = (target - projection) / (target - latest)
    reached = enough & (sign_d * (latest - target) >= 0)
    ahead = enough & ~reached & (target_year > x[last]) & np.isfinite(miss)
    miss = np.where(reached, 0.0, np.where(ahead, miss, np.nan))
    kind = np.select(
        [sign_d * pace < 0, miss < 0.05, miss <= 0.20],
        ["wrong_direction", "reaches", "near"],
        "misses",
    )
    kind = np.where(reached, "reaches", np.where(ahead, kind, ""))
    passed = enough & ~np.isnan(target) & ~reached & np.isfinite(projection)
    passed &= target_year <= x[last]
    return {
        "projection": projection,
        "projection_miss": miss,
        "projection_class": kind,
        "passed": passed,
    }


def _at(sorted_rows, positions):
    """Each row's entry at its own position (positions clipped into the row)."""
    if sorted_rows.shape[1] == 0:
        return np.full(sorted_rows.shape[0], np.nan)
    positions = np.clip(positions, 0, sorted_rows.shape[1] - 1).astype(np.intp)
    return np.take_along_axis(sorted_rows, positions[:, None], axis=1)[:, 0]
