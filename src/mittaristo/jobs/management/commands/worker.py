"""mittaristo worker [--burst] [--concurrency N]: run the queued and the scheduled jobs.

On PostgreSQL: first queue again the jobs of workers that died (jobs.recovery, and again every
minute while it runs), then take jobs until stopped (SIGTERM or Ctrl-C: the running jobs finish
first), deferring the scheduled ones on their time; with --burst, run every job ready now and
exit, without the schedule. On SQLite (the demo) there is no queue: the command runs the
scheduled jobs in-line on their time.
"""

import contextlib
import datetime as dt
import logging
import signal
import threading
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone
from django.utils.translation import gettext as _
from procrastinate import periodic
from procrastinate.contrib.django import app, procrastinate_app

from mittaristo.jobs.queue import due_between, queue_enabled, run_inline, worker_name
from mittaristo.jobs.recovery import RECOVER_EVERY, STALLED_AFTER, recover_stalled

logger = logging.getLogger("mittaristo.jobs.worker")


class Command(BaseCommand):
    help = _(
        "Run the background jobs: the queue in PostgreSQL (large imports, reports, the "
        "scheduled fetching, reminders and indices), or on SQLite the schedule in-line."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--burst",
            action="store_true",
            help=_("run the jobs ready now, then exit (no schedule)"),
        )
        parser.add_argument(
            "--concurrency", type=int, default=1, help=_("jobs run at once (default 1)")
        )
        parser.add_argument(
            "--heartbeat",
            type=float,
            default=10.0,
            help=_("seconds between the worker's heartbeats (default 10)"),
        )
        parser.add_argument(
            "--stalled-after",
            type=float,
            default=float(STALLED_AFTER),
            help=_(
                "seconds without a heartbeat after which a worker counts as dead and its "
                "jobs run again (default %(default)s)"
            ),
        )

    def handle(self, *args, burst, concurrency, heartbeat, stalled_after, **options):
        if not queue_enabled():
            self._inline(burst=burst)
            return
        recovered = recover_stalled(seconds=stalled_after)
        if recovered:
            self.stdout.write(
                _("Queued again %(count)s job(s) of a worker that stopped: %(ids)s")
                % {"count": len(recovered), "ids": ", ".join(map(str, recovered))}
            )
        options = {
            "name": worker_name(),
            "concurrency": concurrency,
            "wait": not burst,
            "update_heartbeat_interval": heartbeat,
            "stalled_worker_timeout": stalled_after,
            "install_signal_handlers": True,
        }
        if burst:
            options["install_signal_handlers"] = False
        else:
            watch = threading.Thread(
                target=self._recover, args=(stalled_after,), name="recover", daemon=True
            )
            watch.start()
        with app.replace_connector(app.connector.get_worker_connector()), self._schedule(burst):
            app.run_worker(**options)

    def _recover(self, stalled_after: float):
        """Beside the worker, every RECOVER_EVERY seconds: the jobs of dead workers back."""
        while True:
            time.sleep(RECOVER_EVERY)
            try:
                recover_stalled(seconds=stalled_after)
            except Exception:  # the database away for a moment: the next look will do
                logger.exception("could not look for the jobs of stopped workers")
            finally:
                close_old_connections()

    @contextlib.contextmanager
    def _schedule(self, burst: bool):
        """A burst runs what is queued, not what the schedule would add meanwhile."""
        if not burst:
            yield
            return
        real = procrastinate_app.current_app  # `app` is a proxy: set on what it stands for
        registry = real.periodic_registry
        real.periodic_registry = periodic.PeriodicRegistry()
        try:
            yield
        finally:
            real.periodic_registry = registry

    def _inline(self, *, burst: bool):
        """SQLite: every minute, run in-line the scheduled jobs whose time has come."""
        self.stdout.write(
            _("No job queue on SQLite: jobs run in-line; running the schedule in this process.")
        )
        if burst:
            return
        stop = []
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.append(True))
        last = timezone.now()
        while not stop:
            time.sleep(1)  # short naps: a stop request is seen within a second
            now = timezone.now()
            if now.minute == last.minute and now - last < dt.timedelta(minutes=1):
                continue
            for scheduled in due_between(last.astimezone(dt.UTC), now.astimezone(dt.UTC)):
                if stop:
                    break
                logger.info("running %s (scheduled %s, in-line)", scheduled.name, scheduled.cron)
                run_inline(scheduled.name, timestamp=int(now.timestamp()))
            last = now
