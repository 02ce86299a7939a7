"""Errors in production are logged: a 500 with DEBUG off leaves its traceback on standard error.

A gunicorn server with DEBUG off serves a database nobody migrated, so the front page fails
(no such table) as a real fault would. Before LOGGING was set, that 500 left no line anywhere.
"""

import json
import logging
import os
import re
import subprocess
import sys

import httpx
import pytest
from django.test import override_settings

from mittaristo.core.logs import JsonLinesFormatter
from tests.servers import Server

PERSONAL = "maija.virtanen@example.fi"
FORGED = '", "level": "INFO" ' + "x" * 80  # not an id: would forge fields in a naive log


@pytest.fixture
def broken_site(tmp_path):
    (tmp_path / "static").mkdir()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DEBUG": "false",
        "SECRET_KEY": "logs-" + "k7Hq2VbN9xZ4pL0sWmY8tR3cF6gJ1dE5aU2iO7nB4vC9eX0zQ3",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'unmigrated.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "static"),
        "UPLOAD_DIR": str(tmp_path / "uploads"),
        "ADMINS": "ops@example.fi",
        "EMAIL_URL": "filemail:///mail",  # a folder "mail" in the server's working directory
    }
    return env, tmp_path


def json_lines(text: str) -> list[dict]:
    # gunicorn's own start and stop lines are its own format; the app's lines are JSON.
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def test_a_500_is_logged_with_its_traceback_and_request_id(broken_site):
    env, folder = broken_site
    server = Server(env, folder / "server.log", cwd=folder)
    try:
        response = httpx.get(
            f"{server.url}/?email={PERSONAL}",
            headers={"User-Agent": "Probe/1.0", "Accept-Language": "en"},
            timeout=60,
        )
    finally:
        written = server.stop()
    assert response.status_code == 500
    request_id = response.headers["X-Request-ID"]
    # The page, drawn without the broken database, gives the person the id to quote.
    assert f"give this reference: {request_id}" in response.text
    lines = json_lines(written)
    errors = [line for line in lines if line["level"] == "ERROR"]
    assert len(errors) == 1, written
    error = errors[0]
    assert error["logger"] == "django.request" and error["message"] == "Internal Server Error: /"
    assert error["request_id"] == request_id
    assert error["traceback"].startswith("Traceback (most recent call last):")
    assert "no such table" in error["traceback"]
    # One request line: what was asked and how it went, not who asked.
    requests = [line for line in lines if line["logger"] == "mittaristo.request"]
    assert [(r["method"], r["path"], r["status"]) for r in requests] == [("GET", "/", 500)]
    assert requests[0]["request_id"] == request_id
    for line in lines:
        text = json.dumps(line)
        assert PERSONAL not in text and "127.0.0.1" not in text and "Probe/1.0" not in text
    # The administrators got the traceback by mail.
    mails = list((folder / "mail").iterdir())
    assert len(mails) == 1
    mail = mails[0].read_text(encoding="utf-8")
    assert "To: ops@example.fi" in mail and "no such table" in mail


def test_a_request_id_from_a_trusted_proxy_is_kept(broken_site):
    env, folder = broken_site
    server = Server({**env, "SECURE_PROXY_SSL_HEADER": "true"}, folder / "server.log", cwd=folder)
    try:
        given = httpx.get(f"{server.url}/", headers={"X-Request-ID": "nginx-42abc"}, timeout=60)
        forged = httpx.get(f"{server.url}/", headers={"X-Request-ID": FORGED}, timeout=60)
    finally:
        written = server.stop()
    assert given.headers["X-Request-ID"] == "nginx-42abc"
    assert forged.headers["X-Request-ID"] != FORGED and len(forged.headers["X-Request-ID"]) == 32
    errors = [line for line in json_lines(written) if line["level"] == "ERROR"]
    assert [line["request_id"] for line in errors] == [
        "nginx-42abc",
        forged.headers["X-Request-ID"],
    ]


# The request line, in the test process


@pytest.fixture
def request_lines(caplog):
    caplog.set_level(logging.INFO, logger="mittaristo.request")

    def lines():
        return [
            json.loads(JsonLinesFormatter().format(r))
            for r in caplog.records
            if r.name == "mittaristo.request"
        ]

    return lines


@pytest.mark.django_db
def test_a_request_line_names_the_account_by_number_only(client, django_user_model, request_lines):
    user = django_user_model.objects.create_user(
        "maija", email=PERSONAL, password="maija-password-1", first_name="Maija"
    )
    client.get("/app/login/")
    client.force_login(user)
    response = client.get("/app/", HTTP_ACCEPT_LANGUAGE="en")
    first, second = request_lines()
    assert first["user_id"] is None and first["path"] == "/app/login/"
    assert second["user_id"] == user.pk
    assert set(second) == {
        "time", "level", "logger", "message", "request_id",
        "method", "path", "status", "duration_ms", "user_id",
    }  # fmt: skip
    assert second["request_id"] == response["X-Request-ID"]
    assert isinstance(second["duration_ms"], float) and second["status"] == response.status_code
    text = json.dumps(request_lines())
    assert PERSONAL not in text and "maija" not in text and "127.0.0.1" not in text


@pytest.mark.django_db
def test_the_client_address_only_when_the_setting_says(client, request_lines):
    client.get("/app/login/", REMOTE_ADDR="192.0.2.7")
    with override_settings(LOG_CLIENT_ADDRESS=True):
        client.get("/app/login/", REMOTE_ADDR="192.0.2.7")
    first, second = request_lines()
    assert "client_address" not in first
    assert second["client_address"] == "192.0.2.7"


@pytest.mark.django_db
@override_settings(SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"))
def test_a_valid_request_id_is_kept_and_an_invalid_one_replaced(client, request_lines):
    kept = client.get("/app/login/", HTTP_X_REQUEST_ID="lb-7f3a.2_x")
    replaced = client.get("/app/login/", HTTP_X_REQUEST_ID="x" * 65)
    assert kept["X-Request-ID"] == "lb-7f3a.2_x"
    assert re.fullmatch(r"[0-9a-f]{32}", replaced["X-Request-ID"])
    assert [line["request_id"] for line in request_lines()] == [
        "lb-7f3a.2_x",
        replaced["X-Request-ID"],
    ]


@pytest.mark.parametrize(
    ("debug", "log_format", "json_expected"),
    [("false", "", True), ("true", "", False), ("false", "text", False), ("true", "json", True)],
)
def test_log_format_chooses_json_or_text(tmp_path, debug, log_format, json_expected):
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DEBUG": debug,
        "LOG_FORMAT": log_format,
        "SECRET_KEY": "logs-" + "k7Hq2VbN9xZ4pL0sWmY8tR3cF6gJ1dE5aU2iO7nB4vC9eX0zQ3",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "STATIC_ROOT": str(tmp_path),
        "UPLOAD_DIR": str(tmp_path / "uploads"),
    }
    program = (
        "import django, logging; django.setup(); "
        "logging.getLogger('mittaristo.probe').warning('probe %s', 42)"
    )
    result = subprocess.run(
        [sys.executable, "-c", program],
        env={**env, "DJANGO_SETTINGS_MODULE": "mittaristo.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    line = result.stderr.strip().splitlines()[-1]
    if json_expected:
        entry = json.loads(line)
        assert entry["level"] == "WARNING" and entry["message"] == "probe 42"
        assert entry["logger"] == "mittaristo.probe"
    else:
        assert line.endswith("WARNING mittaristo.probe [] probe 42"), line
