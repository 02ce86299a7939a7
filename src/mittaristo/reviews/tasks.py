"""Nobody forgets to update: each person's tasks, and what is overdue for the strategy lead.

A person's tasks are the values due for the indicators they keep (due within REMINDER_DAYS, or
late) and the assessments they still owe in open review rounds. The due date of a value comes
from the evaluation (the source's publication calendar where the binding has one, else
frequency and publication lag: evaluation.age). Surveys are answered anonymously, so nobody
owes an answer that could be listed here; the strategy lead watches the survey rounds instead
(open ones, those closing soon, closed ones whose results are not stored yet:
surveys/rounds.round_watch, on My tasks).
"""

import datetime as dt
from dataclasses import dataclass, field

from mittaristo.monitoring.records import evaluation_record
from mittaristo.reviews.models import Assessment, ReviewRound
from mittaristo.strategy.models import Indicator, Strategy

REMINDER_DAYS = 14


@dataclass(frozen=True)
class ValueTask:
    """An indicator whose next value is late or due soon, with who keeps it."""

    indicator: object  # its IndicatorRecord (monitoring/records)
    pk: int  # the indicator's id, for the data entry page
    keeper: object  # the responsible person (a User), or None

    @property
    def late(self) -> bool:
        return self.indicator.late

    @property
    def due(self):
        return self.indicator.due


@dataclass
class Tasks:
    values: list = field(default_factory=list)  # ValueTask, late or due soon
    assessments: list = field(default_factory=list)  # Assessment, draft or returned

    def __bool__(self):
        return bool(self.values or self.assessments)


@dataclass
class Pending:
    """What every task list is read from: the evaluated indicators and the open assessments.

    Read once (one evaluation record, one query for the keepers, one for the assessments) and
    shared by the lists built from it.
    """

    indicators: list  # ValueTask of every indicator
    assessments: list


ANY = object()  # pending's strategy: the installation's strategy in force


def pending(today: dt.date, record=None, *, strategy=ANY) -> Pending:
    """What is due in `strategy` (by default the installation's strategy in force; None:
    nothing). `record`: its live evaluation record as judged `today`, when the caller has it
    (the page takes it from the cache); else it is made here."""
    if strategy is ANY:
        strategy = Strategy.objects.current()
    if strategy is None:
        return Pending([], [])
    indicators = []
    if strategy is not None:
        record = record or evaluation_record(strategy, today=today)
        # The record holds no person; who keeps each indicator, in one query.
        keepers = {
            i.code: i
            for i in Indicator.objects.filter(strategy=strategy).select_related(
                "responsible_person"
            )
        }
        indicators = [
            ValueTask(found, keepers[code].pk, keepers[code].responsible_person)
            for code, found in record.indicators.items()
            if code in keepers
        ]
    return Pending(indicators, list(open_assessments().filter(round__strategy=strategy)))


def tasks_by_person(today: dt.date, found: Pending | None = None) -> dict:
    """User → Tasks, for everyone who has something due."""
    found = found or pending(today)
    result: dict = {}
    for task in found.indicators:
        if task.keeper is not None and _value_due(task, today):
            result.setdefault(task.keeper, Tasks()).values.append(task)
    for assessment in found.assessments:
        owner = assessment.goal.owner
        if owner is not None:
            result.setdefault(owner, Tasks()).assessments.append(assessment)
    return result


def tasks_for(user, today: dt.date, found: Pending | None = None) -> Tasks:
    return tasks_by_person(today, found).get(user, Tasks())


def overdue(today: dt.date, found: Pending | None = None) -> Tasks:
    """Everything late, whoever keeps it: late values and assessments past their round's date."""
    found = found or pending(today)
    return Tasks(
        values=[task for task in found.indicators if task.late],
        assessments=[
            a for a in found.assessments if a.round.due is not None and a.round.due < today
        ],
    )


def open_assessments():
    return (
        Assessment.objects.filter(
            round__state=ReviewRound.State.OPEN,
            state__in=[Assessment.State.DRAFT, Assessment.State.RETURNED],
        )
        .select_related("round", "goal", "goal__owner")
        .order_by("round__as_of", "goal__aim__order", "goal__order")
    )


def _value_due(task, today) -> bool:
    return task.late or (
        task.due is not None and task.due <= today + dt.timedelta(days=REMINDER_DAYS)
    )
