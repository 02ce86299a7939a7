"""The scheduled jobs; their times are cron expressions in UTC (docs/jobs.md), which
settings.JOB_SCHEDULE may change or switch off per job.

fetch-due-data        hourly at :15     open data whose publication date has come
recompute-indices     daily 01:30 UTC   every composite index (also after a fetch stored
                                        something new)
send-reminders        Mondays 05:00 UTC the e-mail of values and assessments due
build-round-reports   hourly at :45     the reports of every published round, into the
                                        reports' cache (only what is missing)
clean-uploads         hourly at :05     uploaded import files left waiting
jobs.housekeeping     daily 02:40 UTC   old job records, reminder records, national series
                                        no indicator reads (its name is the queue's: kept)
"""

import datetime as dt
import logging

from django.conf import settings
from django.utils import timezone

from mittaristo.indices import IndexDefinitionError
from mittaristo.jobs.housekeeping import job_records_prune
from mittaristo.jobs.queue import Backoff, defer, job
from mittaristo.monitoring.indices import index_values_store, indices_in_order
from mittaristo.reports.prebuild import prebuild
from mittaristo.reviews.models import ReviewRound
from mittaristo.reviews.reminders import reminders_send, sent_reminders_prune
from mittaristo.sources.due import fetch_due
from mittaristo.sources.fetching import make_clients
from mittaristo.sources.housekeeping import series_prune
from mittaristo.strategy.models import Strategy
from mittaristo.web.uploads import uploads_clean

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


@job(name="schedule.clean-uploads", cron="5 * * * *", queueing_lock="schedule.clean-uploads")
def clean_uploads(timestamp: int | None = None) -> str:
    """Remove the uploaded import files older than UPLOAD_MAX_AGE_HOURS (what `mittaristo
    clean-uploads` does), in the UPLOAD_DIR of the worker that runs it."""
    hours = settings.UPLOAD_MAX_AGE_HOURS
    return f"{len(uploads_clean(hours=hours))} uploaded files older than {hours} hours removed"


# Declared here, at the top of the layers, because it prunes the records of several apps; its
# name stays the queue's own (queued rows and the schedule's bookkeeping refer to it).
@job(name="jobs.housekeeping", cron="40 2 * * *", queueing_lock="jobs.housekeeping")
def housekeeping(timestamp: int | None = None) -> str:
    """Remove what can no longer matter: the job records older than JOB_RECORDS_KEEP_DAYS
    (jobs.housekeeping), the records of reminders sent as long ago (at least a week:
    reviews.reminders), and the national series no indicator has read for
    SERIES_UNREAD_KEEP_DAYS (sources.housekeeping)."""
    days = settings.JOB_RECORDS_KEEP_DAYS
    jobs = job_records_prune(days=days).summary()
    reminders = sent_reminders_prune(days=days, today=timezone.localdate())
    series = series_prune(now=timezone.now()).summary()
    return f"{jobs}; {reminders} reminder records removed; {series}"
