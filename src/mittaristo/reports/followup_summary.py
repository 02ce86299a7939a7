"""The follow-up report's one-page summary: what of the lists it shows, and what it leaves to
the appendix.

The council reads the summary first and often only it, so it must fit on one A4 page whatever
the strategy's size: the goals and the indicators that need attention are cut to the furthest
behind (monitoring/attention.py orders them), the indicators listed apart are counted by why,
and the changes since the previous round are cut to the first (the worse first). Whatever is
cut says how many more there are; the appendix "What needs attention and what changed, in full"
lists everything, with the ordering rule and each forecast. The workbook lists all in full.
"""

from collections import Counter
from dataclasses import dataclass

from mittaristo.monitoring.attention import (
    NO_TARGET,
    NO_VALUES,
    NOT_JUDGED,
    Attention,
    Changes,
    GoalItem,
    IndicatorItem,
    StatusChange,
)
from mittaristo.strategy.changelog import LogRevision

# How many of each list the summary shows; with the longest names and sentences of the demo
# these fill the page with a margin (tests/reports/test_followup.py checks the page).
GOALS = 6
INDICATORS = 4
STATUS_CHANGES = 6
STRATEGY_CHANGES = 3
APART_ORDER = (NO_TARGET, NOT_JUDGED, NO_VALUES)


@dataclass(frozen=True)
class Summary:
    goals: tuple[GoalItem, ...]
    more_goals: int
    indicators: tuple[IndicatorItem, ...]
    more_indicators: int
    apart: tuple[tuple[str, int], ...]  # (why listed apart, how many), never ranked
    status_changes: tuple[StatusChange, ...]  # goals' first, then indicators'
    more_status_changes: int
    strategy_changes: tuple[LogRevision, ...]
    more_strategy_changes: int

    @property
    def cut(self) -> bool:
        """Whether the summary leaves anything to the appendix."""
        return bool(
            self.more_goals
            or self.more_indicators
            or self.apart
            or self.more_status_changes
            or self.more_strategy_changes
        )


def summary(
    attention: Attention, changes: Changes | None, strategy_changes: list[LogRevision]
) -> Summary:
    """The summary's share of the lists, in their own order."""
    changed = (*changes.goals, *changes.indicators) if changes else ()
    counted = Counter(item.reason for item in attention.unranked)
    return Summary(
        goals=attention.goals[:GOALS],
        more_goals=max(0, len(attention.goals) - GOALS),
        indicators=attention.indicators[:INDICATORS],
        more_indicators=max(0, len(attention.indicators) - INDICATORS),
        apart=tuple((reason, counted[reason]) for reason in APART_ORDER if counted[reason]),
        status_changes=changed[:STATUS_CHANGES],
        more_status_changes=max(0, len(changed) - STATUS_CHANGES),
        strategy_changes=tuple(strategy_changes[:STRATEGY_CHANGES]),
        more_strategy_changes=max(0, len(strategy_changes) - STRATEGY_CHANGES),
    )
