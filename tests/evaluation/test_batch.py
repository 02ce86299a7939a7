"""The batch functions give the same numbers as the one-series functions, row by row.

Random series (seeded) with gaps in the years, missing values, ties, constant rows, rows of one
sign or both, zeros, and rows with too few points; every field is compared.
"""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mittaristo.evaluation import (
    Forecast,
    ForecastReason,
    assess_progress,
    assess_progress_many,
    forecast,
    forecast_many,
)
from mittaristo.evaluation.arrays import direction_signs
from mittaristo.evaluation.forecast_batch import REASONS

YEARS = np.array([2005, 2006, 2008, 2009, 2010, 2011, 2013, 2014, 2015, 2016, 2017, 2019, 2020])
FIELDS = [name for name in Forecast.__dataclass_fields__ if name not in ("reason", "n")]


def _missing(value):
    return None if np.isnan(value) else float(value)


def _random_matrix(rng, rows):
    trend = rng.normal(0, 2, (rows, 1)) * (YEARS - 2005)
    matrix = rng.normal(100, 10, (rows, YEARS.size)) + trend
    quarter = rows // 4
    matrix[:quarter] = np.round(matrix[:quarter] / 5) * 5  # many ties
    matrix[quarter : quarter + 20] = 7.0  # constant
    matrix[quarter + 20 : quarter + 40] = np.nan  # empty
    matrix[quarter + 40 : 2 * quarter] -= 100  # both signs
    matrix[2 * quarter : 2 * quarter + 30, :3] = 0  # a zero base
    matrix[3 * quarter :] *= -1  # negative
    matrix[rng.random(matrix.shape) < rng.random((rows, 1)) * 0.9] = np.nan  # up to 90 % missing
    return matrix


def _equal(expected, got, scale=1.0):
    if expected is None:
        return np.isnan(got)
    return math.isclose(expected, got, rel_tol=1e-9, abs_tol=1e-9 * scale)


def test_forecast_many_equals_forecast_row_by_row():
    rng = np.random.default_rng(20260101)
    rows = 1200
    matrix = _random_matrix(rng, rows)
    targets = rng.normal(100, 60, rows) * np.where(np.arange(rows) >= 900, -1, 1)
    targets[rng.random(rows) < 0.2] = np.nan
    target_years = rng.choice([2012, 2025, 2030, 2040], rows)
    directions = rng.choice(["higher", "lower", "range"], rows)
    # A band's high edge, some below its low edge (the same band) and some missing.
    highs = targets + rng.normal(30, 40, rows)
    highs[rng.random(rows) < 0.1] = np.nan
    # Rounded rows, some on a line to their rounding: 0.1 a year plus a little noise.
    matrix[-100:] = np.round(5 + 0.1 * (YEARS - 2005) + rng.normal(0, 0.03, (100, 1)), 1)
    many = forecast_many(
        YEARS,
        matrix,
        target_year=target_years,
        targets=targets,
        target_highs=highs,
        directions=directions,
    )
    compared = 0
    for r in range(rows):
        target = _missing(targets[r])
        if directions[r] == "range":
            target = (target, _missing(highs[r]))
        one = forecast(
            YEARS,
            [_missing(v) for v in matrix[r]],
            target_year=int(target_years[r]),
            target=target,
            direction=directions[r],
        )
        assert one.n == many.n[r]
        assert one.reason == many.reason(r), r
        for name in FIELDS:
            expected, got = getattr(one, name), getattr(many, name)[r]
            if name == "projection_class":
                assert (expected or "") == got, (r, name)
            else:
                assert _equal(expected, got), (r, name, expected, got)
                compared += expected is not None
    assert compared > rows * 5  # most of the fields were numbers, not only None on both sides
    assert set(many.projection_class) == {"", "reaches", "near", "misses", "wrong_direction"}
    # Every reason occurred, except an overflow and a missing target year (every row has one).
    seen = {reason for r in range(rows) for reason in many.reason(r).split("; ")}
    assert seen - {""} == set(REASONS) - {ForecastReason.OVERFLOW, ForecastReason.NO_TARGET_YEAR}


def test_assess_progress_many_equals_assess_progress_row_by_row():
    rng = np.random.default_rng(20260102)
    rows = 3000
    matrix = _random_matrix(rng, rows)
    targets = rng.normal(120, 40, rows)
    targets[rng.random(rows) < 0.3] = np.nan
    targets[:50] *= -1
    targets[50:60] = 0
    target_years = rng.choice([2007.0, 2025, 2030, np.nan], rows)
    base_years = rng.choice([np.nan, 2008, 2012], rows)
    limits = rng.choice([np.nan, 150, 300], rows)
    directions = rng.choice(["higher", "lower", "range"], rows)
    highs = targets + rng.normal(20, 20, rows)  # a band's upper edge (sorted when below)
    highs[rng.random(rows) < 0.05] = np.nan
    many = assess_progress_many(
        YEARS,
        matrix,
        directions=directions,
        targets=targets,
        target_highs=highs,
        target_years=target_years,
        base_years=base_years,
        natural_limits=limits,
    )
    for r in range(rows):
        one = assess_progress(
            YEARS,
            [_missing(v) for v in matrix[r]],
            direction=directions[r],
            target=(
                (_missing(targets[r]), _missing(highs[r]))
                if directions[r] == "range"
                else _missing(targets[r])
            ),
            target_year=None if np.isnan(target_years[r]) else int(target_years[r]),
            base_year=None if np.isnan(base_years[r]) else int(base_years[r]),
            natural_limit=_missing(limits[r]),
        )
        assert one.status == many.status[r], r
        assert _equal(one.ratio, many.ratio[r]), r
        assert _equal(one.base_year, many.base_year[r]), r
        assert _equal(one.latest_year, many.latest_year[r]), r
        assert one.method == many.method[r], r
    assert len(set(many.status)) == 10  # every status occurred
    assert set(many.method) == {"", "growth_rate", "linear"}


def test_scalars_apply_to_every_row_and_signed_directions_work():
    matrix = [[1, 2, 3, 4], [4, 3, 2, 1]]
    many = forecast_many([2001, 2002, 2003, 2004], matrix, target_year=2010, targets=5,
                         directions=[1, -1])  # fmt: skip
    # Row 1 rises 1/yr: 4 + 6 = 10 by 2010, past 5; row 2 (lower is better) is already at 1 ≤ 5.
    assert list(many.slope) == [1, -1]
    assert list(many.projection_class) == ["reaches", "reaches"]
    progress = assess_progress_many([2001, 2002, 2003, 2004], matrix, directions="higher")
    assert list(progress.status) == ["improving", "worsening"]


def test_a_range_direction_has_no_sign_of_its_own():
    # Which way is better in a band depends on the side a value is on: 0, never "higher".
    assert list(direction_signs(["higher", "lower", "range"], 3)) == [1, -1, 0]
    assert list(direction_signs([2.5, -1, 0], 3)) == [1, -1, 0]
    assert list(direction_signs("range", 2)) == [0, 0]
    with pytest.raises(ValueError):
        direction_signs(["sideways"], 1)


def test_range_rows_take_their_high_edge_from_target_highs():
    # 100..105 over 2015..2020: 115 in 2030 (see the scalar cases in test_forecast.py).
    # Row 0: band 120–130, below it: misses (120 − 115)/(120 − 105) = 1/3.
    # Row 1: band 95–113, inside it: leaves by 2 of a width of 18 = 0.111, near.
    # Row 2: "higher" with target 120 ignores its high edge: also 1/3, misses.
    # Row 3: a range without a high edge has no target.
    years = range(2015, 2021)
    values = [100, 101, 102, 103, 104, 105]
    many = forecast_many(
        years,
        [values] * 4,
        target_year=2030,
        targets=[120, 95, 120, 120],
        target_highs=[130, 113, 10, None],
        directions=["range", "range", "higher", "range"],
    )
    assert list(many.projection_class) == ["misses", "near", "misses", ""]
    assert many.projection_miss[:3] == pytest.approx([1 / 3, 2 / 18, 1 / 3])
    assert many.reason(3).startswith(ForecastReason.NO_TARGET)
    # One high edge for every row.
    one = forecast_many(years, [values], target_year=2030, targets=95, target_highs=113,
                        directions="range")  # fmt: skip
    assert one.projection_miss[0] == pytest.approx(2 / 18)


def test_columns_must_be_distinct_years():
    with pytest.raises(ValueError, match="distinct"):
        forecast_many([2001, 2001], [[1, 2]], target_year=2010)
    with pytest.raises(ValueError, match="one column per year"):
        assess_progress_many([2001, 2002], [[1, 2, 3]], directions="higher")


small = st.one_of(st.none(), st.just(float("nan")), st.integers(-3, 3), st.floats(-1e6, 1e6))


@given(
    rows=st.lists(st.lists(small, min_size=7, max_size=7), min_size=1, max_size=6),
    target=st.one_of(st.none(), st.integers(-3, 3), st.floats(-1e6, 1e6)),
    target_year=st.sampled_from([2003, 2012, 2030]),
    direction=st.sampled_from(["higher", "lower", "range"]),
    high=st.one_of(st.none(), st.integers(-3, 3), st.floats(-1e6, 1e6)),
)
@settings(max_examples=300, deadline=None)
def test_any_small_matrix_gives_what_the_one_series_functions_give(
    rows, target, target_year, direction, high
):
    years = [2001, 2002, 2004, 2005, 2006, 2008, 2009]
    matrix = np.array([[np.nan if v is None else v for v in row] for row in rows], dtype=float)
    many = forecast_many(years, matrix, target_year=target_year, targets=target,
                         target_highs=high, directions=direction)  # fmt: skip
    if direction != "range":
        progress = assess_progress_many(years, matrix, directions=direction, targets=target,
                                        target_years=target_year)  # fmt: skip
    band = (target, high) if direction == "range" else target
    for r, row in enumerate(rows):
        one = forecast(years, row, target_year=target_year, target=band, direction=direction)
        assert one.reason == many.reason(r)
        scale = np.nanmax(np.abs(np.append(matrix[r], 1.0)))
        for name in FIELDS:
            expected, got = getattr(one, name), getattr(many, name)[r]
            if name == "projection_class":
                assert (expected or "") == got, (r, name)
            else:
                assert _equal(expected, got, scale), (r, name, expected, got)
        if direction == "range":
            continue  # the lead's part: assess_progress of a band
        p = assess_progress(years, row, direction=direction, target=target,
                            target_year=target_year)  # fmt: skip
        assert p.status == progress.status[r]
        assert _equal(p.ratio, progress.ratio[r])


def test_decimals_and_none_are_read_as_numbers_and_gaps():
    # Stored values are decimals; the core reads them as floats, None as missing.
    from decimal import Decimal

    matrix = [[Decimal("1.5"), None, Decimal("3.5"), Decimal("4.5")]]
    many = forecast_many([2001, 2002, 2003, 2004], matrix, target_year=2010, targets=Decimal(9))
    one = forecast([2001, 2002, 2003, 2004], matrix[0], target_year=2010, target=Decimal(9),
                   direction="higher")  # fmt: skip
    # Points (2001, 1.5), (2003, 3.5), (2004, 4.5): every slope is 1; 4.5 + 6 = 10.5 in 2010.
    assert many.n[0] == one.n == 3
    assert many.slope[0] == one.slope == 1
    assert many.value[0] == pytest.approx(10.5) and one.value == pytest.approx(10.5)


def test_a_row_comes_back_as_the_forecast_of_that_series():
    years, values = [2015, 2016, 2017, 2018, 2019, 2020], [100, 101, 102, 103, 104, 105]
    many = forecast_many(years, [values, [1, None, None, None, None, 2]], target_year=2030,
                         targets=[116, None], directions="higher")  # fmt: skip
    one = forecast(years, values, target_year=2030, target=116, direction="higher")
    row = many.row(0)
    assert row.projection_class == one.projection_class == "near"
    assert (row.projection, row.projection_miss) == pytest.approx((115, 1 / 11))
    assert row.reason == one.reason != ""  # a straight line: no interval, and why
    assert (
        many.row(1).probability is None
        and many.row(1).reason
        == forecast([2015, 2020], [1, 2], target_year=2030, direction="higher").reason
    )
