"""A fetched statistic is stored once, in its national series, however many organisations'
indicators bind it; each organisation reads it for its own municipality, and nobody writes
into it by hand (docs/organisations.md)."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client as WebClient
from django.utils import timezone

from mittaristo.monitoring.records import evaluation_record
from mittaristo.observations.imports.service import import_observations
from mittaristo.observations.models import Observation, YearlyPack
from mittaristo.reviews import services as reviews
from mittaristo.sources.models import FetchRecord
from mittaristo.strategy.definition import read_definition
from mittaristo.strategy.definition.load import strategy_load
from mittaristo.strategy.models import Indicator, Organisation
from tests.conftest import MINIMAL

from .test_fetch import answer, service, use_service  # noqa: F401 (answer: the fixture)

pytestmark = pytest.mark.django_db

# The recorded answer of Statistics Finland's 11re: the population 31.12.2025 of Espoo (049),
# Helsinki (091) and Vantaa (092).
BINDING_YAML = """    binding:
      source: statfin
      table: 11re.px
      contents: [vaerak-vaesto]
      select: {Ikä: [SSS]}
"""
# The same statistic written another way: keys in another order, a content as a string.
BINDING_YAML_OTHER = (
    "    binding: {select: {Ikä: [SSS]}, contents: vaerak-vaesto, table: 11re.px, "
    "source: statfin}\n"
)


def _load(tmp_path, code, name, binding=BINDING_YAML):
    """The small strategy file for municipality `code`, its indicator "mittari" bound."""
    text = MINIMAL.read_text(encoding="utf-8")
    text = text.replace('code: "999"', f'code: "{code}"').replace("Testikunta", name)
    text = text.replace(
        "    source_kind: official_statistics\n",
        "    source_kind: official_statistics\n" + binding,
        1,
    )
    path = tmp_path / f"{code}.yaml"
    path.write_text(text, encoding="utf-8")
    strategy = strategy_load(definition=read_definition(path)).strategy
    Organisation.objects.filter(pk=strategy.organisation_id).update(slug=name.lower())
    return strategy


@pytest.fixture
def two(tmp_path, answer, monkeypatch):  # noqa: F811
    """Helsinki and Espoo, whose strategy files bind "mittari" to the same statistic."""
    use_service(monkeypatch, service(answer))
    helsinki = _load(tmp_path, "091", "Helsinki")
    espoo = _load(tmp_path, "049", "Espoo", BINDING_YAML_OTHER)
    return helsinki, espoo


def _mittari(strategy):
    return strategy.indicators.get(code="mittari")


def test_loading_the_files_points_both_indicators_at_one_national_series(two):
    helsinki, espoo = two
    a, b = _mittari(helsinki), _mittari(espoo)
    assert a.series_id is not None and a.series_id == b.series_id
    series = a.series
    assert series.strategy_id is None and series.code.startswith("statfin:11re.px#")
    assert Indicator.objects.filter(strategy=None).count() == 1
    # Neither organisation lists it among its indicators.
    assert not Indicator.objects.of(helsinki.organisation).filter(pk=series.pk).exists()


def test_one_fetch_stores_the_statistic_once_and_both_read_it(two, capsys):
    helsinki, espoo = two
    call_command("fetch")
    out = capsys.readouterr().out
    assert out.count("mittari: 3 created, 0 changed, 0 unchanged") == 1  # once, not twice
    assert Observation.objects.count() == 3
    assert FetchRecord.objects.count() == 1
    series = _mittari(helsinki).series
    assert set(Observation.objects.values_list("indicator_id", flat=True)) == {series.pk}
    # Each organisation's evaluation reads its own municipality's value from the series.
    for strategy, value in ((helsinki, "694392"), (espoo, "325716")):
        record = evaluation_record(strategy)
        indicator = record.indicators["mittari"]
        assert [(v.period, v.value) for v in indicator.values] == [("2025", Decimal(value))]
        assert "Statistics Finland" in indicator.values[0].source_ref  # the credit, kept
    call_command("fetch")
    assert "mittari: 0 created, 0 changed, 3 unchanged" in capsys.readouterr().out
    assert Observation.objects.count() == 3


def test_both_organisations_pages_and_the_api_show_the_shared_values(two, admin_client):
    helsinki, espoo = two
    call_command("fetch")
    for strategy, own, other in ((helsinki, "694", "325"), (espoo, "325", "694")):
        strategy.organisation.refresh_from_db()
        slug = strategy.organisation.slug
        page = admin_client.get(f"/{slug}/app/mittarit/mittari/", HTTP_ACCEPT_LANGUAGE="en")
        assert page.status_code == 200
        text = page.content.decode()
        assert own in text and other not in text
        review = reviews.round_open(
            strategy=strategy, name="Kierros", as_of=timezone.localdate(), user=None
        )
        for assessment in review.assessments.all():
            assessment.state = "approved"
            assessment.save()
        reviews.round_publish(review=review, user=None)
    rows = WebClient().get("/api/v1/observations/").json()["results"]
    values = {(r["organisation"], r["indicator"], r["period"]): r["value"] for r in rows}
    assert Decimal(str(values[("091", "mittari", "2025")])) == Decimal("694392")
    assert Decimal(str(values[("049", "mittari", "2025")])) == Decimal("325716")


def test_nobody_types_or_imports_a_value_into_a_shared_series(two, django_user_model, tmp_path):
    helsinki, espoo = two
    call_command("fetch")
    user = django_user_model.objects.create_user("steward", password="steward-password-1")
    Indicator.objects.filter(strategy__isnull=False).update(responsible_person=user)
    mittari = _mittari(helsinki)
    assert not mittari.is_editable_by(user)
    assert not Indicator.objects.editable_by(user).filter(pk=mittari.pk).exists()
    # The file import (the command's, without a list of allowed indicators) refuses the row.
    path = tmp_path / "oma.csv"
    path.write_text("indicator;area;period;value\nmittari;KU091;2025;1\n", encoding="utf-8")
    report = import_observations(path=path, strategy=helsinki)
    assert not report.ok
    assert "fetched from open data and shared" in " ".join(report.lines())
    # The data entry page of the bound indicator is not there for its steward.
    web = WebClient()
    web.force_login(user)
    page = web.get(f"/helsinki/app/syotto/{mittari.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code in (403, 404)
    # Espoo's value is as fetched: nothing of Helsinki's reached it.
    assert Observation.objects.count() == 3
    record = evaluation_record(espoo)
    assert [v.value for v in record.indicators["mittari"].values] == [Decimal("325716")]


def test_an_unbound_indicator_keeps_its_own_values(two, tmp_path):
    """The values an organisation keeps itself stay its own (the rule of the other indicators)."""
    helsinki, espoo = two
    _load(tmp_path, "049", "Espoo", "")  # Espoo's file no longer binds it
    b = _mittari(espoo)
    assert b.series_id is None
    call_command("fetch")  # Helsinki's, which brings the areas too
    path = tmp_path / "oma.csv"
    path.write_text("indicator;area;period;value\nmittari;KU049;2025;7\n", encoding="utf-8")
    report = import_observations(path=path, strategy=espoo)
    assert report.ok, report.lines()
    assert Observation.objects.filter(indicator=b).count() == 1
    a_record = evaluation_record(helsinki)
    assert [v.value for v in a_record.indicators["mittari"].values] == [Decimal("694392")]
    assert YearlyPack.objects.filter(indicator_id=b.pk).exists()
