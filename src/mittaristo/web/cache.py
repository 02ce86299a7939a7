"""The live evaluation record of a strategy, cached until something it reads changes.

Every reader of the overview sees the same evaluation, and it costs tens of milliseconds
(docs/performance.md), so its record (monitoring/records) is made once per *data version* and
kept in Django's cache as the record's JSON (never a pickled model object: a shared cache may
hand it to another release, which reads it like a stored snapshot). The version is read in one
query and changes whenever anything the record reads changes. What it reads is stated once,
in READS below: the version's query is built from it, and a test captures the queries that
making the record runs and fails if any table they read is not in it
(tests/web/test_freshness.py):

- the strategy's current values in its own area: values are never overwritten (a revision is
  a new row, observations/models.py), so the count, largest id and sum of ids of the current
  rows change with every stored, revised or deleted value;
- the credits of fetched values (FetchRecord): only those the current values name, and a
  credit is never changed, so the values' term sees them;
- the strategy, its organisation, values, approvals, aims, groupings, goals, indicators, their
  links, targets, milestones, plans and plan goals (thresholds are on the strategy): each keeps
  its history with simple-history, and every history row renews, in the writer's transaction,
  the *data stamp* of the organisation the row is under, was under before it moved, or (a
  national series) reads it (strategy/data_stamps.py). The version reads that one stamp, so
  an edit in one organisation renews its own cached pages, not the 300 others';
- the areas (the own area is found by the organisation's code, Organisation.area): their
  count and largest id, and the own area's code and name as they are (a renamed area shows);
- the published review rounds (the overview names the latest; a published round never changes,
  so their number and the latest publication time tell);
- the date, because lateness is judged against today.

Only the live record (as known now, in the strategy's own area, without peers) is cached; an
evaluation as of a date is computed as before. A composite index's explanation reads every
area's values of its components, so it is cached apart (`cached_index`), per data version and
the version of those values. People (goal owners, responsible persons) are
neither in the record nor in the version: pages that show them read them on each request.
"""

import functools
import hashlib

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from mittaristo.core.models import Area
from mittaristo.indices import IndexDefinitionError
from mittaristo.monitoring.indices import definition_of
from mittaristo.monitoring.records import RECORD_VERSION, StrategyRecord, evaluation_record
from mittaristo.monitoring.records.index import index_record
from mittaristo.monitoring.records.schema import IndexRecord
from mittaristo.observations.models import Observation, YearlyPack
from mittaristo.reviews.models import ReviewRound
from mittaristo.sources.models import FetchRecord
from mittaristo.strategy import models as strategy_models
from mittaristo.strategy.data_stamps import OWNED_BY
from mittaristo.strategy.models import DataStamp

TIMEOUT = 24 * 60 * 60  # the date is in the version anyway
# What the live record reads, by how a change to it is seen (the freshness rule, stated once):
# a save or delete of these adds a row to its history table (simple-history), which renews the
# data stamp of the organisation it is under (strategy/data_stamps.py: OWNED_BY);
HISTORIED = list(OWNED_BY)
# rows of these are added, never changed in place, and the record reads only those that the
# current values it reads name (FetchRecord.for_source_refs): a value stored from a new fetch
# is a new row, which the values' term sees;
NAMED_BY_VALUES = [FetchRecord]
# and these have their own terms in the query: the current values of the strategy's
# indicators in its own area, the areas (the own area by content), the published rounds.
SPECIAL = [Observation, Area, ReviewRound]


def versioned_tables() -> set[str]:
    """Every table a change to which changes the data version."""
    tables = {m._meta.db_table for m in [*HISTORIED, *NAMED_BY_VALUES, *SPECIAL]}
    return tables | {m.history.model._meta.db_table for m in HISTORIED}


@functools.cache  # building it costs milliseconds (simple-history's managers), reading it none
def _version_sql(current: str) -> str:
    """The strategy's id and what its version is made of: the "given" strategy (%s), the
    "current" one `Strategy.objects.current()` finds, or the current one "of" an organisation
    (%s); no row when there is none. Only the strategy's own organisation's rows count: a
    change in another organisation leaves this one's version (and its cached pages) alone."""
    q = connection.ops.quote_name
    stamps = DataStamp._meta.db_table
    obs, ind = Observation._meta.db_table, strategy_models.Indicator._meta.db_table
    strat, org = (
        strategy_models.Strategy._meta.db_table,
        strategy_models.Organisation._meta.db_table,
    )
    area, rounds = Area._meta.db_table, ReviewRound._meta.db_table
    order = "ORDER BY horizon_end DESC, horizon_start DESC, id LIMIT 1"
    chosen = {
        "current": f"SELECT id FROM {q(strat)} {order}",
        "of": f"SELECT id FROM {q(strat)} WHERE organisation_id = %s {order}",
        "given": f"SELECT id FROM {q(strat)} WHERE id = %s",
    }[current]
    state = ReviewRound.State.PUBLISHED.value
    # The own area as Organisation.area finds it (the area of AREA_KIND with the
    # organisation's code), read once: its values count, and its code and name as they are now.
    own = f"""
        SELECT a.id, a.code || ':' || CAST(a.name AS TEXT) AS content FROM {q(area)} a
        JOIN {q(org)} g ON g.code = a.code
        JOIN {q(strat)} st ON st.organisation_id = g.id
        WHERE st.id IN (SELECT id FROM s) AND a.kind = %s
    """
    published = f"FROM {q(rounds)} r WHERE r.strategy_id = s.id AND r.state = '{state}'"
    return f"""
        WITH s AS ({chosen}), own AS ({own}),
        org AS (SELECT organisation_id AS id FROM {q(strat)} WHERE id IN (SELECT id FROM s))
        SELECT s.id, o.n, o.top, o.total,
               (SELECT stamp FROM {q(stamps)} WHERE organisation_id IN (SELECT id FROM org)),
               (SELECT COUNT(*) FROM {q(area)}), (SELECT MAX(id) FROM {q(area)}),
               (SELECT content FROM own),
               (SELECT COUNT(*) {published}), (SELECT MAX(r.published_at) {published})
        FROM s, (
            -- A bound indicator's values are its national series' (strategy/shared.py), which
            -- hold every municipality's: each indicator's own area's rows are read through
            -- the index of current values (indicator, area, …), not all the series' rows.
            SELECT COUNT(*) AS n, MAX(v.id) AS top, SUM(v.id) AS total
            FROM {q(ind)} i
            JOIN {q(obs)} v ON v.indicator_id = COALESCE(i.series_id, i.id)
            WHERE i.strategy_id IN (SELECT id FROM s)
              AND v.superseded_at IS NULL
              AND v.area_id = (SELECT id FROM own)
        ) o
    """


def _read_version(current: str, params: list, today) -> tuple[int, str] | None:
    with connection.cursor() as cursor:
        # On PostgreSQL psycopg prepares it on its fifth run on a connection
        # (settings: prepare_threshold): it is planned once, not on every page.
        cursor.execute(_version_sql(current), [*params, strategy_models.Organisation.AREA_KIND])
        row = cursor.fetchone()
    if row is None:
        return None
    text = f"{RECORD_VERSION}:{today.isoformat()}:{':'.join(str(v) for v in row)}"
    return row[0], hashlib.sha256(text.encode()).hexdigest()[:32]


def data_version(strategy, *, today) -> str:
    """A short text that changes whenever the live evaluation of `strategy` would change."""
    return _read_version("given", [strategy.pk], today)[1]


ANY = object()  # current_version's organisation: the installation's, whatever organisation


def current_version(*, today, organisation=ANY) -> tuple[int, str] | None:
    """The current strategy's id and `data_version`, in one query; None without a strategy.

    The current strategy of `organisation` (none for None), or of the installation (ANY: a
    command's, or a single organisation's)."""
    if organisation is ANY:
        return _read_version("current", [], today)
    if organisation is None:
        return None
    return _read_version("of", [organisation.pk], today)


def current_with_version(*, organisation, today=None):
    """(strategy in force of `organisation`, its data version), or None; the strategy with its
    organisation is kept in the cache per version, so that when nothing changed this costs the
    one query."""
    today = today or timezone.localdate()
    found = current_version(today=today, organisation=organisation)
    if found is None:
        return None
    pk, version = found
    return version_strategy(pk, version), version


def version_strategy(pk: int, version: str):
    """The strategy `pk` with its organisation as of `version` (current_version's), kept in
    the cache per version."""
    key = f"mittaristo:strategy:{version}"
    strategy = cache.get(key)
    if strategy is None:
        strategy = strategy_models.Strategy.objects.select_related("organisation").get(pk=pk)
        cache.set(key, strategy, TIMEOUT)
    return strategy


# The record of the latest version this process has read, parsed once: (version, record).
_latest: tuple = (None, None)


def cached_record(strategy, *, today=None, version=None) -> StrategyRecord:
    """`evaluation_record(strategy)` (live, own area), from the cache when the data is unchanged.

    Give `version` (and the `today` it was read for) when the caller has read it already.
    The cache keeps the record's JSON; the record read from it is kept by this process and
    shared by its requests (a record is frozen: nobody can change it).
    """
    global _latest
    today = today or timezone.localdate()
    version = version or data_version(strategy, today=today)
    key = f"mittaristo:record:{version}"
    # Only while the cache holds it: clearing the cache (after an upgrade) clears this too.
    if _latest[0] == version and cache.has_key(key):
        return _latest[1]
    stored = cache.get(key)
    if stored is None:
        record = evaluation_record(strategy, today=today)
        cache.set(key, record.model_dump_json(), TIMEOUT)
    else:
        record = StrategyRecord.model_validate_json(stored)
    _latest = (version, record)
    return record


def _inputs_version(indicator) -> str:
    """What the explanation of the index `indicator` reads beyond the data version: its
    components' values in every area. Each write of an indicator's values bumps its packed
    row's `version` (observations/packs.py), so their sum and count change with every stored,
    revised or deleted value of a component, in any area; one query."""
    codes = [leaf.indicator for leaf in definition_of(indicator).leaves()]
    components = strategy_models.Indicator.objects.filter(
        strategy_id=indicator.strategy_id, code__in=codes
    )
    found = YearlyPack.objects.filter(
        indicator_id__in=components.annotate(data=Coalesce("series_id", "pk")).values("data")
    ).aggregate(total=Sum("version"), n=Count("pk"))
    return f"{found['total'] or 0}.{found['n']}"


def cached_index(indicator, area, *, version) -> IndexRecord | None:
    """The live explanation of the composite index `indicator` for `area` (its rank, how firm
    it is, its components: monitoring/records/index.py), which costs about half a second for
    300 areas: kept in the cache per data `version` (the strategy, its indicators and their
    definitions, the areas) and the version of the components' values in every area."""
    if not indicator.index:
        return None
    try:
        inputs = _inputs_version(indicator)
    except IndexDefinitionError:
        return index_record(indicator, area)  # says what is wrong; costs nothing to make
    key = f"mittaristo:index:{version}:{indicator.code}:{area.key}:{inputs}"
    stored = cache.get(key)
    if stored is not None:
        return IndexRecord.model_validate_json(stored)
    record = index_record(indicator, area)
    cache.set(key, record.model_dump_json(), TIMEOUT)
    return record
