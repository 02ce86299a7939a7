"""Two writers at once, on PostgreSQL: a call held inside its transaction until the test lets
it go, a second call beside it, and a wait until the second is blocked on a lock.

Used by tests/observations/test_concurrent_store.py and tests/investments/
test_concurrent_import.py. Each call runs in its own thread with its own connection, so the
overlap is certain rather than left to timing.
"""

import threading
import time

from django.db import connection


class Call(threading.Thread):
    """`call()` in a thread of its own: its result in `report`, or its exception in `error`."""

    def __init__(self, call, *, name="second-call"):
        super().__init__(name=name)
        self.call, self.report, self.error = call, None, None

    def run(self):
        try:
            self.report = self.call()
        except Exception as error:  # noqa: BLE001 (handed to the test)
            self.error = error
        finally:
            connection.close()


class Held(Call):
    """`call()` that stops after the first call of `module.attr` (a write inside its
    transaction), until the test sets `release`. `written` is set when it has stopped."""

    def __init__(self, call, *, module, attr, monkeypatch, name="held-call"):
        super().__init__(call, name=name)
        self.written, self.release = threading.Event(), threading.Event()
        real = getattr(module, attr)

        def write_then_hold(**kwargs):
            outcome = real(**kwargs)
            if threading.current_thread() is self and not self.written.is_set():
                self.written.set()
                assert self.release.wait(30), "the test never released the held call"
            return outcome

        monkeypatch.setattr(module, attr, write_then_hold)


def wait_until_blocked():
    """Until some other connection waits for a lock (the second call behind the first)."""
    for _ in range(200):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                "AND datname = current_database() AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0]:
                return
        time.sleep(0.05)
    raise AssertionError("the second call never waited for the first")
