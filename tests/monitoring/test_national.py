"""The national matrix: every area's yearly values of many indicators in one query."""

import datetime as dt
import math

import pytest

from mittaristo.monitoring.national import yearly_matrix

from .test_evaluate import moment, store

pytestmark = pytest.mark.django_db


def test_matrix_rows_columns_and_gaps(minimal_strategy):
    indicator = minimal_strategy.indicators.get()
    store(
        minimal_strategy,
        {"2020": "1.5", "2022": "3", "2023Q1": "9"},
        when=moment("2024-01-01T00:00"),
    )
    store(minimal_strategy, {"2022": "4"}, when=moment("2024-06-01T00:00"))
    m = yearly_matrix([indicator.pk])
    assert len(m.keys) == 1 and m.keys[0][0] == indicator.pk
    assert m.years.tolist() == [2020, 2022]  # the quarter is not a year
    assert m.values.tolist() == [[1.5, 4.0]]
    then = yearly_matrix([indicator.pk], as_of=dt.date(2024, 3, 1))
    assert then.values.tolist() == [[1.5, 3.0]]
    assert yearly_matrix([indicator.pk], as_of=dt.date(2023, 1, 1)).values.shape == (0, 0)
    assert yearly_matrix([]).keys == []


def test_missing_years_are_nan(minimal_strategy):
    indicator = minimal_strategy.indicators.get()
    store(minimal_strategy, {"2020": "1"})
    copy = type(indicator).objects.get(pk=indicator.pk)
    copy.pk, copy.code = None, "toinen"
    copy.save()
    store(minimal_strategy, {"2021": "2"}, code="toinen")
    m = yearly_matrix([indicator.pk, copy.pk])
    assert m.years.tolist() == [2020, 2021]
    first, second = m.values.tolist()
    assert first[0] == 1 and math.isnan(first[1])
    assert math.isnan(second[0]) and second[1] == 2
