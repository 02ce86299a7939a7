"""The hourly fetch asks only for what the publication calendar says is due, and not again
within REFETCH_HOURS when the source is late; the scheduled job fetches through it."""

import datetime as dt

import httpx
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mittaristo.jobs import queue
from mittaristo.jobs.models import JobRun
from mittaristo.schedule import tasks as schedule_tasks
from mittaristo.sources import fetching
from mittaristo.sources.due import fetch_due, indicators_due
from mittaristo.sources.http import Client
from mittaristo.sources.models import FetchCheck, FetchRecord

from .test_fetch import BINDING, META, answer, service  # noqa: F401 (the fixture)
from .test_shared_series import BINDING_YAML
from .test_shared_series import _load as load_organisation


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


HOUR = dt.timedelta(hours=1)


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
    FetchCheck.objects.update(checked_at=later - dt.timedelta(hours=19))
    assert due_codes(later) == []
    FetchCheck.objects.update(checked_at=later - dt.timedelta(hours=21))
    assert due_codes(later) == ["mittari"]


def test_the_publication_calendar_moves_the_due_date(bound, source, settings):
    settings.JOBS_QUEUE = False
    queue.run_inline("schedule.fetch-due-data")  # stores 2025
    bound.binding = {**BINDING, "release": {"day": 16, "month": 2, "years_after": 2}}
    bound.save()
    FetchCheck.objects.update(checked_at=timezone.now() - dt.timedelta(days=400))
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


# Two organisations, each with an indicator "mittari" (codes repeat across organisations).
OTHER_STATISTIC = BINDING_YAML.replace("table: 11re.px", "table: 11rf.px")
LATER = dt.datetime(2027, 9, 29, 12, tzinfo=dt.UTC)  # 2026's values are due by then


def counted_clients(answer, posts, *, failing=""):  # noqa: F811
    """Clients answering the recorded answer, each POST's address appended to `posts`; a
    table named `failing` answers 503."""

    def handler(request):
        if request.method == "POST":
            posts.append(str(request.url))
            if failing and str(request.url).endswith(failing):
                return httpx.Response(503)
        return service(answer)(request)

    transport = httpx.MockTransport(handler)
    return fetching.Clients(pxweb=Client(transport=transport), sotkanet=Client(transport=transport))


def due_series(now):
    return sorted(indicator.data_id for indicator, _binding, _label in indicators_due(now=now))


@pytest.mark.django_db
def test_the_same_code_bound_to_different_statistics_is_due_in_each_organisation(
    tmp_path,
    answer,  # noqa: F811
):
    helsinki = load_organisation(tmp_path, "091", "Helsinki")
    espoo = load_organisation(tmp_path, "049", "Espoo", OTHER_STATISTIC)
    ours = helsinki.indicators.get(code="mittari")
    theirs = espoo.indicators.get(code="mittari")
    assert ours.series_id != theirs.series_id  # two statistics, two national series
    both = sorted([ours.series_id, theirs.series_id])
    assert due_series(timezone.now()) == both
    posts = []
    # Espoo's source fails: Helsinki's statistic is stored, Espoo's nothing.
    outcomes = fetch_due(
        now=timezone.now(), clients=counted_clients(answer, posts, failing="11rf.px")
    )
    assert [(o.indicator, o.created, bool(o.error)) for o in outcomes] == [
        ("mittari", 3, False),
        ("mittari", 0, True),
    ]
    assert {p.rsplit("/", 1)[1] for p in posts} == {"11re.px", "11rf.px"}
    # The next hour Espoo's is still due: a code fetched a moment ago in Helsinki does not
    # count for it (Helsinki's is not due: its value is stored).
    assert due_series(timezone.now()) == [theirs.series_id]
    outcomes = fetch_due(now=timezone.now(), clients=counted_clients(answer, posts))
    assert [(o.indicator, o.created, o.error) for o in outcomes] == [("mittari", 3, "")]
    assert posts[-1].endswith("11rf.px")
    assert sum(p.endswith("11re.px") for p in posts) == 1  # Helsinki's, asked once
    # By the calendar both are due again; Helsinki's statistic was asked an hour ago, Espoo's a
    # day ago: Espoo's is asked, though the code "mittari" was fetched within the hours.
    FetchCheck.objects.filter(indicator=ours.series_id).update(checked_at=LATER - HOUR)
    FetchCheck.objects.filter(indicator=theirs.series_id).update(checked_at=LATER - 21 * HOUR)
    assert due_series(LATER) == [theirs.series_id]
    FetchCheck.objects.update(checked_at=LATER - 21 * HOUR)
    assert due_series(LATER) == both


@pytest.mark.django_db
def test_organisations_bound_to_the_same_statistic_fetch_it_once(
    tmp_path,
    answer,  # noqa: F811
):
    helsinki = load_organisation(tmp_path, "091", "Helsinki")
    espoo = load_organisation(tmp_path, "049", "Espoo")
    series = helsinki.indicators.get(code="mittari").series_id
    assert espoo.indicators.get(code="mittari").series_id == series
    with CaptureQueriesContext(connection) as queries:
        assert due_series(timezone.now()) == [series]
    # The series' latest period is read once for the two indicators that read it.
    latest = [q for q in queries if "observations_observation" in q["sql"]]
    assert len(latest) == 1
    posts = []
    outcomes = fetch_due(now=timezone.now(), clients=counted_clients(answer, posts))
    assert [(o.indicator, o.created) for o in outcomes] == [("mittari", 3)]
    assert len(posts) == 1
    assert due_series(LATER - 3 * 24 * HOUR) == []  # nothing due by the calendar yet
    # Due, then a late source answers with nothing new: still not asked again for 20 hours.
    assert due_series(LATER) == [series]
    outcomes = fetch_due(now=LATER, clients=counted_clients(answer, posts))
    assert [(o.created, o.unchanged) for o in outcomes] == [(0, 3)]
    FetchCheck.objects.update(checked_at=LATER - 19 * HOUR)
    assert due_series(LATER) == []
    assert len(posts) == 2
