"""Fixtures of the page tests."""

import datetime
import time
from types import SimpleNamespace

import pytest

from mittaristo.web import throttle


@pytest.fixture
def clock(monkeypatch):
    """Moves time forward for the throttle and the database cache's expiry alike."""
    import django.core.cache.backends.base as base_cache
    import django.core.cache.backends.db as db_cache

    real_now, real_time = db_cache.tz_now, time.time
    offset = {"seconds": 0}
    monkeypatch.setattr(
        db_cache, "tz_now", lambda: real_now() + datetime.timedelta(seconds=offset["seconds"])
    )
    moved = SimpleNamespace(time=lambda: real_time() + offset["seconds"])
    monkeypatch.setattr(base_cache, "time", moved)
    monkeypatch.setattr(throttle, "_now", moved.time)

    def advance(seconds):
        offset["seconds"] += seconds

    return advance
