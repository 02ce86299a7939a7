"""Nobody forgets to update: each person's tasks, and what is overdue for the strategy lead.

A person's tasks are the values due for the indicators they keep (due within REMINDER_DAYS, or
late) and the assessments they still owe in open review rounds. The due date of a value comes
from the evaluation (frequency and publication lag: evaluation.age). Surveys are not built yet,
so there are no answers to await.
"""

import datetime as dt
from dataclasses import dataclass, field

from mittaristo.reviews.models import Assessment, ReviewRound
from mittaristo.strategy.models import Strategy

from .evaluate import evaluate_strategy

REMINDER_DAYS = 14


@dataclass
class Tasks:
    values: list = field(default_factory=list)  # IndicatorEvaluation, late or due soon
    assessments: list = field(default_factory=list)  # Assessment, draft or returned

    def __bool__(self):
        return bool(self.values or self.assessments)


def tasks_by_person(today: dt.date) -> dict:
    """User → Tasks, for everyone who has something due; one evaluation, few queries."""
    result: dict = {}
    strategy = Strategy.objects.current()
    if strategy is not None:
        evaluation = evaluate_strategy(strategy, today=today)
        for ev in evaluation.indicators.values():
            person = ev.indicator.responsible_person
            if person is not None and _value_due(ev, today):
                result.setdefault(person, Tasks()).values.append(ev)
    for assessment in open_assessments():
        owner = assessment.goal.owner
        if owner is not None:
            result.setdefault(owner, Tasks()).assessments.append(assessment)
    return result


def tasks_for(user, today: dt.date) -> Tasks:
    return tasks_by_person(today).get(user, Tasks())


def overdue(today: dt.date) -> Tasks:
    """Everything late, whoever keeps it: late values and assessments past their round's date."""
    result = Tasks()
    strategy = Strategy.objects.current()
    if strategy is not None:
        evaluation = evaluate_strategy(strategy, today=today)
        result.values = [ev for ev in evaluation.indicators.values() if ev.late]
    result.assessments = [
        a for a in open_assessments() if a.round.due is not None and a.round.due < today
    ]
    return result


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
