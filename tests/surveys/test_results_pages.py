"""The results page, its downloads and the moderation page: who may open them, what they show
and hide, and that the files hold numbers as numbers and no formulas."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from mittaristo.surveys.models import Answer

pytestmark = pytest.mark.django_db

ROWS = [("a", 5, 10)] * 4 + [("a", 4, 9)] * 3 + [("b", 3, 6)] * 6 + [("c", 1, 0)] * 2


def fill(survey, survey_round, rows=ROWS):
    for unit, likert, scale in rows:
        survey.answer(survey_round, unit=unit, likert=likert, scale=scale)


@pytest.fixture
def filled(survey):
    fill(survey, survey.spring, [("a", 2, 5)] * 5 + [("b", 2, 6)] * 5)
    fill(survey, survey.autumn)
    survey.answer(survey.autumn, text='=HYPERLINK("x")', moderation="approved")
    survey.answer(survey.autumn, text="Nimi Niminen", moderation="pending")
    return survey


def test_only_the_strategy_lead_and_the_administrator_open_the_results(
    client, filled, viewer, strategy_lead, admin_user
):
    url = reverse("survey-results", args=[filled.autumn.pk])
    for user, expected in [(viewer, 403), (strategy_lead, 200), (admin_user, 200)]:
        client.force_login(user)
        assert client.get(url).status_code == expected
        assert client.get(url + "x").status_code in (403, 404)
    client.logout()
    assert client.get(url).status_code == 302  # to the login


def test_the_page_writes_figures_with_intervals_and_hides_small_groups(
    client, filled, strategy_lead
):
    client.force_login(strategy_lead)
    url = reverse("survey-results", args=[filled.autumn.pk])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Mean: 3.47 (95 % interval" in page
    assert "larger than the previous round: +1.47" in page
    assert "fewer than 5 answers" in page  # unit c, 2 answers
    assert "hidden so that a smaller group&#x27;s answers cannot be worked out" in page
    assert "Student&#x27;s t interval" in page and "Wilson&#x27;s score interval" in page
    assert "HYPERLINK" in page and "Nimi Niminen" not in page
    assert "1 answer awaits review" in page


def test_the_csv_has_numbers_no_formulas_and_no_hidden_figure(client, filled, strategy_lead):
    client.force_login(strategy_lead)
    response = client.get(
        reverse("survey-results-download", args=[filled.autumn.pk, "csv"]),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    lines = [line.split(";") for line in text.splitlines()]
    groups = [line for line in lines if line[2] == "yksikko" and line[0] == "tyytyvaisyys"]
    hidden = [line for line in groups if line[3] in ("b", "c")]
    assert hidden and all(line[6] == line[7] == "" for line in hidden)
    mean = next(line for line in lines if line[0] == "tyytyvaisyys" and line[4] == "mean")
    assert mean[7].startswith("3,4")


def test_the_workbook_has_numbers_as_numbers_and_no_formulas(client, filled, strategy_lead):
    client.force_login(strategy_lead)
    response = client.get(
        reverse("survey-results-download", args=[filled.autumn.pk, "xlsx"]),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not any(cell.data_type == "f" for cell in cells)
    assert any(cell.value == '=HYPERLINK("x")' and cell.data_type == "s" for cell in cells)
    rows = list(sheet.iter_rows(values_only=True))
    mean = next(r for r in rows if r[0] == "tyytyvaisyys" and r[4] == "mean" and not r[2])
    assert isinstance(mean[7], float) and isinstance(mean[6], int)


def test_moderation_decides_each_answer_once(client, filled, strategy_lead, viewer):
    waiting = Answer.objects.get(moderation="pending")
    page = reverse("survey-moderation", args=[filled.autumn.pk])
    decide = reverse("survey-moderation-decide", args=[filled.autumn.pk, waiting.pk])
    client.force_login(viewer)
    assert client.get(page).status_code == 403
    assert client.post(decide, {"decision": "approved"}).status_code == 403
    client.force_login(strategy_lead)
    assert "1 answer awaits review." in client.get(page, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert client.post(decide, {"decision": "rejected"}).status_code == 302
    assert client.post(decide, {"decision": "approved"}).status_code == 302
    waiting.refresh_from_db()
    assert waiting.moderation == "rejected"
    assert "Nothing awaits review." in client.get(page, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert client.get(decide).status_code == 405


def test_an_answer_of_another_round_is_not_decided_here(client, filled, strategy_lead):
    waiting = Answer.objects.get(moderation="pending")
    client.force_login(strategy_lead)
    client.post(
        reverse("survey-moderation-decide", args=[filled.spring.pk, waiting.pk]),
        {"decision": "approved"},
    )
    waiting.refresh_from_db()
    assert waiting.moderation == "pending"
