"""Evaluation: will each target be reached? Pure functions over plain data, no Django.

- `assess_progress`: the progress measure of Eurostat's SDG monitoring (as in Open SDG);
- `forecast`: Theil–Sen trend, Mann–Kendall test, OLS forecast with its prediction interval and
  the probability of meeting the target, and Destatis' projection rule;
- `assess_progress_many`, `forecast_many`: the same for a matrix of series at once;
- `age`: when the next value is due and whether a series is late;
- `rollup`: a goal's status from its indicators, an aim's from its goals;
- `peers`: peer groups, rank, percentile and the group median.

The thin layer that feeds these from the database is `mittaristo.monitoring`.
"""

from .forecast import Forecast, ForecastReason, ProjectionClass, forecast
from .forecast_batch import ForecastArrays, forecast_many
from .progress import Direction, Progress, Reason, Status, Thresholds, assess_progress
from .progress_batch import ProgressArrays, assess_progress_many
from .rollup import Rollup, roll_up

__all__ = [
    "Direction",
    "Forecast",
    "ForecastArrays",
    "ForecastReason",
    "Progress",
    "ProgressArrays",
    "ProjectionClass",
    "Reason",
    "Rollup",
    "Status",
    "Thresholds",
    "assess_progress",
    "assess_progress_many",
    "forecast",
    "forecast_many",
    "roll_up",
]
