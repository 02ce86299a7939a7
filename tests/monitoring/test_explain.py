"""The one-sentence explanations, in each language, from the numbers."""

import datetime as dt

import pytest
from django.utils import translation

from mittaristo.monitoring.evaluate import evaluate_strategy

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
