"""Yearly series of many indicators for every area at once, as one numpy matrix.

For national-scale evaluation (300 municipalities × hundreds of indicators): no model objects,
no Decimal per value. The current values come from the indicators' packs
(observations.packs: one row per indicator, rebuilt after each change); values as known on an
earlier date are read from the observation rows in one query. The pure core's batch functions
take the matrix as it is.
"""

import datetime as dt
from dataclasses import dataclass

import numpy as np

from mittaristo.core.models import Area
from mittaristo.evaluation import assess_progress_many, forecast_many
from mittaristo.observations.packs import current_packs, read_yearly
from mittaristo.strategy.shared import data_ids, readers_of

from .series import moment_of


@dataclass(frozen=True)
class YearlyMatrix:
    keys: list  # (indicator id, area id) of each row
    years: np.ndarray  # the columns: every year that has a value, ascending
    values: np.ndarray  # rows × years, NaN where there is no value


EMPTY = YearlyMatrix([], np.array([], dtype=int), np.empty((0, 0)))


def yearly_matrix(indicator_ids, *, as_of=None) -> YearlyMatrix:
    """The current (or as known on `as_of`) total yearly values of `indicator_ids`, all areas.

    A bound indicator's rows are its national series' values (strategy/shared.py), under its
    own id: the series is read once however many of `indicator_ids` read it."""
    mapping = data_ids(indicator_ids)
    if not mapping:
        return EMPTY
    matrix = _matrix(sorted(set(mapping.values())), as_of)
    if all(pk == data for pk, data in mapping.items()):
        return matrix
    return _as_readers(matrix, readers_of(mapping))


def _as_readers(matrix: YearlyMatrix, readers) -> YearlyMatrix:
    """The matrix of data ids with each row under the ids of the indicators that read it."""
    keys, rows = [], []
    for row, (data_id, area_id) in enumerate(matrix.keys):
        for indicator_id in readers.get(data_id, ()):
            keys.append((indicator_id, area_id))
            rows.append(row)
    order = sorted(range(len(keys)), key=keys.__getitem__)
    return YearlyMatrix(
        [keys[n] for n in order],
        matrix.years,
        matrix.values[np.array([rows[n] for n in order], dtype=int)].reshape(
            len(order), matrix.years.size
        ),
    )


def _matrix(ids, as_of) -> YearlyMatrix:
    if as_of is None:
        indicator, area, year, value = _from_packs(current_packs(ids))
    else:
        indicator, area, year, value = read_yearly(ids, known=_known_on(as_of))
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


def _from_packs(packs):
    """(indicator, area, year, value) arrays from the packs of `current_packs`."""
    ids = list(packs)
    records = np.concatenate([packs[i] for i in ids])
    sizes = [packs[i].size for i in ids]
    return (
        np.repeat(np.array(ids, dtype=np.int64), sizes),
        records["area"].astype(np.int64),
        records["year"].astype(np.int64),
        records["value"].astype(float),
    )


def _known_on(as_of) -> str:
    """The rows known at the moment `as_of` stands for, as SQL (COPY takes no parameters)."""
    moment = moment_of(as_of).astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    return f"recorded_at <= '{moment}' AND (superseded_at IS NULL OR superseded_at > '{moment}')"


TREND_FIELDS = [
    *("indicator", "area", "area_name", "base_year", "latest_year", "latest_value"),
    *("status", "method", "ratio", "slope", "slope_low", "slope_high", "trend_p"),
]


def national_trends(strategy, *, as_of=None) -> list[dict]:
    """Every area's trend in each of the strategy's yearly indicators, in one batch.

    The progress measure without a target (improving … worsening: the targets are the
    strategy's own area's), from the strategy's baseline year, and the Theil–Sen slope with its
    interval and the Mann–Kendall p-value. One row per indicator and area that has values.
    """
    indicators = {i.pk: i for i in strategy.indicators.all()}
    matrix = yearly_matrix(indicators, as_of=as_of)
    if not matrix.keys:
        return []
    ordered = [indicators[pk] for pk, _area in matrix.keys]
    limits = [float(i.natural_limit) if i.natural_limit is not None else np.nan for i in ordered]
    directions = [i.direction for i in ordered]
    # Targets are the organisation's own; a range indicator's band is the indicator's.
    bands = [_band(i) for i in ordered]
    progress = assess_progress_many(
        matrix.years,
        matrix.values,
        directions=directions,
        targets=[low for low, _high in bands],
        target_highs=[high for _low, high in bands],
        target_years=strategy.horizon_end,
        base_years=strategy.horizon_start - 1,
        natural_limits=limits,
    )
    trend = forecast_many(
        matrix.years,
        matrix.values,
        target_year=strategy.horizon_end,
        directions=directions,
    )
    areas = Area.objects.in_bulk({area for _pk, area in matrix.keys})
    filled = ~np.isnan(matrix.values)
    last = matrix.values.shape[1] - 1 - np.argmax(filled[:, ::-1], axis=1)
    latest = matrix.values[np.arange(len(matrix.keys)), last].tolist()
    # Columns as Python lists (NaN → None) first: indexing numpy arrays value by value is slow.
    columns = {
        "base_year": _years(progress.base_year),
        "latest_year": _years(progress.latest_year),
        "ratio": _numbers(progress.ratio),
        "slope": _numbers(trend.slope),
        "slope_low": _numbers(trend.slope_low),
        "slope_high": _numbers(trend.slope_high),
        "trend_p": _numbers(trend.trend_p),
    }
    statuses = progress.status.tolist()
    methods = progress.method.tolist()
    codes = {pk: i.code for pk, i in indicators.items()}
    names = {pk: (a.key, str(a.name)) for pk, a in areas.items()}
    rows = []
    for row, (pk, area_pk) in enumerate(matrix.keys):
        key, name = names.get(area_pk, (str(area_pk), ""))
        rows.append(
            {
                "indicator": codes[pk],
                "area": key,
                "area_name": name,
                "base_year": columns["base_year"][row],
                "latest_year": columns["latest_year"][row],
                "latest_value": latest[row],
                "status": statuses[row],
                "method": methods[row],
                "ratio": columns["ratio"][row],
                "slope": columns["slope"][row],
                "slope_low": columns["slope_low"][row],
                "slope_high": columns["slope_high"][row],
                "trend_p": columns["trend_p"][row],
            }
        )
    rows.sort(key=lambda r: (r["indicator"], r["area"]))
    return rows


def _band(indicator) -> tuple[float, float]:
    """A range indicator's own band (low, high) (Indicator.target_level without a target: the
    organisation's targets are not the country's); NaN for every other indicator."""
    level, _year = indicator.target_level(None)
    if not isinstance(level, tuple):
        return np.nan, np.nan
    return float(level[0]), float(level[1])


def _numbers(array) -> list:
    return [None if v != v else v for v in np.asarray(array, dtype=float).tolist()]


def _years(array) -> list:
    return [None if v != v else int(v) for v in np.asarray(array, dtype=float).tolist()]
