"""The queue's parts that need no worker: the back-off, the record of a run, the schedule, the
in-line mode (SQLite) and the health check."""

import datetime as dt
import json
import os
import subprocess
import sys

import pytest
from procrastinate.jobs import Job

from mittaristo.jobs import queue
from mittaristo.jobs.health import queue_health
from mittaristo.jobs.models import JobRun
from mittaristo.jobs.tasks import probe
from tests.skips import on_postgresql

pytestmark = pytest.mark.django_db


def job_after(runs: int) -> Job:
    """A queued job that has run `runs` times before (procrastinate's `attempts`)."""
    return Job(id=1, queue="default", lock=None, queueing_lock=None, task_name="x", attempts=runs)


def test_the_back_off_doubles_up_to_its_cap_and_stops_after_the_last_attempt():
    backoff = queue.Backoff(attempts=5, first=60, cap=300)
    now = dt.datetime.now(dt.UTC)
    decisions = [
        backoff.get_retry_decision(exception=RuntimeError(), job=job_after(n)) for n in range(5)
    ]
    waits = [round((d.retry_at - now).total_seconds()) for d in decisions[:4]]
    assert waits == [60, 120, 240, 300]
    assert decisions[4] is None  # the fifth run failed: no more


def test_the_default_back_off_is_five_runs_over_a_quarter_of_an_hour():
    backoff = queue.Backoff()
    assert sum(backoff.delay(n) for n in range(1, backoff.attempts)) == 60 + 120 + 240 + 480


def test_a_run_is_recorded_with_its_result(tmp_path):
    release = tmp_path / "release"
    release.touch()
    result = queue.run_inline("jobs.probe", started=str(tmp_path / "started"), release=str(release))
    assert result == "released"
    run = JobRun.objects.get()
    assert (run.task, run.state, run.attempt, run.inline, run.result) == (
        "jobs.probe",
        "succeeded",
        1,
        True,
        "released",
    )
    assert run.arguments == {"started": str(tmp_path / "started"), "release": str(release)}
    assert run.started_at <= run.finished_at and run.error == ""


def test_a_failed_run_is_recorded_with_its_error_and_logged(tmp_path, caplog):
    result = queue.run_inline(
        "jobs.probe", started=str(tmp_path / "started"), release=str(tmp_path / "never"), timeout=0
    )
    assert result is None  # in-line, a failure is recorded, not raised to the caller
    run = JobRun.objects.get()
    assert run.state == JobRun.State.FAILED and run.finished_at is not None
    assert "TimeoutError" in run.error and "did not appear within 0 s" in run.error
    assert "job jobs.probe failed (run in-line)" in caplog.text


def test_without_a_queue_defer_runs_the_job_at_once(tmp_path, settings):
    settings.JOBS_QUEUE = False
    (tmp_path / "release").touch()
    assert (
        queue.defer(probe, started=str(tmp_path / "s"), release=str(tmp_path / "release")) is None
    )
    assert JobRun.objects.get().state == JobRun.State.SUCCEEDED
    assert queue_health() == {
        "ok": True,
        "mode": "inline",
        "workers": 0,
        "waiting": 0,
        "oldest_waiting_seconds": None,
    }


def test_the_schedule_names_the_work_that_needs_no_person():
    assert {s.name: s.cron for s in queue.SCHEDULE} == {
        "schedule.fetch-due-data": "15 * * * *",
        "schedule.recompute-indices": "30 1 * * *",
        "schedule.send-reminders": "0 5 * * 1",
        "schedule.build-round-reports": "45 * * * *",
        "schedule.clean-uploads": "5 * * * *",
        "jobs.housekeeping": "40 2 * * *",
    }


def test_the_in_line_scheduler_runs_what_came_due_since_its_last_look():
    monday = dt.datetime(2026, 11, 30, 4, 59, 30, tzinfo=dt.UTC)  # a Monday, UTC
    due = {s.name for s in queue.due_between(monday, monday + dt.timedelta(minutes=1))}
    assert due == {"schedule.send-reminders"}
    due = {s.name for s in queue.due_between(monday, monday + dt.timedelta(hours=1))}
    assert due == {
        "schedule.send-reminders",
        "schedule.fetch-due-data",
        "schedule.build-round-reports",
        "schedule.clean-uploads",
    }


def test_with_a_queue_and_no_worker_the_health_check_fails_and_says_how_long_a_job_waits(
    tmp_path,
):
    if not on_postgresql():
        pytest.skip("needs PostgreSQL: the job queue (SQLite has none, jobs run in-line)")
    before = queue_health()
    queue.defer(probe, started=str(tmp_path / "s"), release=str(tmp_path / "r"))
    health = queue_health()
    assert health["mode"] == "queue" and health["waiting"] == before["waiting"] + 1
    assert health["oldest_waiting_seconds"] is not None and health["oldest_waiting_seconds"] >= 0
    assert health["workers"] == 0 and health["ok"] is False


SCHEDULE_PROGRAM = """
import json, django
django.setup()
from procrastinate.contrib.django import app
from mittaristo.jobs import queue
periodic = {name: task.cron for (name, _), task in app.periodic_registry.periodic_tasks.items()}
print(json.dumps([{s.name: s.cron for s in queue.SCHEDULE}, periodic]))
"""


def run_with_schedule(value: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DEBUG": "true", "JOB_SCHEDULE": value}
    env["DJANGO_SETTINGS_MODULE"] = "mittaristo.settings"
    return subprocess.run(
        [sys.executable, "-c", SCHEDULE_PROGRAM],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_job_schedule_moves_a_job_or_switches_it_off_for_the_worker_and_in_line():
    """JOB_SCHEDULE (docs/configuration.md): the reminders at 06:00 UTC, no housekeeping; the
    others at their own times, in the in-line schedule and the queue's periodic tasks alike."""
    result = run_with_schedule("schedule.send-reminders = 0 6 * * 1; jobs.housekeeping=off")
    assert result.returncode == 0, result.stderr
    inline, periodic = json.loads(result.stdout.strip().splitlines()[-1])
    assert (
        inline
        == periodic
        == {
            "schedule.fetch-due-data": "15 * * * *",
            "schedule.recompute-indices": "30 1 * * *",
            "schedule.send-reminders": "0 6 * * 1",
            "schedule.build-round-reports": "45 * * * *",
            "schedule.clean-uploads": "5 * * * *",
        }
    )


@pytest.mark.parametrize(
    "value", ["schedule.send-reminders=0 6 * *", "0 6 * * 1", "jobs.housekeeping=never"]
)
def test_a_job_schedule_that_is_not_a_name_and_a_time_stops_the_app(value):
    result = run_with_schedule(value)
    assert result.returncode != 0
    assert f"JOB_SCHEDULE: {value!r} is not a job's name = a cron expression" in result.stderr


def test_check_names_a_job_schedule_entry_that_is_no_scheduled_job():
    env = {**os.environ, "DEBUG": "true", "JOB_SCHEDULE": "schedule.send-remindrs=0 6 * * 1"}
    result = subprocess.run(
        [sys.executable, "-m", "mittaristo", "check"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "JOB_SCHEDULE names 'schedule.send-remindrs', which is not a scheduled job" in (
        result.stderr
    )
