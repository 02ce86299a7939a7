"""Answering an open round through its pages: the landing page, a page per section, moving back
and forth with the answers kept, sending, and the thank-you page."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from mittaristo.core import formatting
from mittaristo.surveys.models import Answer, Response
from mittaristo.web.survey_session import SESSION_KEY

from .answering_survey import build_round, page_one, page_two, questions

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def survey_round():
    return build_round()


def start(pk):
    return reverse("survey-answer", kwargs={"pk": pk})


def page(pk, number):
    return reverse("survey-answer-section", kwargs={"pk": pk, "number": number})


def text(response):
    return response.content.decode()


def test_the_landing_page_says_what_how_long_what_is_stored_and_until_when(client):
    closes = timezone.localtime() + timedelta(days=7)
    survey_round = build_round(closes=closes.replace(hour=16, minute=30))
    html = text(client.get(start(survey_round.pk), **EN))
    assert "<h1>Residents&#x27; survey</h1>" in html
    assert "Tell us." in html
    assert "About 3 minutes" in html and "6 questions" in html and "2 pages" in html
    assert "Not stored: your name, your e-mail address, your IP address" in html
    # The closing day and time in the reader's language, in Finland's time.
    with translation.override("en"):
        assert f"{formatting.day(closes)} at 4:30 p.m." in html
    assert "Start answering" in html and page(survey_round.pk, 1) in html
    # Nothing begins by looking: no answering in the session, nothing stored.
    assert SESSION_KEY not in client.session and not Response.objects.exists()


def test_a_respondent_answers_both_pages_and_sends(client, survey_round):
    first = client.get(page(survey_round.pk, 1), **EN)
    html = text(first)
    assert "Page 1 of 2" in html
    assert (
        '<legend>I am satisfied with the services. <span class="required">(required)</span>' in html
    )
    assert "1 – strongly disagree" in html and "5 – strongly agree" in html
    response = client.post(page(survey_round.pk, 1), page_one(survey_round), **EN)
    assert response.status_code == 302 and response.url == page(survey_round.pk, 2)
    html = text(client.get(page(survey_round.pk, 2), **EN))
    assert "Page 2 of 2" in html and "Send answers" in html and "Previous" in html
    assert 'min="0"' in html and 'max="120"' in html and "A number from 0 to 120." in html
    response = client.post(page(survey_round.pk, 2), page_two(survey_round), **EN)
    assert response.status_code == 302
    assert response.url == reverse("survey-answer-thanks", kwargs={"pk": survey_round.pk})
    assert "Thank you for your answers" in text(client.get(response.url, **EN))

    stored = Response.objects.get()
    assert stored.round == survey_round and stored.language == "en"
    q = questions(survey_round)
    answers = {(a.question.code, a.number, a.choice_id, a.text) for a in Answer.objects.all()}
    keskusta = q["alue"].choices.get(code="keskusta").pk
    library, pool = [c.pk for c in q["palvelut"].choices.all()]
    assert answers == {
        ("tyytyvaisyys", 4, None, ""),
        ("suosittelu", 9, None, ""),
        ("alue", None, keskusta, ""),
        ("palvelut", None, library, ""),
        ("palvelut", None, pool, ""),
        ("ika", 42, None, ""),
        ("terveiset", None, None, "Hyvä kaupunki."),
    }
    # The session forgets the answering once the answers are stored.
    assert SESSION_KEY not in client.session


def test_previous_keeps_the_answers_of_both_pages(client, survey_round):
    client.post(page(survey_round.pk, 1), page_one(survey_round, tyytyvaisyys="2"))
    # Half of page 2, then back: page 2's answers are kept though they are not complete.
    half = page_two(survey_round, action="previous", ika=None, terveiset="Kesken")
    response = client.post(page(survey_round.pk, 2), half)
    assert response.status_code == 302 and response.url == page(survey_round.pk, 1)
    html = text(client.get(page(survey_round.pk, 1), **EN))
    q = questions(survey_round)
    assert re.search(rf'name="q{q["tyytyvaisyys"].pk}" value="2"[^>]*checked', html)
    assert "Please check the following" not in html  # a kept page shows no errors
    client.post(page(survey_round.pk, 1), page_one(survey_round, tyytyvaisyys="2"))
    html = text(client.get(page(survey_round.pk, 2), **EN))
    assert "\nKesken</textarea>" in html
    assert html.count("checked") == 2  # both services still chosen


def test_the_progress_and_the_fallback_to_finnish_are_marked(client, survey_round):
    html = text(client.get(page(survey_round.pk, 2), HTTP_ACCEPT_LANGUAGE="sv"))
    # Page 2's title has no Swedish: it is shown in Finnish, marked as such.
    assert '<h1><span lang="fi">Taustatiedot</span></h1>' in html
    html = text(client.get(page(survey_round.pk, 1), HTTP_ACCEPT_LANGUAGE="sv"))
    assert "<h1>Tjänster</h1>" in html
    assert '<span lang="fi">Olen tyytyväinen palveluihin.</span>' in html


def test_a_page_that_does_not_exist_is_not_found(client, survey_round):
    assert client.get(page(survey_round.pk, 3)).status_code == 404
    assert client.get(page(survey_round.pk, 0)).status_code == 404
    assert client.get(start(survey_round.pk + 100)).status_code == 404
