"""Evaluating a stored strategy: statuses, roll-up, data age, as-of, through the database.

The small test strategy (tests/strategy/fixtures/minimal.yaml): indicator "mittari", higher is
better, target 6 200 in 2030 from the baseline 6 000 in 2021; goal T1 has it, goal T2 has none.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mittaristo.core.periods import parse_period
from mittaristo.evaluation import Status
from mittaristo.monitoring.evaluator import evaluate_strategy
from mittaristo.observations.services import ObservationRow, observations_upsert
from mittaristo.strategy.models import Target

pytestmark = pytest.mark.django_db


def store(strategy, values, *, when=None, code="mittari"):
    indicator = strategy.indicators.get(code=code)
    area = strategy.organisation.get_or_create_area()
    rows = [
        ObservationRow(indicator.pk, area.pk, parse_period(period), Decimal(value))
        for period, value in values.items()
    ]
    return observations_upsert(rows=rows, source_kind="manual", when=when)


def moment(text):
    return timezone.make_aware(dt.datetime.fromisoformat(text))


def test_status_and_roll_up_from_stored_values(minimal_strategy):
    store(minimal_strategy, {"2022": "6030", "2023": "6060"})
    result = evaluate_strategy(minimal_strategy, today=dt.date(2024, 6, 1))
    mittari = result.indicators[minimal_strategy.indicators.get(code="mittari").pk]
    # Base: the target's baseline 2021 = 6 000 (not in the data, so it stands in).
    # obs = (6060/6000)^(1/2) − 1 = 0.0049876; req = (6200/6000)^(1/9) − 1 = 0.0036500;
    # R = 1.36647 → on track.
    assert mittari.status == Status.ON_TRACK
    assert mittari.progress.ratio == pytest.approx(1.36647, abs=1e-5)
    assert (mittari.progress.base_year, mittari.progress.latest_year) == (2021, 2023)
    goals = {g.part.code: g for g in result.goals}
    assert goals["T1"].status == Status.ON_TRACK
    assert goals["T2"].status == Status.NO_DATA and goals["T2"].rollup.total == 0
    # The aim: on_track and no_data → on_track; the strategy the same.
    assert result.aims[0].status == Status.ON_TRACK
    assert result.rollup.status == Status.ON_TRACK
    # 2023 ends 31.12.2023; 2024's value is due 270 days after 31.12.2024 = 27.9.2025.
    assert mittari.due == dt.date(2025, 9, 27) and not mittari.late


def test_a_late_series_keeps_its_status(minimal_strategy):
    store(minimal_strategy, {"2022": "6030", "2023": "6060"})
    result = evaluate_strategy(minimal_strategy, today=dt.date(2025, 9, 28))
    mittari = result.indicators[minimal_strategy.indicators.get(code="mittari").pk]
    assert mittari.late and mittari.status == Status.ON_TRACK


def test_no_values_is_no_data_never_off_track(minimal_strategy):
    result = evaluate_strategy(minimal_strategy, today=dt.date(2024, 6, 1))
    (mittari,) = result.indicators.values()
    assert mittari.status == Status.NO_DATA and not mittari.late
    assert mittari.sentence() == "Mittari has no values yet."


def test_as_of_a_date_reads_values_and_targets_as_they_stood(minimal_strategy):
    store(minimal_strategy, {"2022": "6030", "2023": "6060"}, when=moment("2024-03-01T12:00"))
    # Revised on 1.6.2024: 2023 was 5 990. obs = (5990/6000)^(1/2) − 1 = −0.000834 → moving away.
    store(minimal_strategy, {"2023": "5990"}, when=moment("2024-06-01T12:00"))
    target = Target.objects.get()
    target.value = Decimal("6500")
    target.save()
    Target.history.filter(history_type="~").update(history_date=moment("2024-06-01T12:00"))
    Target.history.filter(history_type="+").update(history_date=moment("2024-01-01T12:00"))

    then = evaluate_strategy(minimal_strategy, as_of=dt.date(2024, 4, 1))
    (mittari,) = then.indicators.values()
    assert mittari.status == Status.ON_TRACK and mittari.target.value == Decimal("6200")
    now = evaluate_strategy(minimal_strategy)
    (mittari,) = now.indicators.values()
    assert mittari.status == Status.MOVING_AWAY and mittari.target.value == Decimal("6500")
    assert mittari.progress.ratio < 0
    # Before anything was recorded there was nothing to evaluate.
    before = evaluate_strategy(minimal_strategy, as_of=dt.date(2024, 2, 1))
    assert list(before.indicators.values())[0].status == Status.NO_DATA


def test_quarterly_series_compare_the_same_quarter(minimal_strategy):
    indicator = minimal_strategy.indicators.get()
    indicator.frequency = "quarterly"
    indicator.save()
    store(minimal_strategy, {"2022Q1": "1", "2022Q3": "6030", "2023Q1": "2", "2023Q3": "6060"})
    (mittari,) = evaluate_strategy(minimal_strategy).indicators.values()
    # Q3 against Q3: 2021 baseline 6 000, 2022Q3 6 030, 2023Q3 6 060, as the yearly case.
    assert mittari.series.yearly == [(2022, Decimal("6030")), (2023, Decimal("6060"))]
    assert mittari.status == Status.ON_TRACK


def test_a_fixed_number_of_queries_whatever_the_size(minimal_strategy):
    store(minimal_strategy, {"2022": "6030", "2023": "6060"})
    with CaptureQueriesContext(connection) as small:
        evaluate_strategy(minimal_strategy)
    # Ten more indicators with values, all under goal T2.
    indicator = minimal_strategy.indicators.get()
    goal = minimal_strategy.aims.get().goals.get(code="T2")
    for n in range(10):
        copy = type(indicator).objects.get(pk=indicator.pk)
        copy.pk, copy.code = None, f"kopio-{n}"
        copy.save()
        goal.goal_indicators.create(indicator=copy, order=n)
        store(minimal_strategy, {"2022": "10", "2023": "11"}, code=copy.code)
    with CaptureQueriesContext(connection) as large:
        result = evaluate_strategy(minimal_strategy)
    assert len(result.indicators) == 11
    assert len(large) == len(small)


def test_each_indicator_has_its_forecast_at_the_target_year(minimal_strategy):
    store(minimal_strategy, {"2020": "6000", "2021": "6020", "2022": "6040", "2023": "6060"})
    (mittari,) = evaluate_strategy(minimal_strategy).indicators.values()
    # A straight line of +20 a year: Theil–Sen and OLS slopes are 20; at 2030 the line is at
    # 6060 + 7 × 20 = 6200, the target, which the Destatis projection (mean of the last
    # changes, 20 a year) just reaches.
    f = mittari.forecast
    assert mittari.forecast_year == 2030
    assert f.slope == pytest.approx(20) and f.value == pytest.approx(6200)
    assert f.projection == pytest.approx(6200) and f.projection_class == "reaches"
    assert f.n == 4


def test_a_range_indicators_forecast_is_judged_against_its_band(minimal_strategy):
    """The evaluation hands the band to the forecast: P(6 100 ≤ value in 2030 ≤ 6 300)."""
    from mittaristo.evaluation import forecast

    indicator = minimal_strategy.indicators.get(code="mittari")
    indicator.direction = "range"
    indicator.save()
    target = indicator.targets.get()
    target.value, target.value_high = 6100, 6300
    target.save()
    values = {"2020": "5990", "2021": "6040", "2022": "6030", "2023": "6080", "2024": "6090"}
    store(minimal_strategy, values)
    result = evaluate_strategy(minimal_strategy, today=dt.date(2025, 6, 1))
    evaluation = result.indicators[indicator.pk]
    # 6 090 is below the band 6 100–6 300: judged as higher is better toward 6 100.
    assert (evaluation.progress.direction, evaluation.progress.target) == ("higher", 6100)
    expected = forecast(
        [2020, 2021, 2022, 2023, 2024],
        [5990, 6040, 6030, 6080, 6090],
        target_year=2030,
        target=(6100, 6300),
        direction="range",
    )
    assert 0 < expected.probability < 1
    assert evaluation.forecast.probability == pytest.approx(expected.probability)
    assert evaluation.forecast.projection_class == expected.projection_class
