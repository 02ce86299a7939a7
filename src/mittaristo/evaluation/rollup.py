"""Roll-up: a goal's status from its indicators, an aim's from its goals, and so on up.

Statuses with and without a target sit on one five-step scale:

    4 achieved
    3 on_track      improving
    2 at_risk       improving_slowly
    1 off_track     stalling
    0 moving_away   worsening

The summary is the weighted median step of the parts that have an assessment, read as the
lower median (an even split falls to the worse side, so the summary never flatters), and named
in the target vocabulary (achieved ... moving_away). Any part moving away (or worsening) is
flagged, whatever the median. Parts with no data are counted, not ranked; when none has data the
summary is no_data.
"""

from collections import Counter
from dataclasses import dataclass, field

from .progress import Status

STEP = {
    Status.ACHIEVED: 4,
    Status.ON_TRACK: 3,
    Status.IMPROVING: 3,
    Status.AT_RISK: 2,
    Status.IMPROVING_SLOWLY: 2,
    Status.OFF_TRACK: 1,
    Status.STALLING: 1,
    Status.MOVING_AWAY: 0,
    Status.WORSENING: 0,
}
SUMMARY = {
    4: Status.ACHIEVED,
    3: Status.ON_TRACK,
    2: Status.AT_RISK,
    1: Status.OFF_TRACK,
    0: Status.MOVING_AWAY,
}


@dataclass(frozen=True)
class Rollup:
    status: Status
    counts: dict = field(default_factory=dict)  # Status → how many parts have it
    moving_away: bool = False  # some part is moving away from its target or worsening
    assessed: int = 0  # parts with an assessment
    total: int = 0  # all parts

    @property
    def step_counts(self) -> dict:
        """How many parts sit on each summary step, plus no_data: what a goal card shows."""
        result = Counter()
        for status, count in self.counts.items():
            status = Status(status)
            key = SUMMARY[STEP[status]] if status in STEP else Status.NO_DATA
            result[key] += count
        return {key: result[key] for key in (*SUMMARY.values(), Status.NO_DATA)}


def roll_up(statuses, weights=None) -> Rollup:
    """The summary of several statuses (Status or its string), optionally weighted.

    Weights default to 1; a part with weight 0 is counted but does not move the median.
    """
    statuses = [Status(s) for s in statuses]
    weights = [1.0] * len(statuses) if weights is None else [float(w) for w in weights]
    if len(weights) != len(statuses):
        raise ValueError("one weight for each status")
    counts = dict(Counter(statuses))
    moving_away = any(s in (Status.MOVING_AWAY, Status.WORSENING) for s in statuses)
    ranked = sorted(
        (STEP[s], w) for s, w in zip(statuses, weights, strict=True) if s in STEP and w > 0
    )
    assessed = sum(1 for s in statuses if s in STEP)
    if not ranked:
        return Rollup(Status.NO_DATA, counts, moving_away, assessed, len(statuses))
    half = sum(w for _step, w in ranked) / 2
    cumulative = 0.0
    for step, weight in ranked:
        cumulative += weight
        if cumulative >= half:
            return Rollup(SUMMARY[step], counts, moving_away, assessed, len(statuses))
    raise AssertionError("unreachable: the cumulative weight reaches half the total")
