"""National series that no indicator reads any more, removed after SERIES_UNREAD_KEEP_DAYS.

A series stays while any organisation's indicator is bound to it (Indicator.series). One left
unread (a strategy file loaded again with another binding, an indicator deleted, a binding
removed in the admin) is no longer fetched (sources.services.bound_indicators) and is read by
nobody; the nightly housekeeping (schedule.tasks) marks it (`unread_since`), clears the mark
of one read again, and removes a series unread for settings.SERIES_UNREAD_KEEP_DAYS (90 unless
set) with its values, their history and its pack. Not at once: a binding taken away by mistake
and put back within that time finds its values, with their vintages and history, where they
were (docs/organisations.md)."""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, ProtectedError

from mittaristo.observations.models import Observation
from mittaristo.strategy.models import Indicator


@dataclass(frozen=True)
class SeriesPruned:
    marked: int  # series found unread tonight
    removed: int  # series removed, unread for the days

    def summary(self) -> str:
        return f"{self.marked} national series unread, {self.removed} removed"


def unread_series():
    """The national series that no indicator reads."""
    readers = Indicator.objects.filter(series=OuterRef("pk"))
    return Indicator.objects.filter(strategy=None).exclude(Exists(readers))


@transaction.atomic
def series_prune(*, now: dt.datetime, days: int | None = None) -> SeriesPruned:
    """Mark the national series unread since `now`, clear the mark of those read again, and
    remove those unread for `days` (settings.SERIES_UNREAD_KEEP_DAYS unless given; their
    values first: an observation protects its indicator). A series linked again meanwhile is
    left alone."""
    days = days if days is not None else settings.SERIES_UNREAD_KEEP_DAYS
    unread = unread_series()
    Indicator.objects.filter(strategy=None, unread_since__isnull=False).exclude(
        pk__in=unread.values("pk")
    ).update(unread_since=None)
    marked = unread.filter(unread_since=None).update(unread_since=now)
    removed = 0
    for series in unread.filter(unread_since__lt=now - dt.timedelta(days=days)):
        try:
            with transaction.atomic():
                Observation.objects.filter(indicator=series).delete()
                series.delete()
        except (ProtectedError, IntegrityError):
            continue  # bound again at this moment: it stays, and is unmarked the next night
        removed += 1
    return SeriesPruned(marked=marked, removed=removed)
