"""The administrator reads every run of every job in the admin, and can change none."""

import pytest

from mittaristo.jobs import queue
from mittaristo.jobs.models import JobRun

pytestmark = pytest.mark.django_db


def test_the_administrator_sees_the_runs_read_only(admin_client, tmp_path):
    queue.run_inline(
        "jobs.probe", started=str(tmp_path / "s"), release=str(tmp_path / "r"), timeout=0
    )
    run = JobRun.objects.get()
    listing = admin_client.get("/admin/jobs/jobrun/", HTTP_ACCEPT_LANGUAGE="en")
    assert listing.status_code == 200
    text = listing.content.decode()
    assert "jobs.probe" in text and "failed" in text
    page = admin_client.get(f"/admin/jobs/jobrun/{run.pk}/change/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "TimeoutError" in page.content.decode()
    assert 'name="_save"' not in page.content.decode()  # view only
    assert admin_client.get("/admin/jobs/jobrun/add/").status_code == 403
    assert admin_client.post(f"/admin/jobs/jobrun/{run.pk}/delete/").status_code == 403
    assert JobRun.objects.count() == 1


def test_other_staff_do_not_see_them(client, django_user_model):
    staff = django_user_model.objects.create_user(
        "henkilo", password="x-password-123", is_staff=True
    )
    client.force_login(staff)
    assert client.get("/admin/jobs/jobrun/").status_code == 403


def test_the_list_shows_start_finish_outcome_and_filters_by_task_and_state(admin_client, tmp_path):
    (tmp_path / "r").touch()
    queue.run_inline("jobs.probe", started=str(tmp_path / "a"), release=str(tmp_path / "r"))
    queue.run_inline(
        "jobs.probe", started=str(tmp_path / "b"), release=str(tmp_path / "never"), timeout=0
    )
    queue.run_inline("jobs.housekeeping")
    ok, failed = JobRun.objects.filter(task="jobs.probe").order_by("pk")

    def listed(query="") -> str:
        page = admin_client.get(f"/admin/jobs/jobrun/{query}", HTTP_ACCEPT_LANGUAGE="en")
        assert page.status_code == 200
        return page.content.decode()

    text = listed()
    for column in ("Started", "Finished", "Seconds", "Result or error", "Attempt", "Worker"):
        assert f">{column}<" in text, column
    assert "released" in text  # a result
    assert "TimeoutError:" in text and "did not appear within 0 s" in text  # an error's last line
    assert "job runs and 0 queue jobs older than the limit removed" in text
    by_task = listed("?task=jobs.probe")
    assert "did not appear" in by_task and "older than the limit" not in by_task
    by_state = listed("?state__exact=failed")
    assert "did not appear" in by_state and "released" not in by_state
    assert "older than the limit" not in by_state
    both = listed("?task=jobs.probe&state__exact=succeeded")
    assert f"/admin/jobs/jobrun/{ok.pk}/change/" in both
    assert f"/admin/jobs/jobrun/{failed.pk}/change/" not in both
