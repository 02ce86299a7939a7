"""Shared fixtures: named personas and paths. Tests run with the one settings file."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"
DEFINITIONS = ROOT / "src" / "mittaristo" / "strategy" / "definitions"


@pytest.fixture
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"the shared data folder {SHARED_DATA} is absent")
    return SHARED_DATA


@pytest.fixture(autouse=True)
def english_messages():
    """Tests read messages in English unless they choose a language; pages choose their own."""
    from django.utils import translation

    with translation.override("en"):
        yield
