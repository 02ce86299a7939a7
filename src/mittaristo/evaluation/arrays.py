"""Shared input handling of the batch functions: one matrix of series over one row of years."""

import numpy as np

from .progress import Direction


def series_matrix(years, matrix) -> tuple[np.ndarray, np.ndarray]:
    """Years ascending as floats, and the matrix (rows = series) with NaN for every missing value.

    The years are the columns, so each must be distinct; that is a caller's mistake, not odd
    data, and raises ValueError.
    """
    x = np.asarray(years, dtype=float).ravel()
    values = np.array(matrix, dtype=float, ndmin=2, copy=True)
    if values.ndim != 2 or values.shape[1] != x.size:
        raise ValueError(f"the matrix must have one column per year ({x.size}), not {values.shape}")
    order = np.argsort(x, kind="stable")
    x, values = x[order], values[:, order]
    if np.any(np.diff(x) == 0) or not np.all(np.isfinite(x)):
        raise ValueError("the years must be distinct and finite")
    values[~np.isfinite(values)] = np.nan
    return x, values


def per_row(value, rows: int, *, default=np.nan) -> np.ndarray:
    """A scalar or a sequence (None meaning `default`) as a float array of one value per row."""
    if value is None:
        return np.full(rows, default, dtype=float)
    array = np.asarray(value, dtype=object if _has_none(value) else float)
    if array.dtype == object:
        array = np.array([default if v is None else v for v in array.ravel()], dtype=float)
    return np.broadcast_to(array.astype(float), (rows,)).copy()


SIGNS = {Direction.HIGHER: 1, Direction.LOWER: -1, Direction.RANGE: 0}


def direction_signs(directions, rows: int) -> np.ndarray:
    """+1 where higher is better, −1 where lower is, 0 where the target is a band ("range"):
    which way is better there depends on the side of the band a value is on, and the caller
    decides it with the band. From "higher"/"lower"/"range" or signed numbers (0: range)."""
    array = np.asarray(directions)
    if array.dtype.kind in "iuf":
        signs = np.sign(array).astype(int)
    else:
        # Each distinct word checked once (Direction raises for a wrong one), not per row.
        words, inverse = np.unique(array.astype(str), return_inverse=True)
        signs = np.array([SIGNS[Direction(w)] for w in words])[inverse]
    return np.broadcast_to(signs, (rows,)).astype(np.int8)


def _has_none(value) -> bool:
    return isinstance(value, (list, tuple)) and any(v is None for v in value)
