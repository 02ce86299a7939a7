"""Peer comparison through the database, by hand."""

from decimal import Decimal

import pytest

from mittaristo.core.models import Area
from mittaristo.core.periods import parse_period
from mittaristo.monitoring.peers import area_facts, compare_with_peers
from mittaristo.observations.services import ObservationRow, observations_upsert

pytestmark = pytest.mark.django_db

# code: (size class, region, {year: value})
MUNICIPALITIES = {
    "999": (4, "07", {2019: 100, 2023: 110}),  # the test municipality
    "111": (4, "07", {2019: 100, 2023: 130}),
    "142": (4, "09", {2019: 100, 2023: 90}),
    "316": (2, "07", {2019: 100, 2023: 120}),
    "398": (7, "07", {2019: 100, 2023: 105}),
    "500": (4, "07", {2019: 100}),  # no value in 2023
}


@pytest.fixture
def areas(minimal_strategy):
    indicator = minimal_strategy.indicators.get()
    regions = {
        code: Area.objects.create(kind=Area.Kind.REGION, code=code, name={"fi": f"Maakunta {code}"})
        for code in ("07", "09")
    }
    rows = []
    for code, (size_class, region, values) in MUNICIPALITIES.items():
        area, _ = Area.objects.update_or_create(
            kind=Area.Kind.MUNICIPALITY,
            code=code,
            defaults={"name": {"fi": code}, "size_class": size_class, "region": regions[region]},
        )
        rows += [
            ObservationRow(indicator.pk, area.pk, parse_period(str(y)), Decimal(v))
            for y, v in values.items()
        ]
    observations_upsert(rows=rows, source_kind="manual")
    return indicator, Area.objects.get(code="999", kind=Area.Kind.MUNICIPALITY)


def test_same_size_class(areas):
    indicator, me = areas
    result = compare_with_peers(indicator, me, method="size_class")
    assert [a.code for a in result.peers] == ["111", "142", "500"]
    assert result.year == 2023
    # 2023 in the group: 999 = 110, 111 = 130, 142 = 90 (500 has none). Higher is better:
    # rank 2 of 3, better than one of two others → 50 %; median 110.
    assert (result.in_group.rank, result.in_group.count) == (2, 3)
    assert result.in_group.percentile == 50.0 and result.in_group.median == 110
    # In the country (130, 120, 110, 105, 90): rank 3 of 5, better than 2 of 4 → 50 %.
    assert (result.in_country.rank, result.in_country.count) == (3, 5)
    assert result.values == {"KU999": 110, "KU111": 130, "KU142": 90}
    # Best improving peers 2019–2023: 111 (130/100)^(1/4) − 1 = 6.78 % a year, then 142
    # (90/100)^(1/4) − 1 = −2.60 %; 500 has one value only.
    assert [(a.code, round(p, 4)) for a, p in result.improving] == [
        ("111", 0.0678),
        ("142", -0.026),
    ]


def test_same_region_and_most_similar(areas):
    indicator, me = areas
    result = compare_with_peers(indicator, me, method="region")
    assert [a.code for a in result.peers] == ["111", "316", "398", "500"]
    municipalities = list(Area.objects.municipalities().select_related("region"))
    population = {a.pk: 1000 * (i + 1) for i, a in enumerate(municipalities)}
    jobs = {a.pk: 400 for a in municipalities}
    facts = list(area_facts(population, jobs).values())
    result = compare_with_peers(indicator, me, method="similar", size=2, facts=facts)
    assert len(result.peers) == 2


def test_an_area_without_values_still_sees_its_group(areas):
    indicator, _me = areas
    other = Area.objects.get(code="500", kind=Area.Kind.MUNICIPALITY)
    result = compare_with_peers(indicator, other, method="size_class")
    # Its own latest year is 2019: 999 100, 111 100, 142 100, 500 100 → all tied.
    assert result.year == 2019 and result.in_group.median == 100


def test_as_of_a_moment_compares_the_values_known_then(areas):
    """The as-of path reads the rows, not the pack: a later revision is not seen."""
    from django.utils import timezone

    indicator, me = areas
    before = timezone.now()
    peer = Area.objects.get(code="111", kind=Area.Kind.MUNICIPALITY)
    observations_upsert(
        rows=[ObservationRow(indicator.pk, peer.pk, parse_period("2023"), Decimal("150"))],
        source_kind="manual",
    )
    now = compare_with_peers(indicator, me, method="size_class")
    then = compare_with_peers(indicator, me, method="size_class", as_of=before)
    assert now.values["KU111"] == 150 and then.values["KU111"] == 130
    # Then as in test_same_size_class: rank 2 of 3, median 110; 111 grew 6.78 % a year.
    assert (then.year, then.in_group.rank, then.in_group.median) == (2023, 2, 110)
    assert [(a.code, round(p, 4)) for a, p in then.improving][0] == ("111", 0.0678)
    # Now 111 grew (150/100)^(1/4) − 1 = 10.67 % a year.
    assert [(a.code, round(p, 4)) for a, p in now.improving][0] == ("111", 0.1067)
