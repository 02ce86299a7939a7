"""Defining, queueing and running jobs; every run recorded as a JobRun.

A job is a plain function declared with `@job(...)`: it becomes a procrastinate task (retried
with back-off when it raises, optionally on a schedule), and each run writes a JobRun row
(started, then finished with its result or error). `defer(task, **kwargs)` queues it in
PostgreSQL; on SQLite (the demo, settings.JOBS_QUEUE off) there is no queue and the job runs
in-line at once, recorded all the same. Jobs call services, never views.
"""

import asyncio
import concurrent.futures
import datetime as dt
import json
import logging
import os
import socket
import traceback
from collections.abc import Callable
from dataclasses import dataclass

import attr
from croniter import croniter  # procrastinate's own cron reader
from django.conf import settings
from django.core import checks
from django.utils import timezone
from procrastinate import BaseRetryStrategy, RetryDecision
from procrastinate.contrib.django import app
from procrastinate.exceptions import AlreadyEnqueued

from .models import JobRun

logger = logging.getLogger(__name__)

RESULT_CHARS = 2000  # of a run's result kept on its JobRun
ERROR_CHARS = 20000  # of its traceback


@attr.dataclass(kw_only=True)
class Backoff(BaseRetryStrategy):
    """Retry a failed job after first, first × 2, first × 4, … seconds (at most `cap`), up to
    `attempts` runs in all."""

    attempts: int = 5
    first: int = 60
    cap: int = 6 * 3600

    def delay(self, failed_runs: int) -> int:
        """Seconds before the next run once `failed_runs` runs have failed (1, 2, …)."""
        return min(self.cap, self.first * 2 ** (failed_runs - 1))

    def get_retry_decision(self, *, exception, job):
        # job.attempts counts the runs before this one: this was run job.attempts + 1.
        failed_runs = job.attempts + 1
        if failed_runs >= self.attempts:
            return None
        return RetryDecision(retry_in={"seconds": self.delay(failed_runs)})


@dataclass(frozen=True)
class Scheduled:
    """A job on a schedule: its cron expression (UTC) and what it is for."""

    name: str
    cron: str
    function: Callable


SCHEDULE: list[Scheduled] = []  # filled by @job(cron=...), in the order declared
DECLARED_CRON: dict[str, str] = {}  # a scheduled job's name → its own time, whatever the setting
FUNCTIONS: dict[str, Callable] = {}  # task name → the plain function


def queue_enabled() -> bool:
    """Whether jobs go to the queue (PostgreSQL) or run in-line (SQLite)."""
    return settings.JOBS_QUEUE


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:100]


def job(
    *,
    name: str,
    retry: BaseRetryStrategy | None = None,
    cron: str | None = None,
    lock: str | None = None,
    queueing_lock: str | None = None,
):
    """Declare a job: `name` is its task name (stable: queued rows refer to it), `retry` its
    back-off (default Backoff(): five runs over about a quarter of an hour), `cron` a schedule
    in UTC (settings.JOB_SCHEDULE may set another, or "off"), `lock` a name no two running jobs
    share, `queueing_lock` a name no two waiting jobs share (the second defer is refused)."""
    if cron:
        DECLARED_CRON[name] = cron
        cron = settings.JOB_SCHEDULE.get(name, cron)
        cron = None if cron == "off" else cron

    def declare(function: Callable):
        FUNCTIONS[name] = function

        def run(context, **kwargs):
            return record_run(
                name,
                function,
                kwargs,
                job_id=context.job.id,
                attempt=context.job.attempts + 1,
            )

        run.__name__ = run.__qualname__ = function.__name__
        run.__module__ = function.__module__
        run.__doc__ = function.__doc__
        task = app.task(
            name=name,
            pass_context=True,
            retry=retry if retry is not None else Backoff(),
            lock=lock,
            queueing_lock=queueing_lock,
        )(run)
        if cron:
            task = app.periodic(cron=cron, periodic_id=name)(task)
            SCHEDULE.append(Scheduled(name=name, cron=cron, function=function))
        return task

    return declare


def record_run(name, function, kwargs, *, job_id=None, attempt=1, inline=False):
    """Run the function, recording the run; returns its result or raises its error."""
    run = JobRun.objects.create(
        task=name,
        arguments=_jsonable(kwargs),
        job_id=job_id,
        attempt=attempt,
        inline=inline,
        worker=worker_name(),
        state=JobRun.State.RUNNING,
        started_at=timezone.now(),
    )
    try:
        result = function(**kwargs)
    except BaseException as error:
        _finish(run, state=JobRun.State.FAILED, error=_traceback(error))
        raise
    _finish(run, state=JobRun.State.SUCCEEDED, result=_text(result)[:RESULT_CHARS])
    return result


def defer(task, /, **kwargs) -> int | None:
    """Queue the job (its queue id), or on SQLite run it now, in-line (None).

    In-line, a failure is recorded and logged, not raised: the caller goes on as it would after
    queueing. Call it after the transaction that made the work commits
    (`transaction.on_commit`), as the worker would only see committed rows.
    """
    if queue_enabled():
        try:
            return _outside_a_loop(task.defer, **kwargs)
        except AlreadyEnqueued:  # its queueing lock: the same job already waits
            return None
    run_inline(task.name, **kwargs)
    return None


def _outside_a_loop(call, /, **kwargs):
    """procrastinate's synchronous defer runs its own event loop (asyncio.run), which refuses
    to start in a thread whose loop is running (an async caller, or a test's browser driver):
    there it runs in a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return call(**kwargs)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(call, **kwargs).result()


def defer_if_queued(task, /, **kwargs) -> int | None:
    """Queue the job; on SQLite do nothing. For work that only saves time later (building a
    report before anyone asks for it), which would slow the request down in-line."""
    return _outside_a_loop(task.defer, **kwargs) if queue_enabled() else None


def run_inline(name: str, **kwargs):
    """Run a declared job in this process now, recorded as an in-line run; None if it failed."""
    try:
        return record_run(name, FUNCTIONS[name], kwargs, inline=True)
    except Exception:
        logger.exception("job %s failed (run in-line)", name)
        return None


def schedule_check(app_configs=None, **kwargs) -> list:
    """`mittaristo check`: every name in settings.JOB_SCHEDULE is a scheduled job's."""
    unknown = sorted(set(settings.JOB_SCHEDULE) - set(DECLARED_CRON))
    return [
        checks.Error(
            f"JOB_SCHEDULE names {name!r}, which is not a scheduled job.",
            hint="The scheduled jobs: " + ", ".join(sorted(DECLARED_CRON)) + " (docs/jobs.md).",
            id="mittaristo.E003",
        )
        for name in unknown
    ]


def due_between(start: dt.datetime, end: dt.datetime) -> list[Scheduled]:
    """The scheduled jobs with a time in (start, end]: what an in-line scheduler runs now."""
    return [s for s in SCHEDULE if croniter(s.cron, start).get_next(dt.datetime) <= end]


def _finish(run: JobRun, **fields) -> None:
    fields["finished_at"] = timezone.now()
    JobRun.objects.filter(pk=run.pk).update(**fields)


def _traceback(error: BaseException) -> str:
    text = "".join(traceback.format_exception(error))
    return text if len(text) <= ERROR_CHARS else "…" + text[-ERROR_CHARS:]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    try:
        return json.dumps(value, ensure_ascii=False, default=str)
    except (TypeError, ValueError):
        return repr(value)


def _jsonable(kwargs: dict) -> dict:
    return json.loads(json.dumps(kwargs, default=str))
