"""The live evaluation of a strategy, cached until something it reads changes.

Every reader of the overview sees the same evaluation, and it costs tens of milliseconds
(docs/performance.md), so it is computed once per *data version* and kept in Django's cache.
The version is read in one query and changes whenever anything the evaluation reads changes:

- the strategy's current values in its own area: values are never overwritten (a revision is
  a new row, observations/models.py), so the count, largest id and sum of ids of the current
  rows change with every stored, revised or deleted value;
- the strategy, its organisation, values, approvals, aims, goals, indicators, their links,
  targets, milestones and plans (thresholds are on the strategy): each of these keeps its history
  with simple-history, which adds a row with a new `history_id` on every save and delete
  (`history_date` is the decision's date, so not usable: it may lie in the past);
- the areas (the own area is found by the organisation's code);
- the date, because lateness is judged against today.

Only the live evaluation (as known now, in the strategy's own area) is cached; an evaluation
as of a date is computed as before. People (goal owners, responsible persons) are not in the
version, so pages that show them must not take them from the cached evaluation.
"""

import functools
import hashlib

from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from mittaristo.core.models import Area
from mittaristo.observations.models import Observation
from mittaristo.strategy import models as strategy_models

from .evaluate import evaluate_strategy

# Bump when the shape of the cached evaluation changes, so that a shared cache never hands
# a new release an object pickled by an old one.
FORMAT = 1
TIMEOUT = 24 * 60 * 60  # the date is in the version anyway
HISTORIED = [
    strategy_models.Organisation,
    strategy_models.Strategy,
    strategy_models.Value,
    strategy_models.Approval,
    strategy_models.Aim,
    strategy_models.Goal,
    strategy_models.Indicator,
    strategy_models.GoalIndicator,
    strategy_models.Target,
    strategy_models.Milestone,
    strategy_models.Plan,
]


@functools.cache  # building it costs milliseconds (simple-history's managers), reading it none
def _version_sql() -> str:
    q = connection.ops.quote_name
    histories = ", ".join(
        f"(SELECT MAX(history_id) FROM {q(m.history.model._meta.db_table)})" for m in HISTORIED
    )
    obs, ind = Observation._meta.db_table, strategy_models.Indicator._meta.db_table
    strat, org = (
        strategy_models.Strategy._meta.db_table,
        strategy_models.Organisation._meta.db_table,
    )
    area = Area._meta.db_table
    # The own area as evaluate._own_area finds it: the municipality with the organisation's code.
    return f"""
        SELECT o.n, o.top, o.total, {histories},
               (SELECT COUNT(*) FROM {q(area)}), (SELECT MAX(id) FROM {q(area)})
        FROM (
            SELECT COUNT(*) AS n, MAX(v.id) AS top, SUM(v.id) AS total
            FROM {q(obs)} v
            WHERE v.superseded_at IS NULL
              AND v.indicator_id IN (SELECT id FROM {q(ind)} WHERE strategy_id = %s)
              AND v.area_id IN (
                  SELECT a.id FROM {q(area)} a
                  JOIN {q(org)} g ON g.code = a.code
                  JOIN {q(strat)} s ON s.organisation_id = g.id
                  WHERE s.id = %s AND a.kind = %s
              )
        ) o
    """


def data_version(strategy, *, today) -> str:
    """A short text that changes whenever the live evaluation of `strategy` would change."""
    with connection.cursor() as cursor:
        cursor.execute(_version_sql(), [strategy.pk, strategy.pk, Area.Kind.MUNICIPALITY])
        row = cursor.fetchone()
    text = f"{FORMAT}:{strategy.pk}:{today.isoformat()}:{':'.join(str(v) for v in row)}"
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def cached_evaluation(strategy, *, today=None, version=None):
    """`evaluate_strategy(strategy)` (live, own area), from the cache when the data is unchanged.

    Give `version` (and the `today` it was read for) when the caller has read it already.
    """
    today = today or timezone.localdate()
    version = version or data_version(strategy, today=today)
    key = f"mittaristo:evaluation:{version}"
    evaluation = cache.get(key)
    if evaluation is None:
        evaluation = evaluate_strategy(strategy, today=today)
        cache.set(key, evaluation, TIMEOUT)
    return evaluation
