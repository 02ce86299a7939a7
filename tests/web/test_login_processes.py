"""The login limit holds across server processes that share the login cache.

Two gunicorn servers, each its own process with DEBUG off, serve one database; a guesser
alternates between them. With a cache each process keeps for itself (the old default) the
right password got in after eight wrong ones; with the database's cache (the default) or Redis
the fifth failure locks the name for that address on both servers.
"""

import concurrent.futures
import os
import re
import subprocess
import uuid

import httpx
import pytest

from tests.servers import BIN, Server, answers

LOCKED = "Too many failed attempts to log in."
REDIS = ("127.0.0.1", 6379)


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
    # Redis outlives the test: a new name each run, and an address limit no run reaches.
    env["LOGIN_ADDRESS_FAILURE_LIMIT"] = "100000"
    names = {
        "locmem": "locmem",
        "database": "database",
        "redis": f"redis-{uuid.uuid4().hex}",
        "parallel": "parallel",
    }
    create = (
        "from django.contrib.auth.models import User\n"
        f"for name in {list(names.values())!r}:\n"
        "    User.objects.create_user(name, password='right-password-42')\n"
    )
    subprocess.run([*mittaristo, "shell", "-c", create], env=env, check=True)
    return env, names


class LoginServer(Server):
    """A server to log in to, as a browser would."""

    def log_in(self, username, password) -> httpx.Response:
        # DEBUG off marks the cookies Secure, which a client keeps from plain HTTP: carry the
        # CSRF cookie by hand, as a browser behind the TLS proxy would.
        url = f"{self.url}/app/login/"
        # The machine may be busy: a first request loads the app, which can take seconds.
        with httpx.Client(timeout=60) as client:
            form = client.get(url)
            cookie = re.search(r"csrftoken=([^;]+)", form.headers["set-cookie"]).group(1)
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
            data = {"username": username, "password": password, "csrfmiddlewaretoken": token}
            headers = {"Cookie": f"csrftoken={cookie}", "Accept-Language": "en"}
            return client.post(url, data=data, headers=headers)


@pytest.mark.parametrize(
    ("case", "login_cache", "shared"),
    [
        ("locmem", "locmemcache://", False),
        ("database", "dbcache://mittaristo_login_cache", True),
        ("redis", "redis://127.0.0.1:6379/15", True),
    ],
)
def test_eight_guesses_over_two_processes(site, tmp_path, case, login_cache, shared):
    if login_cache.startswith("redis") and not answers(REDIS):
        pytest.skip("no redis-server answers on 127.0.0.1:6379")
    site_env, names = site
    env = {**site_env, "LOGIN_CACHE_URL": login_cache}
    username = names[case]
    servers = [LoginServer(env, tmp_path / "first.log"), LoginServer(env, tmp_path / "second.log")]
    try:
        locked = [
            LOCKED in servers[attempt % 2].log_in(username, "wrong").text for attempt in range(8)
        ]
        last = servers[0].log_in(username, "right-password-42")
    finally:
        for server in servers:
            server.stop()
    if shared:  # the fifth failure, on either server, locks the name on both
        assert locked == [False] * 4 + [True] * 4
        assert last.status_code == 200 and LOCKED in last.text
    else:  # the hole: each process counted four failures of its own
        assert locked == [False] * 8
        assert last.status_code == 302


def test_parallel_guesses_get_no_more_passwords_checked_than_the_limit(site, tmp_path):
    """Each attempt takes one of the five slots before its password is checked, atomically.

    A count read and then written (the database cache's incr) let 6 or 7 of 20 parallel
    guesses be checked (bench/login_limits.py).
    """
    site_env, names = site
    logs = [tmp_path / "first.log", tmp_path / "second.log"]
    servers = [LoginServer(site_env, log) for log in logs]
    try:
        with concurrent.futures.ThreadPoolExecutor(12) as pool:
            answers = list(
                pool.map(lambda n: servers[n % 2].log_in(names["parallel"], "wrong"), range(12))
            )
    finally:
        written = "".join(server.stop() for server in servers)
    assert [answer.status_code for answer in answers] == [200] * 12
    assert written.count("login failed") == 5
    assert written.count("login refused: too many failures") == 7
