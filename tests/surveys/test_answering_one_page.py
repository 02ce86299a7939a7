"""An open round of a one-section survey is answered on its landing page in one POST, without a
session: the submission key is written into the form, so one page sent twice stores once."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mittaristo.surveys.models import Question, Response, Section

from .answering_survey import build_round, build_survey, page_one

pytestmark = pytest.mark.django_db

KEY = re.compile(r'name="key" value="([^"]+)"')


@pytest.fixture
def one_page_round():
    survey = build_survey()
    Section.objects.filter(survey=survey, order=2).delete()  # only "Palvelut" is left
    return build_round(survey)


def start(survey_round):
    return reverse("survey-answer", kwargs={"pk": survey_round.pk})


def section(survey_round):
    return reverse("survey-answer-section", kwargs={"pk": survey_round.pk, "number": 1})


def sent(survey_round, key, **changes):
    return page_one(survey_round, **changes) | {"action": "send", "key": key}


def test_the_landing_page_holds_the_questions_and_a_key_and_makes_no_session(one_page_round):
    client = Client(enforce_csrf_checks=True)
    page = client.get(start(one_page_round), HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert "I am satisfied with the services." in html
    assert f'action="{section(one_page_round)}"' in html
    assert 'name="action" value="send"' in html
    assert len(KEY.search(html)[1]) == 32
    assert "sessionid" not in page.cookies  # nothing kept on the server before sending
    # Each page made gets its own key: two respondents never share one.
    assert KEY.search(client.get(start(one_page_round)).content.decode())[1] != KEY.search(html)[1]


def test_one_post_stores_the_answers_and_the_same_page_sent_again_stores_nothing(one_page_round):
    client = Client(enforce_csrf_checks=True)
    html = client.get(start(one_page_round)).content.decode()
    key = KEY.search(html)[1]
    data = sent(one_page_round, key) | {
        "csrfmiddlewaretoken": re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]
    }
    first = client.post(section(one_page_round), data)
    assert first.status_code == 302 and first.url.endswith("/kiitos/")
    again = client.post(section(one_page_round), data)  # reload, or a double click
    assert again.status_code == 302 and again.url.endswith("/kiitos/")
    stored = Response.objects.get()
    assert stored.submission_key == key
    assert stored.answers.count() == 3  # Likert, scale, the area
    assert "sessionid" not in client.cookies


def test_a_post_without_the_csrf_token_is_refused(one_page_round):
    client = Client(enforce_csrf_checks=True)
    key = KEY.search(client.get(start(one_page_round)).content.decode())[1]
    assert client.post(section(one_page_round), sent(one_page_round, key)).status_code == 403
    assert not Response.objects.exists()


def test_a_missing_required_answer_shows_the_page_again_with_the_same_key(client, one_page_round):
    key = KEY.search(client.get(start(one_page_round)).content.decode())[1]
    page = client.post(
        section(one_page_round),
        sent(one_page_round, key, tyytyvaisyys=None),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    html = page.content.decode()
    assert page.status_code == 200 and 'class="error-summary"' in html
    assert KEY.search(html)[1] == key  # sending it corrected still stores once
    assert not Response.objects.exists()
    client.post(section(one_page_round), sent(one_page_round, key))
    client.post(section(one_page_round), sent(one_page_round, key))
    assert Response.objects.count() == 1


def test_a_key_not_made_by_the_server_is_replaced(client, one_page_round):
    client.post(section(one_page_round), sent(one_page_round, "x' or 1=1 --"))
    assert len(Response.objects.get().submission_key) == 32


def test_a_changed_question_shows_at_once(client, one_page_round):
    """The questionnaire is kept in the process by the survey's `changed`, which every writer
    of questions moves (the app's editing and the file's load)."""
    assert (
        "I am satisfied"
        in client.get(start(one_page_round), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )
    question = Question.objects.get(code="tyytyvaisyys")
    question.text = {"fi": "Uusi kysymys.", "en": "A new question."}
    question.save()
    one_page_round.survey.save(update_fields=["changed"])
    html = client.get(start(one_page_round), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "A new question." in html and "I am satisfied" not in html


def test_a_survey_of_two_sections_still_starts_with_a_link(client):
    survey_round = build_round()
    html = client.get(start(survey_round)).content.decode()
    assert 'name="action" value="send"' not in html
    assert reverse("survey-answer-section", kwargs={"pk": survey_round.pk, "number": 1}) in html


TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def test_first_visitors_share_one_made_page_each_with_their_own_token_and_key(one_page_round):
    """web/shared_pages.py: the page is made once; each visitor's copy has their own CSRF
    token (valid with their own cookie) and their own submission key."""
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    pages = [c.get(start(one_page_round)).content.decode() for c in (first, second)]
    assert TOKEN.search(pages[0])[1] != TOKEN.search(pages[1])[1]
    assert KEY.search(pages[0])[1] != KEY.search(pages[1])[1]
    same = [TOKEN.sub("", KEY.sub("", p)) for p in pages]
    assert same[0] == same[1]
    assert "mark" not in pages[0].split("<main", 1)[1]  # no marker left in the page
    for client, page in zip((first, second), pages, strict=True):
        data = sent(one_page_round, KEY.search(page)[1])
        answer = client.post(
            section(one_page_round), data | {"csrfmiddlewaretoken": TOKEN.search(page)[1]}
        )
        assert answer.status_code == 302
    assert Response.objects.count() == 2


def test_a_changed_closing_time_shows_at_once(client, one_page_round):
    client.get(start(one_page_round))
    # Noon of a local day: the page shows the local date, which a UTC time near midnight is not.
    one_page_round.closes = timezone.make_aware(dt.datetime(2099, 12, 24, 12))
    one_page_round.save()
    assert "24.12.2099" in client.get(start(one_page_round)).content.decode()


def test_a_logged_in_visitor_gets_a_page_of_their_own(client, one_page_round, strategy_lead):
    Client().get(start(one_page_round))  # a first visitor's page is made and kept
    client.force_login(strategy_lead)
    page = client.get(start(one_page_round), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Log out" in page
