"""The fi and sv catalogues translate every interface string, and none is stale."""

import shutil
import subprocess
import sys

import pytest
from babel.messages.pofile import read_po

from .conftest import ROOT

LOCALE = ROOT / "src" / "mittaristo" / "locale"


def catalogue(language):
    with (LOCALE / language / "LC_MESSAGES" / "django.po").open("rb") as f:
        return read_po(f, locale=language)


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_every_message_is_translated(language):
    def translated(message):
        # A plural message's string is a tuple, truthy even when every form is empty.
        if isinstance(message.string, tuple):
            return all(message.string)
        return bool(message.string)

    missing = [
        message.id
        for message in catalogue(language)
        if message.id and (message.fuzzy or not translated(message))
    ]
    assert missing == []


def test_catalogues_match_the_source(tmp_path):
    """Extract the messages anew and compare: a new string must be translated before it lands."""
    if not shutil.which("xgettext"):
        pytest.skip("GNU gettext (xgettext) is not installed; apt-get install gettext")
    copy = tmp_path / "mittaristo"
    shutil.copytree(
        ROOT / "src" / "mittaristo",
        copy,
        ignore=shutil.ignore_patterns("__pycache__", "*.mo"),
    )
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "fi", "--no-location"],
        cwd=copy,
        check=True,
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "", "PYTHONPATH": ""},
    )
    with (copy / "locale" / "fi" / "LC_MESSAGES" / "django.po").open("rb") as f:
        fresh = {m.id for m in read_po(f) if m.id}
    current = {m.id for m in catalogue("fi") if m.id}
    assert fresh - current == set(), "run makemessages and translate the new strings"
    assert current - fresh == set(), "run makemessages to drop strings no longer used"
