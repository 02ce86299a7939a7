"""Storing a large import file in the background worker, not in the web request.

The web page previews every file in the request (reading and checking, no storing). A file of
more than IMPORT_JOB_ROWS rows is then stored by a job: `import_job_start` records an ImportJob
and queues the job (docs/jobs.md: in PostgreSQL, or run in-line at once on SQLite); the worker
(`mittaristo worker`) runs it through the same `import_observations` as the command line and the
request, with the outlier digest the person confirmed, so the job stores exactly what the
preview showed, or nothing and says why. The job writes its stage to the ImportJob as it goes
(outside the storing transaction, so the page can read it), then the outcome, and removes the
uploaded file. A job whose worker was killed mid-way runs again from the start (its store is one
transaction: nothing of it was stored); a failed one is not retried, the person sees why and
uploads again.
"""

import logging
from pathlib import Path

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from mittaristo.jobs import queue
from mittaristo.strategy.models import Indicator

from ..models import ImportJob
from .service import ImportReport, import_observations

logger = logging.getLogger(__name__)

SHOWN_PROBLEMS = 50  # problems kept with the job's outcome; the rest are counted


def import_job_start(
    *,
    path: Path,
    name: str,
    user,
    preview: dict,
    accept_outliers: str,
    language: str,
    organisation=None,
) -> ImportJob:
    """Record the job and queue it; the worker picks it up once this transaction commits.

    `preview` has the preview's "rows" (and may have its other counts); `organisation`, whose
    indicators it may store (None: any the person keeps).
    """
    job = ImportJob.objects.create(
        organisation=organisation,
        file_name=name,
        path=str(path),
        user=user,
        language=language,
        accept_outliers=accept_outliers,
        preview={
            k: preview[k] for k in ("rows", "created", "changed", "unchanged") if k in preview
        },
    )
    transaction.on_commit(lambda: queue.defer(import_job_task, job_id=job.pk))
    return job


@queue.job(name="observations.import-file", retry=queue.Backoff(attempts=1))
def import_job_task(job_id: int) -> str:
    """The queued task: run the job once; its outcome is on the ImportJob."""
    return import_job_run(job_id)


def import_job_run(job_id: int) -> str:
    """Store the job's file, recording each stage and then the outcome; returns the state."""
    job = ImportJob.objects.select_related("user").filter(pk=job_id).first()
    if job is None or job.state not in ImportJob.STAGES:
        return job.state if job else "missing"  # already run (a task queued twice runs once)
    _update(job, state=ImportJob.State.READING, started_at=timezone.now())
    path = Path(job.path)
    try:
        with translation.override(job.language or None):
            report = import_observations(
                path=path,
                name=job.file_name,
                user=job.user,
                allowed_indicators=_allowed(job),
                organisation=job.organisation,
                accept_outliers=job.accept_outliers or False,
                progress=lambda stage: _update(job, state=stage),
            )
            outcome = _outcome(report)
    except Exception:
        logger.exception("import job %s (%s) failed", job.pk, job.file_name)
        _update(job, state=ImportJob.State.FAILED, finished_at=timezone.now(), report={})
        raise
    finally:
        path.unlink(missing_ok=True)
    state = ImportJob.State.STORED if report.stored else ImportJob.State.REFUSED
    _update(job, state=state, finished_at=timezone.now(), report=outcome)
    return state


def _allowed(job: ImportJob):
    """The indicators the job may store: the person's, of the job's organisation."""
    indicators = Indicator.objects.editable_by(job.user)
    if job.organisation_id is not None:
        indicators = indicators.filter(strategy__organisation=job.organisation_id)
    return indicators


def _outcome(report: ImportReport) -> dict:
    """What the job's page shows of the outcome, in the person's language."""
    problems = [str(p) for p in report.problems]
    if report.ok and report.needs_confirmation:
        problems.append(
            _(
                "The values far from what is expected are no longer those you confirmed: "
                "upload the file again to see them."
            )
        )
    return {
        "rows": report.rows,
        "created": report.created,
        "changed": report.changed,
        "unchanged": report.unchanged,
        "summary": report.summary(),
        "busy": report.busy,
        "problems": problems[:SHOWN_PROBLEMS],
        "more_problems": max(0, len(problems) - SHOWN_PROBLEMS),
    }


def _update(job: ImportJob, **fields) -> None:
    for name, value in fields.items():
        setattr(job, name, value)
    ImportJob.objects.filter(pk=job.pk).update(**fields)
