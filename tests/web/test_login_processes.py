"""The login limit holds across server processes that share the login cache.

Two gunicorn servers, each its own process with DEBUG off, serve one database; a guesser
alternates between them. With a cache each process keeps for itself (the old default) the
right password got in after eight wrong ones; with the database's cache (the default) or Redis
the fifth failure locks the name for that address on both servers.
"""

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
    create = (
        "from django.contrib.auth.models import User\n"
        "for name in ('locmem', 'database', 'redis'):\n"
        "    User.objects.create_user(name, password='right-password-42')\n"
    )
    subprocess.run([*mittaristo, "shell", "-c", create], env=env, check=True)
    return env


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
    servers = [LoginServer(env, tmp_path / "first.log"), LoginServer(env, tmp_path / "second.log")]
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
