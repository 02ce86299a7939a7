"""The production install (`make install-production`) has the app and none of the dev tools.

Before, production installs ran `uv sync`, which brings the development group too (pytest,
ruff, playwright, ...). Offline, from uv's cache, which `make install` has filled.
"""

import os
import subprocess

from .conftest import ROOT

DEV_TOOLS = ("pytest", "ruff", "playwright", "hypothesis", "lint-imports")


def test_the_production_install_has_no_dev_tools(tmp_path):
    venv = tmp_path / "venv"
    env = {**os.environ, "UV_OFFLINE": "1"}
    result = subprocess.run(
        ["make", "--no-print-directory", "-C", str(ROOT), "install-production", f"VENV={venv}"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    bin_dir = venv / "bin"
    assert [tool for tool in DEV_TOOLS if (bin_dir / tool).exists()] == []
    for runtime in ("mittaristo", "gunicorn"):
        assert (bin_dir / runtime).exists()
    check = subprocess.run(
        [str(bin_dir / "mittaristo"), "check"],
        env={"PATH": "/usr/bin:/bin", "DEBUG": "true", "STATIC_ROOT": str(tmp_path)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    imports = "import django, redis, gunicorn, psycopg; import pytest"
    missing = subprocess.run(
        [str(bin_dir / "python"), "-c", imports], capture_output=True, text=True, check=False
    )
    assert "No module named 'pytest'" in missing.stderr
