"""Each kind of question refuses what is not an answer to it, a required question refuses
silence, and errors show at the top and at the question; nothing is stored until all is valid."""

import pytest
from django.urls import reverse

from mittaristo.surveys.models import Answer, Response

from .answering_survey import build_round, page_one, page_two, questions

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def survey_round():
    return build_round()


def page(survey_round, number):
    return reverse("survey-answer-section", kwargs={"pk": survey_round.pk, "number": number})


def post(client, survey_round, number, data):
    return client.post(page(survey_round, number), data, **EN)


def errors(response) -> str:
    assert response.status_code == 200, "the page should be shown again with its errors"
    html = response.content.decode()
    assert "Please check the following:" in html  # the summary at the top
    return html


def test_required_questions_must_be_answered(client, survey_round):
    q = questions(survey_round)
    html = errors(post(client, survey_round, 1, page_one(survey_round, tyytyvaisyys=None)))
    # In the summary, linking to the group's first option, and at the question itself.
    pk = q["tyytyvaisyys"].pk
    assert (
        f'<a href="#id_q{pk}_0">I am satisfied with the services.: Answer this question.</a>'
        in (html)
    )
    assert f'<p class="error" id="id_q{pk}-error">Answer this question.</p>' in html
    assert f'aria-describedby="id_q{pk}-error"' in html
    # An optional question may be left empty.
    response = post(client, survey_round, 1, page_one(survey_round, suosittelu=None))
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("code", "value"),
    [
        ("tyytyvaisyys", "6"),
        ("tyytyvaisyys", "0"),
        ("tyytyvaisyys", "x"),
        ("suosittelu", "11"),
        ("suosittelu", "-1"),
        ("alue", "999999"),  # no such choice
    ],
)
def test_a_scale_or_choice_takes_only_its_own_values(client, survey_round, code, value):
    html = errors(post(client, survey_round, 1, page_one(survey_round, **{code: value})))
    assert "Select a valid choice." in html


def test_a_choice_of_another_question_is_refused(client, survey_round):
    q = questions(survey_round)
    other = q["palvelut"].choices.first().pk
    html = errors(post(client, survey_round, 1, page_one(survey_round, alue=str(other))))
    assert "Select a valid choice." in html
    html = errors(post(client, survey_round, 2, page_two(survey_round, palvelut=[str(other), "x"])))
    assert "Select a valid choice." in html


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("121", "Write a number from 0 to 120."),
        ("-1", "Write a number from 0 to 120."),
        ("neljä", "Write a number, for example 12 or 3,5."),
        ("NaN", "Write a number, for example 12 or 3,5."),
        ("1e400", "Write a number, for example 12 or 3,5."),
        ("", "Answer this question."),
    ],
)
def test_a_number_must_be_a_number_in_its_range(client, survey_round, value, message):
    post(client, survey_round, 1, page_one(survey_round))
    html = errors(post(client, survey_round, 2, page_two(survey_round, ika=value)))
    assert message in html
    assert not Response.objects.exists()


@pytest.mark.parametrize(("value", "stored"), [("42.5", "42.5"), ("42,5", "42.5"), (" 7 ", "7")])
def test_a_number_is_read_as_a_browser_or_a_person_writes_it(client, survey_round, value, stored):
    post(client, survey_round, 1, page_one(survey_round))
    assert post(client, survey_round, 2, page_two(survey_round, ika=value)).status_code == 302
    assert str(Answer.objects.get(question__code="ika").number.normalize()) == stored


def test_an_open_answer_has_a_length_limit(client, survey_round):
    post(client, survey_round, 1, page_one(survey_round))
    html = errors(post(client, survey_round, 2, page_two(survey_round, terveiset="a" * 4001)))
    assert "Ensure this value has at most 4000 characters" in html
    assert not Response.objects.exists()


def test_sending_checks_a_page_that_was_skipped(client, survey_round):
    """Page 1 never answered (page 2 opened by its address): sending stores nothing and leads
    back to page 1."""
    response = post(client, survey_round, 2, page_two(survey_round))
    assert response.status_code == 302 and response.url == page(survey_round, 1)
    assert not Response.objects.exists()
    html = client.get(response.url, **EN).content.decode()
    assert "Some answers on this page are missing or not valid." in html


def test_going_back_does_not_need_a_valid_page(client, survey_round):
    post(client, survey_round, 1, page_one(survey_round))
    response = post(client, survey_round, 2, page_two(survey_round, "previous", ika="abc"))
    assert response.status_code == 302 and response.url == page(survey_round, 1)


def test_what_the_session_keeps_of_a_page_is_bounded(client, survey_round):
    """Whatever is sent: one value for a one-value question, a short key for a choice, as many
    values as a multiple choice has choices, and a text one past its limit (it still fails)."""
    q = questions(survey_round)
    post(client, survey_round, 1, page_one(survey_round, tyytyvaisyys=["1"] * 500, alue="x" * 9999))
    data = page_two(survey_round, "previous", palvelut=["1"] * 500, terveiset="a" * 99999)
    post(client, survey_round, 2, data)
    answers = client.session["survey_answering"][str(survey_round.pk)]["answers"]
    first, second = (answers[str(section.pk)] for section in survey_round.survey.sections.all())
    assert first[f"q{q['tyytyvaisyys'].pk}"] == ["1"]
    assert first[f"q{q['alue'].pk}"] == ["x" * 64]
    assert second[f"q{q['palvelut'].pk}"] == ["1", "1"]
    assert second[f"q{q['terveiset'].pk}"] == ["a" * 4001]
