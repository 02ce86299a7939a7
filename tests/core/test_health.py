"""/health/ for the load balancer: JSON, 200 or 503, no login, never cached, cheap.

The failures are real: a gunicorn server whose database or Redis is a port nobody listens on.
"""

import logging
import os

import httpx
import pytest
from django.test import override_settings

from mittaristo.core import health
from tests.servers import Server, answers, free_port

pytestmark = pytest.mark.django_db
REDIS = ("127.0.0.1", 6379)


@pytest.fixture(autouse=True)
def _queue_aside(monkeypatch):
    """The queue's own check needs a live worker on PostgreSQL (tests/jobs, and the layout's
    test in tests/web/test_two_processes.py); here it stands aside unless a test sets one."""
    monkeypatch.setitem(health._checks, "queue", health.not_configured)


def test_health_is_ok_without_login_and_never_cached(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):  # SELECT 1 and the database cache's read
        response = client.get("/health/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"] and "max-age=0" in response["Cache-Control"]
    body = response.json()
    assert body["status"] == "ok"
    assert list(body["checks"]) == ["database", "cache", "queue"]
    assert body["checks"]["database"]["status"] == "ok"
    assert body["checks"]["cache"]["status"] == "ok"
    assert body["checks"]["queue"] == {"status": "not configured"}


@override_settings(SECURE_SSL_REDIRECT=True)
def test_health_answers_plain_http_where_every_page_is_redirected(client):
    """The balancer asks each app server directly, without TLS."""
    assert client.get("/health/").status_code == 200
    assert client.get("/").status_code == 301


def test_a_successful_check_writes_no_request_line_but_a_failing_one_does(client, caplog):
    caplog.set_level(logging.INFO, logger="mittaristo.request")
    client.get("/health/")
    assert [r for r in caplog.records if r.name == "mittaristo.request"] == []
    health.register("queue", lambda: {"ok": False})
    client.get("/health/")
    lines = [r for r in caplog.records if r.name == "mittaristo.request"]
    assert [(r.path, r.status) for r in lines] == [("/health/", 503)]


def test_an_app_adds_its_own_check(client, monkeypatch):
    """How the job queue's app plugs in: its check's details are shown, its "ok" decides."""
    monkeypatch.setitem(health._checks, "queue", lambda: {"ok": True, "workers": 2})
    body = client.get("/health/").json()
    assert body["status"] == "ok"
    assert body["checks"]["queue"]["status"] == "ok" and body["checks"]["queue"]["workers"] == 2

    def broken():
        raise ConnectionError("the queue's table is gone")

    monkeypatch.setitem(health._checks, "queue", broken)
    response = client.get("/health/")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail" and body["checks"]["queue"]["status"] == "fail"
    assert body["checks"]["database"]["status"] == "ok"
    assert "gone" not in response.content.decode()  # the public answer names no error


def test_only_get_and_head(client):
    assert client.head("/health/").status_code == 200
    assert client.post("/health/").status_code == 405


# Real failures, in a server process of its own


@pytest.fixture
def base_env(tmp_path):
    (tmp_path / "static").mkdir()
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DEBUG": "false",
        "SECRET_KEY": "health-" + "k7Hq2VbN9xZ4pL0sWmY8tR3cF6gJ1dE5aU2iO7nB4vC9eX0zQ3",
        "ALLOWED_HOSTS": "127.0.0.1",
        # No table is needed: the checks ask the database for SELECT 1 only.
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "static"),
        "UPLOAD_DIR": str(tmp_path / "uploads"),
        "LOGIN_CACHE_URL": "locmemcache://",
        "REPORT_CACHE_URL": "locmemcache://",
    }


def ask(env, log) -> tuple[int, dict, str]:
    server = Server(env, log)
    try:
        response = httpx.get(f"{server.url}/health/", timeout=60)
    finally:
        written = server.stop()
    return response.status_code, response.json(), written


def closed_port() -> int:
    port = free_port()
    assert not answers(("127.0.0.1", port))
    return port


def test_a_database_that_does_not_answer_fails(base_env, tmp_path):
    env = {**base_env, "DATABASE_URL": f"postgres://postgres@127.0.0.1:{closed_port()}/none"}
    status, body, written = ask(env, tmp_path / "server.log")
    assert status == 503 and body["status"] == "fail"
    assert body["checks"]["database"]["status"] == "fail"
    assert body["checks"]["cache"]["status"] == "ok"
    assert "health: check database failed" in written and "Connection refused" in written
    # A warning, not an error: ADMINS get no mail every time the balancer asks.
    assert '"level": "ERROR"' not in written


def test_a_redis_that_does_not_answer_fails(base_env, tmp_path):
    env = {**base_env, "CACHE_URL": f"redis://127.0.0.1:{closed_port()}/0"}
    status, body, written = ask(env, tmp_path / "server.log")
    assert status == 503 and body["status"] == "fail"
    assert body["checks"]["cache"] == {
        "status": "fail",
        "ms": body["checks"]["cache"]["ms"],
        "failed": ["default"],
    }
    assert body["checks"]["database"]["status"] == "ok"
    assert "health: the default cache does not answer" in written


def test_a_redis_that_answers_is_ok(base_env, tmp_path):
    if not answers(REDIS):
        pytest.skip("no redis-server answers on 127.0.0.1:6379")
    redis = os.environ.get("MITTARISTO_TEST_REDIS", "redis://127.0.0.1:6379/15")
    env = {**base_env, "CACHE_URL": redis, "LOGIN_CACHE_URL": redis}
    status, body, _written = ask(env, tmp_path / "server.log")
    assert status == 200 and body["status"] == "ok", body
    assert body["checks"]["cache"]["status"] == "ok"
