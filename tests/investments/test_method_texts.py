"""The method texts of Heinola's two investment indicators say how the register computes them,
in every language: which projects count, which year, what is left out, and that the demo's
projects are examples."""

import pytest
import yaml

from mittaristo.investments.indicators import CALCULATIONS, LEVERAGE
from mittaristo.settings import ENV_SCHEMA

from ..conftest import DEFINITIONS


@pytest.fixture(scope="module")
def methods() -> dict[str, dict[str, str]]:
    text = (DEFINITIONS / "heinola-2030.yaml").read_text(encoding="utf-8")
    indicators = yaml.safe_load(text)["indicators"]
    return {i["code"]: i["method"] for i in indicators if i["code"] in (LEVERAGE, CALCULATIONS)}


def test_both_methods_are_written_in_finnish_swedish_and_english(methods):
    assert set(methods) == {LEVERAGE, CALCULATIONS}
    for code, texts in methods.items():
        assert {"fi", "sv", "en"} <= set(texts), code
        # No longer left to the city without a word: each says how the register computes it.
        assert "investointirekisteri" in texts["fi"], code
        assert "investeringsregister" in texts["sv"], code
        assert "investment register" in texts["en"], code
        # The demo's projects are made up, and the values from them are marked examples.
        assert "esimerkkejä" in texts["fi"] and "exempel" in texts["sv"], code
        assert "made-up examples" in texts["en"], code
        # Which year: the budget years include it; up to the current year only.
        assert "budget years include the year" in texts["en"], code
        assert "to the current year" in texts["en"], code


def test_the_leverage_method_names_its_ratio_and_what_it_leaves_out(methods):
    en = methods[LEVERAGE]["en"]
    assert "external funding (state, EU, other)" in en
    assert "divided by the sum of the city's own investment, to two decimals" in en
    assert "counts in full in each of those years" in en
    assert "whatever its status" in en


def test_the_calculations_method_names_the_threshold_setting_and_its_default(methods):
    texts = methods[CALCULATIONS]
    for language in ("fi", "sv", "en"):
        assert "INVESTMENT_CALCULATION_THRESHOLD" in texts[language], language
    # The default written in the text is the setting's default (settings.py's schema).
    assert ENV_SCHEMA["INVESTMENT_CALCULATION_THRESHOLD"] == (int, 1_000_000)
    assert "by default 1,000,000 €" in texts["en"]
    assert "1 000 000 €" in texts["fi"] and "1 000 000 €" in texts["sv"]
    assert "the private investment not counted" in texts["en"]
    assert "Projects under the threshold are not counted" in texts["en"]
    assert "a discount rate, a life in years and cash flows for at least one year" in texts["en"]
