"""`assess_progress` for many series at once: the same statuses and ratios, over a matrix.

Rows are series, columns are years (NaN where a value is missing). Per-row settings (targets,
target years, base years, natural limits) are one value for all rows or one per row, NaN or
None meaning "none". A "range" row takes its band from `targets` (low) and `target_highs`
(high). Totals over years (`cumulative_from`) are judged by `assess_progress` alone. A test
compares the result with `assess_progress` row by row.
"""

from dataclasses import dataclass

import numpy as np

from .arrays import direction_signs, per_row, series_matrix
from .progress import Status, Thresholds

DEFAULT_THRESHOLDS = Thresholds()


@dataclass(frozen=True)
class ProgressArrays:
    status: np.ndarray  # the values of `Status`, as strings
    ratio: np.ndarray  # R with a target, P without one; NaN where `assess_progress` says None
    base_year: np.ndarray  # float, NaN for none
    latest_year: np.ndarray
    method: np.ndarray  # the values of `Method`, "" where none was applied


def assess_progress_many(
    years,
    matrix,
    *,
    directions,
    targets=None,
    target_highs=None,
    target_years=None,
    base_years=None,
    natural_limits=None,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> ProgressArrays:
    """The progress of every row of `matrix`, as `assess_progress` gives one."""
    x, y = series_matrix(years, matrix)
    rows, columns = y.shape
    sign_d = direction_signs(directions, rows)
    is_range = sign_d == 0  # which side is better depends on the side of the band
    target = _finite(per_row(targets, rows))
    high_edge = _finite(per_row(target_highs, rows))
    target_year = per_row(target_years, rows)
    base = per_row(base_years, rows)
    limit = per_row(natural_limits, rows)
    limit[~np.isfinite(limit)] = 0.0  # no limit, as None or 0 are for assess_progress
    with np.errstate(all="ignore"):
        points = ~np.isnan(y) & (np.isnan(base)[:, None] | (x >= base[:, None]))
        count = points.sum(axis=1)
        start = np.argmax(points, axis=1)
        last = columns - 1 - np.argmax(points[:, ::-1], axis=1)
        rows_ = np.arange(rows)
        y0, yt = y[rows_, start], y[rows_, last]
        t0, t = x[start], x[last]
        # A range row outside its band is judged toward the nearer edge.
        low_edge = np.minimum(target, high_edge)  # NaN when either edge is missing
        high_edge = np.maximum(target, high_edge)
        no_band = is_range & (np.isnan(low_edge) | np.isnan(high_edge))
        inside = is_range & ~no_band & (low_edge <= yt) & (yt <= high_edge)
        below = yt < low_edge
        sign_d = np.where(is_range, np.where(below, 1, -1), sign_d)
        target = np.where(is_range, np.where(below, low_edge, high_edge), target)
        low = np.fmin(np.where(points, y, np.inf).min(axis=1), target)
        high = np.fmax(np.where(points, y, -np.inf).max(axis=1), target)
        linear = (low <= 0) & (high >= 0)
        base_sign = np.where(y0 > 0, 1, -1)
        growth = (yt / y0) ** (1 / (t - t0)) - 1
        growth_required = (target / y0) ** (1 / (target_year - t0)) - 1
        observed = np.where(linear, (yt - y0) / (t - t0), growth)
        required = np.where(linear, (target - y0) / (target_year - t0), growth_required)
        ratio = np.where(linear, 1, base_sign) * sign_d * observed / np.abs(required)
        pace = base_sign * sign_d * observed
        share = np.minimum(np.abs(y0) / np.abs(np.where(limit == 0, 1, limit)), 1.0)
        scale = np.where(limit == 0, 1.0, 1 - share**4.44)
    no_target = np.isnan(target)
    method = np.where(linear, "linear", "growth_rate")
    # In assess_progress's order: the first condition that holds decides (status, ratio).
    decisions = [
        (count < 2, Status.NO_DATA, None, ""),
        (no_band, Status.NO_DATA, None, ""),
        (inside, Status.ACHIEVED, None, ""),
        (linear & no_target, Status.NO_DATA, None, ""),
        (~linear & ~np.isfinite(observed), Status.NO_DATA, None, ""),
        (no_target, _pace_status(pace, scale, thresholds), pace, method),
        (sign_d * (yt - target) >= 0, Status.ACHIEVED, None, method),
        (np.isnan(target_year) | (target_year <= t0), Status.NO_DATA, None, ""),
        (~np.isfinite(required), Status.NO_DATA, None, ""),
        (required == 0, Status.MOVING_AWAY, None, method),
        (
            np.ones(rows, dtype=bool),
            _ratio_status(ratio, thresholds, t >= target_year),
            ratio,
            method,
        ),
    ]
    status = np.full(rows, "", dtype="<U16")
    methods = np.full(rows, "", dtype="<U16")
    result = np.full(rows, np.nan)
    undecided = np.ones(rows, dtype=bool)
    for condition, outcome, value, how in decisions:
        here = undecided & condition
        status[here] = outcome[here] if isinstance(outcome, np.ndarray) else outcome
        methods[here] = how[here] if isinstance(how, np.ndarray) else how
        if value is not None:
            result[here] = value[here]
        undecided &= ~condition
    any_point = count > 0
    return ProgressArrays(
        status=status,
        ratio=result,
        base_year=np.where(any_point, t0, np.nan),
        latest_year=np.where(any_point, t, np.nan),
        method=methods,
    )


def _finite(array: np.ndarray) -> np.ndarray:
    array[~np.isfinite(array)] = np.nan
    return array


def _pace_status(pace, scale, thresholds):
    return np.select(
        [
            pace >= thresholds.improving * scale,
            pace >= thresholds.improving_slowly * scale,
            pace >= 0,
        ],
        [Status.IMPROVING, Status.IMPROVING_SLOWLY, Status.STALLING],
        Status.WORSENING,
    )


def _ratio_status(ratio, thresholds, missed):
    """As `ratio_status`; where the target year has passed unreached (`missed`), at best
    off track."""
    return np.select(
        [
            ~missed & (ratio >= thresholds.on_track),
            ~missed & (ratio >= thresholds.at_risk),
            ratio >= 0,
        ],
        [Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK],
        Status.MOVING_AWAY,
    )
