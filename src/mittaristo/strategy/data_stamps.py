"""Each organisation's data stamp: renewed by every change to its strategy data.

The data version (web/cache.py) must change whenever anything the live evaluation reads
changes. For the strategy's own rows (the organisation, its strategies, values, approvals,
aims, groupings, goals, indicators and their links, targets, milestones, plans and plan goals:
OWNED_BY below) it used to find every history row that is or ever was under the organisation,
through its parents, on each request: thirteen subqueries, 8–10 ms a page at national scale
(docs/performance.md, "National scale"). Now the writer does that work once: every history
row simple-history creates (a save or a delete, through the admin, the loader, the services
or a test) renews, in the same transaction, the stamp of

- the organisation the row is under (through its parents: OWNED_BY);
- the one it was under before, when it moved (its previous history row names another parent);
- for a national series (an indicator no strategy owns: strategy/shared.py), every
  organisation with an indicator reading it;

and the data version reads the one stamp. What renews a stamp is what made a history row
before, so nothing that the version saw is lost: a write that bypasses save() and delete()
(`QuerySet.update`, `bulk_create`) makes no history row and renews nothing, as before; the one
such write that changes what an organisation reads, linking an indicator to its series, renews
the stamp itself (`shared.indicators_link`).

Renewing a stamp locks its row until the writer's transaction ends: writers of one organisation
wait there for each other's commit (a strategy file being loaded holds an admin edit of the
same organisation for its seconds). One call renews several organisations in the order of
their ids (the fetch's linking does so once, shared.indicators_link), so two such calls never
deadlock; two transactions that renew several organisations one by one in opposite orders
(a row moved between organisations, say, beside another such move) still could, and
PostgreSQL would then end one of them with an error: not seen, not guarded further.

A stamp is a random number, not a counter: a transaction that rolls back may have had its
stamp read (by itself) and a record cached under it, and a counter would give the next change
the same number. Renewing costs two small queries per history row (finding the organisation,
then the upsert), and one more for a change (its previous history row, to see a move).
"""

import secrets

from django.db import connections
from django.dispatch import receiver
from simple_history.signals import post_create_historical_record

from .models import (
    Aim,
    Approval,
    DataStamp,
    Goal,
    GoalIndicator,
    Grouping,
    Indicator,
    Milestone,
    Organisation,
    Plan,
    PlanGoal,
    Strategy,
    Target,
    Value,
)

# What the live record reads of the strategy's own rows, each the organisation's through its
# parent: (the parent model, the column naming it), the organisation itself first.
OWNED_BY = {
    Organisation: None,
    Strategy: (Organisation, "organisation_id"),
    Value: (Strategy, "strategy_id"),
    Approval: (Strategy, "strategy_id"),
    Aim: (Strategy, "strategy_id"),
    Grouping: (Strategy, "strategy_id"),
    Goal: (Aim, "aim_id"),
    Indicator: (Strategy, "strategy_id"),
    GoalIndicator: (Goal, "goal_id"),
    Target: (Indicator, "indicator_id"),
    Milestone: (Target, "target_id"),
    Plan: (Strategy, "strategy_id"),
    PlanGoal: (Plan, "plan_id"),
}


def _path_to_organisation(model) -> str:
    """The ORM lookup from a row of `model` to its organisation's id, e.g. for a target
    "indicator__strategy__organisation_id"."""
    steps = []
    while OWNED_BY[model] is not None:
        parent, column = OWNED_BY[model]
        steps.append(column.removesuffix("_id"))
        model = parent
    return "__".join(steps) + "_id"


def series_readers(series_id) -> set[int]:
    """The organisations with an indicator reading the national series `series_id`."""
    found = Indicator.objects.filter(series_id=series_id)
    return set(found.values_list("strategy__organisation_id", flat=True))


def organisations_under(model, parent_id) -> set[int]:
    """The organisations whose data a row of `model` under the parent `parent_id` is part of:
    its parent's organisation, or, under a national series, every organisation reading it;
    one query (none when the parent is the organisation, two under a national series)."""
    parent, _column = OWNED_BY[model]
    if parent_id is None:
        return set()
    if parent is Organisation:
        return {parent_id}
    if parent is Indicator:
        found = (
            Indicator.objects.filter(pk=parent_id)
            .values_list("strategy_id", "strategy__organisation_id")
            .first()
        )
        if found is None:
            return set()
        strategy_id, organisation_id = found
        return {organisation_id} if strategy_id is not None else series_readers(parent_id)
    path = _path_to_organisation(parent)
    return set(parent.objects.filter(pk=parent_id).values_list(path, flat=True)) - {None}


def organisations_of(model, row) -> set[int]:
    """The organisations whose data `row` (an instance of `model`, or its history row) is
    part of now."""
    if OWNED_BY[model] is None:
        return {row.id}
    if model is Indicator and row.strategy_id is None:
        return series_readers(row.id)
    return organisations_under(model, getattr(row, OWNED_BY[model][1]))


def renew(organisation_ids, *, using="default") -> None:
    """Give each of `organisation_ids` a new stamp, in the current transaction."""
    table = connections[using].ops.quote_name(DataStamp._meta.db_table)
    with connections[using].cursor() as cursor:
        for pk in sorted({pk for pk in organisation_ids if pk is not None}):
            cursor.execute(
                f"INSERT INTO {table} (organisation_id, stamp) VALUES (%s, %s)"
                " ON CONFLICT (organisation_id) DO UPDATE SET stamp = excluded.stamp",
                [pk, secrets.randbits(62)],
            )


@receiver(post_create_historical_record)
def _history_made(sender, instance, history_instance, using=None, **kwargs):
    model = type(instance)._meta.concrete_model
    if model not in OWNED_BY:
        return
    found = organisations_of(model, history_instance)
    if OWNED_BY[model] is not None and history_instance.history_type == "~":
        column = OWNED_BY[model][1]
        before = history_instance.prev_record
        if before is not None and getattr(before, column) != getattr(history_instance, column):
            found |= organisations_under(model, getattr(before, column))  # it moved
    renew(found, using=using or "default")
