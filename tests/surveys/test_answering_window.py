"""Outside a round's window (before `opens`, from `closes` on) every answering page says so
and nothing is stored, a sending that arrives after closing included."""

from datetime import timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from mittaristo.surveys import answering
from mittaristo.surveys.models import Response, ResponseCode

from .answering_survey import CODES, build_round, page_one, page_two

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
NOT_YET = "This survey is not open yet. It opens on"
CLOSED = "This survey is not open: it closed on"


def urls(survey_round):
    pk = survey_round.pk
    return [
        reverse("survey-answer", kwargs={"pk": pk}),
        reverse("survey-answer-section", kwargs={"pk": pk, "number": 1}),
        reverse("survey-answer-section", kwargs={"pk": pk, "number": 2}),
    ]


@pytest.mark.parametrize("access", ["open", "codes"])
def test_before_opening_every_page_says_when_it_opens(client, access):
    now = timezone.now()
    survey_round = build_round(access=access, opens=now + timedelta(days=2))
    for url in urls(survey_round):
        html = client.get(url, **EN).content.decode()
        assert NOT_YET in html and "Start answering" not in html and 'name="q' not in html
    client.post(urls(survey_round)[0], {"code": CODES[0]}, **EN)
    client.post(urls(survey_round)[1], page_one(survey_round), **EN)
    assert "survey_answering" not in client.session
    assert not ResponseCode.objects.filter(used=True).exists()


def test_after_closing_every_page_says_when_it_closed(client):
    now = timezone.now()
    survey_round = build_round(opens=now - timedelta(days=9), closes=now - timedelta(days=2))
    for url in urls(survey_round):
        html = client.get(url, **EN).content.decode()
        assert CLOSED in html and 'name="q' not in html


def test_closing_is_exclusive(client):
    """At the very moment of `closes` the round is closed; a moment before it is open."""
    survey_round = build_round()
    assert answering.window(survey_round, survey_round.closes) == answering.Window.CLOSED
    before = survey_round.closes - timedelta(microseconds=1)
    assert answering.window(survey_round, before) == answering.Window.OPEN
    assert answering.window(survey_round, survey_round.opens) == answering.Window.OPEN


@pytest.mark.parametrize("access", ["open", "codes"])
def test_a_sending_that_arrives_after_closing_stores_nothing(client, access):
    survey_round = build_round(access=access)
    first, second = urls(survey_round)[1:]
    client.post(urls(survey_round)[0], {"code": CODES[0]})
    client.post(first, page_one(survey_round))
    # The respondent was slow: the clock passes the closing time before they press send.
    later = survey_round.closes + timedelta(seconds=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        response = client.post(second, page_two(survey_round), **EN)
    assert response.status_code == 200 and CLOSED in response.content.decode()
    assert not Response.objects.exists()
    assert not ResponseCode.objects.filter(used=True).exists()


def test_the_store_itself_refuses_outside_the_window(client):
    """Even called past the page's check (the round closes between the check and the store)."""
    survey_round = build_round()
    outcome = answering.response_store(
        survey_round=survey_round,
        submission_key="k",
        answers=[],
        language="fi",
        moment=survey_round.closes,
    )
    assert outcome == answering.Outcome.NOT_OPEN and not Response.objects.exists()
