"""The reports on the pages: the round page, the public site (published rounds only) and the
overview's as-of form; the files' types and names; the cache."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from mittaristo.reviews.models import ReviewRound
from mittaristo.reviews.services import round_open


@pytest.fixture
def viewer(published, django_user_model):
    """The demo's viewer."""
    return django_user_model.objects.get(username="lukija")


@pytest.fixture
def strategy_lead(published, django_user_model):
    return django_user_model.objects.get(username="strategia")


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_the_round_page_links_its_reports_and_they_download(client, published, viewer):
    client.force_login(viewer)
    page = client.get(reverse("round", args=[published.pk])).content.decode()
    url = reverse("round-report", args=[published.pk, "followup", "en", "xlsx"])
    assert f'href="{url}"' in page
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    day = published.as_of.isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="follow-up-report-heinola-2030-{day}-en.xlsx"'
    )
    assert load_workbook(io.BytesIO(response.content)).sheetnames


def test_the_public_site_offers_the_published_rounds_report(client, published):
    page = client.get(reverse("overview")).content.decode()
    url = reverse("public-round-report", args=[published.pk, "followup", "en", "pdf"])
    assert f'href="{url}"' in page
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert response["Content-Disposition"].endswith('-en.pdf"')


def test_a_round_not_published_is_not_public_but_internal_says_it_is_a_draft(
    client, published, strategy_lead
):
    draft = round_open(
        strategy=published.strategy,
        name="Osavuosikatsaus",
        kind=ReviewRound.Kind.INTERIM,
        as_of=published.as_of,
        user=strategy_lead,
    )
    public = reverse("public-round-report", args=[draft.pk, "followup", "fi", "xlsx"])
    assert client.get(public).status_code == 404
    internal = reverse("round-report", args=[draft.pk, "followup", "en", "xlsx"])
    assert client.get(internal).status_code == 302  # to the login
    client.force_login(strategy_lead)
    book = load_workbook(io.BytesIO(client.get(internal).content))
    notes = [c.value for c in book.worksheets[0]["A"] if c.value]
    assert "The round is not published: its assessments may still change." in notes


def test_unknown_kinds_languages_and_formats_are_not_found(client, published, viewer):
    for args in [("annual", "fi", "pdf"), ("followup", "de", "pdf"), ("followup", "fi", "docx")]:
        assert (
            client.get(reverse("public-round-report", args=[published.pk, *args])).status_code
            == 404
        )


def test_the_overview_offers_a_report_as_of_a_date(client, published, viewer):
    client.force_login(viewer)
    page = client.get(reverse("app-overview")).content.decode()
    assert f'action="{reverse("dated-report", args=["followup"])}"' in page
    url = reverse("dated-report", args=["followup"])
    response = client.get(url, {"as_of": "2025-06-01", "lang": "sv", "format": "xlsx"})
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert (
        'filename="uppfoljningsrapport-heinola-2030-2025-06-01-sv.xlsx"'
        in response["Content-Disposition"]
    )
    assert client.get(url, {"as_of": "31.2.2025", "format": "xlsx"}).status_code == 400
    client.logout()
    assert client.get(url, {"format": "xlsx"}).status_code == 302


def test_a_published_rounds_file_is_built_once(client, published, monkeypatch):
    from mittaristo.reports import document

    built = []
    real = document.build
    monkeypatch.setattr(document, "build", lambda *a, **k: built.append(1) or real(*a, **k))
    url = reverse("public-round-report", args=[published.pk, "followup", "fi", "xlsx"])
    first, second = client.get(url).content, client.get(url).content
    assert first == second and len(built) == 1
