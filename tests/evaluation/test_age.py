"""Data age: due dates and lateness, by hand."""

import datetime as dt

from mittaristo.evaluation.age import Release, due_basis, is_late, next_due

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


# Publication calendar: the value of year N comes out around day.month. of year N + years_after.
JOBS = Release(month=2, day=16, years_after=2, publisher="statfin")  # 16.2., two years after
MIGRATION = Release(month=5, day=17)  # 17.5. of the next year


def test_a_calendar_entry_gives_the_due_date_instead_of_frequency_and_lag():
    # Latest 2023 (ends 31.12.2023): the 2024 value is out around 16.2.(2024 + 2) = 16.2.2026,
    # not 31.12.2024 + 270 days = 27.9.2025.
    assert next_due(D(2023, 12, 31), frequency="yearly", release=JOBS) == D(2026, 2, 16)
    # 2024 → the 2025 value around 17.5.2026; the indicator's own lag does not override it.
    assert next_due(D(2024, 12, 31), frequency="yearly", release=MIGRATION) == D(2026, 5, 17)
    assert next_due(D(2024, 12, 31), frequency="yearly", lag_days=30, release=MIGRATION) == D(
        2026, 5, 17
    )


def test_late_by_the_calendar_only_after_its_date():
    end = D(2023, 12, 31)
    # By frequency + lag it would be late from 28.9.2025; by the calendar from 17.2.2026.
    assert is_late(end, frequency="yearly", today=D(2025, 10, 1))
    assert not is_late(end, frequency="yearly", today=D(2025, 10, 1), release=JOBS)
    assert not is_late(end, frequency="yearly", today=D(2026, 2, 16), release=JOBS)
    assert is_late(end, frequency="yearly", today=D(2026, 2, 17), release=JOBS)


def test_a_calendar_entry_applies_to_yearly_values_only():
    # Quarterly with a (misplaced) entry keeps frequency + lag: 31.3. → 30.6. + 60 = 29.8.
    assert next_due(D(2025, 3, 31), frequency="quarterly", release=JOBS) == D(2025, 8, 29)
    assert due_basis("quarterly", release=JOBS) == 60
    assert due_basis("yearly", release=JOBS) is JOBS
    assert due_basis("yearly", lag_days=400) == 400
    assert due_basis("irregular", release=JOBS) is None


def test_a_years_value_is_due_its_lag_after_the_year_or_on_its_calendar_date():
    from mittaristo.evaluation.age import year_due

    # 31.12.2024 + 270 days = 27.9.2025 (2025 is no leap year: 31 + 28 + 31 + 30 + 31 + 30 +
    # 31 + 31 = 243 days to 31.8., and 27 more).
    assert year_due(2024, frequency="yearly") == dt.date(2025, 9, 27)
    # The same as the next value after 2023's: one rule, two ways to ask it.
    assert year_due(2024, frequency="yearly") == next_due(dt.date(2023, 12, 31), frequency="yearly")
    assert year_due(2024, frequency="quarterly", lag_days=10) == dt.date(2025, 1, 10)
    release = Release(month=2, day=16, publisher="statfin")
    assert year_due(2024, frequency="yearly", release=release) == dt.date(2025, 2, 16)
    assert year_due(2024, frequency="irregular") is None
