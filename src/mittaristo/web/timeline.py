"""The strategy's preparation timeline: process events and approvals merged in date order.

Pure: takes objects with `start`/`end` (process events) or `date` (approvals), no queries.
"""

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Entry:
    start: dt.date | None
    end: dt.date | None
    item: object  # a ProcessEvent or an Approval
    is_approval: bool


def timeline(events, approvals) -> tuple[list[Entry], list[Entry]]:
    """(dated entries in date order, undated events in their given order).

    On the same day a process event comes before a decision, and ties keep the given order.
    """
    dated, undated = [], []
    for event in events:
        entry = Entry(event.start, event.end, event, False)
        (dated if event.start else undated).append(entry)
    dated += [Entry(a.date, None, a, True) for a in approvals]
    dated.sort(key=lambda e: (e.start, e.is_approval))
    return dated, undated
