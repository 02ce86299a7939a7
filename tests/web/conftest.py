"""Fixtures of the page tests."""

import datetime
import time
from types import SimpleNamespace

import pytest

from mittaristo.web import throttle


@pytest.fixture
def clock(monkeypatch):
    """Time that stands still until the test moves it forward, for the throttle and the
    database cache's expiry alike."""
    import django.core.cache.backends.base as base_cache
    import django.core.cache.backends.db as db_cache

    # Stopped at the fixture's start and moved only by the test: on a loaded machine a second
    # of real time may pass between two requests, which must not end a one-second wait.
    start_now, start_time = db_cache.tz_now(), time.time()
    offset = {"seconds": 0}
    monkeypatch.setattr(
        db_cache, "tz_now", lambda: start_now + datetime.timedelta(seconds=offset["seconds"])
    )
    moved = SimpleNamespace(time=lambda: start_time + offset["seconds"])
    monkeypatch.setattr(base_cache, "time", moved)
    monkeypatch.setattr(throttle, "_now", moved.time)

    def advance(seconds):
        offset["seconds"] += seconds

    return advance
