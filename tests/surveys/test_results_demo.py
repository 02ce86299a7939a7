"""The demo's example surveys: each template with a closed round whose results are stored as
the bound indicators' example values, an open round a visitor can answer, and the results page
in each language."""

import re

import pytest
from django.urls import reverse

from mittaristo.observations.models import Observation
from mittaristo.surveys.models import Survey, SurveyRound
from mittaristo.surveys.shipped import templates

pytestmark = pytest.mark.django_db

BOUND = {
    "tyotyytyvaisyys": ("2026 kevät", 3, 5),
    "esihenkiloarvioinnit": ("2025 syksy", 3, 5),
    "paatoksenteon-itsearviointi": ("2025", 6, 9),
    "asukaskokemuskysely": ("2025", 7, 9),
    "asukkaan-hyvinvointikokemus": ("2025", 7, 9),
}


def test_every_template_has_a_closed_example_round(demo_db):
    assert sorted(Survey.objects.values_list("code", flat=True)) == sorted(
        t.code for t in templates()
    )
    assert all(s.is_example for s in Survey.objects.all())
    closed = SurveyRound.objects.filter(results_stored__isnull=False)
    assert closed.count() == len(templates())
    assert all(r.is_example and 60 <= r.responses.count() <= 300 for r in closed)


def test_the_demo_stores_example_values_of_the_bound_indicators(demo_db):
    values = Observation.objects.current().filter(source_kind="survey")
    found = {v.indicator.code: v for v in values.select_related("indicator")}
    assert set(found) == set(BOUND)
    for code, (period, low, high) in BOUND.items():
        assert found[code].period == period and found[code].is_example
        assert low < found[code].value < high


def test_one_open_round_a_visitor_can_answer(demo_db, client):
    (survey_round,) = [r for r in SurveyRound.objects.all() if r.is_open()]
    assert survey_round.access == SurveyRound.Access.OPEN
    assert survey_round.survey.code == "asukkaan-hyvinvointikokemus"
    assert not survey_round.responses.exists()
    front = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    link = reverse("survey-answer", args=[survey_round.pk])
    assert f'href="{link}"' in front and "Answer a survey" in front
    assert client.get(link).status_code == 200


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_demo_results_page_in_each_language(demo_db, client, language):
    client.login(username="strategia", password="mittaristo-demo")
    survey_round = SurveyRound.objects.get(survey__code="tyotyytyvaisyys")
    response = client.get(
        reverse("survey-results", args=[survey_round.pk]), HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 200
    page = response.content.decode()
    main = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page[page.index("<main") :]))
    if language == "en":
        assert "Other fewer than 5 answers" in main  # three answered
        assert "hidden so that a smaller group" in main
        assert "example" in main
