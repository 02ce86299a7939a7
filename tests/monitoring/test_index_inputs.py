"""What an index is computed from: its components' yearly values in its reference areas."""

from decimal import Decimal

import pytest

from mittaristo.core.models import Area
from mittaristo.core.periods import parse_period
from mittaristo.monitoring.indices import definition_version, index_inputs
from mittaristo.observations.services import ObservationRow, observations_upsert

pytestmark = pytest.mark.django_db


def _copy(indicator, code, **fields):
    copy = type(indicator).objects.get(pk=indicator.pk)
    copy.pk, copy.code = None, code
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save()
    return copy


def test_inputs_by_year_area_and_component(minimal_strategy):
    a = minimal_strategy.indicators.get()
    b = _copy(a, "toinen")
    index = _copy(
        a,
        "indeksi",
        source_kind="composite_index",
        index={
            "components": [
                {"indicator": a.code, "direction": "higher", "weight": 1},
                {"indicator": "toinen", "direction": "lower", "weight": 1},
            ]
        },
    )
    own = minimal_strategy.organisation.get_or_create_area()
    other = Area.objects.create(kind="municipality", code="998", name={"fi": "Toinen"})
    region = Area.objects.create(kind="region", code="07", name={"fi": "Maakunta"})
    rows = [
        ObservationRow(a.pk, own.pk, parse_period("2020"), Decimal("1.5")),
        ObservationRow(a.pk, other.pk, parse_period("2020"), Decimal("2")),
        ObservationRow(b.pk, own.pk, parse_period("2020"), Decimal("7")),
        ObservationRow(b.pk, own.pk, parse_period("2021"), Decimal("8")),
        # Not a municipality: outside the default reference set.
        ObservationRow(a.pk, region.pk, parse_period("2020"), Decimal("99")),
    ]
    observations_upsert(rows=rows, source_kind="manual")
    assert index_inputs(index) == {
        2020: {
            "KU999": {"mittari": 1.5, "toinen": 7.0},
            "KU998": {"mittari": 2.0, "toinen": None},
        },
        2021: {"KU999": {"mittari": None, "toinen": 8.0}},
    }
    index.index["reference"] = "region"
    assert index_inputs(index) == {2020: {"MK07": {"mittari": 99.0, "toinen": None}}}


def test_the_version_follows_the_definition_not_its_key_order():
    one = {"aggregation": "arithmetic", "components": [{"indicator": "a", "weight": 1}]}
    same = {"components": [{"weight": 1, "indicator": "a"}], "aggregation": "arithmetic"}
    other = {"aggregation": "geometric", "components": [{"indicator": "a", "weight": 1}]}
    assert definition_version(one) == definition_version(same)
    assert definition_version(one) != definition_version(other)
    assert len(definition_version(one)) == 12
