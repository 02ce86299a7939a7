"""Two app processes on one database and one Redis serve the same data and the same sessions.

The layout script (scripts/run_layout.py, docs/deploy.md) starts two gunicorn processes and the
worker with DEBUG off, against this test's database: PostgreSQL when the tests run on it (the
test database itself, committed by a transactional test), else an SQLite file both share (a copy
of the test database). The cache, sessions and login limits are in Redis. A data steward logs in
on process A; the session works on B at once. A value saved through A shows on B's overview at
once, though B had the overview cached in Redis a moment before; a logout on A ends the session
on B too. Nothing waits for a timeout: each step is one request, so the test is deterministic.
"""

import os
import queue
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import uuid

import httpx
import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from mittaristo.strategy.models import Indicator
from tests.conftest import ROOT
from tests.servers import answers, free_port

REDIS = ("127.0.0.1", 6379)
PASSWORD = "steward-password-1"
SHOWN = "latest 2024: 6,137"  # the overview's line for the value entered in the test


def database_url(folder) -> str:
    """The test database, as a URL the server processes can open."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.postgresql":
        password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
        host = db["HOST"] or "127.0.0.1"
        return f"postgres://{db['USER']}{password}@{host}:{db['PORT'] or 5432}/{db['NAME']}"
    # SQLite: the test database lives in this process's memory; copy it to a file both share.
    path = folder / "shared.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()
    return f"sqlite:///{path}"


class Layout:
    """scripts/run_layout.py as a child process, read line by line."""

    def __init__(self, env, folder, ports):
        command = [
            sys.executable,
            str(ROOT / "scripts" / "run_layout.py"),
            "--ports",
            ",".join(map(str, ports)),
            "--no-migrate",  # the test database is migrated
            "--log-dir",
            str(folder / "logs"),
        ]
        self.process = subprocess.Popen(
            command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        self.lines: queue.Queue = queue.Queue()
        self.said: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def wait_for(self, wanted: str, timeout: float = 300) -> None:
        deadline = time.monotonic() + timeout
        while wanted not in self.said:
            try:
                line = self.lines.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                break
            if line is None:
                break
            self.said.append(line)
        assert wanted in self.said, "\n".join(self.said)

    def stop(self) -> int:
        self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout=120)
        self.wait_for("stopped", timeout=5)
        return code


class Browser:
    """One person's cookies, carried by hand: with DEBUG off they are Secure, which httpx keeps
    from plain HTTP, as a browser behind the TLS proxy would send them."""

    def __init__(self):
        self.cookies: dict[str, str] = {}
        self.client = httpx.Client(timeout=120)

    def request(self, method, url, **kwargs) -> httpx.Response:
        headers = {
            "Accept-Language": "en",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        response = self.client.request(method, url, headers=headers, **kwargs)
        for name, value in re.findall(r"(csrftoken|sessionid)=([^;]*);", _set_cookies(response)):
            self.cookies[name] = value
        return response

    def post_form(self, url, data) -> httpx.Response:
        form = self.request("GET", url)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
        return self.request("POST", url, data={**data, "csrfmiddlewaretoken": token})


def _set_cookies(response) -> str:
    return " ".join(value + ";" for value in response.headers.get_list("set-cookie"))


@pytest.fixture
def redis_url():
    if not answers(REDIS):
        pytest.skip("no redis-server answers on 127.0.0.1:6379")
    url = os.environ.get("MITTARISTO_TEST_REDIS", "redis://127.0.0.1:6379/15")
    prefix = f"two-processes-{uuid.uuid4().hex}"
    yield url, prefix
    import redis

    client = redis.Redis.from_url(url)
    keys = list(client.scan_iter(match=f"*{prefix}*"))
    if keys:
        client.delete(*keys)


@pytest.mark.django_db(transaction=True)
def test_a_change_through_one_process_shows_at_once_on_the_other(
    steward, minimal_strategy, redis_url, tmp_path
):
    # The servers hash passwords with PBKDF2 (the tests' MD5 is this process's alone).
    steward.password = PBKDF2PasswordHasher().encode(PASSWORD, "twoprocesses", iterations=1000)
    steward.save()
    indicator = Indicator.objects.get(strategy=minimal_strategy, code="mittari")
    area = minimal_strategy.organisation.get_or_create_area()
    url, prefix = redis_url
    (tmp_path / "static").mkdir()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DEBUG": "false",
        "SECRET_KEY": "two-processes-" + "k7Hq2VbN9xZ4pL0sWmY8tR3cF6gJ1dE5aU2iO7nB4vC9eX0zQ3",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url(tmp_path),
        "CACHE_URL": f"{url}?key_prefix={prefix}-cache",
        "LOGIN_CACHE_URL": f"{url}?key_prefix={prefix}-logins",
        "REPORT_CACHE_URL": f"{url}?key_prefix={prefix}-reports",
        "STATIC_ROOT": str(tmp_path / "static"),
        "UPLOAD_DIR": str(tmp_path / "uploads"),
    }
    ports = [free_port(), free_port()]
    a, b = (f"http://127.0.0.1:{port}" for port in ports)
    layout = Layout(env, tmp_path, ports)
    try:
        layout.wait_for("ready")
        steward_on = Browser()
        login = steward_on.post_form(
            f"{a}/app/login/", {"username": "tietovastaava", "password": PASSWORD}
        )
        assert login.status_code == 302, login.text
        # The session is read from Redis (and kept in the database), the login known there too.
        assert in_redis(url, f"{prefix}-cache:1:django.contrib.sessions.cached_db*")
        assert in_redis(url, f"{prefix}-logins:*")
        # Logged in on A, known on B.
        before = steward_on.request("GET", f"{b}/app/")
        assert before.status_code == 200 and "Mittari" in before.text
        assert SHOWN not in before.text  # and now B's overview is cached in Redis
        entry = f"{a}/app/syotto/{indicator.pk}/"
        data = {"area": area.pk, "period": "2024", "value": "6137", "status": "final", "note": ""}
        stored = steward_on.post_form(entry, data)
        assert stored.status_code == 302, stored.text
        after = steward_on.request("GET", f"{b}/app/")
        assert after.status_code == 200 and SHOWN in after.text
        # A logout on A ends the session on B at once.
        logout = steward_on.request(
            "POST",
            f"{a}/app/logout/",
            data={"csrfmiddlewaretoken": _csrf(steward_on, f"{a}/app/")},
        )
        assert logout.status_code == 302
        gone = steward_on.request("GET", f"{b}/app/")
        assert gone.status_code == 302 and gone.headers["Location"].startswith("/app/login/")
        # Each process answered its own health check when it started, and the worker ran.
        assert {"app-1: health ok", "app-2: health ok"} <= set(layout.said), layout.said
        assert any(line.startswith("worker: ") for line in layout.said), layout.said
    finally:
        code = layout.stop()
    assert code == 0 and "stopped" in layout.said
    for name in ("app-1", "app-2"):
        assert "Shutting down: Master" in (tmp_path / "logs" / f"{name}.log").read_text()


def in_redis(url: str, pattern: str) -> list:
    import redis

    return list(redis.Redis.from_url(url).scan_iter(match=pattern))


def _csrf(browser, url) -> str:
    page = browser.request("GET", url)
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
