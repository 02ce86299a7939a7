"""A published round's reports are built by the background worker, so that the first download
is served from the cache: publishing queues the task (after the commit), the task fills the
reports' cache, and the download view then builds nothing. Without a queue (SQLite) publishing
queues nothing and the scheduled job builds them (docs/jobs.md)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from mittaristo.jobs import queue
from mittaristo.reports import document, prebuild
from mittaristo.reviews.models import ReviewRound
from mittaristo.reviews.services import (
    ReviewError,
    assessment_approve,
    assessment_save,
    assessment_submit,
    round_open,
    round_publish,
)
from tests.skips import on_postgresql

TASK = "reports.prebuild-round"


@pytest.fixture
def job_queue():
    if not on_postgresql():
        pytest.skip("needs PostgreSQL: the job queue (SQLite has none, jobs run in-line)")


def queued(task_name):
    """The queued jobs' arguments (procrastinate's table, read through its read-only model)."""
    from procrastinate.contrib.django.models import ProcrastinateJob

    return [job.args for job in ProcrastinateJob.objects.filter(task_name=task_name)]


def approved_round(strategy, user, kind=ReviewRound.Kind.INTERIM):
    review = round_open(
        strategy=strategy, name="Osavuosikatsaus", as_of=timezone.localdate(), user=user, kind=kind
    )
    for assessment in review.assessments.all():
        assessment_save(assessment=assessment, user=user, commentary="Selvä.")
        assessment_submit(assessment=assessment, user=user)
        assessment_approve(assessment=assessment, user=user)
    return review


def test_publishing_a_round_queues_its_reports_once_the_publication_commits(
    published, admin_user, django_capture_on_commit_callbacks, job_queue
):
    review = approved_round(published.strategy, admin_user)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        round_publish(review=review, user=admin_user)
    assert {"round_id": review.pk} not in queued(TASK)  # not before the commit
    for callback in callbacks:
        callback()
    assert queued(TASK).count({"round_id": review.pk}) == 1


def test_a_refused_publication_queues_nothing(
    published, admin_user, django_capture_on_commit_callbacks, job_queue
):
    review = round_open(
        strategy=published.strategy, name="Kesken", as_of=timezone.localdate(), user=admin_user
    )
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ReviewError):
        round_publish(review=review, user=admin_user)  # its assessments are not approved
    assert {"round_id": review.pk} not in queued(TASK)


@pytest.fixture
def counted_builds(monkeypatch):
    """document.build counted, and quick: the file names what was asked for."""
    built = []

    def fake(kind, strategy, *, round=None, as_of=None, lang, fmt):
        built.append((kind, lang, fmt))
        return f"{kind}-{lang}.{fmt}".encode()

    monkeypatch.setattr(document, "build", fake)
    monkeypatch.setattr(prebuild, "build", fake)
    return built


def test_the_task_fills_the_cache_so_that_the_download_builds_nothing(
    client, published, counted_builds
):
    assert queue.run_inline(TASK, round_id=published.pk) == 6
    assert sorted(counted_builds) == sorted(
        ("followup", lang, fmt) for lang in ("fi", "sv", "en") for fmt in ("pdf", "xlsx")
    )
    counted_builds.clear()
    for lang in ("fi", "sv", "en"):
        url = reverse("public-round-report", args=[published.pk, "followup", lang, "pdf"])
        assert client.get(url).content == f"followup-{lang}.pdf".encode()
    assert counted_builds == []  # every download came from the cache
    assert prebuild.prebuild(published.pk) == 0  # run twice, builds nothing again


def test_a_mid_term_round_gets_its_mid_term_evaluation_too(published, admin_user, counted_builds):
    review = approved_round(published.strategy, admin_user, kind=ReviewRound.Kind.MID_TERM)
    assert prebuild.prebuild(review.pk) == 0  # not published yet: nothing is kept
    round_publish(review=review, user=admin_user)
    assert prebuild.prebuild(review.pk) == 12
    assert {kind for kind, _lang, _fmt in counted_builds} == {"followup", "midterm"}


def test_without_a_queue_publishing_builds_nothing_and_the_scheduled_job_builds_them(
    published, admin_user, counted_builds, settings, django_capture_on_commit_callbacks
):
    settings.JOBS_QUEUE = False  # as on SQLite: the request would build them in-line
    review = approved_round(published.strategy, admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        round_publish(review=review, user=admin_user)
    assert counted_builds == []
    assert queue.run_inline("schedule.build-round-reports") == "12 report files built"
    assert queue.run_inline("schedule.build-round-reports") == "0 report files built"
