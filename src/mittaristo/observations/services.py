"""Storing observations: the one upsert every path goes through (forms, files, data sources).

It compares each incoming value with the current one: new values are inserted, changed ones
replace the current row (which is kept, marked superseded), unchanged ones are left alone, so
storing the same values twice changes nothing. The whole call is one transaction, and it costs
a fixed number of queries per batch, not per row (PostgreSQL gets COPY for the inserts).

Two writers of the same indicator at once (two imports of one file, an import and a fetch)
would both read the current values, both insert, and the second would end in the database's
unique constraint. So every writer first holds its indicators (`indicators_lock`) for the rest
of its transaction: the second waits for the first, then reads what the first stored; if the
first takes longer than IMPORT_LOCK_WAIT seconds, the second gives up with `StoreBusy`.
"""

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mittaristo.core.periods import Period
from mittaristo.strategy.models import Indicator

from .models import Observation
from .packs import packs_build, packs_bump

BATCH = 5000
# A write of at least this many rows builds its indicators' packs itself (observations/packs.py):
# a national import or fetch, after which every reader would otherwise rebuild them. A smaller
# write leaves its indicators' packs to their next reader (one pack, milliseconds).
PACK_BUILD_ROWS = 1000


class StoreBusy(Exception):
    """Another transaction is storing values of the same indicators: nothing was stored."""

    def __init__(self):
        super().__init__(_("another import of these indicators is being stored; try again"))


def indicators_lock(indicator_ids) -> None:
    """Hold these indicators' values for the rest of the transaction, or raise StoreBusy.

    PostgreSQL: a row lock on each indicator (FOR NO KEY UPDATE, in id order so two writers
    cannot deadlock), waiting at most IMPORT_LOCK_WAIT seconds. The lock does not keep anyone
    from reading the indicator or its values. SQLite lets one writer at a time anyway (a
    second one waits, then fails with "database is locked", which the callers report alike).
    """
    ids = sorted(set(indicator_ids))
    if ids:
        rows_lock(Indicator.objects.filter(pk__in=ids))


def rows_lock(queryset) -> None:
    """Hold these rows (FOR NO KEY UPDATE, in id order) for the rest of the transaction,
    waiting at most IMPORT_LOCK_WAIT seconds, or raise StoreBusy: the lock of every writer
    that must not overlap another (indicators' values, an organisation's investment register).
    Nothing on SQLite, which has one writer at a time anyway."""
    if connection.vendor != "postgresql":
        return
    if not connection.in_atomic_block:
        raise RuntimeError("rows_lock holds its lock until the transaction ends: use one")
    wait = f"{max(1, round(settings.IMPORT_LOCK_WAIT * 1000))}ms"
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('lock_timeout')")
        (before,) = cursor.fetchone()
        cursor.execute("SELECT set_config('lock_timeout', %s, true)", [wait])
        try:
            with transaction.atomic():  # a savepoint: the lock error leaves the caller usable
                list(
                    queryset.select_for_update(no_key=True)
                    .order_by("pk")
                    .values_list("pk", flat=True)
                )
        except OperationalError as error:
            if getattr(getattr(error, "__cause__", None), "sqlstate", None) == "55P03":
                raise StoreBusy() from error  # lock_not_available
            raise
        finally:
            cursor.execute("SELECT set_config('lock_timeout', %s, true)", [before])


def is_busy_error(error: OperationalError) -> bool:
    """SQLite's answer to a second writer: the database is locked by the first."""
    return connection.vendor == "sqlite" and "locked" in str(error)


@dataclass(slots=True)  # not frozen: frozen dataclasses are slow to build by the million
class ObservationRow:
    """One incoming value, already checked and resolved to database ids."""

    indicator_id: int
    area_id: int
    period: Period
    value: Decimal
    breakdown: str = ""
    status: str = Observation.Status.FINAL
    note: str = ""
    vintage: dt.date | None = None
    is_example: bool = False

    @property
    def key(self) -> tuple:
        return (self.indicator_id, self.area_id, self.period.code, self.breakdown)


@dataclass
class UpsertReport:
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    late: int = 0
    per_indicator: Counter = field(default_factory=Counter)  # (indicator_id, outcome) → count

    @property
    def has_changes(self) -> bool:
        return bool(self.created or self.changed)


@transaction.atomic
def observations_upsert(
    *,
    rows: list[ObservationRow],
    source_kind: str,
    source_ref: str = "",
    user=None,
    dry_run: bool = False,
    when: dt.datetime | None = None,
    current: dict | None = None,
) -> UpsertReport:
    """Store rows as the current values; keep what they replace. See the module docstring.

    `current` is `current_values` of the rows' indicators when the caller has already read
    it in the same transaction (the file import, to list old → new first), so as not to read
    a national table twice; it must then have called `indicators_lock` before reading it.
    Raises StoreBusy when another writer holds these indicators too long.
    """
    when = when or timezone.now()
    report = UpsertReport()
    _refuse_shared({row.indicator_id for row in rows})
    if not dry_run:
        # Held already when the caller read `current` (it must have): taking it again is free.
        indicators_lock({row.indicator_id for row in rows})
    if current is None:
        current = current_values({row.indicator_id for row in rows})
    latest_start = {}
    for (indicator, area, _period, breakdown), (
        _id,
        _value,
        _status,
        _note,
        start,
    ) in current.items():
        series = (indicator, area, breakdown)
        latest_start[series] = max(start, latest_start.get(series, start))
    inserts, superseded = [], []
    for row in rows:
        existing = current.get(row.key)
        if existing is None:
            late = row.period.start < latest_start.get(row.key[:2] + row.key[3:], row.period.start)
            inserts.append((row, late))
            report.created += 1
            report.late += late
            report.per_indicator[(row.indicator_id, "created")] += 1
        elif (existing[1], existing[2], existing[3]) != (row.value, row.status, row.note):
            superseded.append(existing[0])
            inserts.append((row, False))
            report.changed += 1
            report.per_indicator[(row.indicator_id, "changed")] += 1
        else:
            report.unchanged += 1
            report.per_indicator[(row.indicator_id, "unchanged")] += 1
    if dry_run:
        return report
    for start in range(0, len(superseded), BATCH):
        ids = superseded[start : start + BATCH]
        Observation.objects.filter(id__in=ids).update(superseded_at=when)
    _insert(inserts, source_kind, source_ref, user, when)
    written = {row.indicator_id for row, _late in inserts}
    packs_bump(written)
    if len(inserts) >= PACK_BUILD_ROWS:
        packs_build(written)
    return report


def _refuse_shared(indicator_ids) -> None:
    """A bound indicator's values are its national series' (strategy/shared.py): every writer
    refuses it before it comes here (Indicator.editable_by, the import's problems), and a
    writer that did not would hide a value from its organisation and no one would see it."""
    shared = Indicator.objects.filter(pk__in=indicator_ids, series__isnull=False)
    codes = sorted(shared.values_list("code", flat=True)[:5])
    if codes:
        raise ValueError(f"values of {codes} are read from their national series: not stored")


def current_values(indicator_ids) -> dict:
    """Key → (id, value, status, note, period_start) of the current rows of these indicators."""
    rows = (
        Observation.objects.filter(indicator_id__in=indicator_ids, superseded_at__isnull=True)
        .values_list(
            "indicator_id",
            "area_id",
            "period",
            "breakdown",
            "id",
            "value",
            "status",
            "note",
            "period_start",
            "is_deletion",
        )
        .iterator(chunk_size=20000)
    )
    result = {}
    for indicator, area, period, breakdown, pk, value, status, note, start, deleted in rows:
        # A deletion marker is current but has no value: a new value for it counts as changed.
        result[(indicator, area, period, breakdown)] = (
            pk,
            None if deleted else value,
            status,
            note,
            start,
        )
    return result


COLUMNS = [
    "indicator_id",
    "area_id",
    "period",
    "period_kind",
    "period_start",
    "breakdown",
    "value",
    "status",
    "note",
    "vintage",
    "is_late",
    "is_deletion",
    "is_example",
    "source_kind",
    "source_ref",
    "recorded_at",
    "recorded_by_id",
    "superseded_at",
]


def _insert(inserts, source_kind, source_ref, user, when):
    user_id = user.pk if user is not None else None
    if connection.vendor == "postgresql":
        _copy(inserts, source_kind, source_ref, user_id, when)
        return
    batch = []
    for row, late in inserts:
        batch.append(
            Observation(
                indicator_id=row.indicator_id,
                area_id=row.area_id,
                period=row.period.code,
                period_kind=str(row.period.kind),
                period_start=row.period.start,
                breakdown=row.breakdown,
                value=row.value,
                status=row.status,
                note=row.note,
                vintage=row.vintage,
                is_late=late,
                is_deletion=False,
                is_example=row.is_example,
                source_kind=source_kind,
                source_ref=source_ref,
                recorded_at=when,
                recorded_by_id=user_id,
                superseded_at=None,
            )
        )
        if len(batch) >= BATCH:
            Observation.objects.bulk_create(batch)
            batch = []
    Observation.objects.bulk_create(batch)


def _copy(inserts, source_kind, source_ref, user_id, when) -> None:
    """PostgreSQL's COPY, fed with text lines in large chunks (much faster than row by row).

    The columns are in COLUMNS order; what is the same for every row is formatted once.
    """
    table = Observation._meta.db_table
    sql = f"COPY {table} ({', '.join(COLUMNS)}) FROM STDIN"
    tail = "\t".join(
        _copy_text(v) for v in (source_kind, source_ref, when.isoformat(), user_id, None)
    )
    flag = {True: "t", False: "f"}
    with connection.cursor() as cursor, cursor.connection.cursor().copy(sql) as copy:
        lines = []
        for row, late in inserts:
            period = row.period
            lines.append(
                f"{row.indicator_id}\t{row.area_id}\t{_copy_text(period.code)}\t{period.kind}"
                f"\t{period.start}\t{_copy_text(row.breakdown)}\t{row.value}\t{row.status}"
                f"\t{_copy_text(row.note)}\t{_copy_text(row.vintage)}\t{flag[late]}\tf"
                f"\t{flag[row.is_example]}\t{tail}"
            )
            if len(lines) >= BATCH:
                copy.write("\n".join(lines) + "\n")
                lines = []
        if lines:
            copy.write("\n".join(lines) + "\n")


_NEEDS_ESCAPE = re.compile(r"[\\\t\n\r]")


def _copy_text(value) -> str:
    """One value in COPY's text format: \\N for NULL, escaped backslash, tab and newline."""
    if value is None:
        return "\\N"
    if value is True or value is False:
        return "t" if value else "f"
    if isinstance(value, str):
        return (
            value.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    return str(value)


@transaction.atomic
def observation_delete(*, observation: Observation, user=None, reason: str = "") -> Observation:
    """Delete a current value as a recorded act: the old row stays, a deletion becomes current."""
    when = timezone.now()
    indicators_lock([observation.indicator_id])
    Observation.objects.filter(pk=observation.pk, superseded_at__isnull=True).update(
        superseded_at=when
    )
    packs_bump([observation.indicator_id])
    return Observation.objects.create(
        indicator_id=observation.indicator_id,
        area_id=observation.area_id,
        period=observation.period,
        period_kind=observation.period_kind,
        period_start=observation.period_start,
        breakdown=observation.breakdown,
        value=None,
        status=observation.status,
        note=reason,
        is_deletion=True,
        source_kind=Observation.SourceKind.MANUAL,
        source_ref="delete",
        recorded_at=when,
        recorded_by=user,
    )
