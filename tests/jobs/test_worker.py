"""Real worker processes on PostgreSQL: a failing job is retried with back-off, and a job whose
worker is killed mid-job (SIGKILL) runs again, to completion, in another worker.

The job is `jobs.probe`, which writes a line to a file when it starts and waits for another file
to appear: the test knows the job is in the middle, and says when it may finish. Every wait is
bounded; a worker's start on a busy machine is the slowest part.
"""

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import translation

from mittaristo.jobs import queue
from mittaristo.jobs.health import queue_health
from mittaristo.jobs.models import JobRun
from mittaristo.jobs.tasks import probe
from tests.servers import BIN
from tests.skips import on_postgresql

pytestmark = pytest.mark.django_db(transaction=True)  # the workers see only what is committed

BOUND = 240  # seconds any one wait may take (a worker's start included), then the test fails
STALLED_AFTER = 2  # seconds without a heartbeat before a worker counts as dead (default 60)


@pytest.fixture
def empty_queue():
    if not on_postgresql():
        pytest.skip("needs PostgreSQL: the job queue (SQLite has none, jobs run in-line)")
    # procrastinate's tables are not Django's to empty between tests: start from none.
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM procrastinate_jobs")
        cursor.execute("DELETE FROM procrastinate_workers")
    yield
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM procrastinate_jobs")
        cursor.execute("DELETE FROM procrastinate_workers")


class Worker:
    """`mittaristo worker` in its own process, on the test database, beating every 0.5 s."""

    def __init__(self, log: Path, stalled_after: float = STALLED_AFTER):
        env = dict(os.environ)
        settings = connection.settings_dict
        env["DATABASE_URL"] = (
            f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
        )
        self.log_path = log
        self.log = log.open("ab")
        self.process = subprocess.Popen(
            [
                str(BIN / "mittaristo"),
                "worker",
                "--heartbeat",
                "0.5",
                "--stalled-after",
                str(stalled_after),
            ],
            env=env,
            stdout=self.log,
            stderr=self.log,
        )

    def output(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)
        self.log.close()

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=30)
        self.log.close()


def wait_for(condition, what: str, worker: Worker | None = None):
    deadline = time.monotonic() + BOUND
    while not condition():
        if worker is not None and worker.process.poll() is not None:
            pytest.fail(f"the worker stopped while waiting for {what}:\n{worker.output()}")
        if time.monotonic() > deadline:
            log = worker.output() if worker else ""
            pytest.fail(f"no {what} within {BOUND} s\n{log}")
        time.sleep(0.1)


def status(job_id: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT status FROM procrastinate_jobs WHERE id = %s", [job_id])
        return cursor.fetchone()[0]


def silent_for(seconds: float) -> bool:
    """Whether every worker's last heartbeat is older than `seconds` (a dead one's is)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM procrastinate_workers "
            "WHERE last_heartbeat >= now() - make_interval(secs => %s)",
            [float(seconds)],
        )
        return cursor.fetchone()[0] == 0


def runs(job_id: int) -> list[tuple[int, str]]:
    return list(
        JobRun.objects.filter(job_id=job_id).order_by("attempt").values_list("attempt", "state")
    )


def test_a_failing_job_is_retried_with_back_off_until_it_succeeds(tmp_path, empty_queue):
    started, release = tmp_path / "started", tmp_path / "release"
    release.touch()
    job_id = queue.defer(probe, started=str(started), release=str(release), fail_first=2)
    # Alone, it needs no quick verdict on dead workers: a busy machine may delay its heartbeat.
    worker = Worker(tmp_path / "worker.log", stalled_after=60)
    try:
        wait_for(lambda: status(job_id) == "succeeded", "success after two failures", worker)
    finally:
        worker.stop()
    assert runs(job_id) == [(1, "failed"), (2, "failed"), (3, "succeeded")]
    first, second, third = JobRun.objects.filter(job_id=job_id).order_by("attempt")
    assert "probe: run 1 fails, as asked" in first.error
    # The back-off of jobs.probe: 1 s after the first failure, 2 s after the second.
    assert (second.started_at - first.finished_at).total_seconds() >= 1
    assert (third.started_at - second.finished_at).total_seconds() >= 2
    assert third.result == "released"


def test_a_job_whose_worker_is_killed_mid_job_runs_again_to_completion(tmp_path, empty_queue):
    started, release = tmp_path / "started", tmp_path / "release"
    job_id = queue.defer(probe, started=str(started), release=str(release), timeout=BOUND)
    first = Worker(tmp_path / "first.log")
    try:
        wait_for(started.exists, "start of the job", first)  # the job is in the middle
        assert status(job_id) == "doing" and runs(job_id) == [(1, "running")]
        assert queue_health()["workers"] == 1
    finally:
        first.kill()  # SIGKILL: no clean-up, the job stays marked as being done
    assert status(job_id) == "doing"
    wait_for(lambda: silent_for(STALLED_AFTER), "silence of the killed worker's heartbeat")
    release.touch()  # the next run may finish

    second = Worker(tmp_path / "second.log")
    try:
        wait_for(lambda: status(job_id) == "succeeded", "second run's success", second)
    finally:
        second.stop()
    assert started.read_text().splitlines() == ["started", "started"]  # it ran twice
    assert runs(job_id) == [(1, "interrupted"), (2, "succeeded")]
    # The command speaks the installation's language (Finnish by default).
    with translation.override(settings.LANGUAGE_CODE):
        said = translation.gettext(
            "Queued again %(count)s job(s) of a worker that stopped: %(ids)s"
        ) % {"count": 1, "ids": job_id}
    assert said in second.output()
