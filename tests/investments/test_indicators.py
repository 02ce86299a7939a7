"""The two indicators of growth investments, computed from the register for a year and stored
as observations through the one storing path; hand-computed."""

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from mittaristo.observations.models import Observation

pytestmark = pytest.mark.django_db

ROWS = (
    # A: 2024–2025, 1 000 000 € in all (just at the threshold), with a calculation.
    "a;A;;2024;2025;600000;200000;200000;0;1000000;päätetty;;;;10;2;2024;1000000;0;0",
    # B: 2025–2026, 2 500 000 €, no calculation.
    "b;B;;2025;2026;2000000;0;0;500000;0;suunniteltu;;;;;;;;;",
    # C: 2025, 100 000 €: below the threshold.
    "c;C;;2025;2025;100000;0;0;0;300000;suunniteltu;;;;;;;;;",
    # D: 2026 only: not one of 2025's.
    "d;D;;2026;2026;1;0;0;0;1000000000;suunniteltu;;;;;;;;;",
)


def store(*args) -> str:
    out = io.StringIO()
    call_command("store-investment-indicators", "--strategy", "testi-2030", *args, stdout=out)
    return out.getvalue()


def current(code):
    return Observation.objects.current().filter(indicator__code=code)


@pytest.fixture
def register(minimal_strategy, register_indicators, register_file):
    call_command(
        "import-investments",
        str(register_file(*ROWS)),
        "--strategy",
        "testi-2030",
        stdout=io.StringIO(),
    )


def test_the_years_leverage_and_share_of_large_investments_with_a_calculation(register):
    out = store("--year", "2025")
    # 2025: A, B and C. City 600 000 + 2 000 000 + 100 000 = 2 700 000; external 400 000 +
    # 500 000 = 900 000; private 1 000 000 + 300 000 = 1 300 000.
    # Leverage (900 000 + 1 300 000) / 2 700 000 = 0.8148… → 0.81.
    # At least 1 000 000 €: A (exactly) and B; of them A has a calculation: 1/2 = 50 %.
    assert "2025: 3 projects" in out and "0.81" in out and "(1 of 2 above the threshold)" in out
    (leverage,) = current("vipuvaikutus")
    (share,) = current("investointilaskelmat")
    assert (leverage.period, leverage.value) == ("2025", Decimal("0.81"))
    assert (share.period, share.value) == ("2025", Decimal("50.0"))
    assert leverage.source_kind == Observation.SourceKind.INVESTMENTS
    assert leverage.area.code == "999" and not leverage.is_example
    assert "Stored: 2 new, 0 changed, 0 unchanged." in out


def test_storing_again_changes_nothing(register):
    store("--year", "2025")
    assert "Stored: 0 new, 0 changed, 2 unchanged." in store("--year", "2025")


def test_the_threshold_is_a_setting(register, settings):
    settings.INVESTMENT_CALCULATION_THRESHOLD = 2_000_000
    store("--year", "2025")
    # Only B (2 500 000 €) reaches 2 000 000, and it has no calculation: 0/1 = 0 %.
    assert current("investointilaskelmat").get().value == Decimal(0)


def test_a_year_without_projects_stores_nothing(register):
    out = store("--year", "2030")
    assert "2030: 0 projects" in out and "Stored: 0 new" in out
    assert not current("vipuvaikutus").exists()


def test_by_default_every_year_of_the_register_up_to_this_one(register, monkeypatch):
    import datetime as dt

    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2025, 6, 30))
    store()
    # 2024: A alone: (400 000 + 1 000 000) / 600 000 = 2.33; A has its calculation: 100 %.
    assert dict(current("vipuvaikutus").values_list("period", "value")) == {
        "2024": Decimal("2.33"),
        "2025": Decimal("0.81"),
    }
    assert dict(current("investointilaskelmat").values_list("period", "value")) == {
        "2024": Decimal("100.0"),
        "2025": Decimal("50.0"),
    }


def test_a_strategy_without_the_indicators_is_told_so(minimal_strategy):
    with pytest.raises(CommandError, match="no indicator vipuvaikutus, investointilaskelmat"):
        store()
