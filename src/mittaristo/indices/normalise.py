"""Normalisation of one indicator's values over the reference set onto a common scale.

The methods as the OECD/JRC Handbook on Constructing Composite Indicators (2008) and COINr name
them; every result is oriented so that a higher score is better (a `lower` indicator mirrored):

- `minmax` (COINr n_minx): (x − min) / (max − min), onto [low, high] (default 0–100).
- `zscore` (n_zscore): (x − mean) / standard deviation, then × sd + mean of the definition.
- `goalposts` (n_goalposts): (x − lower goalpost) / (upper − lower), clipped to the goalposts,
  onto [low, high]: fixed bounds, so a score does not move when other areas' values do.
- `rank` (n_prank): percentile rank, rank / n × 100 with ties sharing their average rank.
- `distance_to_target` (n_dist2targ): (x − min) / (target − min) onto [low, high], capped at
  high when `cap` (a value beyond the target scores as the target).

A constant indicator (every area the same value) scores the middle of the range for minmax and
0 for zscore (it tells nothing apart). Pure: numpy only.
"""

import numpy as np

from .definition import Leaf, Normalisation


def average_ranks(x: np.ndarray) -> np.ndarray:
    """1 for the smallest; ties share their average rank (scipy's rankdata "average")."""
    ordered = np.sort(x)
    below = np.searchsorted(ordered, x, side="left")
    upto = np.searchsorted(ordered, x, side="right")
    return (below + upto + 1) / 2


def normalise(column: np.ndarray, leaf: Leaf, how: Normalisation) -> np.ndarray:
    present = ~np.isnan(column)
    out = np.full(column.shape, np.nan)
    x = column[present]
    if len(x) == 0:
        return out
    lower = leaf.direction == "lower"
    span = how.high - how.low
    # Differences at the last digits of a float are rounding, not differences between areas.
    constant = np.ptp(x) <= 1e-12 * max(float(np.abs(x).max()), 1.0)
    if how.method == "minmax":
        lo, hi = x.min(), x.max()
        if constant:
            out[present] = how.low + span / 2
            return out
        share = (hi - x) / (hi - lo) if lower else (x - lo) / (hi - lo)
        out[present] = how.low + span * share
    elif how.method == "zscore":
        sd = x.std(ddof=1) if len(x) > 1 else 0.0
        z = np.zeros_like(x) if constant or sd == 0 else (x - x.mean()) / sd
        out[present] = how.mean + how.sd * (-z if lower else z)
    elif how.method == "goalposts":
        lo, hi = leaf.goalposts
        share = np.clip((x - lo) / (hi - lo), 0.0, 1.0)
        out[present] = how.low + span * (1.0 - share if lower else share)
    elif how.method == "rank":
        out[present] = average_ranks(-x if lower else x) / len(x) * 100.0
    elif how.method == "distance_to_target":
        target = leaf.target
        worst = x.max() if lower else x.min()
        share = np.ones_like(x) if target == worst else (x - worst) / (target - worst)
        if how.cap:
            reached = x <= target if lower else x >= target
            share = np.where(reached, 1.0, np.minimum(share, 1.0))
        out[present] = how.low + span * share
    else:  # check() refuses any other
        raise ValueError(how.method)
    return out
