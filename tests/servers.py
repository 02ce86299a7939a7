"""Real server processes for tests that need more than one process or DEBUG off end to end."""

import socket
import subprocess
import sys
import time
from pathlib import Path

BIN = Path(sys.executable).parent


def answers(address) -> bool:
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(address) == 0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """One gunicorn process with one worker on a port of its own; stdout and stderr to log."""

    def __init__(self, env: dict, log: Path, cwd: Path | None = None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log
        self.log = log.open("ab")
        self.process = subprocess.Popen(
            [str(BIN / "gunicorn"), "mittaristo.wsgi", "--bind", f"127.0.0.1:{self.port}"],
            env=env,
            cwd=cwd,
            stdout=self.log,
            stderr=self.log,
        )
        for _wait in range(300):  # at most 30 s to start
            if answers(("127.0.0.1", self.port)) or self.process.poll() is not None:
                break
            time.sleep(0.1)
        assert answers(("127.0.0.1", self.port)), log.read_text(errors="replace")

    def stop(self) -> str:
        """Stops the server; what it wrote."""
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()
        return self.log_path.read_text(encoding="utf-8", errors="replace")
