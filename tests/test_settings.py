"""Every setting read from the environment is listed in .env.example and docs/configuration.md."""

import re
import subprocess
import sys

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
