"""The queue's health for the load balancer's /health/: `queue_health()`."""

from django.db import connection

from .queue import queue_enabled
from .recovery import STALLED_AFTER

MAX_WAIT = 15 * 60  # seconds a job ready to run may wait before the queue counts as failing

WAITING_SQL = """
SELECT count(*),
       EXTRACT(EPOCH FROM now() - min(COALESCE(job.scheduled_at, deferred.at)))
  FROM procrastinate_jobs job
  LEFT JOIN LATERAL (
       SELECT min(at) AS at FROM procrastinate_events
        WHERE job_id = job.id AND type = 'deferred') deferred ON true
 WHERE job.status = 'todo' AND (job.scheduled_at IS NULL OR job.scheduled_at <= now())
"""
WORKERS_SQL = """
SELECT count(*) FROM procrastinate_workers
 WHERE last_heartbeat >= now() - make_interval(secs => %s)
"""


def queue_health(*, max_wait: float = MAX_WAIT) -> dict:
    """{"ok": bool, "mode", "workers", "waiting", "oldest_waiting_seconds"}.

    Failing ("ok": false) when no worker has beaten within STALLED_AFTER seconds, or a job ready
    to run has waited longer than `max_wait` seconds. On SQLite there is no queue (jobs run
    in-line): ok, mode "inline". A database that does not answer raises, as for the database
    check itself.
    """
    if not queue_enabled():
        return {
            "ok": True,
            "mode": "inline",
            "workers": 0,
            "waiting": 0,
            "oldest_waiting_seconds": None,
        }
    with connection.cursor() as cursor:
        cursor.execute(WAITING_SQL)
        waiting, oldest = cursor.fetchone()
        cursor.execute(WORKERS_SQL, [float(STALLED_AFTER)])
        workers = cursor.fetchone()[0]
    oldest = None if oldest is None else round(float(oldest), 1)
    ok = workers > 0 and (oldest is None or oldest <= max_wait)
    return {
        "ok": ok,
        "mode": "queue",
        "workers": workers,
        "waiting": waiting,
        "oldest_waiting_seconds": oldest,
    }
