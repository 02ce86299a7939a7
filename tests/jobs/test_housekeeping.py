"""The nightly housekeeping removes old job records: finished runs past JOB_RECORDS_KEEP_DAYS
(each task's newest run and newest failure stay) and the queue's own finished jobs."""

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from mittaristo.jobs import queue
from mittaristo.jobs.models import JobRun
from mittaristo.jobs.tasks import probe
from tests.skips import on_postgresql

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def run(task, state, days_ago, *, finished=True) -> JobRun:
    started = NOW - dt.timedelta(days=days_ago)
    return JobRun.objects.create(
        task=task,
        state=state,
        started_at=started,
        finished_at=started + dt.timedelta(seconds=5) if finished else None,
    )


def test_housekeeping_removes_old_runs_but_keeps_each_tasks_newest_run_and_failure(settings):
    settings.JOB_RECORDS_KEEP_DAYS = 90
    ok, failed, interrupted = "succeeded", "failed", "interrupted"
    gone = [
        run("schedule.fetch-due-data", ok, 200),
        run("schedule.fetch-due-data", failed, 150),  # an older failure than the newest one
        run("schedule.fetch-due-data", ok, 120),
        run("schedule.fetch-due-data", ok, 91),
    ]
    kept = [
        run("schedule.fetch-due-data", interrupted, 100),  # the task's newest failure
        run("schedule.fetch-due-data", ok, 89),  # within 90 days
        run("schedule.fetch-due-data", ok, 1),  # the newest
        run("schedule.send-reminders", ok, 400),  # old, but the task's newest run
        run("jobs.probe", "running", 300, finished=False),  # not finished: never removed
    ]
    result = queue.run_inline("jobs.housekeeping")
    assert result.startswith("4 job runs and 0 queue jobs")
    remaining = set(JobRun.objects.exclude(task="jobs.housekeeping").values_list("pk", flat=True))
    assert remaining == {r.pk for r in kept}
    assert not JobRun.objects.filter(pk__in=[r.pk for r in gone]).exists()
    # The housekeeping's own run is recorded like any other.
    own = JobRun.objects.get(task="jobs.housekeeping")
    assert own.state == "succeeded" and own.result == result


def test_the_limit_is_the_setting(settings):
    old = run("schedule.recompute-indices", "succeeded", 20)
    run("schedule.recompute-indices", "succeeded", 0)
    settings.JOB_RECORDS_KEEP_DAYS = 30
    queue.run_inline("jobs.housekeeping")
    assert JobRun.objects.filter(pk=old.pk).exists()
    settings.JOB_RECORDS_KEEP_DAYS = 10
    queue.run_inline("jobs.housekeeping")
    assert not JobRun.objects.filter(pk=old.pk).exists()


def test_housekeeping_is_on_the_schedule_every_night():
    assert {s.name: s.cron for s in queue.SCHEDULE}["jobs.housekeeping"] == "40 2 * * *"


def queue_job(tmp_path, name, status, days_ago) -> int:
    """A job of the queue, put in `status` with its last event `days_ago` days back."""
    job_id = queue.defer(probe, started=str(tmp_path / name), release=str(tmp_path / "r"))
    with connection.cursor() as cursor:
        cursor.execute("UPDATE procrastinate_jobs SET status = %s WHERE id = %s", [status, job_id])
        cursor.execute(
            "UPDATE procrastinate_events SET at = now() - make_interval(days => %s)"
            " WHERE job_id = %s",
            [days_ago, job_id],
        )
    return job_id


def queue_jobs() -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM procrastinate_jobs")
        return {row[0] for row in cursor.fetchall()}


def events_of(job_ids) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM procrastinate_events WHERE job_id = ANY(%s)", [list(job_ids)]
        )
        return cursor.fetchone()[0]


def test_housekeeping_removes_the_queues_old_finished_jobs_with_their_events(tmp_path, settings):
    if not on_postgresql():
        pytest.skip("needs PostgreSQL: the job queue (SQLite has none, jobs run in-line)")
    settings.JOB_RECORDS_KEEP_DAYS = 90
    old = {
        queue_job(tmp_path, "a", "succeeded", 100),
        queue_job(tmp_path, "b", "failed", 95),
        queue_job(tmp_path, "c", "cancelled", 200),
    }
    young = queue_job(tmp_path, "d", "succeeded", 10)
    waiting = queue_job(tmp_path, "e", "todo", 300)  # still to run: never removed
    assert events_of(old) > 0
    result = queue.run_inline("jobs.housekeeping")
    assert "3 queue jobs" in result, result
    left = queue_jobs()
    assert not old & left and {young, waiting} <= left
    assert events_of(old) == 0
