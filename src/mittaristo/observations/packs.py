"""Packed yearly totals per indicator (YearlyPack): bumping on write, rebuilding on read.

A pack holds, for one indicator, its current yearly total values of every area as fixed-width
little-endian records (area id, year, value as a float). Writers call `packs_bump` in the
transaction that changes values; a large write (a national import or fetch) also builds
them there (`packs_build`), since the writer holds the indicators' lock. `current_packs`
returns the packs of the asked indicators, first rebuilding those that are missing or behind
their version. Each version is read before
the values it stands for, so a pack is never labelled newer than its contents: a write that
lands between the two reads only makes the next reader rebuild once more.
"""

import numpy as np
from django.db import connection, transaction
from django.db.models import F

from .models import Observation, YearlyPack

RECORD = np.dtype([("area", "<i4"), ("year", "<i2"), ("value", "<f8")])


def packs_bump(indicator_ids) -> None:
    """Mark the packs of these indicators as behind: call in the transaction that writes."""
    ids = sorted({int(i) for i in indicator_ids})
    if not ids:
        return
    _ensure_rows(ids)
    YearlyPack.objects.filter(indicator_id__in=ids).update(version=F("version") + 1)


def packs_build(indicator_ids) -> None:
    """Build the packs of these indicators now, from their rows as this transaction sees them:
    for a writer holding the indicators' lock (observations_upsert) after a large write, so
    that the first reader after a national import or fetch finds them current instead of
    rebuilding every one (docs/performance.md, "National scale")."""
    ids = sorted({int(i) for i in indicator_ids})
    if not ids:
        return
    _ensure_rows(ids)
    versions = dict(
        YearlyPack.objects.filter(indicator_id__in=ids).values_list("indicator_id", "version")
    )
    _rebuild(ids, versions)


def _ensure_rows(ids) -> None:
    """A pack row for each of `ids` (an existing one is left as it is)."""
    YearlyPack.objects.bulk_create([YearlyPack(indicator_id=i) for i in ids], ignore_conflicts=True)


def current_packs(indicator_ids) -> dict[int, np.ndarray]:
    """Indicator id → its records (RECORD), current; rebuilt first where behind."""
    ids = sorted({int(i) for i in indicator_ids})
    packs, versions = {}, dict.fromkeys(ids, 0)
    for pk, version, built, data in YearlyPack.objects.filter(indicator_id__in=ids).values_list(
        "indicator_id", "version", "built_version", "data"
    ):
        versions[pk] = version
        if built == version:
            packs[pk] = np.frombuffer(bytes(data), dtype=RECORD)
    behind = [i for i in ids if i not in packs]
    if behind:
        packs |= _rebuild(behind, versions)
    return packs


def _rebuild(ids, versions) -> dict[int, np.ndarray]:
    indicator, area, year, value = read_yearly(ids)
    order = np.argsort(indicator, kind="stable")
    indicator, records = indicator[order], np.empty(order.size, dtype=RECORD)
    records["area"], records["year"], records["value"] = area[order], year[order], value[order]
    bounds = np.searchsorted(indicator, ids + [np.iinfo(np.int64).max])
    built = {pk: records[bounds[n] : bounds[n + 1]].copy() for n, pk in enumerate(ids)}
    with transaction.atomic():
        _ensure_rows(ids)
        for pk, pack in built.items():
            # Only the built fields: a writer's newer `version` must stay as it is.
            YearlyPack.objects.filter(indicator_id=pk).update(
                built_version=versions[pk], data=pack.tobytes()
            )
    return built


def read_yearly(ids, *, known=None):
    """(indicator, area, year, value) arrays of the yearly total values, one SQL query.

    `known` is an SQL condition on the rows' history (default: the current rows).
    On PostgreSQL the rows come as binary COPY, read by numpy as fixed-width records.
    """
    sql = _select(ids, known or "superseded_at IS NULL")
    if connection.vendor == "postgresql":
        return _copy_binary(sql)
    return _fetch(sql)


def _select(ids, known) -> str:
    table = Observation._meta.db_table
    return (
        f"SELECT CAST(indicator_id AS BIGINT), CAST(area_id AS BIGINT), "
        f"CAST(period AS INTEGER), CAST(value AS DOUBLE PRECISION) FROM {table} "
        f"WHERE {known} AND NOT is_deletion AND breakdown = '' AND period_kind = 'year' "
        f"AND value IS NOT NULL AND indicator_id IN ({', '.join(map(str, ids))})"
    )


# One row of PostgreSQL's binary COPY for (int8, int8, int4, float8): a field count, then each
# field's length and big-endian value.
_COPY_RECORD = np.dtype(
    [
        ("fields", ">i2"),
        ("l1", ">i4"),
        ("indicator", ">i8"),
        ("l2", ">i4"),
        ("area", ">i8"),
        ("l3", ">i4"),
        ("year", ">i4"),
        ("l4", ">i4"),
        ("value", ">f8"),
    ]
)
_HEADER, _TRAILER = 19, 2


def _copy_binary(sql):
    connection.ensure_connection()
    with (
        connection.connection.cursor() as cursor,
        cursor.copy(f"COPY ({sql}) TO STDOUT (FORMAT BINARY)") as copy,
    ):
        data = b"".join(bytes(chunk) for chunk in copy)
    count = (len(data) - _HEADER - _TRAILER) // _COPY_RECORD.itemsize
    records = np.frombuffer(data, dtype=_COPY_RECORD, count=count, offset=_HEADER)
    return (
        records["indicator"].astype(np.int64),
        records["area"].astype(np.int64),
        records["year"].astype(np.int64),
        records["value"].astype(float),
    )


def _fetch(sql):
    with connection.cursor() as cursor:
        cursor.execute(sql)
        rows = cursor.fetchall()
    if not rows:
        empty = np.array([], dtype=np.int64)
        return empty, empty, empty, np.array([], dtype=float)
    table = np.array(rows, dtype=float)
    return (
        table[:, 0].astype(np.int64),
        table[:, 1].astype(np.int64),
        table[:, 2].astype(np.int64),
        table[:, 3],
    )
