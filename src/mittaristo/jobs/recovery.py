"""Jobs whose worker died are queued again: no job is lost when a worker is killed mid-job.

Each worker writes a heartbeat (procrastinate's `procrastinate_workers`, every
`update_heartbeat_interval` seconds). A job still marked running whose worker has not beaten for
`seconds` (or whose worker's row was removed as stale) belongs to a dead worker: it is put back
to wait, to run again from its start, and its open JobRun is closed as interrupted. Every worker
does this when it starts and every RECOVER_EVERY seconds while it runs (the command `worker`);
an advisory lock lets one process at a time do it, so a job is never put back while another
worker runs it.
"""

import logging

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from procrastinate import sql

from .models import JobRun

logger = logging.getLogger(__name__)

STALLED_AFTER = 60  # seconds without a heartbeat (the workers beat every 10 s)
RECOVER_EVERY = 60  # seconds between two looks of a running worker
LOCK = 72_110_021  # the advisory lock's key: any number no other code takes


def recover_stalled(*, seconds: float = STALLED_AFTER) -> list[int]:
    """Queue again every job of a worker silent for `seconds`; returns their ids (none if
    another process is recovering at this moment)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [LOCK])
        if not cursor.fetchone()[0]:
            return []
        cursor.execute(
            sql.queries["select_stalled_jobs_by_heartbeat"],
            {"seconds_since_heartbeat": str(seconds), "queue": None, "task_name": None},
        )
        stalled = [row[0] for row in cursor.fetchall()]
        for job_id in stalled:
            cursor.execute(
                sql.queries["retry_job"],
                {
                    "job_id": job_id,
                    "retry_at": timezone.now(),
                    "new_priority": None,
                    "new_queue_name": None,
                    "new_lock": None,
                },
            )
        if stalled:
            JobRun.objects.running().filter(job_id__in=stalled).update(
                state=JobRun.State.INTERRUPTED,
                finished_at=timezone.now(),
                error=_("The worker stopped during the run; the job was queued again."),
            )
    for job_id in stalled:
        logger.warning("job %s: its worker stopped mid-job; queued again", job_id)
    return stalled
