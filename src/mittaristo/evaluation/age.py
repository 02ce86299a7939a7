"""Data age: when the next value is due, and whether the latest one is late.

A value for a period can be published only some time after the period ends: the publication
lag. The next value is due one period after the latest one ends, plus the lag. A series whose
next value is past due is `late`. Lateness is shown beside the last assessment, never instead
of it, and "no value yet for this year" is never a judgement of progress.

Where the source's publication calendar is known (a `Release` in the indicator's binding, for
yearly official statistics), the due date is that calendar's date instead of frequency + lag.
"""

import datetime as dt
from dataclasses import dataclass

# How long after its period a value is normally published, where the indicator does not say.
# Municipal statistics publish a year's figures in the spring or autumn of the next year;
# quarterly and monthly figures a month or two after.
DEFAULT_LAG_DAYS = {
    "yearly": 270,
    "half_yearly": 90,
    "quarterly": 60,
    "monthly": 45,
    "survey_round": 120,
}

# Months in one period of each frequency; an irregular series is never late.
PERIOD_MONTHS = {"yearly": 12, "half_yearly": 6, "quarterly": 3, "monthly": 1, "survey_round": 12}


@dataclass(frozen=True)
class Release:
    """A source's usual release of a yearly value, from its publication calendar.

    The value of year N comes out around `day`.`month`. of year N + `years_after`.
    `publisher` is the binding's source ("statfin", "sotkanet", ...), for saying who publishes.
    """

    month: int
    day: int
    years_after: int = 1
    publisher: str = ""

    def date_for(self, year: int) -> dt.date:
        """When the value of `year` is expected."""
        return dt.date(year + self.years_after, self.month, self.day)


def due_basis(frequency: str, *, lag_days: int | None = None, release: Release | None = None):
    """What the due date is reckoned from: the `Release` when one applies, else the lag in days.

    A calendar entry describes yearly values only; other frequencies keep frequency + lag.
    None for an irregular series.
    """
    if frequency not in PERIOD_MONTHS:
        return None
    if release is not None and frequency == "yearly":
        return release
    return DEFAULT_LAG_DAYS[frequency] if lag_days is None else lag_days


def next_due(
    latest_period_end: dt.date,
    *,
    frequency: str,
    lag_days: int | None = None,
    release: Release | None = None,
):
    """The date by which the value of the period after `latest_period_end` should be out.

    None for an irregular series, which has no next period to wait for.
    """
    basis = due_basis(frequency, lag_days=lag_days, release=release)
    if basis is None:
        return None
    period_end = _add_months(latest_period_end, PERIOD_MONTHS[frequency])
    if isinstance(basis, Release):
        return basis.date_for(period_end.year)
    return period_end + dt.timedelta(days=basis)


def year_due(year: int, *, frequency: str, lag_days: int | None = None, release=None):
    """When the value of `year` (its last period, for a series more frequent than yearly) is
    expected: the source's calendar date, or the year's end plus the lag. None for an
    irregular series, which promises no date."""
    basis = due_basis(frequency, lag_days=lag_days, release=release)
    if basis is None:
        return None
    if isinstance(basis, Release):
        return basis.date_for(year)
    return dt.date(year, 12, 31) + dt.timedelta(days=basis)


def is_late(
    latest_period_end: dt.date | None,
    *,
    frequency: str,
    today: dt.date,
    lag_days: int | None = None,
    first_due: dt.date | None = None,
    release: Release | None = None,
) -> bool:
    """Whether the series has missed the date its next value was due.

    A series with no value at all is late once `first_due` (when its first value was expected)
    has passed; without a `first_due` it is not called late, since nothing was promised.
    """
    if latest_period_end is None:
        return first_due is not None and today > first_due
    due = next_due(latest_period_end, frequency=frequency, lag_days=lag_days, release=release)
    return due is not None and today > due


def _add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved on by whole months, kept at the end of the month when it was at one."""
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    month += 1
    last = _month_end(year, month)
    if day == _month_end(day.year, day.month):
        return last
    return dt.date(year, month, min(day.day, last.day))


def _month_end(year: int, month: int) -> dt.date:
    if month == 12:
        return dt.date(year, 12, 31)
    return dt.date(year, month + 1, 1) - dt.timedelta(days=1)
