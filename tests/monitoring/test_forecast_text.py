"""The forecast line: never an interval of no width, never 0 % or 100 %, and words where the
uncertainty cannot be estimated; snapshots published before this still read."""

import pytest
from django.utils import translation

from mittaristo.monitoring.forecast_text import forecast_line
from mittaristo.monitoring.records.schema import ForecastRecord
from mittaristo.monitoring.records.upgrade import _forecast_from_1


def record(**fields):
    start = {"year": 2030, "value": 12.7, "low": -4.14641, "high": 29.54641, "from_year": 2024}
    return ForecastRecord(**(start | {"from_value": 10.0} | fields))


def test_a_forecast_with_its_interval_and_chance():
    line = forecast_line(record(probability=0.719143, uncertainty=None))
    assert (
        line
        == "Forecast 2030: 12.7 (95 % interval −4.15–29.5); chance of reaching the target 72 %."
    )
    with translation.override("fi"):
        assert forecast_line(record(probability=0.719143)) == (
            "Ennuste 2030: 12,7 (95 %:n väli −4,15–29,5); todennäköisyys saavuttaa tavoite 72 %."
        )


@pytest.mark.parametrize(
    ("probability", "said"),
    [
        (0.001, "under 1 %"),
        (0.0049, "under 1 %"),  # 0.49 % would round to 0 %
        (0.006, "1 %"),
        (0.994, "99 %"),
        (0.996, "over 99 %"),  # 99.6 % would round to 100 %
        (0.999, "over 99 %"),
        (1.0, "over 99 %"),  # an old snapshot's certainty is not repeated
        (0.0, "under 1 %"),
    ],
)
def test_a_chance_is_never_0_or_100_per_cent(probability, said):
    assert forecast_line(record(probability=probability)).endswith(
        f"chance of reaching the target {said}."
    )


def test_the_ends_get_the_digits_that_tell_them_apart():
    # 8.4012 and 8.4038 are both 8.40 to three significant figures: four show them apart,
    # and the forecast to as many.
    line = forecast_line(record(value=8.4026, low=8.4012, high=8.4038))
    assert line == "Forecast 2030: 8.403 (95 % interval 8.401–8.404)."
    # Three are enough for 8.4012 and 8.4098.
    line = forecast_line(record(value=8.4055, low=8.4012, high=8.4098))
    assert line == "Forecast 2030: 8.41 (95 % interval 8.4–8.41)."
    # 6,319.1 and 6,319.4 are both 6,319 as whole numbers: one decimal tells them apart.
    line = forecast_line(record(value=6319.26, low=6319.1, high=6319.4))
    assert line == "Forecast 2030: 6,319.3 (95 % interval 6,319.1–6,319.4)."


def test_words_where_the_uncertainty_cannot_be_estimated():
    few = record(value=-45.4, low=None, high=None, probability=None, uncertainty="too_few")
    assert forecast_line(few) == (
        "Forecast 2030: −45.4; the uncertainty cannot be estimated from the data: too few values."
    )
    line = record(value=8.4, low=None, high=None, probability=None, uncertainty="straight_line")
    assert forecast_line(line) == (
        "Forecast 2030: 8.4; the uncertainty cannot be estimated from the data: "
        "the values lie on a straight line."
    )
    unknown = record(low=None, high=None, probability=None, uncertainty="unknown")
    assert forecast_line(unknown) == (
        "Forecast 2030: 12.7; the uncertainty cannot be estimated from the data."
    )
    with translation.override("sv"):
        assert forecast_line(few) == (
            "Prognos 2030: −45,4; osäkerheten kan inte uppskattas utifrån uppgifterna: "
            "för få värden."
        )


def test_snapshots_published_before_read_as_they_were_made():
    """Version 1 of the record had no "uncertainty" key; its upgrader reads it as it was made."""

    def upgraded(old):
        values = [{"period": "2024", "value": "10"}]
        _forecast_from_1(old, values)
        return ForecastRecord(**old)

    # No interval: there were fewer than three values.
    old = {"year": 2030, "value": -45.4, "low": None, "high": None, "probability": None}
    assert forecast_line(upgraded(old)).endswith("too few values.")
    # An interval of no width and a certain chance: a straight line, whose certainty and
    # "8.4–8.4" are not repeated.
    old = {"year": 2030, "value": 8.4, "low": 8.4, "high": 8.4, "probability": 1.0}
    assert forecast_line(upgraded(old)) == (
        "Forecast 2030: 8.4; the uncertainty cannot be estimated from the data: "
        "the values lie on a straight line."
    )
