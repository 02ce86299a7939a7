"""The periods an import template offers: after the latest value, up to the last one ended."""

import datetime as dt

from mittaristo.core.periods import Period, PeriodKind, last_ended, parse_period
from mittaristo.observations.imports.template import MAX_PERIODS, due_periods

TODAY = dt.date(2026, 11, 29)


def codes(frequency, latest, today=TODAY):
    return [p.code for p in due_periods(frequency, parse_period(latest) if latest else None, today)]


def test_the_following_period_wraps_at_the_years_end():
    assert parse_period("2024Q4").following().code == "2025Q1"
    assert parse_period("2024M12").following().code == "2025M01"
    assert parse_period("2024H1").following().code == "2024H2"
    assert parse_period("2024").following().code == "2025"
    assert parse_period("2024 kevät").following().code == "2025 kevät"


def test_the_last_period_ended():
    assert last_ended(PeriodKind.MONTH, dt.date(2026, 1, 5)) == Period(2025, PeriodKind.MONTH, 12)
    assert last_ended(PeriodKind.QUARTER, TODAY).code == "2026Q3"
    assert last_ended(PeriodKind.HALF_YEAR, TODAY).code == "2026H1"
    assert last_ended(PeriodKind.YEAR, TODAY).code == "2025"


def test_the_periods_due():
    assert codes("quarterly", "2025Q4") == ["2026Q1", "2026Q2", "2026Q3"]
    assert codes("yearly", "2025") == ["2026"]  # up to date: the next, not yet ended
    assert codes("monthly", None) == ["2026M10"]
    assert codes("survey_round", None) == ["2025"]
    assert codes("survey_round", "2024 kevät") == ["2025 kevät"]
    assert codes("irregular", "2023Q2")[:2] == ["2023Q3", "2023Q4"]
    many = codes("monthly", "2020M01")
    assert len(many) == MAX_PERIODS and many[0] == "2020M02"  # the oldest first
