"""Data age: due dates and lateness, by hand."""

import datetime as dt

from mittaristo.evaluation.age import is_late, next_due

D = dt.date


def test_a_yearly_value_is_due_a_year_and_its_lag_after_its_period():
    # Year 2023 ends 31.12.2023; 2024 ends 31.12.2024; + 270 days = 27.9.2025.
    assert next_due(D(2023, 12, 31), frequency="yearly") == D(2025, 9, 27)
    assert next_due(D(2023, 12, 31), frequency="yearly", lag_days=0) == D(2024, 12, 31)


def test_month_ends_stay_month_ends():
    # Q1 ends 31.3.; the next quarter ends 30.6., + 60 days = 29.8.
    assert next_due(D(2025, 3, 31), frequency="quarterly") == D(2025, 8, 29)
    # January ends 31.1.2024; February 2024 ends 29.2. (leap year), + 45 days = 14.4.
    assert next_due(D(2024, 1, 31), frequency="monthly") == D(2024, 4, 14)


def test_late_only_after_the_due_date():
    end = D(2023, 12, 31)
    assert not is_late(end, frequency="yearly", today=D(2025, 9, 27))
    assert is_late(end, frequency="yearly", today=D(2025, 9, 28))
    # A longer lag (jobs statistics come about two years after) moves the date.
    assert not is_late(end, frequency="yearly", lag_days=700, today=D(2025, 12, 31))


def test_irregular_series_are_never_late_and_empty_series_only_when_promised():
    assert not is_late(D(2010, 12, 31), frequency="irregular", today=D(2026, 1, 1))
    assert next_due(D(2010, 12, 31), frequency="irregular") is None
    assert not is_late(None, frequency="yearly", today=D(2026, 1, 1))
    assert is_late(None, frequency="yearly", today=D(2026, 1, 1), first_due=D(2025, 6, 30))
    assert not is_late(None, frequency="yearly", today=D(2025, 6, 30), first_due=D(2025, 6, 30))
