"""Which evaluation record a report renders, and which earlier round it is compared with.

A review round's report renders the round's record: a published round's stored snapshot
(reviews/snapshot.py), or for a round not yet published the record it would publish now,
with the assessments approved so far. A report as of a date renders the record as known on
that day (today's is the live, cached one: web/cache.py).
"""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from mittaristo.monitoring.records import StrategyRecord, evaluation_record, read_record
from mittaristo.reviews.models import ReviewRound
from mittaristo.reviews.snapshot import build_snapshot, read_snapshot
from mittaristo.web.cache import cached_record


@dataclass(frozen=True)
class Source:
    """A report's record, the round it belongs to (None for a date) and the round before."""

    record: StrategyRecord
    review: ReviewRound | None
    day: dt.date  # the day the figures are as known on
    previous: ReviewRound | None
    previous_record: StrategyRecord | None

    @property
    def draft(self) -> bool:
        """The round is not published: its assessments may still change."""
        return self.review is not None and not self.review.is_published


def report_source(strategy, *, round: ReviewRound | None = None, as_of=None) -> Source:
    """The record of `round` (of `strategy`), or as known on `as_of` (None: today)."""
    if round is not None:
        published = round.is_published
        record = read_snapshot(round) if published else read_record(build_snapshot(round))
        day = round.as_of
    else:
        today = timezone.localdate()
        if as_of is None or as_of >= today:
            record, day = cached_record(strategy, today=today), today
        else:
            record, day = evaluation_record(strategy, as_of=as_of), as_of
    previous = _previous(strategy, round, day)
    return Source(
        record=record,
        review=round,
        day=day,
        previous=previous,
        previous_record=read_snapshot(previous) if previous else None,
    )


def _previous(strategy, round, day) -> ReviewRound | None:
    """The latest published round before this one (for a date: as of an earlier day)."""
    rounds = ReviewRound.objects.published().filter(strategy=strategy)
    if round is not None:
        rounds = rounds.exclude(pk=round.pk).filter(as_of__lte=round.as_of)
        if round.published_at is not None:
            rounds = rounds.filter(published_at__lt=round.published_at)
    else:
        rounds = rounds.filter(as_of__lt=day)
    return rounds.order_by("-as_of", "-published_at", "-pk").first()
