"""Peer comparison through the database, by hand."""

from decimal import Decimal

import pytest

from mittaristo.core.models import Area
from mittaristo.core.periods import parse_period
from mittaristo.monitoring.peers import area_facts, compare_with_peers
from mittaristo.observations.services import ObservationRow, observations_upsert
from mittaristo.strategy.models import Indicator

pytestmark = pytest.mark.django_db

# code: (size class, region, {year: value}). Size class 4 is six municipalities: the test
# municipality 999 and five peers, one of which (500) has no value in 2023.
MUNICIPALITIES = {
    "999": (4, "07", {2018: 120, 2023: 110, 2024: 115}),  # the test municipality
    "111": (4, "07", {2018: 100, 2023: 130}),
    "142": (4, "09", {2018: 100, 2023: 90}),
    "500": (4, "07", {2018: 100}),  # no value in 2023
    "601": (4, "09", {2018: 100, 2023: 120}),
    "602": (4, "09", {2018: 100, 2023: 105}),
    "316": (2, "07", {2018: 100, 2023: 140}),
    "398": (7, "07", {2018: 100, 2023: 95}),
}
# Residents in 2023 (size class 4 only).
POPULATION = {"999": 500, "111": 1_000, "142": 300, "601": 600, "602": 700}


def store(indicator, values):
    """values: code → {year: value}."""
    areas = {a.code: a for a in Area.objects.municipalities()}
    rows = [
        ObservationRow(indicator.pk, areas[code].pk, parse_period(str(year)), Decimal(value))
        for code, by_year in values.items()
        for year, value in by_year.items()
    ]
    observations_upsert(rows=rows, source_kind="manual")


@pytest.fixture
def areas(minimal_strategy):
    indicator = minimal_strategy.indicators.get()
    regions = {
        code: Area.objects.create(kind=Area.Kind.REGION, code=code, name={"fi": f"Maakunta {code}"})
        for code in ("07", "09")
    }
    for code, (size_class, region, _values) in MUNICIPALITIES.items():
        Area.objects.update_or_create(
            kind=Area.Kind.MUNICIPALITY,
            code=code,
            defaults={"name": {"fi": code}, "size_class": size_class, "region": regions[region]},
        )
    store(indicator, {code: values for code, (*_rest, values) in MUNICIPALITIES.items()})
    return indicator, Area.objects.get(code="999", kind=Area.Kind.MUNICIPALITY)


def population_series(strategy, values):
    """The strategy's population indicator (bound to Sotkanet 127, as per-resident bindings
    divide by) with `values` (code → residents in 2023)."""
    population = Indicator.objects.create(
        strategy=strategy,
        code="vakiluku",
        name={"fi": "Väkiluku"},
        direction="higher",
        frequency="yearly",
        source_kind="official_statistics",
        binding={"source": "sotkanet", "indicator": 127},
    )
    store(population, {code: {2023: value} for code, value in values.items()})
    return population


def test_same_size_class(areas):
    indicator, me = areas
    result = compare_with_peers(indicator, me, method="size_class")
    assert [a.code for a in result.peers] == ["111", "142", "500", "601", "602"]
    # 2024: only 999 (1 of 6) → not comparable. 2023: 5 of the 6 (500 has none), at least
    # half and at least five → the year compared.
    assert result.year == 2023 and result.measure == "level"
    assert (result.group_size, result.country_size) == (6, 8)
    # 2023 in the group: 111 = 130, 601 = 120, 999 = 110, 602 = 105, 142 = 90. Higher is
    # better: rank 3 of 5, better than 2 of 4 others → 50 %; median 110.
    assert (result.in_group.rank, result.in_group.count) == (3, 5)
    assert result.in_group.percentile == 50.0 and result.in_group.median == 110
    # In the country (140, 130, 120, 110, 105, 95, 90; 7 of 8 municipalities): rank 4 of 7,
    # better than 3 of 6 → 50 %.
    assert (result.in_country.rank, result.in_country.count) == (4, 7)
    assert result.values == {"KU999": 110, "KU111": 130, "KU142": 90, "KU601": 120, "KU602": 105}
    # Best improving peers 2018–2023: 111 (130/100)^(1/5) − 1 = 5.39 % a year, 601
    # (120/100)^(1/5) − 1 = 3.71 %, 602 (105/100)^(1/5) − 1 = 0.98 %; 500 has one value only.
    assert [(a.code, round(p, 4)) for a, p in result.improving] == [
        ("111", 0.0539),
        ("601", 0.0371),
        ("602", 0.0098),
    ]


def test_per_resident_ranks_by_the_same_years_population(areas, minimal_strategy):
    indicator, me = areas
    indicator.compare = "per_resident"
    indicator.save()
    population_series(minimal_strategy, POPULATION)
    result = compare_with_peers(indicator, me, method="size_class")
    assert (result.year, result.measure, result.population) == (2023, "per_resident", "same_year")
    # Per 1,000 residents in 2023: 142 1000 × 90 / 300 = 300, 999 110 / 0.5 = 220,
    # 601 120 / 0.6 = 200, 602 105 / 0.7 = 150, 111 130 / 1 = 130. 999 is 2nd of 5 (3rd by
    # level); better than 3 of 4 → 75 %; median 200.
    assert result.values == pytest.approx(
        {"KU142": 300.0, "KU999": 220.0, "KU601": 200.0, "KU602": 150.0, "KU111": 130.0}
    )
    assert (result.in_group.rank, result.in_group.count) == (2, 5)
    assert result.in_group.percentile == 75.0
    assert result.in_group.median == pytest.approx(200.0)
    # The country: only these five have a population, 5 of 8 municipalities: at least half
    # and at least five → ranked, 2 of 5.
    assert (result.in_country.rank, result.in_country.count) == (2, 5)


def test_per_resident_leaves_out_areas_without_a_population(areas, minimal_strategy):
    indicator, me = areas
    indicator.compare = "per_resident"
    indicator.save()
    population_series(minimal_strategy, {k: v for k, v in POPULATION.items() if k != "602"})
    result = compare_with_peers(indicator, me, method="size_class")
    # Without 602's population only 4 of the 6 have a figure per resident in 2023: fewer
    # than five, so no year is comparable and nothing is ranked.
    assert result.year is None and result.in_group is None and result.in_country is None
    assert result.reported == 7  # the others do have values of the indicator


def test_per_resident_without_a_population_series_uses_each_areas_one_figure(areas):
    indicator, me = areas
    indicator.compare = "per_resident"
    indicator.save()
    for code, people in POPULATION.items():
        Area.objects.filter(kind="municipality", code=code).update(population=people)
    result = compare_with_peers(indicator, me, method="size_class")
    # No population indicator: the stored population stands for every year, and the basis
    # says so. 2024: 999 only. 2023 as in the test above: 999 rank 2 of 5.
    assert (result.year, result.population) == (2023, "latest")
    assert (result.in_group.rank, result.in_group.count) == (2, 5)


def test_change_ranks_by_the_growth_a_year_over_five_years(areas):
    indicator, me = areas
    indicator.compare = "change"
    indicator.save()
    result = compare_with_peers(indicator, me, method="size_class")
    assert (result.year, result.window) == (2023, 5)
    # 2018–2023, (v2023 / v2018)^(1/5) − 1: 111 +5.39 %, 601 +3.71 %, 602 +0.98 %,
    # 999 (110/120)^(1/5) − 1 = −1.73 %, 142 (90/100)^(1/5) − 1 = −2.09 % → 999 is 4th of 5
    # (3rd by level). 2024 would need 2019: none.
    assert (result.in_group.rank, result.in_group.count) == (4, 5)
    assert round(result.values["KU999"], 4) == -0.0173
    assert round(result.in_group.median, 4) == 0.0098


def test_a_group_too_small_is_compared_in_no_year(areas):
    indicator, me = areas
    # 999 moved to region 09, with 142, 601 and 602: four areas in all, each with a value in
    # 2023 and 2018, but a comparison needs five.
    Area.objects.filter(code="999", kind="municipality").update(region=Area.objects.get(code="09"))
    result = compare_with_peers(indicator, me, method="region")
    assert [a.code for a in result.peers] == ["142", "601", "602"]
    assert result.year is None and result.in_group is None and result.values == {}


def test_a_range_indicator_is_ranked_by_its_distance_from_its_band(areas):
    indicator, me = areas
    indicator.direction, indicator.range_min, indicator.range_max = "range", 100, 115
    indicator.save()
    result = compare_with_peers(indicator, me, method="size_class")
    # Band 100–115 in 2023: 999 110 and 602 105 inside (distance 0), 601 120 and 142 90 at
    # 5 and 10 outside, 111 130 at 15. 999 shares rank 1 with 602.
    assert result.band == (100.0, 115.0) and result.ranked
    assert (result.in_group.rank, result.in_group.count) == (1, 5)
    assert result.improving == []  # "improving" has no direction for a band
    indicator.compare = "per_resident"  # the band is not in the unit compared: no rank
    indicator.save()
    Area.objects.filter(kind="municipality").update(population=1000)
    unranked = compare_with_peers(indicator, me, method="size_class")
    assert not unranked.ranked and unranked.in_group.rank is None
    assert unranked.in_group.count == 5 and unranked.in_group.median == 110


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


def test_an_area_without_a_recent_value_is_compared_in_its_own_latest_year(areas):
    indicator, _me = areas
    other = Area.objects.get(code="500", kind=Area.Kind.MUNICIPALITY)
    result = compare_with_peers(indicator, other, method="size_class")
    # 500's only year is 2018, when all six of size class 4 have a value: 999 120, the rest
    # 100 → 500 ties with four others below 999: rank 2 of 6, median 100.
    assert result.year == 2018
    assert (result.in_group.rank, result.in_group.count, result.in_group.median) == (2, 6, 100)


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
    # Then as in test_same_size_class: rank 3 of 5, median 110; 111 grew 5.39 % a year.
    assert (then.year, then.in_group.rank, then.in_group.median) == (2023, 3, 110)
    assert [(a.code, round(p, 4)) for a, p in then.improving][0] == ("111", 0.0539)
    # Now 111 grew (150/100)^(1/5) − 1 = 8.45 % a year.
    assert [(a.code, round(p, 4)) for a, p in now.improving][0] == ("111", 0.0845)
