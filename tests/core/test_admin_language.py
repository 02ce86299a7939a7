"""The admin in the reader's language: translated texts as text, not JSON; decimals as numbers,
not 6800.000000; through the admin's pages, logged in as a superuser."""

import re

import pytest
from django.urls import reverse

from mittaristo.observations.models import Observation
from mittaristo.strategy.models import Goal, Revision, Target

RAW_JSON = re.compile(r"\{(&quot;|\")fi(&quot;|\")")
RAW_DECIMAL = re.compile(r"\d\.\d{6}\b")


def _get(client, settings, language, url):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.parametrize(
    ("language", "name"),
    [("fi", "Hyvinvointi lisääntyy"), ("sv", "Välfärden ökar"), ("en", "Wellbeing increases")],
)
def test_a_change_list_shows_names_in_the_readers_language(
    demo_db, admin_client, settings, language, name
):
    html = _get(admin_client, settings, language, reverse("admin:strategy_goal_changelist"))
    assert f">{name}<" in html
    assert not RAW_JSON.search(html)


def test_target_levels_are_finnish_numbers_in_the_list_and_plain_in_the_form(
    demo_db, admin_client, settings
):
    html = _get(admin_client, settings, "fi", reverse("admin:strategy_target_changelist"))
    assert ">6\u00a0400<" in html  # työpaikat 2030
    assert ">\u221240<" in html  # toimintakate 2030, with the minus sign
    found = RAW_DECIMAL.search(html)
    assert not found, html[found.start() - 100 : found.end() + 100]
    assert not RAW_JSON.search(html)
    target = Target.objects.get(indicator__code="toimintakate", year=2030)
    url = reverse("admin:strategy_target_change", args=[target.pk])
    html = _get(admin_client, settings, "fi", url)
    assert 'name="value" value="-40"' in html
    assert 'name="tolerance" value="1"' in html
    assert not RAW_DECIMAL.search(html)


def test_a_decimal_typed_the_finnish_way_is_stored(demo_db, admin_client, settings):
    target = Target.objects.get(indicator__code="toimintakate", year=2030)
    url = reverse("admin:strategy_target_change", args=[target.pk])
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fi"
    form = admin_client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "id"}
    data.update(indicator=target.indicator_id, value="-39,5", revision_reason="Testi")
    for prefix in ("milestones",):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    target.refresh_from_db()
    assert str(target.value) == "-39.500000"


def test_view_only_pages_show_values_and_texts_as_text(demo_db, admin_client, settings):
    observation = Observation.objects.filter(value__gte=1000).first()
    url = reverse("admin:observations_observation_change", args=[observation.pk])
    html = _get(admin_client, settings, "fi", url)
    assert not RAW_DECIMAL.search(html)
    revision = Revision.objects.first()
    html = _get(
        admin_client, settings, "sv", reverse("admin:strategy_revision_change", args=[revision.pk])
    )
    assert not RAW_JSON.search(html)
    assert Goal.objects.exists()
