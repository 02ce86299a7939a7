"""The demo's finance figures come from the recorded file, as real values with their source."""

import shutil
from decimal import Decimal

import pytest

from mittaristo.demo.finance import FACTS, FinanceFactsError, demo_finance, read_facts
from mittaristo.observations.models import Observation
from mittaristo.strategy.models import Indicator, Strategy

pytestmark = pytest.mark.django_db


def current(code, year):
    # A bound indicator's values are on its national series (strategy/shared.py).
    indicator = Indicator.objects.get(strategy__isnull=False, code=code)
    return Observation.objects.current().get(
        indicator_id=indicator.data_id, area__code="111", period=str(year), breakdown=""
    )


def test_the_recorded_figures_are_real_values_with_their_source(demo_db):
    margin = current("toimintakate", 2023)
    assert margin.value == Decimal("-41.2")
    assert not margin.is_example
    assert margin.source_ref == (
        "https://heinolanuutiset.fi/heinolan-tilinpaatos-vuodelta-2023-ylijaamainen/"
    )
    assert "Sote-uudistus 2023" in margin.note  # the reform break
    assert margin.vintage is None  # the file has no publication dates: none is invented
    loans = current("konsernin-velat-per-asukas", 2019)
    assert loans.value == Decimal(7112) and not loans.is_example
    assert loans.source_ref == "https://www.itahame.fi/paakirjoitus-mielipide/3162478"
    assert "opinion piece by councillors" in loans.note
    assert "Sote-uudistus" not in loans.note


def test_only_the_figures_an_indicator_measures_are_taken():
    facts = read_facts()
    assert sorted((f["code"], f["year"]) for f in facts) == [
        ("konsernin-velat-per-asukas", "2019"),
        ("toimintakate", "2023"),
    ]


def test_loading_again_changes_nothing(demo_db):
    assert demo_finance(Strategy.objects.get()) == 0


def test_a_changed_unit_is_refused_naming_the_row(tmp_path):
    copy = tmp_path / "facts.csv"
    shutil.copy(FACTS, copy)
    text = copy.read_text(encoding="utf-8").replace(
        "toimintakate,111,Heinola,2023,-41.2,M EUR,", "toimintakate,111,Heinola,2023,-41.2,EUR,"
    )
    copy.write_text(text, encoding="utf-8")
    with pytest.raises(FinanceFactsError, match=r"facts.csv row 22: unit 'EUR'"):
        read_facts(copy)
