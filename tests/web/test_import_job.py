"""A file too large to store within a request is stored by the background worker.

The request only previews it and queues the job; `mittaristo worker` (the worker, run here
with --burst: every queued job, then exit) stores it; the job's page shows the stage, then the
outcome, and the person may leave and come back (the import page lists their jobs). The queue is
PostgreSQL's: without one (SQLite) the job runs in-line, right after the request's commit.
"""

import concurrent.futures
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from mittaristo.core.models import Area
from mittaristo.jobs.models import JobRun
from mittaristo.observations.models import ImportJob, ImportRun, Observation
from mittaristo.strategy.models import Indicator
from tests.skips import on_postgresql

pytestmark = pytest.mark.django_db(transaction=True)  # the worker commits, as in production

ROWS = "".join(f"mittari;999;{year};{1000 + year}\n" for year in range(1990, 2025))
FILE = "indikaattori;alue;kausi;arvo\n" + ROWS  # 35 rows


@pytest.fixture
def area(db):
    return Area.objects.create(kind="municipality", code="999", name={"fi": "Testikunta"})


@pytest.fixture
def limit(settings, tmp_path):
    """The request stores at most 10 rows; the 35-row file is 'too large' for it."""
    settings.UPLOAD_DIR = tmp_path
    settings.IMPORT_JOB_ROWS = 10
    return tmp_path


def upload(client, text, name="suuri.csv"):
    file = SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")
    return client.post("/app/tuonti/", {"file": file}, HTTP_ACCEPT_LANGUAGE="en")


def store(client, **data):
    return client.post("/app/tuonti/tallenna/", data, HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def job_queue():
    if not on_postgresql():
        pytest.skip("needs PostgreSQL: the job queue (SQLite has none, jobs run in-line)")


def worker():
    """The worker in a thread of its own: its event loop (asyncio.run) cannot start in a thread
    whose loop an earlier browser test left running."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(call_command, "worker", burst=True, verbosity=0).result()


def test_a_large_file_is_stored_by_the_worker_and_the_page_follows_it(
    client, steward, area, limit, job_queue
):
    client.force_login(steward)
    preview = upload(client, FILE).content.decode()
    assert "<dt>New values</dt><dd>35</dd>" in preview
    response = store(client)
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/app/tuonti/tyo/{job.pk}/"
    # The request stored nothing: it queued the job, which waits for the worker.
    assert not Observation.objects.exists()
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'aria-current="step"><strong>Waiting for the worker</strong>' in page
    assert 'data-refresh-seconds="3"' in page and "js/refresh.js" in page
    # The person leaves; the import page lists the job.
    listing = client.get("/app/tuonti/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'href="/app/tuonti/tyo/{job.pk}/">suuri.csv</a>: waiting for the worker' in listing

    worker()

    job.refresh_from_db()
    assert job.state == ImportJob.State.STORED
    assert job.report["created"] == 35 and job.preview["created"] == 35
    values = dict(Observation.objects.current().values_list("period", "value"))
    assert len(values) == 35 and values["2024"] == Decimal("3024")
    assert Observation.objects.filter(recorded_by=steward, source_ref="suuri.csv").count() == 35
    assert ImportRun.objects.get().created == 35
    assert list(limit.iterdir()) == []  # the uploaded file is gone
    page = client.get(f"/app/tuonti/tyo/{job.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<strong>Stored</strong>" in page and "data-refresh-seconds" not in page
    assert '<th scope="row">New values</th><td class="num">35</td><td class="num">35</td>' in page
    # The same file again: the preview and the job agree that nothing changes.
    upload(client, FILE)
    store(client)
    worker()
    again = ImportJob.objects.order_by("-pk").first()
    assert again.state == ImportJob.State.STORED
    assert (again.preview["unchanged"], again.report["unchanged"]) == (35, 35)
    assert Observation.objects.count() == 35


def test_a_small_file_is_still_stored_within_the_request(client, steward, area, limit):
    client.force_login(steward)
    upload(client, "indikaattori;alue;kausi;arvo\nmittari;999;2021;6 000\n")
    response = store(client)
    assert response.status_code == 302 and response["Location"] == "/app/tuonti/"
    assert Observation.objects.count() == 1 and not ImportJob.objects.exists()


def test_outliers_confirmed_in_the_preview_are_what_the_job_stores(
    client, steward, area, limit, job_queue
):
    client.force_login(steward)
    upload(client, FILE)
    store(client)
    worker()
    # 2025 as 3,025 read with a decimal comma: 3.025, far below the series.
    outlier = FILE.replace(ROWS, ROWS + "mittari;999;2025;3,025\n")
    preview = upload(client, outlier, name="outlier.csv").content.decode()
    assert "Values far from what is expected" in preview
    # Not confirmed: no job is queued, the preview comes back asking.
    response = store(client)
    assert response.status_code == 200 and ImportJob.objects.count() == 1
    assert "are not confirmed" in response.content.decode()
    store(client, accept_outliers="on")
    worker()
    job = ImportJob.objects.order_by("-pk").first()
    assert job.state == ImportJob.State.STORED and job.report["created"] == 1
    assert Observation.objects.current().get(period="2025").value == Decimal("3.025")


def test_a_file_that_went_wrong_since_the_preview_stores_nothing_and_says_why(
    client, steward, area, limit, job_queue
):
    client.force_login(steward)
    upload(client, FILE)
    store(client)
    job = ImportJob.objects.get()
    # Meanwhile the indicator passes to another steward: the job's rows are refused.
    indicator = Indicator.objects.get(code="mittari")
    indicator.responsible_person = None
    indicator.save()
    worker()
    job.refresh_from_db()
    assert job.state == ImportJob.State.REFUSED
    assert "you are not responsible for this indicator's values" in job.report["problems"][0]
    assert not Observation.objects.exists()
    page = client.get(f"/app/tuonti/tyo/{job.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<strong>Nothing was stored</strong>" in page and "Why nothing was stored" in page


def test_only_the_person_who_started_a_job_sees_it(
    client, steward, area, limit, outsider, django_user_model
):
    client.force_login(steward)
    upload(client, FILE)
    store(client)
    job = ImportJob.objects.get()
    client.force_login(outsider)
    assert client.get(f"/app/tuonti/tyo/{job.pk}/").status_code == 404
    client.logout()
    assert client.get(f"/app/tuonti/tyo/{job.pk}/").status_code == 302  # to the login
    admin = django_user_model.objects.create_superuser("paakayttaja", password="x-password-123")
    client.force_login(admin)
    assert client.get(f"/app/tuonti/tyo/{job.pk}/").status_code == 404


def test_a_job_that_crashes_says_so_and_stores_nothing(
    client, steward, area, limit, monkeypatch, caplog, job_queue
):
    from mittaristo.observations.imports import jobs

    def crash(**kwargs):
        raise RuntimeError("the disk is gone")

    client.force_login(steward)
    upload(client, FILE)
    store(client)
    monkeypatch.setattr(jobs, "import_observations", crash)
    worker()
    job = ImportJob.objects.get()
    assert job.state == ImportJob.State.FAILED and job.finished_at is not None
    assert "the disk is gone" in caplog.text  # logged with its traceback for the administrator
    assert not Observation.objects.exists() and list(limit.iterdir()) == []
    page = client.get(f"/app/tuonti/tyo/{job.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Something went wrong while storing the file, and nothing was stored." in page
    assert "the disk is gone" not in page


def test_without_a_queue_the_job_runs_in_line_after_the_request(
    client, steward, area, limit, settings
):
    settings.JOBS_QUEUE = False  # as on SQLite (the demo)
    client.force_login(steward)
    upload(client, FILE)
    with_commit = store(client)
    job = ImportJob.objects.get()
    assert with_commit["Location"] == f"/app/tuonti/tyo/{job.pk}/"
    assert job.state == ImportJob.State.STORED and job.report["created"] == 35
    assert Observation.objects.count() == 35
    run = JobRun.objects.get(task="observations.import-file")
    assert (run.state, run.inline, run.arguments) == ("succeeded", True, {"job_id": job.pk})
