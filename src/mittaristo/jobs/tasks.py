"""The queue's own job: a probe that checks a worker end to end. (The nightly housekeeping,
`jobs.housekeeping`, prunes the records of several apps, so it is declared in schedule.tasks,
which may call them; it calls jobs.housekeeping.job_records_prune for the queue's own.)"""

import time
from pathlib import Path

from .queue import Backoff, job


@job(name="jobs.probe", retry=Backoff(attempts=3, first=1))
def probe(*, started: str, release: str, timeout: float = 60, fail_first: int = 0) -> str:
    """A job that checks a worker end to end: it appends a line to the file `started`, fails
    if that file has no more than `fail_first` lines (so that its first runs fail and are
    retried), then waits until the file `release` exists (at most `timeout` seconds, then
    fails). Three runs at most, 1 s and 2 s apart.

    The tests of retries and of a killed worker (tests/jobs/test_worker.py) use it; an operator
    can use it to see that a worker takes jobs.
    """
    with Path(started).open("a", encoding="utf-8") as file:
        file.write("started\n")
    runs = len(Path(started).read_text(encoding="utf-8").splitlines())
    if runs <= fail_first:
        raise RuntimeError(f"probe: run {runs} fails, as asked")
    deadline = time.monotonic() + timeout
    while not Path(release).exists():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{release} did not appear within {timeout} s")
        time.sleep(0.05)
    return "released"
