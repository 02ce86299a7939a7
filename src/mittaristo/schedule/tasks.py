"""The scheduled jobs; their times are cron expressions in UTC (docs/jobs.md).

fetch-due-data        hourly at :15     open data whose publication date has come
recompute-indices     daily 01:30 UTC   every composite index (also after a fetch stored
                                        something new)
send-reminders        Mondays 05:00 UTC the e-mail of values and assessments due
build-round-reports   hourly at :45     the reports of every published round, into the
                                        reports' cache (only what is missing)
"""

import datetime as dt
import logging

from django.utils import timezone

from mittaristo.indices import IndexDefinitionError
from mittaristo.jobs.queue import Backoff, defer, job
from mittaristo.monitoring.indices import index_values_store, indices_in_order
from mittaristo.reports.prebuild import prebuild
from mittaristo.reviews.models import ReviewRound
from mittaristo.reviews.reminders import reminders_send
from mittaristo.sources.due import fetch_due
from mittaristo.sources.fetching import make_clients
from mittaristo.strategy.models import Strategy

logger = logging.getLogger(__name__)


class SomeFailed(Exception):
    """Part of a job failed (the rest was done): raised so that the job is retried."""


@job(
    name="schedule.fetch-due-data",
    cron="15 * * * *",
    lock="schedule.fetch",
    queueing_lock="schedule.fetch-due-data",
)
def fetch_due_data(timestamp: int | None = None) -> str:
    """Fetch the indicators due by the publication calendar; recompute the indices when new
    values came. Raises (to be retried) when a source failed: those fetched are not asked
    again for a while (sources.due.REFETCH_HOURS)."""
    outcomes = fetch_due(now=timezone.now(), clients=make_clients())
    failed = [o for o in outcomes if o.error]
    news = sum(o.created + o.changed for o in outcomes)
    if news:
        defer(recompute_indices_task)
    summary = f"{len(outcomes)} due, {news} new or changed values, {len(failed)} failed"
    if failed:
        raise SomeFailed(summary + ": " + "; ".join(f"{o.indicator}: {o.error}" for o in failed))
    return summary


@job(
    name="schedule.recompute-indices",
    cron="30 1 * * *",
    lock="schedule.indices",
    queueing_lock="schedule.recompute-indices",
)
def recompute_indices_task(timestamp: int | None = None) -> str:
    """Compute every composite index of every strategy again and store the values."""
    stored, failed = 0, []
    for strategy in Strategy.objects.all():
        for index in indices_in_order(strategy):
            try:
                report = index_values_store(indicator=index)
            except IndexDefinitionError as error:
                failed.append(f"{strategy.code}/{index.code}: {error}")
                continue
            stored += report.created + report.changed
    summary = f"{stored} index values created or changed"
    if failed:
        raise SomeFailed(summary + "; " + "; ".join(failed))
    return summary


@job(
    name="schedule.send-reminders",
    cron="0 5 * * 1",
    # A retry sends only what was not sent (reviews.reminders records each reminder).
    retry=Backoff(attempts=4, first=300),
    queueing_lock="schedule.send-reminders",
)
def send_reminders(timestamp: int | None = None) -> str:
    """E-mail each person the values and assessments they have due."""
    return reminders_send(day=scheduled_day(timestamp)).summary()


def scheduled_day(timestamp: int | None) -> dt.date:
    """The local day of the job's scheduled time (its `timestamp`, the same in every run of
    the job, retries included), else today: what a reminder records it was sent for."""
    if timestamp is None:
        return timezone.localdate()
    return timezone.localdate(dt.datetime.fromtimestamp(timestamp, tz=dt.UTC))


@job(
    name="schedule.build-round-reports",
    cron="45 * * * *",
    lock="schedule.reports",
    queueing_lock="schedule.build-round-reports",
)
def build_round_reports(timestamp: int | None = None) -> str:
    """Build the missing report files of every published round into the reports' cache."""
    built = sum(prebuild(pk) for pk in ReviewRound.objects.published().values_list("pk", flat=True))
    return f"{built} report files built"
