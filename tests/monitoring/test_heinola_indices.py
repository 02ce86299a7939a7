"""Heinola's three composite indices in the demo: a value for every municipality of the
recorded panel, and Heinola ranked among them."""

import pytest

from mittaristo.indices import compute_years
from mittaristo.monitoring.indices import definition_of, index_inputs
from mittaristo.observations.models import Observation
from mittaristo.strategy.models import Indicator

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


@pytest.mark.django_db
def test_the_demo_s_index_pages_show_the_rank_how_firm_it_is_and_the_components(
    demo_indices_db, client, django_user_model
):
    """Issue 18: the demo shows the three indices for Heinola with their decomposition, their
    ranks among all municipalities and how firm those ranks are."""
    import re

    from django.urls import reverse
    from django.utils.html import escape

    client.force_login(django_user_model.objects.get(username="strategia"))
    for code in INDICES:
        page = client.get(reverse("indicator", args=[code]), HTTP_ACCEPT_LANGUAGE="en")
        html = re.sub(r"\s+", " ", page.content.decode())
        assert page.status_code == 200
        # Among the municipalities with a value in the latest year (319 or 320 in the panel).
        found = re.search(r"Rank (\d+) of (\d+); (?:between (\d+) and (\d+)|rank (\d+))", html)
        assert found, code
        count, low, high = int(found[2]), int(found[3] or found[5]), int(found[4] or found[5])
        assert 300 <= count <= 320 and 1 <= low <= high <= count
        index = Indicator.objects.get(code=code)
        for leaf in definition_of(index).leaves():  # each component named in its table
            name = Indicator.objects.get(strategy=index.strategy, code=leaf.indicator).name
            assert escape(str(name)) in html, (code, leaf.indicator)
