"""The page importing a round's answers: preview, store, cancel, and who may open it."""

import io

import pytest
from django.urls import reverse

from mittaristo.surveys.models import Response

from . import import_data
from .import_data import HEADER

survey_round = import_data.survey_round  # the fixture


@pytest.fixture
def client(client):
    """Pages in English, as the messages are asserted in English."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture(autouse=True)
def uploads(settings, tmp_path):
    settings.UPLOAD_DIR = tmp_path / "uploads"
    return settings.UPLOAD_DIR


def csv_upload(rows, name="vastaukset.csv"):
    text = "\r\n".join(";".join(row) for row in rows)
    upload = io.BytesIO(b"\xef\xbb\xbf" + text.encode())
    upload.name = name
    return upload


GOOD = ["4", "9", "Centrum", "web, paper", "42,5", "Hyvä"]


def test_preview_then_store(client, strategy_lead, survey_round, uploads):
    client.force_login(strategy_lead)
    url = reverse("survey-import", kwargs={"pk": survey_round.pk})
    page = client.get(url)
    assert page.status_code == 200 and b"channels" in page.content
    preview = client.post(url, {"action": "preview", "file": csv_upload([HEADER, GOOD, GOOD])})
    assert preview.status_code == 200
    assert preview.context["report"].ok and preview.context["report"].responses == 2
    assert "Store these answers" in preview.content.decode()
    assert not Response.objects.exists()
    assert len(list(uploads.iterdir())) == 1  # the file waits for the decision
    stored = client.post(url, {"action": "store"}, follow=True)
    assert Response.objects.filter(round=survey_round).count() == 2
    assert "2 responses and 14 answers stored" in stored.content.decode()
    assert list(uploads.iterdir()) == []
    again = client.post(url, {"action": "preview", "file": csv_upload([HEADER, GOOD, GOOD])})
    assert "imported into the round already" in again.content.decode()
    assert "Store these answers" not in again.content.decode()


def test_problems_listed_and_nothing_waits(client, strategy_lead, survey_round, uploads):
    client.force_login(strategy_lead)
    url = reverse("survey-import", kwargs={"pk": survey_round.pk})
    rows = [HEADER, GOOD, ["9", "", "", "", "", ""]]
    page = client.post(url, {"action": "preview", "file": csv_upload(rows)})
    text = page.content.decode()
    assert "vastaukset.csv: row 3, column likert: &quot;9&quot; is not a whole number" in text
    assert "Store these answers" not in text
    assert list(uploads.iterdir()) == []
    assert client.post(url, {"action": "store"}).status_code == 302  # nothing to store
    assert not Response.objects.exists()


def test_cancel_removes_the_file(client, strategy_lead, survey_round, uploads):
    client.force_login(strategy_lead)
    url = reverse("survey-import", kwargs={"pk": survey_round.pk})
    client.post(url, {"action": "preview", "file": csv_upload([HEADER, GOOD])})
    page = client.post(url, {"action": "cancel"}, follow=True)
    assert "nothing was stored" in page.content.decode()
    assert list(uploads.iterdir()) == []
    client.post(url, {"action": "store"})
    assert not Response.objects.exists()


def test_wrong_kind_of_file(client, strategy_lead, survey_round):
    client.force_login(strategy_lead)
    url = reverse("survey-import", kwargs={"pk": survey_round.pk})
    page = client.post(url, {"action": "preview", "file": csv_upload([HEADER], name="a.txt")})
    assert "Choose a CSV, XLSX or ODS file." in page.content.decode()


@pytest.mark.parametrize("who", ["viewer", "steward", "outsider"])
def test_only_the_strategy_lead_and_administrator(client, survey_round, who, request):
    client.force_login(request.getfixturevalue(who))
    url = reverse("survey-import", kwargs={"pk": survey_round.pk})
    assert client.get(url).status_code == 403
    assert client.post(url, {"file": csv_upload([HEADER, GOOD])}).status_code == 403
    assert not Response.objects.exists()


def test_administrator_and_anonymous(client, survey_round, django_user_model):
    url = reverse("survey-import", kwargs={"pk": survey_round.pk})
    assert client.get(url).status_code == 302  # to the login
    admin = django_user_model.objects.create_superuser("paakayttaja", password="admin-pass-1")
    client.force_login(admin)
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_page_in_finnish_and_swedish(client, strategy_lead, survey_round, language):
    client.force_login(strategy_lead)
    url = reverse("survey-import", kwargs={"pk": survey_round.pk})
    page = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f'<html lang="{language}">' in page
    if language == "sv":  # the survey has no Swedish name: shown in Finnish, marked so
        assert '<span lang="fi">Asukaskysely</span>' in page
        assert "Våren 2026" in page
