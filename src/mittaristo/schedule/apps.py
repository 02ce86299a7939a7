from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class ScheduleConfig(AppConfig):
    name = "mittaristo.schedule"
    verbose_name = _("Scheduled work")

    def ready(self):
        # The jobs declare themselves on import: the worker and the in-line schedule need
        # them, and the queue's own (jobs.tasks) too.
        # /health/ reports the queue: its workers' heartbeats and its oldest waiting job.
        from mittaristo.core import health
        from mittaristo.jobs import tasks as _queue_jobs  # noqa: F401
        from mittaristo.jobs.health import queue_health
        from mittaristo.jobs.queue import schedule_check
        from mittaristo.observations.imports import jobs as _imports  # noqa: F401
        from mittaristo.reports import prebuild as _prebuild  # noqa: F401

        from . import tasks as _tasks  # noqa: F401

        health.register("queue", queue_health)
        # Every job is declared now: a JOB_SCHEDULE naming none of them is a mistake.
        checks.register(schedule_check)
