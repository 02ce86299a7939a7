"""Start the production layout on one machine: N app processes and the worker; stop them cleanly.

    .venv/bin/python scripts/run_layout.py --apps 2 --env-file .env

What docs/deploy.md runs on several machines as systemd units, here as child processes of one
command, against the machine's PostgreSQL and Redis (whatever DATABASE_URL, CACHE_URL and
LOGIN_CACHE_URL name): first `mittaristo migrate`, then one gunicorn per app process on ports
--port, --port + 1, … (or --ports), each bound to 127.0.0.1, and the background worker
(`mittaristo worker`, or `mittaristo db_worker` where that is the one the installation has).
When every app process answers /health/ with ok (the queue's check included, so the
worker has started) it prints one line per process and then `ready`.

It runs until Ctrl-C or SIGTERM, then stops every process with SIGTERM (gunicorn finishes its
requests, the worker its job), waits --stop-timeout seconds and kills what is left; exit 0.
If a process ends by itself, the others are stopped too and the exit status is 1.
No nginx: put one in front (docs/deploy.md; tests/web/test_nginx.py does it with
deploy/nginx/mittaristo.conf) or talk to the ports directly.
"""

import argparse
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

BIN = Path(sys.executable).parent


def read_env_file(path: Path) -> dict[str, str]:
    """KEY=VALUE lines as systemd's EnvironmentFile reads them (# comments, optional quotes)."""
    values = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        values[key.strip()] = value
    return values


def worker_command(mittaristo: str, env: dict, choice: str) -> list[str] | None:
    """The worker to start: the one named, none, or (auto) `worker` if the installation has it,
    else `db_worker`."""
    if choice == "none":
        return None
    if choice != "auto":
        return [mittaristo, *choice.split()]
    listed = subprocess.run(
        [mittaristo, "help", "--commands"], env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    if "worker" in listed:
        return [mittaristo, "worker"]
    if "db_worker" in listed:
        return [mittaristo, "db_worker", "--no-reload", "--no-startup-delay"]
    return None


def health(port: int) -> str | None:
    """The app's /health/ status ("ok", "fail", or the HTTP status), None if nothing answers."""
    url = f"http://127.0.0.1:{port}/health/"
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return "ok" if answer.status == 200 else str(answer.status)
    except urllib.error.HTTPError as error:
        return "fail" if error.code == 503 else str(error.code)
    except OSError:
        return None


class Layout:
    """The child processes, each in a session of its own so that a Ctrl-C reaches only us."""

    def __init__(self, env: dict, log_dir: Path | None):
        self.env = env
        self.log_dir = log_dir
        self.processes: list[tuple[str, subprocess.Popen]] = []

    def start(self, name: str, command: list[str]) -> subprocess.Popen:
        output = None
        if self.log_dir is not None:
            output = (self.log_dir / f"{name}.log").open("ab")
        process = subprocess.Popen(
            command, env=self.env, stdout=output, stderr=output, start_new_session=True
        )
        self.processes.append((name, process))
        return process

    def ended(self) -> list[tuple[str, int]]:
        return [(name, p.returncode) for name, p in self.processes if p.poll() is not None]

    def stop(self, timeout: float) -> None:
        for _name, process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + timeout
        for name, process in self.processes:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                print(f"{name}: did not stop in {timeout:g} s, killed", flush=True)
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


class Stop(Exception):
    pass


def _stop(signum, frame):
    raise Stop


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--apps", type=int, default=2, help="app processes (default 2)")
    parser.add_argument("--port", type=int, default=8000, help="the first app's port (8000)")
    parser.add_argument("--ports", help="the apps' ports, comma-separated (instead of --port)")
    parser.add_argument("--gunicorn-workers", type=int, default=1, help="per app process (1)")
    parser.add_argument(
        "--worker", default="auto", help="auto (default), none, or the mittaristo command to run"
    )
    parser.add_argument("--env-file", type=Path, help="KEY=VALUE lines (the environment wins)")
    parser.add_argument("--no-migrate", action="store_true", help="skip `mittaristo migrate`")
    parser.add_argument("--log-dir", type=Path, help="each process's output to NAME.log here")
    parser.add_argument("--start-timeout", type=float, default=120, help="seconds (120)")
    parser.add_argument("--stop-timeout", type=float, default=30, help="seconds (30)")
    args = parser.parse_args(argv)

    env = dict(os.environ)
    if args.env_file:
        env = {**read_env_file(args.env_file), **env}
    ports = (
        [int(p) for p in args.ports.split(",")]
        if args.ports
        else [args.port + n for n in range(args.apps)]
    )
    mittaristo = str(BIN / "mittaristo")
    if args.log_dir is not None:
        args.log_dir.mkdir(parents=True, exist_ok=True)

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    layout = Layout(env, args.log_dir)
    try:
        if not args.no_migrate:
            subprocess.run([mittaristo, "migrate", "--no-input", "-v0"], env=env, check=True)
        for number, port in enumerate(ports, start=1):
            command = [
                str(BIN / "gunicorn"),
                "mittaristo.wsgi",
                f"--bind=127.0.0.1:{port}",
                f"--workers={args.gunicorn_workers}",
                "--max-requests=1000",
                "--max-requests-jitter=100",
            ]
            process = layout.start(f"app-{number}", command)
            print(f"app-{number}: http://127.0.0.1:{port}/ pid {process.pid}", flush=True)
        worker = worker_command(mittaristo, env, args.worker)
        if worker:
            process = layout.start("worker", worker)
            print(f"worker: {' '.join(worker[1:])} pid {process.pid}", flush=True)
        deadline = time.monotonic() + args.start_timeout
        waiting = dict(enumerate(ports, start=1))
        last: dict[int, str | None] = {}
        while waiting:
            if layout.ended():
                break
            for number, port in list(waiting.items()):
                # Until every check is ok: the queue's too, once the worker has beaten.
                last[number] = health(port)
                if last[number] == "ok":
                    print(f"app-{number}: health ok", flush=True)
                    del waiting[number]
            if time.monotonic() > deadline:
                said = {number: last.get(number) for number in waiting}
                print(f"not healthy after {args.start_timeout:g} s: {said}", flush=True)
                layout.stop(args.stop_timeout)
                return 1
            time.sleep(0.2)
        if not layout.ended():
            print("ready", flush=True)
        while not layout.ended():
            time.sleep(0.5)
        for name, code in layout.ended():
            print(f"{name}: ended by itself (exit status {code}); stopping the others", flush=True)
        layout.stop(args.stop_timeout)
        return 1
    except Stop:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        print("stopping", flush=True)
        layout.stop(args.stop_timeout)
        print("stopped", flush=True)
        return 0


if __name__ == "__main__":
    sys.exit(main())
