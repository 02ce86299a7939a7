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
