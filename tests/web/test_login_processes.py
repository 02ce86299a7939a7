"""The login limit holds across server processes that share the login cache.

Two gunicorn servers, each its own process with DEBUG off, serve one database; a guesser
alternates between them. With a cache each process keeps for itself (the old default) the
right password got in after eight wrong ones; with the database's cache (the default) or Redis
the fifth failure locks the name for that address on both servers.
"""

import os
import re
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
import pytest

BIN = Path(sys.executable).parent
LOCKED = "Too many failed attempts to log in."
REDIS = ("127.0.0.1", 6379)


def answers(address) -> bool:
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(address) == 0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A migrated SQLite database with one user per case, and the environment to serve it."""
    folder = tmp_path_factory.mktemp("two-processes")
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DEBUG": "false",
        "SECRET_KEY": "two-processes-" + "k7Hq2VbN9xZ4pL0sWmY8tR3cF6gJ1dE5aU2iO7nB4vC9eX0zQ3",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "STATIC_ROOT": str(folder / "static"),
        "UPLOAD_DIR": str(folder / "uploads"),
        "CACHE_URL": "locmemcache://",
    }
    (folder / "static").mkdir()
    mittaristo = [str(BIN / "mittaristo")]
    subprocess.run([*mittaristo, "migrate", "-v0"], env=env, check=True)
    create = (
        "from django.contrib.auth.models import User\n"
        "for name in ('locmem', 'database', 'redis'):\n"
        "    User.objects.create_user(name, password='right-password-42')\n"
    )
    subprocess.run([*mittaristo, "shell", "-c", create], env=env, check=True)
    return env


class Server:
    """One gunicorn process with one worker, on a port of its own."""

    def __init__(self, env, log: Path):
        self.port = free_port()
        self.log = log.open("ab")
        self.process = subprocess.Popen(
            [str(BIN / "gunicorn"), "mittaristo.wsgi", "--bind", f"127.0.0.1:{self.port}"],
            env=env,
            stdout=self.log,
            stderr=self.log,
        )
        for _wait in range(300):  # at most 30 s to start
            if answers(("127.0.0.1", self.port)) or self.process.poll() is not None:
                break
            time.sleep(0.1)
        assert answers(("127.0.0.1", self.port)), log.read_text(errors="replace")

    def log_in(self, username, password) -> httpx.Response:
        # DEBUG off marks the cookies Secure, which a client keeps from plain HTTP: carry the
        # CSRF cookie by hand, as a browser behind the TLS proxy would.
        url = f"http://127.0.0.1:{self.port}/app/login/"
        # The machine may be busy: a first request loads the app, which can take seconds.
        with httpx.Client(timeout=60) as client:
            form = client.get(url)
            cookie = re.search(r"csrftoken=([^;]+)", form.headers["set-cookie"]).group(1)
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
            data = {"username": username, "password": password, "csrfmiddlewaretoken": token}
            headers = {"Cookie": f"csrftoken={cookie}", "Accept-Language": "en"}
            return client.post(url, data=data, headers=headers)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()


@pytest.mark.parametrize(
    ("username", "login_cache", "shared"),
    [
        ("locmem", "locmemcache://", False),
        ("database", "dbcache://mittaristo_login_cache", True),
        ("redis", "redis://127.0.0.1:6379/15?key_prefix={prefix}", True),
    ],
)
def test_eight_guesses_over_two_processes(site, tmp_path, username, login_cache, shared):
    if login_cache.startswith("redis") and not answers(REDIS):
        pytest.skip("no redis-server answers on 127.0.0.1:6379")
    env = {**site, "LOGIN_CACHE_URL": login_cache.format(prefix=uuid.uuid4().hex)}
    servers = [Server(env, tmp_path / "first.log"), Server(env, tmp_path / "second.log")]
    try:
        answers_seen = [
            servers[attempt % 2].log_in(username, "wrong").status_code for attempt in range(8)
        ]
        assert answers_seen == [200] * 8
        last = servers[0].log_in(username, "right-password-42")
    finally:
        for server in servers:
            server.stop()
    if shared:
        assert last.status_code == 200 and LOCKED in last.text
    else:  # the hole: each process counted four failures of its own
        assert last.status_code == 302
