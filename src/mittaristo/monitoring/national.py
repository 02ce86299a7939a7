"""Yearly series of many indicators for every area at once, as one numpy matrix.

For national-scale evaluation (300 municipalities × hundreds of indicators): one SQL query,
no model objects, no Decimal per value. On PostgreSQL the rows come as binary COPY, which
numpy reads as fixed-width records; on SQLite as ordinary rows. Reading 1.8 million values
still takes seconds (docs/performance.md): psycopg handles each row's message in Python.
The pure core's batch functions take the matrix as it is.
"""

import datetime as dt
from dataclasses import dataclass

import numpy as np
from django.db import connection

from mittaristo.observations.models import Observation

from .series import moment_of

# One row of PostgreSQL's binary COPY for (int8, int8, int4, float8): a field count, then each
# field's length and big-endian value.
_RECORD = np.dtype(
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


@dataclass(frozen=True)
class YearlyMatrix:
    keys: list  # (indicator id, area id) of each row
    years: np.ndarray  # the columns: every year that has a value, ascending
    values: np.ndarray  # rows × years, NaN where there is no value


EMPTY = YearlyMatrix([], np.array([], dtype=int), np.empty((0, 0)))


def yearly_matrix(indicator_ids, *, as_of=None) -> YearlyMatrix:
    """The current (or as known on `as_of`) total yearly values of `indicator_ids`, all areas."""
    ids = sorted({int(i) for i in indicator_ids})
    if not ids:
        return EMPTY
    sql = _select(ids, as_of)
    if connection.vendor == "postgresql":
        indicator, area, year, value = _copy_binary(sql)
    else:
        indicator, area, year, value = _fetch(sql)
    if indicator.size == 0:
        return EMPTY
    # Rows by (indicator, area), found by sorting one integer key in numpy: sorting in the
    # database cost more than the whole of this.
    series, row_of = np.unique((indicator << 32) | area, return_inverse=True)
    columns, column_of = np.unique(year, return_inverse=True)
    matrix = np.full((series.size, columns.size), np.nan)
    matrix[row_of, column_of] = value
    keys = list(zip((series >> 32).tolist(), (series & 0xFFFFFFFF).tolist(), strict=True))
    return YearlyMatrix(keys, columns, matrix)


def _select(ids, as_of) -> str:
    """The query, with its values written in (COPY takes no parameters): ints and a timestamp."""
    table = Observation._meta.db_table
    if as_of is None:
        known = "superseded_at IS NULL"
    else:
        moment = moment_of(as_of).astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
        known = (
            f"recorded_at <= '{moment}' AND (superseded_at IS NULL OR superseded_at > '{moment}')"
        )
    year = "CAST(period AS INTEGER)"
    return (
        f"SELECT CAST(indicator_id AS BIGINT), CAST(area_id AS BIGINT), {year}, "
        f"CAST(value AS DOUBLE PRECISION) FROM {table} "
        f"WHERE {known} AND NOT is_deletion AND breakdown = '' AND period_kind = 'year' "
        f"AND value IS NOT NULL AND indicator_id IN ({', '.join(map(str, ids))})"
    )


def _copy_binary(sql):
    connection.ensure_connection()
    chunks = []
    with (
        connection.connection.cursor() as cursor,
        cursor.copy(f"COPY ({sql}) TO STDOUT (FORMAT BINARY)") as copy,
    ):
        chunks.extend(bytes(chunk) for chunk in copy)
    data = b"".join(chunks)
    count = (len(data) - _HEADER - _TRAILER) // _RECORD.itemsize
    records = np.frombuffer(data, dtype=_RECORD, count=count, offset=_HEADER)
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
