"""The cascade as a tree: strategy goal → plan goals → budget goals → operating plan goals.

Pure: works on whatever objects it is given (plans with start_year, end_year, owner_unit,
level, order; plan goals with plan, parent_goal_id, serves_id, order), no queries, so the
page reads everything once and filters here.
"""

from dataclasses import dataclass, field


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
