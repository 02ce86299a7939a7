"""The rows of the API's lists: parts of the evaluation record, each with where it belongs.

A row is a record's own part (monitoring/records/schema.py) with the round, organisation and
strategy it comes from put first; the API has no shape of its own beyond that. An indicator's
values and peers are not in its row (they are the observations list and the round's record).
"""

import datetime as dt

from pydantic import BaseModel, ConfigDict

from mittaristo.evaluation import Status
from mittaristo.monitoring.records.schema import (
    AssessmentRecord,
    GoalRecord,
    IndicatorRecord,
    MilestoneRecord,
    PlanGoalRecord,
    StrategyInfo,
    TargetRecord,
    Text,
    ValueRecord,
)

from .records import Published


class Row(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Place(Row):
    """Where a part comes from: the published round, its strategy and organisation."""

    round: int
    organisation: str  # the municipality code, e.g. 111
    strategy: str


class OrganisationRow(Row):
    code: str
    name: Text
    strategies: list[str]


class StrategyRow(StrategyInfo):
    organisation_code: str
    latest_round: int
    status: Status


class RoundRow(Row):
    id: int
    organisation: str
    strategy: str
    name: str
    kind: str
    as_of: dt.date
    published_at: dt.datetime
    is_example: bool
    status: Status


class AimRow(Place):
    code: str
    name: Text
    description: Text
    status: Status
    goals: list[str]


class _InAim(Place):
    aim: str


class GoalRow(GoalRecord, _InAim):
    pass


class _OfGoal(Place):
    goal: str


class AssessmentRow(AssessmentRecord, _OfGoal):
    pass


class _InArea(Place):
    area: str
    goals: list[str]  # the goals it measures


class IndicatorRow(IndicatorRecord, _InArea):
    pass


class _OfIndicator(Place):
    indicator: str


class TargetRow(TargetRecord, _OfIndicator):
    pass


class MilestoneRow(MilestoneRecord, _OfIndicator):
    pass


class _InPlan(Place):
    plan: str
    plan_kind: str  # programme, plan, roadmap, budget, operating_plan
    plan_name: Text
    plan_level: int  # 1 programme, plan or roadmap, 2 budget, 3 operating plan
    start_year: int
    end_year: int


class PlanGoalRow(PlanGoalRecord, _InPlan):
    pass


class _OfIndicatorInArea(Place):
    area: str
    indicator: str


class ObservationRow(ValueRecord, _OfIndicatorInArea):
    pass


def _place(item: Published) -> dict:
    return {"round": item.round.pk, "organisation": item.organisation, "strategy": item.strategy}


def _fields(record, *, leave_out=()) -> dict:
    """A record's fields as they are (validated records, not re-validated)."""
    return {
        name: getattr(record, name) for name in type(record).model_fields if name not in leave_out
    }


def organisation_rows(items: list[Published]) -> list[OrganisationRow]:
    found: dict[str, dict] = {}
    for item in items:
        row = found.setdefault(
            item.organisation,
            {
                "code": item.organisation,
                "name": item.record.strategy.organisation,
                "strategies": [],
            },
        )
        if item.strategy not in row["strategies"]:
            row["strategies"].append(item.strategy)
    return [OrganisationRow(**row) for _code, row in sorted(found.items())]


def strategy_rows(items: list[Published]) -> list[StrategyRow]:
    return [
        StrategyRow(
            **_fields(item.record.strategy),
            organisation_code=item.organisation,
            latest_round=item.round.pk,
            status=item.record.status,
        )
        for item in items
    ]


def round_rows(items: list[Published]) -> list[RoundRow]:
    return [
        RoundRow(
            id=item.round.pk,
            organisation=item.organisation,
            strategy=item.strategy,
            name=item.round.name,
            kind=item.round.kind,
            as_of=item.round.as_of,
            published_at=item.round.published_at,
            is_example=item.round.is_example,
            status=item.record.status,
        )
        for item in items
    ]


def aim_rows(items: list[Published]) -> list[AimRow]:
    return [
        AimRow(
            **_place(item),
            code=aim.code,
            name=aim.name,
            description=aim.description,
            status=aim.status,
            goals=[goal.code for goal in aim.goals],
        )
        for item in items
        for aim in item.record.aims
    ]


def goal_rows(items: list[Published]) -> list[GoalRow]:
    return [
        GoalRow(**_place(item), aim=aim.code, **_fields(goal))
        for item in items
        for aim in item.record.aims
        for goal in aim.goals
    ]


def assessment_rows(items: list[Published]) -> list[AssessmentRow]:
    return [
        AssessmentRow(**_place(item), goal=goal.code, **_fields(goal.assessment))
        for item in items
        for goal in item.record.goals
        if goal.assessment is not None
    ]


def indicator_rows(items: list[Published]) -> list[IndicatorRow]:
    return [
        IndicatorRow(
            **_place(item),
            area=item.record.area.key,
            goals=[goal.code for goal in item.record.goals_of(code)],
            **_fields(indicator, leave_out=("values", "peers")),
        )
        for item in items
        for code, indicator in item.record.indicators.items()
    ]


def target_rows(items: list[Published]) -> list[TargetRow]:
    return [
        TargetRow(**_place(item), indicator=code, **_fields(indicator.target))
        for item in items
        for code, indicator in item.record.indicators.items()
        if indicator.target is not None
    ]


def milestone_rows(items: list[Published]) -> list[MilestoneRow]:
    return [
        MilestoneRow(**_place(item), indicator=code, **_fields(milestone))
        for item in items
        for code, indicator in item.record.indicators.items()
        if indicator.target is not None
        for milestone in indicator.target.milestones
    ]


def plan_goal_rows(items: list[Published]) -> list[PlanGoalRow]:
    return [
        PlanGoalRow(
            **_place(item),
            plan=plan.code,
            plan_kind=plan.kind,
            plan_name=plan.name,
            plan_level=plan.level,
            start_year=plan.start_year,
            end_year=plan.end_year,
            **_fields(goal),
        )
        for item in items
        for plan in item.record.plans
        for goal in plan.goals
    ]


def observation_rows(items: list[Published]) -> list[ObservationRow]:
    return [
        ObservationRow(**_place(item), area=item.record.area.key, indicator=code, **_fields(value))
        for item in items
        for code, indicator in item.record.indicators.items()
        for value in indicator.values
    ]
