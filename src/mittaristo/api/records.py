"""The published records the API reads, through the one public gate.

A published round's snapshot never changes, so what a list answers is a function of the
published rounds alone: `published_state()` names them (id, publication time, strategy and
organisation codes) in one small query, which the responses' ETag and Last-Modified come from
before any snapshot is read.
"""

from dataclasses import dataclass

from mittaristo.core.roles import current_organisation
from mittaristo.monitoring.records import StrategyRecord
from mittaristo.reviews.models import ReviewRound
from mittaristo.reviews.snapshot import read_snapshot


@dataclass(frozen=True)
class Published:
    """A published round with its record."""

    round: ReviewRound
    record: StrategyRecord

    @property
    def organisation(self) -> str:
        return self.round.strategy.organisation.code

    @property
    def strategy(self) -> str:
        return self.round.strategy.code


def published_rounds():
    """Every published round, newest first, without its snapshot (the public gate); under an
    organisation's address (/heinola/api/…), that organisation's only."""
    rounds = ReviewRound.objects.published()
    if (organisation := current_organisation()) is not None:
        rounds = rounds.of(organisation)
    return rounds.select_related("strategy__organisation").defer("snapshot")


def published_state() -> list[tuple]:
    """What every answer of the API depends on: the published rounds as they stand."""
    return list(
        published_rounds().values_list(
            "pk", "published_at", "strategy__code", "strategy__organisation__code"
        )
    )


def latest_rounds(rounds) -> list[ReviewRound]:
    """The latest published round of each strategy (what the public front page shows)."""
    seen, latest = set(), []
    for review in rounds:  # newest first
        if review.strategy_id not in seen:
            seen.add(review.strategy_id)
            latest.append(review)
    return latest


def read(rounds) -> list[Published]:
    """The rounds with their records, read from their snapshots."""
    pks = [review.pk for review in rounds]
    snapshots = dict(
        ReviewRound.objects.published().filter(pk__in=pks).values_list("pk", "snapshot")
    )
    result = []
    for review in rounds:
        review.snapshot = snapshots[review.pk]
        result.append(Published(review, read_snapshot(review)))
    return result
