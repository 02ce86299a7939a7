"""Nobody forgets to update: each person's tasks, and what is overdue for the strategy lead.

A person's tasks are the values due for the indicators they keep (due within REMINDER_DAYS, or
late) and the assessments they still owe in open review rounds. The due date of a value comes
from the evaluation (the source's publication calendar where the binding has one, else
frequency and publication lag: evaluation.age). Surveys are not built yet, so there are no
answers to await.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import prefetch_related_objects

from mittaristo.monitoring.evaluator import evaluate_strategy
from mittaristo.reviews.models import Assessment, ReviewRound
from mittaristo.strategy.models import Strategy

REMINDER_DAYS = 14


@dataclass
class Tasks:
    values: list = field(default_factory=list)  # IndicatorEvaluation, late or due soon
    assessments: list = field(default_factory=list)  # Assessment, draft or returned

    def __bool__(self):
        return bool(self.values or self.assessments)


@dataclass
class Pending:
    """What every task list is read from: the evaluated indicators and the open assessments.

    Read once (one evaluation, one assessments query) and shared by the lists built from it.
    """

    indicators: list
    assessments: list


def pending(today: dt.date) -> Pending:
    strategy = Strategy.objects.current()
    indicators = []
    if strategy is not None:
        indicators = list(evaluate_strategy(strategy, today=today).indicators.values())
        # The evaluation reads no person; who keeps each indicator, in one query.
        prefetch_related_objects([ev.indicator for ev in indicators], "responsible_person")
    return Pending(indicators, list(open_assessments()))


def tasks_by_person(today: dt.date, found: Pending | None = None) -> dict:
    """User → Tasks, for everyone who has something due."""
    found = found or pending(today)
    result: dict = {}
    for ev in found.indicators:
        person = ev.indicator.responsible_person
        if person is not None and _value_due(ev, today):
            result.setdefault(person, Tasks()).values.append(ev)
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
        values=[ev for ev in found.indicators if ev.late],
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


def _value_due(ev, today) -> bool:
    return ev.late or (ev.due is not None and ev.due <= today + dt.timedelta(days=REMINDER_DAYS))
