"""Evaluation: will each target be reached? Pure functions over plain data, no Django.

So far: `assess_progress`, the progress measure of Eurostat's SDG monitoring (as implemented in
Open SDG). Trend, forecast, roll-up and peers follow (issue 5).
"""

from .progress import Direction, Progress, Status, assess_progress

__all__ = ["Direction", "Progress", "Status", "assess_progress"]
