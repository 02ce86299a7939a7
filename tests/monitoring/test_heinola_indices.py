"""Heinola's three composite indices in the demo: a value for every municipality of the
recorded panel, and Heinola ranked among them."""

import pytest

from mittaristo.indices import compute_years
from mittaristo.monitoring.indices import definition_of, index_inputs
from mittaristo.observations.models import Observation

INDICES = ("hyvinvointi-indeksi", "kestavan-kasvun-indeksi", "elinvoimaindeksi")


@pytest.mark.django_db
@pytest.mark.parametrize("code", INDICES)
def test_every_municipality_has_the_index_and_heinola_a_rank(demo_indices_db, code):
    values = Observation.objects.current().filter(
        indicator__code=code, area__kind="municipality", period="2011"
    )
    # The panel's 320 municipalities (the 2013 division); the demo's own Heinola among them.
    assert values.count() == 320
    heinola = values.get(area__code="111")
    assert 0 <= heinola.value <= 100
    assert heinola.source_kind == Observation.SourceKind.INDEX
    assert not heinola.is_example
    index = heinola.indicator
    result = compute_years(definition_of(index), index_inputs(index))[2011]
    assert 1 <= result.ranks[code]["KU111"] <= 320
    assert round(result.index["KU111"], 2) == float(heinola.value)
