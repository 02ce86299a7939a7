"""Copying a survey and deleting one in the app (/app/kyselyt/): a copy is the questionnaire
under a new code with no rounds or answers; a survey is deleted only while no round of it has
responses. Only the strategy lead and the administrator; a POST does it."""

import html

import pytest
from django.urls import reverse

from mittaristo.surveys.models import Binding, Choice, Question, Response, Survey, SurveyRound

from .admin_helpers import answer, bind, make_round, make_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(minimal_strategy):
    return make_survey(minimal_strategy)


def login(client, user):
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return client


def shape(survey):
    """The questionnaire without its ids: what a copy must repeat."""
    return [
        (
            s.order,
            s.title,
            [
                (
                    q.order,
                    q.code,
                    q.kind,
                    q.text,
                    q.low_label,
                    q.high_label,
                    q.is_background,
                    [(c.order, c.code, c.label) for c in q.choices.all()],
                    [
                        (b.indicator_id, b.rule, b.level, b.choice.code if b.choice else None)
                        for b in q.bindings.order_by("pk")
                    ],
                )
                for q in s.questions.all()
            ],
        )
        for s in survey.sections.all()
    ]


def test_a_copy_has_the_questionnaire_under_a_new_code_and_no_rounds(
    client, survey, minimal_strategy, strategy_lead
):
    indicator = minimal_strategy.indicators.get(code="mittari")
    unit = Question.objects.get(code="yksikko")
    bind(Question.objects.get(code="tyytyvaisyys"), indicator)
    percent = minimal_strategy.indicators.create(
        code="osuus",
        name={"fi": "Osuus"},
        unit={"fi": "%"},
        direction="higher",
        frequency="survey_round",
        source_kind="survey",
    )
    bind(unit, percent, rule="share_of_choice", choice=unit.choices.get(code="b"))
    survey_round = make_round(survey)
    answer(survey_round, unit, choice=unit.choices.get(code="a"))
    lead = login(client, strategy_lead)

    response = lead.post(reverse("survey-copy", args=[survey.pk]))
    copy = Survey.objects.get(code="henkilosto-kopio")
    assert response.status_code == 302 and response.url == reverse("survey", args=[copy.pk])
    assert copy.organisation == survey.organisation
    assert copy.name == {"fi": "Henkilöstökysely (kopio)", "en": "Staff survey (copy)"}
    assert shape(copy) == shape(survey)
    # The copy's share counts the copy's own choice, not the original's.
    copied = Binding.objects.get(question__section__survey=copy, rule="share_of_choice")
    assert copied.choice.question.section.survey == copy
    assert not copy.rounds.exists()
    assert not Response.objects.filter(round__survey=copy).exists()
    assert Choice.objects.filter(question__section__survey=survey).count() == 2  # untouched

    page = html.unescape(lead.get(response.url).content.decode())
    assert "The survey was copied as henkilosto-kopio, without rounds or answers." in page
    # A second copy takes the next free code.
    lead.post(reverse("survey-copy", args=[survey.pk]))
    assert Survey.objects.filter(code="henkilosto-kopio-2").exists()
    lead.post(reverse("survey-copy", args=[copy.pk]))
    assert Survey.objects.filter(code="henkilosto-kopio-kopio").exists()


def test_copy_is_post_only_and_for_the_lead_and_the_administrator(
    client, survey, viewer, steward, admin_user
):
    url = reverse("survey-copy", args=[survey.pk])
    assert login(client, admin_user).get(url).status_code == 405
    for user in (viewer, steward):
        assert login(client, user).post(url).status_code == 403
    assert Survey.objects.count() == 1
    assert login(client, admin_user).post(url).status_code == 302
    assert Survey.objects.count() == 2


def test_a_survey_without_responses_is_deleted_after_a_confirmation(client, survey, strategy_lead):
    unanswered = make_round(survey)
    lead = login(client, strategy_lead)
    url = reverse("survey-delete", args=[survey.pk])
    page = html.unescape(lead.get(url).content.decode())
    assert "Delete the survey" in page and 'type="submit">Delete' in page
    assert Survey.objects.filter(pk=survey.pk).exists()  # a GET only asks
    response = lead.post(url)
    assert response.status_code == 302 and response.url == reverse("surveys")
    assert not Survey.objects.filter(pk=survey.pk).exists()
    assert not SurveyRound.objects.filter(pk=unanswered.pk).exists()
    page = html.unescape(lead.get(response.url).content.decode())
    assert "The survey was deleted." in page


def test_a_survey_whose_round_has_responses_is_not_deleted(client, survey, strategy_lead):
    make_round(survey)  # no responses
    answered = make_round(survey, days=(-30, -20))
    answer(answered, Question.objects.get(code="tyytyvaisyys"), number=4)
    lead = login(client, strategy_lead)
    url = reverse("survey-delete", args=[survey.pk])
    page = html.unescape(lead.get(url).content.decode())
    assert "The survey has rounds with responses: it cannot be deleted" in page
    assert "Close its open rounds instead" in page
    assert 'type="submit">Delete' not in page
    lead.post(url)
    assert Survey.objects.filter(pk=survey.pk).exists()
    assert Response.objects.filter(round=answered).count() == 1


def test_only_the_lead_and_the_administrator_delete(client, survey, viewer, goal_owner):
    url = reverse("survey-delete", args=[survey.pk])
    for user in (viewer, goal_owner):
        assert login(client, user).get(url).status_code == 403
        assert login(client, user).post(url).status_code == 403
    assert Survey.objects.filter(pk=survey.pk).exists()


def test_another_organisations_survey_is_not_found(client, survey, strategy_lead, minimal_strategy):
    from mittaristo.strategy.models import Membership, Organisation

    # With two organisations a role is held in one of them (docs/organisations.md).
    Membership.objects.create(
        user=strategy_lead, organisation=minimal_strategy.organisation, role="strategy_lead"
    )
    other = Organisation.objects.create(code="998", name={"fi": "Muu"})
    foreign = Survey.objects.create(organisation=other, code="muu", name={"fi": "Muu"})
    lead = login(client, strategy_lead)
    assert lead.post(reverse("survey-copy", args=[foreign.pk])).status_code == 404
    assert lead.post(reverse("survey-delete", args=[foreign.pk])).status_code == 404
    assert Survey.objects.filter(pk=foreign.pk).exists()
