"""Fixtures of the survey tests."""

import pytest


@pytest.fixture
def file_org(minimal_strategy):
    """Municipality 999 whose strategy testi-2030 has "tyytyvaisyys" (points) and "osuus" (%)."""
    for code, unit in (("tyytyvaisyys", {"fi": "pistettä"}), ("osuus", {"fi": "%"})):
        minimal_strategy.indicators.create(
            code=code,
            name={"fi": code},
            unit=unit,
            direction="higher",
            frequency="survey_round",
            source_kind="survey",
        )
    return minimal_strategy.organisation
