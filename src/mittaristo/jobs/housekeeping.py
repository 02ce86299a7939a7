"""Old records of the queue removed: finished job runs and procrastinate's finished jobs.

Without it the tables grow for ever (about 50 runs a day from the schedule, each with its
procrastinate job and three or four events). The scheduled job `jobs.housekeeping`
(jobs/tasks.py) calls `job_records_prune` every night with JOB_RECORDS_KEEP_DAYS.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone
from procrastinate import jobs as procrastinate_jobs
from procrastinate import sql

from .models import JobRun
from .queue import queue_enabled

# Every final state: the JobRun rows are the record the administrator reads, and they keep
# the errors; procrastinate's rows of a finished job serve nothing once it is finished.
FINAL = [
    procrastinate_jobs.Status.SUCCEEDED.value,
    procrastinate_jobs.Status.FAILED.value,
    procrastinate_jobs.Status.CANCELLED.value,
    procrastinate_jobs.Status.ABORTED.value,
]


@dataclass(frozen=True)
class Pruned:
    runs: int  # JobRun rows deleted
    queue_jobs: int  # procrastinate jobs deleted (their events with them)

    def summary(self) -> str:
        return f"{self.runs} job runs and {self.queue_jobs} queue jobs older than the limit removed"


@transaction.atomic
def job_records_prune(*, days: int) -> Pruned:
    """Delete the runs finished more than `days` ago (JobRunQuerySet.removable keeps each
    task's newest run and newest failure), and procrastinate's jobs in a final state for as
    long, with their events: the query of procrastinate's own builtin task `remove_old_jobs`
    (its job manager's `delete_old_jobs`), run here on Django's connection so that one job,
    recorded as every other, does both."""
    cutoff = timezone.now() - dt.timedelta(days=days)
    runs, _ = JobRun.objects.removable(finished_before=cutoff).delete()
    queue_jobs = 0
    if queue_enabled():
        with connection.cursor() as cursor:
            cursor.execute(
                sql.queries["delete_old_jobs"],
                {"nb_hours": days * 24, "queue": None, "statuses": FINAL},
            )
            queue_jobs = cursor.rowcount
    return Pruned(runs=runs, queue_jobs=queue_jobs)
