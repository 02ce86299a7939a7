"""Storing a closed round's results again from its page (after a binding changed): the one
storing path (`store_results`), and a report of what was new, changed and unchanged."""

import datetime as dt
import html
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from mittaristo.observations.models import Observation
from mittaristo.surveys.store import store_results

from .test_store_results import ROWS, fill

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return client


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def test_the_results_are_stored_again_after_a_binding_changed(client, survey, strategy_lead):
    fill(survey, survey.autumn)
    store_results(survey.autumn)
    share = survey.indicators["samaa-mielta"]
    assert Observation.objects.get(indicator=share).value == Decimal("71.4")  # 5 of 7 at ≥ 4
    lead = login(client, strategy_lead)
    binding = survey.bindings[1]
    edited = lead.post(
        reverse("survey-binding-edit", args=[binding.pk]),
        {"indicator": share.pk, "rule": "share_at_least", "level": "5"},
    )
    assert edited.status_code == 302
    page = text_of(lead.get(reverse("survey-round", args=[survey.autumn.pk])))
    assert "Store the results again" in page

    response = lead.post(reverse("survey-round-store", args=[survey.autumn.pk]))
    assert response.url == reverse("survey-round", args=[survey.autumn.pk])
    page = text_of(lead.get(response.url))
    assert (
        "The results were stored: 0 values new, 1 changed, 2 unchanged; 0 not stored: fewer "
        "answers than the minimum group." in page
    )
    # 2 of the 7 answered 5: 28.6 %; the value it replaced stays in the history.
    assert [r[0] for r in ROWS].count(5) == 2
    current = Observation.objects.get(indicator=share, superseded_at__isnull=True)
    assert current.value == Decimal("28.6")
    assert Observation.objects.filter(indicator=share, value=Decimal("71.4")).exists()

    lead.post(reverse("survey-round-store", args=[survey.autumn.pk]))
    page = text_of(lead.get(response.url))
    assert "0 values new, 0 changed, 3 unchanged" in page


def test_an_open_round_is_not_stored(client, survey, strategy_lead):
    survey.autumn.closes = timezone.now() + dt.timedelta(days=1)
    survey.autumn.save()
    fill(survey, survey.autumn)
    lead = login(client, strategy_lead)
    url = reverse("survey-round", args=[survey.autumn.pk])
    assert "Store the results" not in text_of(lead.get(url))
    lead.post(reverse("survey-round-store", args=[survey.autumn.pk]))
    assert "The round has not closed" in text_of(lead.get(url))
    assert not Observation.objects.exists()
    survey.autumn.refresh_from_db()
    assert survey.autumn.results_stored is None


def test_a_round_never_stored_is_stored_by_the_button(client, survey, strategy_lead):
    fill(survey, survey.spring)
    lead = login(client, strategy_lead)
    page = text_of(lead.get(reverse("survey-round", args=[survey.spring.pk])))
    assert "Store the results" in page and "Store the results again" not in page
    lead.post(reverse("survey-round-store", args=[survey.spring.pk]))
    assert Observation.objects.filter(period="2025 kevät").count() == 3


def test_storing_is_post_only_and_for_the_lead_and_the_administrator(
    client, survey, viewer, steward, admin_user
):
    fill(survey, survey.autumn)
    url = reverse("survey-round-store", args=[survey.autumn.pk])
    assert login(client, admin_user).get(url).status_code == 405
    for user in (viewer, steward):
        assert login(client, user).post(url).status_code == 403
        page = text_of(client.get(reverse("survey-round", args=[survey.autumn.pk])))
        assert "Store the results" not in page
    assert not Observation.objects.exists()
    assert login(client, admin_user).post(url).status_code == 302
    assert Observation.objects.count() == 3
