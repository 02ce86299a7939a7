"""Evaluation: will each target be reached? Pure functions over plain data, no Django.

- `assess_progress`: the progress measure of Eurostat's SDG monitoring (as in Open SDG);
- `age`: when the next value is due and whether a series is late;
- `rollup`: a goal's status from its indicators, an aim's from its goals;
- `peers`: peer groups, rank, percentile and the group median.

The thin layer that feeds these from the database is `mittaristo.monitoring`.
"""

from .progress import Direction, Progress, Reason, Status, Thresholds, assess_progress
from .rollup import Rollup, roll_up

__all__ = [
    "Direction",
    "Progress",
    "Reason",
    "Rollup",
    "Status",
    "Thresholds",
    "assess_progress",
    "roll_up",
]
