"""Waiting for a benchmark's server to answer, shared by the benchmarks that start gunicorn
(national_scale.py, survey_load.py, web_latency.py)."""

import os
import signal
import subprocess
import sys
import time

import httpx


def wait_for_server(
    server: subprocess.Popen, url: str, *, seconds: float, interval: float = 0.2
) -> subprocess.Popen:
    """`server` once `url` answers (with any status); if it does not within `seconds`, kill it
    and exit saying so. A server started in a session of its own (start_new_session) is killed
    with its whole process group: gunicorn's workers, which a kill of the master alone would
    leave running."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            httpx.get(url, timeout=2)
            return server
        except httpx.TransportError:
            time.sleep(interval)
    if os.getpgid(server.pid) == server.pid:
        os.killpg(server.pid, signal.SIGKILL)
    else:
        server.kill()
    sys.exit(f"the server did not answer within {seconds:g} s")
