"""The demo's example survey: its results stored as the job-satisfaction indicator's example
values, and its results page in each language."""

import re

import pytest
from django.urls import reverse

from mittaristo.observations.models import Observation
from mittaristo.surveys.models import SurveyRound

pytestmark = pytest.mark.django_db


def test_the_demo_stores_example_values_of_job_satisfaction(demo_db):
    values = Observation.objects.current().filter(
        indicator__code="tyotyytyvaisyys", source_kind="survey"
    )
    assert sorted(values.values_list("period", flat=True)) == ["2025 kevät", "2026 kevät"]
    assert all(v.is_example for v in values)
    assert all(6 < v.value < 9 for v in values)
    assert all(r.results_stored and r.is_example for r in SurveyRound.objects.all())


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_demo_results_page_in_each_language(demo_db, client, language):
    client.login(username="strategia", password="mittaristo-demo")
    survey_round = SurveyRound.objects.order_by("-opens").first()
    response = client.get(
        reverse("survey-results", args=[survey_round.pk]), HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 200
    page = response.content.decode()
    main = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page[page.index("<main") :]))
    if language == "en":
        assert "City management fewer than 5 answers" in main  # three answered
        assert "hidden so that a smaller group" in main
        assert "Example" in main or "example" in main
