"""Benchmark: how many passwords parallel guesses get checked past the login limit.

    .venv/bin/python bench/login_limits.py [--processes 4] [--guesses 20] [--rounds 5] \
        [--database-url postgres://postgres@127.0.0.1:5432/mittaristo_bench]

Serves the app as in production (gunicorn, DEBUG off) in --processes server processes that
share one database and one login cache, and sends --guesses wrong passwords for one user name
at once, spread over the servers, from one address. The limit is 5 per name and address: a
cache that counts atomically checks exactly 5 passwords, whatever the concurrency. Counts the
passwords checked from the servers' logs ("login failed"), per round and login cache: Redis on
127.0.0.1:6379 (db 15) and the database's cache. Without --database-url, a new SQLite file;
the PostgreSQL database named is dropped and created anew, and its name must contain "bench".
"""

import argparse
import concurrent.futures
import os
import re
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.servers import BIN, Server  # noqa: E402

CACHES = {"redis": "redis://127.0.0.1:6379/15", "database": "dbcache://mittaristo_login_cache"}


def guess(url: str, username: str) -> None:
    with httpx.Client(timeout=120) as client:
        form = client.get(url)
        cookie = re.search(r"csrftoken=([^;]+)", form.headers["set-cookie"]).group(1)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
        data = {"username": username, "password": "wrong", "csrfmiddlewaretoken": token}
        client.post(url, data=data, headers={"Cookie": f"csrftoken={cookie}"})


def prepare(folder: Path, database_url: str | None, names: list[str]) -> dict:
    if database_url:
        assert "bench" in database_url.rsplit("/", 1)[-1], "the database's name must say bench"
        name = database_url.rsplit("/", 1)[-1]
        admin = database_url.rsplit("/", 1)[0] + "/postgres"
        for sql in (f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"'):
            subprocess.run(["psql", admin, "-qc", sql], check=True)
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DEBUG": "false",
        "SECRET_KEY": "bench-" + uuid.uuid4().hex + uuid.uuid4().hex,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url or f"sqlite:///{folder / 'db.sqlite3'}",
        "STATIC_ROOT": str(folder),
        "LOGIN_ADDRESS_FAILURE_LIMIT": "1000000",  # this measures the limit per name and address
    }
    subprocess.run([str(BIN / "mittaristo"), "migrate", "-v0"], env=env, check=True)
    create = (
        "from django.contrib.auth.models import User\n"
        f"for name in {names!r}:\n"
        "    User.objects.create_user(name, password='right-password-42')\n"
    )
    subprocess.run([str(BIN / "mittaristo"), "shell", "-c", create], env=env, check=True)
    return env


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=4)
    parser.add_argument("--guesses", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    run = uuid.uuid4().hex[:8]  # Redis outlives a run: new names each time
    names = {(cache, n): f"{cache}-{n}-{run}" for cache in CACHES for n in range(args.rounds)}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = prepare(folder, args.database_url, list(names.values()))
        for cache, url in CACHES.items():
            logs = [folder / f"{cache}-{i}.log" for i in range(args.processes)]
            servers = [Server({**env, "LOGIN_CACHE_URL": url}, log) for log in logs]
            checked = []
            try:
                for n in range(args.rounds):
                    before = sum(log.read_text().count("login failed") for log in logs)
                    urls = [
                        f"{servers[i % len(servers)].url}/app/login/" for i in range(args.guesses)
                    ]
                    with concurrent.futures.ThreadPoolExecutor(args.guesses) as pool:
                        list(pool.map(guess, urls, [names[cache, n]] * args.guesses))
                    after = sum(log.read_text().count("login failed") for log in logs)
                    checked.append(after - before)
            finally:
                for server in servers:
                    server.stop()
            print(
                f"{cache:8} {args.guesses} guesses at once over {args.processes} processes: "
                f"passwords checked per round {checked} (limit 5)"
            )


if __name__ == "__main__":
    main()
