"""The hourly fetch asks only for what the publication calendar says is due, and not again
within REFETCH_HOURS when the source is late; the scheduled job fetches through it."""

import datetime as dt

import httpx
import pytest
from django.utils import timezone

from mittaristo.jobs import queue
from mittaristo.jobs.models import JobRun
from mittaristo.schedule import tasks as schedule_tasks
from mittaristo.sources import fetching
from mittaristo.sources.due import indicators_due
from mittaristo.sources.http import Client
from mittaristo.sources.models import FetchRecord

from .test_fetch import BINDING, META, answer  # noqa: F401 (the fixture)


@pytest.fixture
def bound(minimal_strategy):
    """'mittari', yearly, bound to Statistics Finland's 11re (three cities' 2025 population)."""
    indicator = minimal_strategy.indicators.get(code="mittari")
    indicator.binding = BINDING
    indicator.frequency = "yearly"
    indicator.publication_lag_days = None
    indicator.save()
    return indicator


@pytest.fixture
def source(answer, monkeypatch):  # noqa: F811
    """The scheduled job's HTTP goes to a recorded answer, never the network; counts requests."""
    requests = []

    def handler(request):
        requests.append(request)
        if request.method == "GET":
            return httpx.Response(200, json=META)
        return httpx.Response(200, json=answer)

    def make_clients(**kwargs):
        transport = httpx.MockTransport(handler)
        return fetching.Clients(
            pxweb=Client(transport=transport), sotkanet=Client(transport=transport)
        )

    monkeypatch.setattr(schedule_tasks, "make_clients", make_clients)
    return requests


def due_codes(now):
    return [label for _indicator, _binding, label in indicators_due(now=now)]


def test_an_indicator_is_due_when_nothing_is_stored_then_when_its_next_value_is_expected(
    bound, source, settings
):
    settings.JOBS_QUEUE = False  # the job and the indices it queues run in-line here
    now = timezone.now()
    assert due_codes(now) == ["mittari"]  # nothing stored yet

    assert queue.run_inline("schedule.fetch-due-data") == "1 due, 3 new or changed values, 0 failed"
    assert FetchRecord.objects.filter(indicator_code="mittari").count() == 1
    assert JobRun.objects.filter(task="schedule.recompute-indices", state="succeeded").exists()

    # 2025 is stored: 2026's value is expected 270 days after the end of 2026 (no calendar
    # entry), so nothing is due before 28.9.2027, and the job asks no source.
    asked = len(source)
    assert due_codes(now + dt.timedelta(days=2)) == []
    assert queue.run_inline("schedule.fetch-due-data") == "0 due, 0 new or changed values, 0 failed"
    assert len(source) == asked
    later = dt.datetime(2027, 9, 29, 12, tzinfo=dt.UTC)
    assert due_codes(later) == ["mittari"]
    # The source is late: asked once, then not again within REFETCH_HOURS (20).
    FetchRecord.objects.update(fetched_at=later - dt.timedelta(hours=19))
    assert due_codes(later) == []
    FetchRecord.objects.update(fetched_at=later - dt.timedelta(hours=21))
    assert due_codes(later) == ["mittari"]


def test_the_publication_calendar_moves_the_due_date(bound, source, settings):
    settings.JOBS_QUEUE = False
    queue.run_inline("schedule.fetch-due-data")  # stores 2025
    bound.binding = {**BINDING, "release": {"day": 16, "month": 2, "years_after": 2}}
    bound.save()
    FetchRecord.objects.update(fetched_at=timezone.now() - dt.timedelta(days=400))
    # 2026's value around 16.2.2028 by the calendar, not 28.9.2027 by the default lag.
    assert due_codes(dt.datetime(2027, 10, 1, tzinfo=dt.UTC)) == []
    assert due_codes(dt.datetime(2028, 2, 16, 12, tzinfo=dt.UTC)) == ["mittari"]


def test_a_source_that_fails_fails_the_job_so_that_it_is_retried(bound, monkeypatch, settings):
    settings.JOBS_QUEUE = False

    def make_clients(**kwargs):
        transport = httpx.MockTransport(lambda request: httpx.Response(503))
        return fetching.Clients(
            pxweb=Client(transport=transport), sotkanet=Client(transport=transport)
        )

    monkeypatch.setattr(schedule_tasks, "make_clients", make_clients)
    assert queue.run_inline("schedule.fetch-due-data") is None
    run = JobRun.objects.get(task="schedule.fetch-due-data")
    assert run.state == "failed" and "1 due, 0 new or changed values, 1 failed" in run.error
    assert "mittari:" in run.error
