"""Changing a composite index's definition in the app: by decision, as YAML text checked like
the strategy file, a revision in the change log, and the index computed again."""

from decimal import Decimal

import pytest
from django.utils import timezone

from mittaristo.observations.models import Observation
from mittaristo.strategy import models as m

from ..monitoring.test_index_store import index, stored  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

PAGE = "/app/mittarit/indeksi/indeksi/"
DECISION = {"effective": "12.3.2025", "reason": "Painot", "decision": "Kv 12.3.2025 § 18"}


def post(client, data):
    return client.post(PAGE, data, HTTP_ACCEPT_LANGUAGE="en")


def test_only_the_strategy_lead_changes_and_only_an_index(client, index, viewer, strategy_lead):  # noqa: F811
    client.force_login(viewer)
    assert client.get(PAGE).status_code == 403
    client.force_login(strategy_lead)
    html = client.get(PAGE, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    # the definition as the strategy file writes it
    assert "- {indicator: mittari, direction: higher, weight: 1}" in html
    assert client.get("/app/mittarit/mittari/indeksi/").status_code == 404
    page = client.get("/app/mittarit/indeksi/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert PAGE in page  # linked from the index's page


def test_preview_save_the_change_log_and_the_values_computed_again(
    client,
    index,  # noqa: F811
    strategy_lead,
):
    from mittaristo.monitoring.indices import index_values_store

    index_values_store(indicator=index)
    today = {"effective": timezone.localdate().strftime("%d.%m.%Y")}
    client.force_login(strategy_lead)
    text = client.get(PAGE).context["form"]["definition"].initial
    heavier = text.replace("direction: higher, weight: 1}", "direction: higher, weight: 3}")
    assert heavier != text
    preview = post(client, {**DECISION, **today, "definition": heavier}).content.decode()
    assert "index definition components[0].weight" in preview.lower()
    assert m.Indicator.objects.get(pk=index.pk).index["components"][0]["weight"] == 1

    response = post(client, {**DECISION, **today, "definition": heavier, "confirm": "1"})
    assert response.status_code == 302
    assert m.Indicator.objects.get(pk=index.pk).index["components"][0]["weight"] == 3
    revision = m.Revision.objects.filter(reason="Painot").get()
    assert revision.decision_ref == "Kv 12.3.2025 § 18"
    assert revision.changes == ["~ indicator indeksi: index definition components[0].weight 1 → 3"]
    # computed again with the new weights (see tests/monitoring/test_index_store.py)
    assert stored(index)[("998", "2020")] == Decimal("91.67")
    old = Observation.objects.filter(indicator=index, area__code="998", period="2020")
    assert sorted(o.value for o in old) == [Decimal("83.33"), Decimal("91.67")]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("weight: 1}", "weight: 0}"), "Line 5: components.0.weight: 0 is out of range"),
        (("aggregation", "aggregatio"), "unknown field"),
        (("indicator: toinen", "indicator: puuttuva"), "index: unknown indicator 'puuttuva'"),
        (
            ("method: minmax", "method: zscore"),
            "index: aggregation: a geometric mean needs scores above zero",
        ),
        (("components:", "components: ["), "not valid YAML"),
    ],
)
def test_a_definition_the_file_would_refuse_is_refused_with_nothing_saved(
    client,
    index,  # noqa: F811
    strategy_lead,
    change,
    message,
):
    index.index = {**index.index, "aggregation": "geometric"}
    index.index["normalisation"] = {"method": "minmax", "low": 1, "high": 100}
    index.save()
    client.force_login(strategy_lead)
    text = client.get(PAGE).context["form"]["definition"].initial
    broken = text.replace(*change, 1)
    assert broken != text
    before = m.Indicator.objects.get(pk=index.pk).index
    html = post(client, {**DECISION, "definition": broken, "confirm": "1"}).content.decode()
    assert message in html.replace("&#x27;", "'"), html[:3000]
    assert m.Indicator.objects.get(pk=index.pk).index == before
    assert not m.Revision.objects.filter(reason="Painot").exists()
