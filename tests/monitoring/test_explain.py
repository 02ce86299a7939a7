"""The one-sentence explanations, in each language, from the numbers."""

import datetime as dt

import pytest
from django.utils import translation

from mittaristo.monitoring.evaluator import evaluate_strategy

from .test_evaluate import store

pytestmark = pytest.mark.django_db


def sentence(strategy, language):
    (evaluation,) = evaluate_strategy(strategy, today=dt.date(2024, 6, 1)).indicators.values()
    with translation.override(language):
        return evaluation.sentence()


def test_on_track_states_values_years_and_rates(minimal_strategy):
    store(minimal_strategy, {"2022": "6030", "2023": "6060"})
    # obs 0.49876 % → +0,5; req 0.36500 % → +0,4 (one decimal).
    assert sentence(minimal_strategy, "en") == (
        "Mittari went from 6,000 to 6,060 persons in 2021–2023, +0.5 % a year; "
        "the target of 6,200 persons by 2030 would need +0.4 % a year."
    )
    assert sentence(minimal_strategy, "fi") == (
        "Mittari: 6\xa0000 → 6\xa0060 henkeä vuosina 2021–2023, +0,5 % vuodessa; "
        "tavoite 6\xa0200 henkeä vuonna 2030 vaatisi +0,4 % vuodessa."
    )
    assert "+0,5 % per år" in sentence(minimal_strategy, "sv")


def test_a_reached_target_and_a_falling_series(minimal_strategy):
    store(minimal_strategy, {"2022": "6100", "2023": "6250"})
    assert sentence(minimal_strategy, "en") == (
        "Mittari was 6,250 persons in 2023: the target for 2030, 6,200 persons, has been reached."
    )
    store(minimal_strategy, {"2023": "5880"})
    # (5880/6000)^(1/2) − 1 = −1.0050 % → −1,0.
    assert "6,000 to 5,880 persons in 2021–2023, −1.0 % a year" in sentence(minimal_strategy, "en")


def test_without_a_target_and_without_values(minimal_strategy):
    minimal_strategy.indicators.get().targets.all().delete()
    assert sentence(minimal_strategy, "fi") == "Mittari: ei vielä arvoja."
    store(minimal_strategy, {"2022": "100"})
    assert "fewer than two values" in sentence(minimal_strategy, "en")
    store(minimal_strategy, {"2023": "100"})
    assert sentence(minimal_strategy, "en") == (
        "Mittari went from 100 to 100 persons in 2022–2023, ±0.0 % a year; "
        "no target level has been set."
    )


def set_target(strategy, **fields):
    target = strategy.indicators.get().targets.get()
    for name, value in fields.items():
        setattr(target, name, value)
    target.save()


def test_values_crossing_zero_are_judged_by_their_change_a_year(minimal_strategy):
    # Net migration style: −40 (2021) → 5 (2024), target 50 by 2030.
    # obs = 45 / 3 = 15 a year; req = 90 / 9 = 10 a year (R = 1.5, on track).
    set_target(minimal_strategy, value=50, baseline_year=2021, baseline_value=-40)
    store(minimal_strategy, {"2022": "-25", "2023": "-10", "2024": "5"})
    result = evaluate_strategy(minimal_strategy, today=dt.date(2025, 6, 1))
    (evaluation,) = result.indicators.values()
    assert (evaluation.status, evaluation.progress.method) == ("on_track", "linear")
    with translation.override("en"):
        assert evaluation.sentence() == (
            "Mittari went from −40 to 5 persons in 2021–2024, +15 persons a year (judged by "
            "the change a year, as the values or the target are zero or of both signs); the "
            "target of 50 persons by 2030 would need +10 persons a year."
        )
    with translation.override("fi"):
        assert "+15 henkeä vuodessa" in evaluation.sentence()


def test_a_total_over_years_says_how_much_of_it_is_done(minimal_strategy):
    # "600 by 2030 counted from 2023": 60 + 80 = 140 in 2023–2024, 70 a year; 600 / 8 = 75.
    set_target(minimal_strategy, value=600, cumulative_from=2023)
    store(minimal_strategy, {"2022": "500", "2023": "60", "2024": "80"})
    result = evaluate_strategy(minimal_strategy, today=dt.date(2025, 6, 1))
    (evaluation,) = result.indicators.values()
    assert (evaluation.status, evaluation.progress.total) == ("at_risk", 140)
    with translation.override("en"):
        assert evaluation.sentence() == (
            "Mittari: 140 of 600 persons in 2023–2024, 70 a year against the 75 a year needed "
            "by 2030."
        )
    # The forecast of a year's level is not compared with a total.
    assert evaluation.forecast.probability is None


def test_a_range_indicator_names_its_band(minimal_strategy):
    indicator = minimal_strategy.indicators.get()
    indicator.direction = "range"
    indicator.save()
    set_target(minimal_strategy, value=6100, value_high=6300)
    store(minimal_strategy, {"2022": "6150", "2023": "6200"})
    with translation.override("en"):
        assert sentence(minimal_strategy, "en") == (
            "Mittari was 6,200 persons in 2023, within the target band of 6,100–6,300 persons."
        )
    store(minimal_strategy, {"2023": "6500"})
    # Above the band: lower is better toward 6 300. Base 2021 = 6 000 (the baseline).
    text = sentence(minimal_strategy, "en")
    assert "above the target band of 6,100–6,300 persons" in text
    assert "the target of 6,300 persons by 2030" in text
