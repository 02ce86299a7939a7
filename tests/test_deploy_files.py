"""The production layout's files in deploy/ (docs/deploy.md) agree with the settings."""

import re
import shutil
import subprocess
import sys

import pytest

from mittaristo.settings import ENV_SCHEMA

from .conftest import ROOT

DEPLOY = ROOT / "deploy"


def env_file() -> dict[str, str]:
    text = (DEPLOY / "mittaristo.env").read_text(encoding="utf-8")
    return dict(re.findall(r"^([A-Z_]+)=(.*)$", text, flags=re.M))


def test_the_environment_file_names_only_settings_that_exist():
    assert set(env_file()) <= set(ENV_SCHEMA)


def test_the_environment_file_passes_check_deploy(tmp_path):
    """Filled in (a key), it is a production configuration: Redis for the cache, sessions and
    login limits, HTTPS behind the proxy. `check` opens neither the database nor Redis."""
    env = {
        **env_file(),
        "PATH": "/usr/bin:/bin",
        "SECRET_KEY": "k7Hq2-VbN9xZ4pL0sWmY8tR3cF6gJ1dE5aU2iO7nB4vC9eX0zQ3hK8jM6lP1rT5y",
        "STATIC_ROOT": str(tmp_path / "static"),
        "UPLOAD_DIR": str(tmp_path / "uploads"),
    }
    result = subprocess.run(
        [sys.executable, "-m", "mittaristo", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert env["CACHE_URL"].startswith("redis://") and env["LOGIN_CACHE_URL"].startswith("redis")


def test_the_units_run_the_app_and_the_worker_from_the_same_environment():
    app = (DEPLOY / "systemd" / "mittaristo-app.service").read_text(encoding="utf-8")
    worker = (DEPLOY / "systemd" / "mittaristo-worker.service").read_text(encoding="utf-8")
    assert "gunicorn mittaristo.wsgi" in app
    assert "ExecStart=/srv/mittaristo/.venv/bin/mittaristo worker" in worker
    for unit in (app, worker):
        assert "EnvironmentFile=/srv/mittaristo/.env" in unit


def test_nginx_passes_what_the_app_trusts_it_for():
    site = (DEPLOY / "nginx" / "mittaristo.conf").read_text(encoding="utf-8")
    for header in ("X-Forwarded-Proto $scheme", "X-Forwarded-For   $proxy_add_x_forwarded_for"):
        assert f"proxy_set_header {header}" in site
    assert "proxy_set_header X-Request-ID      $request_id" in site
    assert "client_max_body_size 51m" in site  # UPLOAD_MAX_MB (50) and a little


def test_systemd_reads_the_units_without_a_complaint(tmp_path):
    """`systemd-analyze verify` reads each unit as systemd would load it: an unknown key, a
    bad value or a missing program is reported. The units name /srv/mittaristo, the layout's
    home; here it is this checkout, whose .venv has the same programs."""
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed")
    units = sorted((DEPLOY / "systemd").glob("*.service"))
    assert {unit.name for unit in units} == {
        "mittaristo-app.service",
        "mittaristo-migrate.service",
        "mittaristo-worker.service",
    }
    for unit in units:
        text = unit.read_text(encoding="utf-8").replace("/srv/mittaristo", str(ROOT))
        (tmp_path / unit.name).write_text(text, encoding="utf-8")
    result = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", *[f"./{unit.name}" for unit in units]],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0 and not (result.stdout + result.stderr).strip(), (
        result.stdout + result.stderr
    )
