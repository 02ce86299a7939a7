"""Series for the evaluation, read from the database: one query for a whole strategy.

An indicator is evaluated on one value a year. A yearly series is that already; a quarterly,
monthly or survey-round series is read at the same point of each year as its latest value
(Q3 against Q3, the spring round against the spring round), which keeps seasons out of trends.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from mittaristo.core.periods import Period, PeriodKind, parse_period
from mittaristo.observations.models import Observation
from mittaristo.strategy.shared import data_ids, readers_of


@dataclass(frozen=True)
class Series:
    periods: list  # every current total value: (Period, Decimal), oldest first
    yearly: list  # the values the evaluation reads: (year, Decimal), oldest first

    @property
    def latest(self) -> tuple[Period, Decimal] | None:
        return self.periods[-1] if self.periods else None


EMPTY = Series([], [])


def moment_of(as_of: dt.date | dt.datetime | None):
    """The end of the day `as_of` in the site's time zone (None: now)."""
    if as_of is None:
        return timezone.now()
    if isinstance(as_of, dt.datetime):
        return as_of if timezone.is_aware(as_of) else timezone.make_aware(as_of)
    return timezone.make_aware(dt.datetime.combine(as_of, dt.time.max))


def load_series(indicator_ids, area_ids, *, as_of=None, data=None) -> dict:
    """(indicator id, area id) → Series of the total (no breakdown) values, as known then.

    An indicator bound to a national series reads the series' values (strategy/shared.py);
    `data` (id → Indicator.data_id), when the caller has the indicators, saves a query."""
    readers = readers_of(data if data is not None else data_ids(indicator_ids))
    rows = Observation.objects.filter(
        indicator_id__in=list(readers), area_id__in=list(area_ids), breakdown=""
    )
    rows = rows.current() if as_of is None else rows.known_on(moment_of(as_of))
    grouped: dict = {}
    for data_id, area_id, period, value in rows.order_by("period_start").values_list(
        "indicator_id", "area_id", "period", "value"
    ):
        if value is not None:
            grouped.setdefault((data_id, area_id), []).append((parse_period(period), value))
    result = {}
    for (data_id, area_id), points in grouped.items():
        series = Series(points, yearly_points(points))
        for indicator_id in readers[data_id]:
            result[(indicator_id, area_id)] = series
    return result


def yearly_points(points) -> list:
    """One value a year, at the same point of the year as the latest value."""
    if not points:
        return []
    latest = points[-1][0]
    if latest.kind == PeriodKind.YEAR:
        same = [(p, v) for p, v in points if p.kind == PeriodKind.YEAR]
    else:
        same = [(p, v) for p, v in points if _same_point(p, latest)]
    return [(p.year, v) for p, v in same]


def _same_point(period: Period, latest: Period) -> bool:
    return (period.kind, period.number, period.label.lower()) == (
        latest.kind,
        latest.number,
        latest.label.lower(),
    )
