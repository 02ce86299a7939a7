"""Uploads: a size limit while the file arrives; kept 0600; removed when done (issue 14)."""

import io
import os
import stat
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from mittaristo.core.models import Area
from mittaristo.jobs import queue
from mittaristo.jobs.models import JobRun
from mittaristo.observations.models import Observation

GOOD = "indikaattori;alue;kausi;arvo\nmittari;999;2021;6 000\nmittari;999;2022;6 100,5\n"


@pytest.fixture
def uploads(steward, client, settings, tmp_path):
    """The upload folder (not yet made), and the steward logged in."""
    Area.objects.create(kind="municipality", code="999", name={"fi": "Testikunta"})
    settings.UPLOAD_DIR = tmp_path / "uploads"
    client.force_login(steward)
    return settings.UPLOAD_DIR


def upload(client, text, name="arvot.csv"):
    file = SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")
    return client.post("/app/tuonti/", {"file": file}, HTTP_ACCEPT_LANGUAGE="en")


def files(folder):
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def test_a_file_over_the_limit_is_refused_while_it_arrives(client, uploads, settings):
    settings.UPLOAD_MAX_MB = 1
    big = GOOD + "mittari;999;2023;1\n" * 60_000  # 1.2 MB
    temporary = set(files(uploads.parent))
    html = upload(client, big).content.decode()
    assert "arvot.csv: the file is larger than 1 MB, the most that is read." in html
    assert "Preview of" not in html
    assert files(uploads) == [] and set(files(uploads.parent)) == temporary  # nothing kept
    assert not Observation.objects.exists()
    html = upload(client, GOOD).content.decode()  # a file within the limit is read as ever
    assert "Preview of arvot.csv" in html


def test_the_waiting_file_is_for_the_apps_user_only(client, uploads):
    old = os.umask(0)  # even a careless umask gives no one else a look
    try:
        upload(client, GOOD)
    finally:
        os.umask(old)
    (waiting,) = files(uploads)
    assert stat.S_IMODE(waiting.stat().st_mode) == 0o600
    assert stat.S_IMODE(uploads.stat().st_mode) == 0o700


def test_cancelling_removes_the_waiting_file(client, uploads):
    upload(client, GOOD)
    assert len(files(uploads)) == 1
    response = client.post("/app/tuonti/peru/", HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert "The file was removed; nothing was stored." in response.content.decode()
    assert files(uploads) == []
    client.post("/app/tuonti/tallenna/")  # nothing left to store
    assert not Observation.objects.exists()


def test_storing_removes_the_file_and_a_new_upload_replaces_the_waiting_one(client, uploads):
    upload(client, GOOD)
    upload(client, GOOD.replace("6 000", "6 001"))
    assert len(files(uploads)) == 1  # the first file is gone with its preview
    client.post("/app/tuonti/tallenna/")
    assert files(uploads) == []
    assert Observation.objects.get(period="2021").value == 6001


def test_a_preview_that_fails_leaves_no_file(client, uploads, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("the reader fell over")

    monkeypatch.setattr("mittaristo.web.import_views.import_observations", broken)
    with pytest.raises(RuntimeError):
        upload(client, GOOD)
    assert files(uploads) == []


def test_clean_uploads_removes_files_older_than_the_setting(settings, tmp_path):
    settings.UPLOAD_DIR = tmp_path
    settings.UPLOAD_MAX_AGE_HOURS = 24
    (tmp_path / "incoming").mkdir()
    old = [tmp_path / "vanha.csv", tmp_path / "incoming" / "keskeytynyt.upload"]
    new = tmp_path / "uusi.csv"
    for path in [*old, new]:
        path.write_text("x")
    day_ago = time.time() - 25 * 3600
    for path in old:
        os.utime(path, (day_ago, day_ago))
    out = io.StringIO()
    call_command("clean-uploads", stdout=out)
    assert files(tmp_path) == [new]
    assert "2 uploaded file(s) older than 24 hours removed." in out.getvalue()
    call_command("clean-uploads", "--hours", "0", stdout=io.StringIO())
    assert files(tmp_path) == []


@pytest.mark.django_db
def test_the_schedule_cleans_the_uploads_every_hour(settings, tmp_path):
    assert {s.name: s.cron for s in queue.SCHEDULE}["schedule.clean-uploads"] == "5 * * * *"
    settings.UPLOAD_DIR = tmp_path
    settings.UPLOAD_MAX_AGE_HOURS = 24
    old, new = tmp_path / "vanha.csv", tmp_path / "uusi.csv"
    for path in (old, new):
        path.write_text("x")
    day_ago = time.time() - 25 * 3600
    os.utime(old, (day_ago, day_ago))
    result = queue.run_inline("schedule.clean-uploads")
    assert result == "1 uploaded files older than 24 hours removed"
    assert files(tmp_path) == [new]
    assert JobRun.objects.get(task="schedule.clean-uploads").state == "succeeded"
