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
- the areas (the own area is found by the organisation's code, Organisation.area);
- the published review rounds (the overview names the latest; a published round never changes,
  so their number and the latest publication time tell);
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
from mittaristo.monitoring.evaluate import evaluate_strategy
from mittaristo.observations.models import Observation
from mittaristo.reviews.models import ReviewRound
from mittaristo.strategy import models as strategy_models

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
def _version_sql(current: bool) -> str:
    """The strategy's id and what its version is made of: the given strategy (%s), or with
    `current` the one `Strategy.objects.current()` finds; no row when there is none."""
    q = connection.ops.quote_name
    histories = ", ".join(
        f"(SELECT MAX(history_id) FROM {q(m.history.model._meta.db_table)})" for m in HISTORIED
    )
    obs, ind = Observation._meta.db_table, strategy_models.Indicator._meta.db_table
    strat, org = (
        strategy_models.Strategy._meta.db_table,
        strategy_models.Organisation._meta.db_table,
    )
    area, rounds = Area._meta.db_table, ReviewRound._meta.db_table
    chosen = (
        f"SELECT id FROM {q(strat)} ORDER BY horizon_end DESC, horizon_start DESC, id LIMIT 1"
        if current
        else f"SELECT id FROM {q(strat)} WHERE id = %s"
    )
    state = ReviewRound.State.PUBLISHED.value
    published = f"FROM {q(rounds)} r WHERE r.strategy_id = s.id AND r.state = '{state}'"
    # The own area as Organisation.area finds it: the area of AREA_KIND with the organisation's
    # code.
    return f"""
        WITH s AS ({chosen})
        SELECT s.id, o.n, o.top, o.total, {histories},
               (SELECT COUNT(*) FROM {q(area)}), (SELECT MAX(id) FROM {q(area)}),
               (SELECT COUNT(*) {published}), (SELECT MAX(r.published_at) {published})
        FROM s, (
            SELECT COUNT(*) AS n, MAX(v.id) AS top, SUM(v.id) AS total
            FROM {q(obs)} v
            WHERE v.superseded_at IS NULL
              AND v.indicator_id IN (
                  SELECT id FROM {q(ind)} WHERE strategy_id IN (SELECT id FROM s)
              )
              AND v.area_id IN (
                  SELECT a.id FROM {q(area)} a
                  JOIN {q(org)} g ON g.code = a.code
                  JOIN {q(strat)} st ON st.organisation_id = g.id
                  WHERE st.id IN (SELECT id FROM s) AND a.kind = %s
              )
        ) o
    """


def _read_version(current: bool, params: list, today) -> tuple[int, str] | None:
    with connection.cursor() as cursor:
        cursor.execute(_version_sql(current), [*params, strategy_models.Organisation.AREA_KIND])
        row = cursor.fetchone()
    if row is None:
        return None
    text = f"{FORMAT}:{today.isoformat()}:{':'.join(str(v) for v in row)}"
    return row[0], hashlib.sha256(text.encode()).hexdigest()[:32]


def data_version(strategy, *, today) -> str:
    """A short text that changes whenever the live evaluation of `strategy` would change."""
    return _read_version(False, [strategy.pk], today)[1]


def current_version(*, today) -> tuple[int, str] | None:
    """The current strategy's id and `data_version`, in one query; None without a strategy."""
    return _read_version(True, [], today)


def current_with_version(*, today=None):
    """(strategy in force, its data version), or None; the strategy with its organisation is
    kept in the cache per version, so that when nothing changed this costs the one query."""
    today = today or timezone.localdate()
    found = current_version(today=today)
    if found is None:
        return None
    pk, version = found
    key = f"mittaristo:strategy:{version}"
    strategy = cache.get(key)
    if strategy is None:
        strategy = strategy_models.Strategy.objects.select_related("organisation").get(pk=pk)
        cache.set(key, strategy, TIMEOUT)
    return strategy, version


# The evaluation of the latest version this process has read, unpickled once: (version, it).
_latest: tuple = (None, None)


def cached_evaluation(strategy, *, today=None, version=None):
    """`evaluate_strategy(strategy)` (live, own area), from the cache when the data is unchanged.

    Give `version` (and the `today` it was read for) when the caller has read it already.
    The result is shared by the requests of this process (unpickling it costs milliseconds on
    every page): read it, never change it.
    """
    global _latest
    today = today or timezone.localdate()
    version = version or data_version(strategy, today=today)
    key = f"mittaristo:evaluation:{version}"
    # Only while the cache holds it: clearing the cache (after an upgrade) clears this too.
    if _latest[0] == version and cache.has_key(key):
        return _latest[1]
    evaluation = cache.get(key)
    if evaluation is None:
        evaluation = evaluate_strategy(strategy, today=today)
        cache.set(key, evaluation, TIMEOUT)
    _latest = (version, evaluation)
    return evaluation
