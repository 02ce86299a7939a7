"""The surveys' pages in the app, by role: every internal reader reads the list, a survey and a
round; only the strategy lead and the administrator edit; a visitor logs in first."""

import re

import pytest
from django.urls import reverse

from mittaristo.surveys.models import Survey

from .admin_helpers import answer, bind, make_round, make_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(minimal_strategy):
    return make_survey(minimal_strategy)


def get(client, user, url):
    client.force_login(user)
    client.cookies["django_language"] = "en"
    response = client.get(url)
    client.logout()
    return response


def edit_urls(survey):
    section = survey.sections.get()
    question = section.questions.get(code="tyytyvaisyys")
    survey_round = make_round(survey)
    return [
        reverse("survey-add"),
        reverse("survey-templates"),
        reverse("survey-edit", args=[survey.pk]),
        reverse("survey-delete", args=[survey.pk]),
        reverse("survey-section-add", args=[survey.pk]),
        reverse("survey-section-edit", args=[section.pk]),
        reverse("survey-section-delete", args=[section.pk]),
        reverse("survey-question-add", args=[section.pk]),
        reverse("survey-question-edit", args=[question.pk]),
        reverse("survey-question-delete", args=[question.pk]),
        reverse("survey-binding-add", args=[question.pk]),
        reverse("survey-round-add", args=[survey.pk]),
        reverse("survey-round-edit", args=[survey_round.pk]),
    ]


def test_a_visitor_is_sent_to_log_in(client, survey):
    for url in [reverse("surveys"), reverse("survey", args=[survey.pk]), *edit_urls(survey)]:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith("/app/login/?next="), url


@pytest.mark.parametrize("who", ["viewer", "goal_owner", "steward"])
def test_readers_read_the_surveys_but_edit_nothing(client, survey, who, request):
    user = request.getfixturevalue(who)
    survey_round = make_round(survey)
    for url in [
        reverse("surveys"),
        reverse("survey", args=[survey.pk]),
        reverse("survey-round", args=[survey_round.pk]),
    ]:
        response = get(client, user, url)
        assert response.status_code == 200, url
        assert reverse("survey-add") not in response.content.decode()
    for url in edit_urls(survey):
        assert get(client, user, url).status_code == 403, url
    client.force_login(user)
    posted = client.post(reverse("survey-add"), {"code": "uusi", "name_fi": "Uusi"})
    assert posted.status_code == 403 and not Survey.objects.filter(code="uusi").exists()
    codes = client.post(reverse("survey-round-codes", args=[survey_round.pk]), {"count": 5})
    assert codes.status_code == 403 and not survey_round.codes.exists()


def test_a_login_without_a_role_is_refused(client, survey, outsider):
    assert get(client, outsider, reverse("surveys")).status_code == 403
    assert get(client, outsider, reverse("survey", args=[survey.pk])).status_code == 403


@pytest.mark.parametrize("who", ["strategy_lead", "admin_user"])
def test_the_strategy_lead_and_the_administrator_edit(client, survey, who, request):
    user = request.getfixturevalue(who)
    for url in edit_urls(survey):
        assert get(client, user, url).status_code == 200, url


def test_the_list_shows_rounds_by_state_with_counts_and_the_indicators_fed(
    client, survey, minimal_strategy, strategy_lead
):
    indicator = minimal_strategy.indicators.get(code="mittari")
    question = survey.sections.get().questions.get(code="tyytyvaisyys")
    bind(question, indicator)
    open_round = make_round(survey, population=40)
    make_round(survey, days=(5, 20))  # upcoming
    make_round(survey, days=(-30, -20), access="open")
    answer(open_round, question, number=4)
    answer(open_round, question, number=5)
    page = get(client, strategy_lead, reverse("surveys")).content.decode()
    assert "Henkilöstökysely" in page or "Staff survey" in page
    assert "open now" in page and "upcoming" in page and "closed" in page
    assert "2 / 40" in page  # responses of the people asked
    assert reverse("indicator", args=["mittari"]) in page
    assert "Mittari" in page
    assert "4,0" not in page and "mean" not in page.lower()  # no results here: only counts


def test_the_navigation_names_the_surveys(client, viewer, minimal_strategy):
    page = get(client, viewer, reverse("tasks")).content.decode()
    assert f'href="{reverse("surveys")}"' in page


def test_a_survey_page_shows_its_questions_in_order_with_bindings_and_rounds(
    client, survey, minimal_strategy, viewer
):
    indicator = minimal_strategy.indicators.get(code="mittari")
    section = survey.sections.get()
    question = section.questions.get(code="tyytyvaisyys")
    question.order = 9
    question.save()
    bind(question, indicator, rule="share_at_least", level=4)
    make_round(survey)
    page = get(client, viewer, reverse("survey", args=[survey.pk])).content.decode()
    assert page.index("suosittelu") < page.index("yksikko") < page.index("tyytyvaisyys")
    text = re.sub(r"<[^>]+>", "", page)  # a Finnish name on an English page is in a span
    assert "tyytyvaisyys → Mittari: the share at or above 4" in text
    assert "Kevät 2026" in page
    assert reverse("survey-question-edit", args=[question.pk]) not in page  # a viewer


def test_a_survey_page_is_in_the_readers_language(client, survey, viewer):
    client.force_login(viewer)
    client.cookies["django_language"] = "en"
    assert "Staff survey" in client.get(reverse("survey", args=[survey.pk])).content.decode()
    client.cookies["django_language"] = "fi"
    assert "Henkilöstökysely" in client.get(reverse("survey", args=[survey.pk])).content.decode()


def test_my_tasks_shows_the_lead_the_rounds_open_closing_and_waiting_for_results(
    client, survey, minimal_strategy, strategy_lead, goal_owner
):
    question = survey.sections.get().questions.get(code="tyytyvaisyys")
    bind(question, minimal_strategy.indicators.get(code="mittari"))
    closing = make_round(survey, days=(-10, 2))
    closing.name = {"fi": "Sulkeutuva"}
    closing.save()
    later = make_round(survey, days=(-1, 30))
    later.name = {"fi": "Myöhempi"}
    later.save()
    waiting = make_round(survey, days=(-30, -2))
    waiting.name = {"fi": "Odottaa tuloksia"}
    waiting.save()
    stored = make_round(survey, days=(-60, -40))
    stored.name = {"fi": "Tallennettu"}
    stored.results_stored = stored.closes
    stored.save()
    page = get(client, strategy_lead, reverse("tasks")).content.decode()
    assert "Surveys are not part of Mittaristo yet" not in page
    assert "Sulkeutuva" in page and "Myöhempi" in page and "Odottaa tuloksia" in page
    assert "Tallennettu" not in page
    assert page.count("closing soon") == 1
    owner_page = get(client, goal_owner, reverse("tasks")).content.decode()
    assert "Sulkeutuva" not in owner_page and "Survey rounds" not in owner_page
