"""The cascade as a tree: strategy goal → plan goals → budget goals → operating plan goals.

Pure: works on whatever objects it is given (plans with start_year, end_year, owner_unit,
level, order; plan goals with plan, parent_goal_id, serves_id, order), no queries; the page
gives it the plan goals of the evaluation record (`record_items`) and filters here.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class PlanRef:
    """A plan of the evaluation record, as the tree and the filter read it."""

    record: object  # monitoring.records PlanRecord
    pk: str
    order: int

    def __getattr__(self, name):
        return getattr(self.record, name)


@dataclass(frozen=True)
class Item:
    """A plan goal of the evaluation record, as the tree reads it."""

    pk: str  # "PLAN/GOAL"
    plan: PlanRef
    serves_id: str | None  # the strategy goal's code
    parent_goal_id: str | None
    order: int
    goal: object  # its PlanGoalRecord
    indicator: object  # the IndicatorRecord of its indicator, or None


def record_items(record) -> list[Item]:
    """Every plan goal of a StrategyRecord, ready for `plan_matches` and `cascade_tree`."""
    return [
        Item(
            pk=f"{plan.code}/{pg.code}",
            plan=PlanRef(plan, plan.code, i),
            serves_id=pg.serves,
            parent_goal_id=pg.parent,
            order=j,
            goal=pg,
            indicator=record.indicators.get(pg.indicator) if pg.indicator else None,
        )
        for i, plan in enumerate(record.plans)
        for j, pg in enumerate(plan.goals)
    ]


@dataclass
class Node:
    """A plan goal and the goals of the plans below it that name it as their parent goal."""

    item: object
    children: list = field(default_factory=list)


def plan_matches(plan, *, year: int | None = None, unit: str = "") -> bool:
    """Whether `plan` runs in `year` and its owning unit contains `unit` (in any language)."""
    if year is not None and not plan.start_year <= year <= plan.end_year:
        return False
    unit = unit.strip().casefold()
    if unit:
        texts = plan.owner_unit.values() if isinstance(plan.owner_unit, dict) else []
        return any(unit in str(text).casefold() for text in texts)
    return True


def _key(plan_goal):
    plan = plan_goal.plan
    return (plan.level, plan.order, plan.pk, plan_goal.order, plan_goal.pk)


def cascade_tree(plan_goals) -> dict:
    """strategy goal id → its root Nodes, in cascade order (programmes first, then budgets...).

    A plan goal whose parent goal is not among `plan_goals` (say, filtered out by year) stands
    directly under the strategy goal it serves, so nothing shown loses its place.
    """
    plan_goals = sorted(plan_goals, key=_key)
    nodes = {pg.pk: Node(pg) for pg in plan_goals}
    roots: dict = {}
    for pg in plan_goals:
        parent = nodes.get(pg.parent_goal_id)
        if parent is not None:
            parent.children.append(nodes[pg.pk])
        else:
            roots.setdefault(pg.serves_id, []).append(nodes[pg.pk])
    return roots
