"""The admin serves every strategy model, shows its history, and records the reason for an edit."""

from pathlib import Path

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst

from mittaristo.strategy import models as m
from mittaristo.strategy.definition import read_definition
from mittaristo.strategy.definition.load import strategy_load

from .test_file_sync import change_target_in_the_admin

pytestmark = pytest.mark.django_db
MINIMAL = Path(__file__).parent / "fixtures" / "minimal.yaml"
# The made-up second municipality: the shipped file with groupings and sub-goals.
EXAMPLE = Path(m.__file__).parents[1] / "definitions" / "esimerkkikunta-2030.yaml"
STRATEGY_MODELS = [model for model in admin.site._registry if model._meta.app_label == "strategy"]


def test_every_strategy_model_has_an_admin():
    from django.apps import apps

    models = {
        model
        for model in apps.get_app_config("strategy").get_models()
        if not model.__name__.startswith("Historical")
    }
    # The data stamps are the cache's bookkeeping, renewed by every change (data_stamps.py):
    # nothing for a person to read or edit.
    assert models - {m.DataStamp} == set(STRATEGY_MODELS)


@pytest.mark.parametrize("model", STRATEGY_MODELS, ids=lambda model: model.__name__)
def test_admin_pages_of_each_model_open(admin_client, model):
    strategy_load(definition=read_definition(MINIMAL))
    if model is m.Proposal:  # the only strategy model a load does not fill
        proposal_made()
    if model is m.Membership:  # a load gives nobody a role
        user = get_user_model().objects.get(is_superuser=True)
        m.Membership.objects.create(
            user=user, organisation=m.Organisation.objects.get(), role="viewer"
        )
    if model is m.Grouping:  # the minimal file has none
        strategy_load(definition=read_definition(EXAMPLE))
    prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    assert admin_client.get(reverse(f"{prefix}_changelist")).status_code == 200
    obj = model.objects.first()
    assert obj is not None
    assert admin_client.get(reverse(f"{prefix}_change", args=[obj.pk])).status_code == 200
    if model is not m.Revision:
        history = admin_client.get(reverse(f"{prefix}_history", args=[obj.pk]))
        assert history.status_code == 200


def proposal_made():
    from mittaristo.strategy.proposals import target_proposal_create
    from mittaristo.strategy.services import TargetEdit

    target = m.Target.objects.get()
    return target_proposal_create(
        goal=m.Goal.objects.get(code="T1"),
        target=target,
        edit=TargetEdit(target.year, target.value + 100, None, {}),
        reason="Uusi väestöennuste",
        user=None,
    )


def test_the_admin_shows_a_proposal_in_finnish(admin_client):
    strategy_load(definition=read_definition(MINIMAL))
    proposal = proposal_made()
    page = admin_client.get(
        reverse("admin:strategy_proposal_change", args=[proposal.pk]), HTTP_ACCEPT_LANGUAGE="fi"
    ).content.decode()
    assert "Uusi väestöennuste" in page
    # Every label of the model is an interface string (gettext_lazy), so the catalogue gives
    # it in Finnish; only English before the lead's merge adds the translations.
    with translation.override("fi"):
        labels = [capfirst(f.verbose_name) for f in m.Proposal._meta.fields if f.name != "id"]
    assert labels and [label for label in labels if f"{label}:" not in page] == []
    assert "Tavoite:" in page  # "goal", already in the catalogue


def test_an_admin_edit_keeps_its_reason_and_decision_in_the_history(admin_client, admin_user):
    strategy_load(definition=read_definition(MINIMAL))
    target = m.Target.objects.get()
    change_target_in_the_admin(admin_client, "6500")
    latest = target.history.order_by("-history_date").first()
    assert latest.value == 6500
    assert (latest.history_change_reason, latest.decision_ref) == (
        "Talousarvio 2025",
        "Kv 9.12.2024 § 90",
    )
    assert latest.history_user == admin_user


@pytest.mark.django_db
def test_a_target_refuses_a_band_on_a_plain_indicator_and_a_total_after_its_year(
    minimal_strategy,
):
    from django.core.exceptions import ValidationError

    target = minimal_strategy.indicators.get().targets.get()
    target.value_high = 6300
    with pytest.raises(ValidationError) as error:
        target.full_clean()
    assert "value_high" in error.value.message_dict
    target.value_high, target.cumulative_from = None, 2031
    with pytest.raises(ValidationError) as error:
        target.full_clean()
    assert "cumulative_from" in error.value.message_dict
    target.cumulative_from = 2023
    target.full_clean()
