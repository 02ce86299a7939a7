"""Fetched values are credited to their publisher wherever they are shown (CC BY 4.0)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from mittaristo.core.periods import parse_period
from mittaristo.monitoring.records import evaluation_record
from mittaristo.observations.services import ObservationRow, observations_upsert
from mittaristo.sources.models import FetchRecord

pytestmark = pytest.mark.django_db


def test_a_fetched_value_shows_its_attribution_and_licence(minimal_strategy):
    record = FetchRecord.objects.create(
        indicator_code="mittari",
        sources="statfin:115k.px",
        attribution="Tilastokeskus / Statistics Finland",
        fetched_at=timezone.now(),
    )
    indicator = minimal_strategy.indicators.get()
    area = minimal_strategy.organisation.get_or_create_area()
    row = ObservationRow(indicator.pk, area.pk, parse_period("2023"), Decimal("6060"))
    observations_upsert(rows=[row], source_kind="fetch", source_ref=record.source_ref)
    values = evaluation_record(minimal_strategy).indicators[indicator.code].values
    assert values[0].source_ref == (
        "Tilastokeskus / Statistics Finland, statfin:115k.px, CC BY 4.0"
    )


def test_a_value_keeps_when_it_was_published_and_a_fetched_one_its_licence(minimal_strategy):
    record = FetchRecord.objects.create(
        indicator_code="mittari", sources="statfin:115k.px", fetched_at=timezone.now()
    )
    indicator = minimal_strategy.indicators.get()
    area = minimal_strategy.organisation.get_or_create_area()
    fetched = ObservationRow(
        indicator.pk, area.pk, parse_period("2023"), Decimal("6060"), vintage=dt.date(2024, 2, 16)
    )
    observations_upsert(rows=[fetched], source_kind="fetch", source_ref=record.source_ref)
    typed = ObservationRow(indicator.pk, area.pk, parse_period("2024"), Decimal("6100"))
    observations_upsert(rows=[typed], source_kind="manual")
    first, second = evaluation_record(minimal_strategy).indicators[indicator.code].values
    assert (first.published, first.licence) == (dt.date(2024, 2, 16), "CC BY 4.0")
    # The city's own figure: no licence, and no publication date unless one was given.
    assert (second.source, second.published, second.licence) == ("manual", None, "")
