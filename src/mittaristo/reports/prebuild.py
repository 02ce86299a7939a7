"""A published round's reports built in the background worker, so that the first download is
instant.

Publishing a round (reviews.services.round_publish) sends `round_published`; the receiver
here (connected in apps.py: the reviews sit below the reports and may not import them) queues
`prebuild_round_reports` once the publishing transaction commits. The worker (`mittaristo
worker`, docs/jobs.md) then builds the follow-up report, and for a mid-term round the mid-term
evaluation, in every language and format, through `cached_file`: into the same cache the
download views read (settings REPORT_CACHE_URL, shared by the web processes and the worker).
"""

import logging

from django.db import transaction

from mittaristo.jobs import queue
from mittaristo.reviews.models import ReviewRound

from .document import FORMATS, LANGUAGES, TIMEOUT, build, file_key, report_cache

logger = logging.getLogger(__name__)


def kinds_of(review) -> list[str]:
    """The reports a published round offers built in advance."""
    if review.kind == ReviewRound.Kind.MID_TERM:
        return ["followup", "midterm"]
    return ["followup"]


def round_published(sender, review, **kwargs) -> None:
    """The receiver of reviews.signals.round_published: queue the build after the commit (a
    rolled-back publication queues nothing). On SQLite, without a queue, the scheduled job
    `schedule.build-round-reports` builds them instead (or the first download does)."""
    pk = review.pk
    transaction.on_commit(lambda: queue.defer_if_queued(prebuild_round_reports, round_id=pk))


@queue.job(name="reports.prebuild-round")
def prebuild_round_reports(round_id: int) -> int:
    """The queued task: every file of the round into the cache; returns how many it built."""
    return prebuild(round_id)


def prebuild(round_id: int) -> int:
    """Build the files of a published round not yet in the cache (none for a round that is
    gone or not published); returns how many."""
    review = ReviewRound.objects.select_related("strategy").filter(pk=round_id).first()
    if review is None or not review.is_published:
        return 0
    built = 0
    for kind in kinds_of(review):
        for lang in LANGUAGES:
            for fmt in FORMATS:
                key = file_key(kind, review.strategy, round=review, lang=lang, fmt=fmt)
                if report_cache().get(key) is None:
                    body = build(kind, review.strategy, round=review, lang=lang, fmt=fmt)
                    report_cache().set(key, body, TIMEOUT)
                    built += 1
    logger.info("round %s: %s report files built in advance", review.pk, built)
    return built
