"""The one storing path: history kept, nothing overwritten, idempotent, as-known-on queries."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone

from mittaristo.core.models import Area
from mittaristo.core.periods import parse_period
from mittaristo.observations.models import Observation
from mittaristo.observations.services import (
    ObservationRow,
    observation_delete,
    observations_upsert,
)
from mittaristo.strategy.definition import read_definition
from mittaristo.strategy.definition.load import strategy_load
from mittaristo.strategy.models import Indicator

pytestmark = pytest.mark.django_db
MINIMAL = Path(__file__).parent.parent / "strategy" / "fixtures" / "minimal.yaml"


@pytest.fixture
def indicator():
    strategy_load(definition=read_definition(MINIMAL))
    return Indicator.objects.get(code="mittari")


@pytest.fixture
def area():
    return Area.objects.create(kind="municipality", code="999", name={"fi": "Testikunta"})


def at(*args):
    return timezone.make_aware(dt.datetime(*args))


def row(indicator, area, period, value, **kwargs):
    return ObservationRow(
        indicator_id=indicator.pk,
        area_id=area.pk,
        period=parse_period(period),
        value=Decimal(value),
        **kwargs,
    )


def store(rows, when, **kwargs):
    return observations_upsert(
        rows=rows, source_kind="import", source_ref="t.csv", when=when, **kwargs
    )


def test_new_values_are_created_and_the_same_values_again_change_nothing(indicator, area):
    rows = [row(indicator, area, "2021", "6000"), row(indicator, area, "2022", "6100")]
    first = store(rows, at(2023, 3, 1))
    assert (first.created, first.changed, first.unchanged) == (2, 0, 0)
    second = store(rows, at(2023, 4, 1))
    assert (second.created, second.changed, second.unchanged) == (0, 0, 2)
    assert Observation.objects.count() == 2


def test_a_revised_value_replaces_the_current_one_and_the_old_is_kept(indicator, area):
    store([row(indicator, area, "2022", "6100", status="provisional")], at(2023, 3, 1))
    report = store([row(indicator, area, "2022", "6150", status="final")], at(2024, 3, 1))
    assert (report.created, report.changed) == (0, 1)
    current = Observation.objects.current().get()
    assert (current.value, current.status) == (Decimal("6150"), "final")
    old = Observation.objects.get(superseded_at__isnull=False)
    assert (old.value, old.superseded_at) == (Decimal("6100"), at(2024, 3, 1))


def test_what_was_known_on_a_date(indicator, area):
    store([row(indicator, area, "2022", "6100")], at(2023, 3, 1))
    store([row(indicator, area, "2022", "6150")], at(2024, 3, 1))
    store([row(indicator, area, "2023", "6200")], at(2024, 6, 1))

    def known(moment):
        return sorted((o.period, o.value) for o in Observation.objects.known_on(moment))

    assert known(at(2023, 1, 1)) == []
    assert known(at(2023, 3, 2)) == [("2022", Decimal("6100"))]
    assert known(at(2025, 3, 1)) == [("2022", Decimal("6150")), ("2023", Decimal("6200"))]
    assert known(at(2024, 3, 1)) == [
        ("2022", Decimal("6150"))
    ]  # the revision counts from its moment


def test_deleting_is_recorded_and_reversible_by_a_new_value(indicator, area):
    store([row(indicator, area, "2022", "6100")], at(2023, 3, 1))
    observation_delete(observation=Observation.objects.current().get(), reason="virhe")
    assert not Observation.objects.current().exists()
    assert Observation.objects.count() == 2  # nothing is really removed
    assert Observation.objects.get(is_deletion=True).note == "virhe"
    report = store([row(indicator, area, "2022", "6100")], timezone.now())
    assert (report.created, report.changed) == (0, 1)
    assert Observation.objects.current().get().value == Decimal("6100")


def test_a_late_value_for_a_past_period_is_accepted_and_marked(indicator, area):
    store([row(indicator, area, "2023", "6200")], at(2024, 3, 1))
    report = store([row(indicator, area, "2021", "6000")], at(2024, 4, 1))
    assert (report.created, report.late) == (1, 1)
    assert Observation.objects.get(period="2021").is_late
    assert not Observation.objects.get(period="2023").is_late


def test_a_dry_run_reports_and_stores_nothing(indicator, area):
    report = store([row(indicator, area, "2021", "6000")], at(2024, 3, 1), dry_run=True)
    assert report.created == 1
    assert not Observation.objects.exists()


def test_breakdowns_are_separate_values(indicator, area):
    rows = [
        row(indicator, area, "2022", "3000", breakdown="sukupuoli=miehet"),
        row(indicator, area, "2022", "3100", breakdown="sukupuoli=naiset"),
        row(indicator, area, "2022", "6100"),
    ]
    assert store(rows, at(2023, 3, 1)).created == 3
    assert Observation.objects.current().count() == 3


def test_each_indicator_knows_its_latest_available_period(indicator, area):
    store([row(indicator, area, "2021", "1"), row(indicator, area, "2023", "3")], at(2024, 3, 1))
    store([row(indicator, area, "2024", "9", breakdown="sukupuoli=naiset")], at(2024, 3, 1))
    latest = Observation.objects.filter(indicator=indicator).latest_periods()
    assert latest == {(indicator.pk, area.pk): "2023"}  # a breakdown alone is not the total
    observation_delete(observation=Observation.objects.current().get(period="2023", breakdown=""))
    latest = Observation.objects.filter(indicator=indicator).latest_periods()
    assert latest == {(indicator.pk, area.pk): "2021"}


def test_an_indicator_or_area_with_values_cannot_be_deleted(indicator, area):
    from django.db.models import ProtectedError

    store([row(indicator, area, "2021", "1")], at(2024, 3, 1))
    with pytest.raises(ProtectedError):
        indicator.delete()
    with pytest.raises(ProtectedError):
        area.delete()
    assert Observation.objects.count() == 1


def test_texts_with_tabs_and_newlines_survive_the_bulk_copy(indicator, area):
    note = "rivi 1\nrivi 2\tsarkain \\ kenoviiva"
    store([row(indicator, area, "2021", "1.5", note=note)], at(2024, 3, 1))
    assert Observation.objects.get().note == note
