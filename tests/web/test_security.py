"""Security: headers, content security policy, `check --deploy` (logins: test_login_limits)."""

import subprocess
import sys

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import override_settings

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_every_page_carries_the_security_headers(client):
    response = client.get("/app/login/")
    csp = response.headers["Content-Security-Policy"]
    directives = dict(d.split(" ", 1) for d in csp.split("; "))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]


def cookie_settings(debug: str) -> str:
    code = (
        "from mittaristo import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.LANGUAGE_COOKIE_SECURE, "
        "s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE)"
    )
    env = {"PATH": "/usr/bin:/bin", "DEBUG": debug, "SECRET_KEY": PRODUCTION["SECRET_KEY"]}
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_cookies_are_secure_outside_debug():
    assert cookie_settings("false") == "True True True True Lax"
    assert cookie_settings("true").startswith("False False False")


def test_the_session_cookie_is_httponly_and_lax(client, steward):
    response = client.post(
        "/app/login/", {"username": "tietovastaava", "password": "steward-password-1"}
    )
    session = response.cookies["sessionid"]
    assert session["httponly"] and session["samesite"] == "Lax"
    assert session["max-age"] == 8 * 60 * 60


def test_no_page_template_holds_an_inline_script_or_style():
    from tests.conftest import ROOT

    for template in (ROOT / "src" / "mittaristo" / "templates").rglob("*.html"):
        html = template.read_text(encoding="utf-8")
        assert "<script>" not in html and "<style" not in html, template
        assert " style=" not in html and " onclick=" not in html, template


# check --deploy

PRODUCTION = {
    "PATH": "/usr/bin:/bin",
    "DEBUG": "false",
    "SECRET_KEY": "k7Hq2-VbN9xZ4pL0sWmY8tR3cF6gJ1dE5aU2iO7nB4vC9eX0zQ3hK8jM6lP1rT5y",
    "ALLOWED_HOSTS": "mittaristo.example.fi",
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
    "SECURE_HSTS_PRELOAD": "true",
}


def check_deploy(tmp_path, **changes):
    env = {**PRODUCTION, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", **changes}
    env["STATIC_ROOT"] = str(tmp_path / "static")
    return subprocess.run(
        [sys.executable, "-m", "mittaristo", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = check_deploy(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_warns_without_hsts(tmp_path):
    result = check_deploy(tmp_path, SECURE_HSTS_SECONDS="0")
    assert result.returncode != 0
    assert "security.W004" in result.stdout + result.stderr


def test_check_deploy_refuses_a_login_cache_of_one_process(tmp_path):
    result = check_deploy(tmp_path, LOGIN_CACHE_URL="locmemcache://")
    assert result.returncode != 0
    assert "mittaristo.E001" in result.stdout + result.stderr


def test_check_deploy_warns_of_a_report_cache_of_one_process(tmp_path):
    result = check_deploy(tmp_path, REPORT_CACHE_URL="locmemcache://")
    assert result.returncode != 0
    assert "mittaristo.W001" in result.stdout + result.stderr


def test_check_deploy_is_clean_with_redis_for_the_cache_sessions_and_logins(tmp_path):
    result = check_deploy(
        tmp_path,
        CACHE_URL="redis://127.0.0.1:6379/0",
        LOGIN_CACHE_URL="redis://127.0.0.1:6379/1",
        REPORT_CACHE_URL="redis://127.0.0.1:6379/2",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_refuses_sessions_in_a_cache_of_one_process(tmp_path):
    """Settings never choose this (sessions stay in the database without Redis); a local
    settings change that did would be refused."""
    from mittaristo.web.checks import session_cache_is_shared

    engine = "django.contrib.sessions.backends.cached_db"
    with override_settings(SESSION_ENGINE=engine):
        assert [e.id for e in session_cache_is_shared(None)] == ["mittaristo.E002"]
    redis = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://x"}
    with override_settings(SESSION_ENGINE=engine, CACHES={**settings.CACHES, "default": redis}):
        assert session_cache_is_shared(None) == []
