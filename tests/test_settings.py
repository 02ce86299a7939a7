"""Every setting read from the environment is listed in .env.example and docs/configuration.md."""

import json
import re
import subprocess
import sys

import pytest

from mittaristo.settings import ENV_SCHEMA

from .conftest import ROOT


def test_env_example_lists_exactly_the_schema():
    text = (ROOT / ".env.example").read_text(encoding="utf-8")
    names = set(re.findall(r"^([A-Z_]+)=", text, flags=re.M))
    assert names == set(ENV_SCHEMA)


def test_configuration_doc_lists_exactly_the_schema():
    text = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    names = set(re.findall(r"^\| `([A-Z_]+)` \|", text, flags=re.M))
    assert names == set(ENV_SCHEMA)


def test_without_secret_key_and_debug_the_app_refuses_to_start():
    env = {"PATH": "/usr/bin:/bin", "DEBUG": "false", "SECRET_KEY": ""}
    result = subprocess.run(
        [sys.executable, "-c", "import mittaristo.settings"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def start(debug: str, secret_key: str) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", "DEBUG": debug, "SECRET_KEY": secret_key}
    return subprocess.run(
        [sys.executable, "-c", "import mittaristo.settings"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    "secret_key",
    [
        "short",
        "x" * 60,  # long, but four or fewer different characters
        "abcd" * 20,
        "django-insecure-" + "k7Hq2VbN9xZ4pL0sWmY8tR3cF6gJ1dE5aU2iO7nB4vC9eX0zQ3",
        "insecure-development-key-only-for-debug",
        "k7Hq2VbN9xZ4pL0sWmY8tR3cF6gJ1dE5aU2iO7nB4vC9eX0z",  # 48 characters
    ],
)
def test_a_weak_secret_key_stops_the_app_outside_debug(secret_key):
    result = start("false", secret_key)
    assert result.returncode != 0
    assert "SECRET_KEY is too short or a known default" in result.stderr


def test_a_long_random_secret_key_starts_and_debug_takes_any():
    assert start("false", "k7Hq2VbN9xZ4pL0sWmY8tR3cF6gJ1dE5aU2iO7nB4vC9eX0zQ3").returncode == 0
    assert start("true", "short").returncode == 0


def settings_with(**env) -> dict:
    """The caches and session engine that the settings make of an environment."""
    program = (
        "import json, mittaristo.settings as s; "
        "print(json.dumps({'CACHES': s.CACHES, 'SESSION_ENGINE': s.SESSION_ENGINE}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", program],
        env={"PATH": "/usr/bin:/bin", "DEBUG": "true", **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def test_redis_urls_use_djangos_own_backend_with_their_key_prefix_and_timeouts():
    """Django's own backend, extended only to keep its client object (core/redis_cache.py)."""
    made = settings_with(
        CACHE_URL="redis://127.0.0.1:6379/0?key_prefix=heinola&timeout=600",
        LOGIN_CACHE_URL="redis://127.0.0.1:6379/1",
    )
    default, logins = made["CACHES"]["default"], made["CACHES"]["logins"]
    assert default["BACKEND"] == "mittaristo.core.redis_cache.RedisCache"
    assert default["LOCATION"] == "redis://127.0.0.1:6379/0"
    # django-environ passes these lower-cased, where Django would ignore them.
    assert default["KEY_PREFIX"] == "heinola" and default["TIMEOUT"] == 600
    assert "key_prefix" not in default and "key_prefix" not in default["OPTIONS"]
    assert logins["BACKEND"] == "mittaristo.core.redis_cache.RedisCache"
    assert logins["OPTIONS"] == {"socket_connect_timeout": 2, "socket_timeout": 2}


def test_sessions_are_read_from_redis_only_when_the_cache_is_redis():
    redis = settings_with(CACHE_URL="redis://127.0.0.1:6379/0")
    assert redis["SESSION_ENGINE"] == "django.contrib.sessions.backends.cached_db"
    for url in ("locmemcache://", "dbcache://some_table"):
        assert settings_with(CACHE_URL=url)["SESSION_ENGINE"] == (
            "django.contrib.sessions.backends.db"
        )


def test_log_format_is_json_or_text():
    result = subprocess.run(
        [sys.executable, "-c", "import mittaristo.settings"],
        env={"PATH": "/usr/bin:/bin", "DEBUG": "true", "LOG_FORMAT": "xml"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0 and "LOG_FORMAT must be json or text" in result.stderr


@pytest.mark.parametrize("url", ["mittaristo.example.fi", "https://x.fi/heinola", "ftp://x.fi"])
def test_site_url_is_a_scheme_and_a_host(url):
    result = subprocess.run(
        [sys.executable, "-c", "import mittaristo.settings"],
        env={"PATH": "/usr/bin:/bin", "DEBUG": "true", "SITE_URL": url},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0 and "SITE_URL must be a scheme and a host" in result.stderr


def test_site_url_loses_its_trailing_slash():
    program = "import mittaristo.settings as s; print(s.SITE_URL)"
    result = subprocess.run(
        [sys.executable, "-c", program],
        env={"PATH": "/usr/bin:/bin", "DEBUG": "true", "SITE_URL": "https://x.example.fi:8443/"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "https://x.example.fi:8443"
