"""What one respondent's sending stores: the round, the day, the language, a random key and
the answers; nothing that identifies them, nothing that links a code to the answers. A
submission sent twice is stored once."""

import logging

import pytest
from django.urls import reverse
from django.utils import timezone

from mittaristo.surveys.models import Answer, Response, ResponseCode

from .answering_survey import CODES, build_round, page_one, page_two

pytestmark = pytest.mark.django_db


def page(survey_round, number):
    return reverse("survey-answer-section", kwargs={"pk": survey_round.pk, "number": number})


def test_a_response_holds_only_its_round_day_language_and_key(client):
    survey_round = build_round()
    client.get(page(survey_round, 1), HTTP_USER_AGENT="Testiselain/1.0")
    client.post(page(survey_round, 1), page_one(survey_round), REMOTE_ADDR="198.51.100.7")
    client.post(page(survey_round, 2), page_two(survey_round), HTTP_ACCEPT_LANGUAGE="sv")
    row = Response.objects.values().get()
    key = row.pop("submission_key")
    assert len(key) >= 32  # secrets.token_urlsafe(24): unguessable, made when answering began
    assert row == {
        "id": row["id"],
        "round_id": survey_round.pk,
        "submitted_on": timezone.localdate(),  # a date: no time of day
        "language": "sv",
    }
    # No column anywhere holds the address or the browser.
    for model in (Response, Answer, ResponseCode):
        for values in model.objects.values():
            assert "198.51.100.7" not in str(values) and "Testiselain" not in str(values)


def test_no_code_reaches_a_response():
    """The model has no path between a code and a response, either way."""
    related = {f.related_model for f in ResponseCode._meta.get_fields() if f.is_relation}
    assert Response not in related and Answer not in related
    related = {f.related_model for f in Response._meta.get_fields() if f.is_relation}
    assert ResponseCode not in related
    assert {f.name for f in ResponseCode._meta.get_fields()} == {"id", "round", "digest", "used"}


def test_a_code_round_stores_the_answers_and_only_marks_the_code_used(client):
    survey_round = build_round(access="codes")
    client.post(reverse("survey-answer", kwargs={"pk": survey_round.pk}), {"code": CODES[0]})
    client.post(page(survey_round, 1), page_one(survey_round))
    client.post(page(survey_round, 2), page_two(survey_round))
    response = Response.objects.get()
    code = ResponseCode.objects.get(used=True)
    digest = ResponseCode.digest_of(CODES[0])
    assert code.digest == digest
    # Neither the code nor its digest is anywhere in the response or its answers.
    stored = str(Response.objects.values().get()) + str(list(Answer.objects.values()))
    assert digest not in stored and "ABCD" not in stored and "abcd" not in stored.lower()
    assert response.answers.count() == 7


def test_open_text_awaits_moderation_and_other_answers_do_not(client):
    survey_round = build_round()
    client.post(page(survey_round, 1), page_one(survey_round))
    client.post(page(survey_round, 2), page_two(survey_round))
    moderation = dict(Answer.objects.values_list("question__code", "moderation").distinct())
    assert moderation.pop("terveiset") == Answer.Moderation.PENDING
    assert set(moderation.values()) == {""}


def test_the_same_sending_twice_stores_one_response(client):
    """Send, then back and send the same page again (the form carries its key): one response,
    and the thank-you page both times."""
    survey_round = build_round()
    client.post(page(survey_round, 1), page_one(survey_round))
    html = client.get(page(survey_round, 2)).content.decode()
    key = html.split('name="key" value="')[1].split('"')[0]
    data = {**page_two(survey_round), "key": key}
    thanks = reverse("survey-answer-thanks", kwargs={"pk": survey_round.pk})
    assert client.post(page(survey_round, 2), data).url == thanks
    assert client.post(page(survey_round, 2), data).url == thanks
    assert Response.objects.count() == 1 and Response.objects.get().submission_key == key


def test_a_second_store_of_one_key_is_received_not_stored_again():
    """The service itself: the unique (round, key) turns a second store into "received"."""
    from mittaristo.surveys.answering import AnswerValue, Outcome, response_store

    survey_round = build_round()
    question = survey_round.survey.sections.first().questions.first()
    answers = [AnswerValue(question.pk, number=3)]
    kwargs = {"survey_round": survey_round, "submission_key": "k", "language": "fi"}
    assert response_store(answers=answers, **kwargs) == Outcome.STORED
    assert response_store(answers=answers, **kwargs) == Outcome.ALREADY_RECEIVED
    assert Response.objects.count() == 1 and Answer.objects.count() == 1


def test_the_request_log_has_no_code_no_answer_and_no_time_of_sending(client, caplog):
    """core/logs.py logs method, path, status and duration, but no answering POST at all: the
    time of its line would date the response stored then. The code travels in the POST body,
    which is not logged, and is never part of a path."""
    survey_round = build_round(access="codes")
    start = reverse("survey-answer", kwargs={"pk": survey_round.pk})
    with caplog.at_level(logging.DEBUG):
        client.post(start, {"code": CODES[0]})
        client.post(page(survey_round, 1), page_one(survey_round))
        client.post(page(survey_round, 2), page_two(survey_round, terveiset="Salainen viesti"))
    logged = "\n".join(
        f"{r.getMessage()} {r.__dict__}" for r in caplog.records if r.name.startswith("mittaristo")
    )
    assert f"POST {start}" not in logged and "POST /kysely/" not in logged
    client.get(start)
    assert any(f"GET {start} 200" in r.getMessage() for r in caplog.records)
    assert "ABCD" not in logged and "Salainen" not in logged
    assert ResponseCode.digest_of(CODES[0]) not in logged
