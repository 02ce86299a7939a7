"""The record of every run of a job: started, finished, result or error."""

from django.db import models
from django.db.models import Max
from django.utils.translation import gettext_lazy as _


class JobRunQuerySet(models.QuerySet):
    def running(self):
        return self.filter(state=JobRun.State.RUNNING)

    def unsuccessful(self):
        return self.filter(state__in=[JobRun.State.FAILED, JobRun.State.INTERRUPTED])

    def newest_per_task(self) -> set[int]:
        """The id of the newest run of each task (ids grow with the start: a run is written
        when it starts)."""
        return set(self.values("task").annotate(newest=Max("pk")).values_list("newest", flat=True))

    def removable(self, *, finished_before):
        """Finished runs older than `finished_before`, except, for each task, its newest run
        and its newest failed (or interrupted) run: however quiet a job has been, the
        administrator still reads when it last ran and when it last went wrong, and why."""
        keep = self.newest_per_task() | self.unsuccessful().newest_per_task()
        return self.filter(finished_at__lt=finished_before).exclude(pk__in=keep)


class JobRun(models.Model):
    """One run (one attempt) of one job, in the worker or in-line.

    A job that fails and is retried has one row per attempt; a job whose worker was killed keeps
    its row, marked interrupted when the job is taken up again (jobs.recovery).
    """

    class State(models.TextChoices):
        RUNNING = "running", _("running")
        SUCCEEDED = "succeeded", _("succeeded")
        FAILED = "failed", _("failed")
        INTERRUPTED = "interrupted", _("interrupted (the worker stopped)")

    task = models.CharField(_("task"), max_length=100, db_index=True)
    arguments = models.JSONField(_("arguments"), default=dict)
    job_id = models.BigIntegerField(_("queue job"), null=True, blank=True, db_index=True)
    attempt = models.PositiveIntegerField(_("attempt"), default=1)
    inline = models.BooleanField(_("run in-line"), default=False)
    worker = models.CharField(_("worker"), max_length=100, blank=True)
    state = models.CharField(_("state"), max_length=12, choices=State.choices)
    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    result = models.TextField(_("result"), blank=True)
    error = models.TextField(_("error"), blank=True)

    objects = JobRunQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("job run")
        verbose_name_plural = _("job runs")

    def __str__(self):
        return f"{self.task} #{self.attempt} {self.state} {self.started_at:%Y-%m-%d %H:%M:%S}"

    @property
    def seconds(self) -> float | None:
        """How long the run took (None while it runs)."""
        if self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()
