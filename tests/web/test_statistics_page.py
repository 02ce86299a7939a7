"""The statistical overview page (/app/tilastokatsaus/): every key figure the data give, with
the area's, the peer group's, the region's and the country's values; the aggregation rules;
the figures the data do not give, listed as missing."""

import re
from decimal import Decimal

import pytest
from django.utils import translation

from mittaristo.core.models import Area
from mittaristo.core.periods import parse_period
from mittaristo.observations.services import ObservationRow, observations_upsert
from mittaristo.reports import overview
from mittaristo.strategy.models import Indicator, Strategy

pytestmark = pytest.mark.django_db

URL = "/app/tilastokatsaus/"
YEARS = (2010, 2011, 2012)
# code: (size class, region, residents by year, loans € per resident by year, unemployment %)
MUNICIPALITIES = {
    "111": (8, "07", (20_000, 19_900, 19_800), (2_000, 2_100, 2_300), (12.0, 12.5, 13.4)),
    "098": (8, "07", (30_000, 30_100, 30_200), (1_000, 1_000, 1_100), (8.0, 8.1, 8.2)),
    "101": (8, "09", (25_000, 25_000, 25_100), (3_000, 2_900, 2_800), (9.0, 9.0, 9.5)),
    "102": (4, "07", (6_000, 5_900, 5_800), (500, 600, 700), (7.0, 7.2, 7.4)),
    "103": (4, "09", (5_000, 5_000, 5_000), (800, 800, 800), (10.0, 10.5, 11.0)),
}
REGION_07_2011 = 55_950  # published for the region (the sum of its members is 55,900)
COUNTRY_2012 = 86_000  # published for the country (the sum is 85,900)


@pytest.fixture
def areas(demo_db):
    """Five municipalities in two regions and two size classes, three years of residents,
    loans per resident and the unemployment rate; the region 07 and the country each with one
    published population."""
    # Their values are read from the national series they are bound to (Indicator.data_id).
    codes = {c: Indicator.objects.get(code=c).data_id for c in ("vakiluku", "lainat-per-asukas")}
    unemployment = Indicator.objects.get(code="tyottomyysaste").data_id
    regions = {
        code: Area.objects.update_or_create(
            kind="region", code=code, defaults={"name": {"fi": f"Maakunta {code}"}}
        )[0]
        for code in ("07", "09")
    }
    country = Area.objects.get_or_create(
        kind="country", code="SSS", defaults={"name": {"fi": "Koko maa"}}
    )[0]
    rows = []
    for code, (size_class, region, people, loans, rates) in MUNICIPALITIES.items():
        area, _created = Area.objects.update_or_create(
            kind="municipality",
            code=code,
            defaults={"size_class": size_class, "region": regions[region]},
        )
        if code != "111":
            area.name = {"fi": f"Kunta {code}", "en": f"Town {code}"}
            area.save()
        for year, p, loan, rate in zip(YEARS, people, loans, rates, strict=True):
            period = parse_period(str(year))
            rows.append(ObservationRow(codes["vakiluku"], area.pk, period, Decimal(p)))
            rows.append(ObservationRow(codes["lainat-per-asukas"], area.pk, period, Decimal(loan)))
            rows.append(ObservationRow(unemployment, area.pk, period, Decimal(str(rate))))
    rows.append(
        ObservationRow(
            codes["vakiluku"], regions["07"].pk, parse_period("2011"), Decimal(REGION_07_2011)
        )
    )
    rows.append(
        ObservationRow(codes["vakiluku"], country.pk, parse_period("2012"), Decimal(COUNTRY_2012))
    )
    observations_upsert(rows=rows, source_kind="import")


def figure(content, code):
    return next(f for t in content.topics for f in t.figures if f.code == code)


def lines(fig):
    return {line.role: dict(zip(fig.years, line.values, strict=True)) for line in fig.lines}


def test_the_population_beside_its_peers_region_and_country(areas):
    content = overview.content(Strategy.objects.get(), lang="en")
    population = figure(content, "population")
    assert population.years == [2010, 2011, 2012]  # the ten years, from the first value
    values = lines(population)
    # The area's own values, as stored.
    assert [values["own"][y] for y in YEARS] == [Decimal(20_000), Decimal(19_900), Decimal(19_800)]
    # Peers (same size class 8, Heinola itself left out): 098 + 101.
    assert [values["peers"][y] for y in YEARS] == [
        Decimal(55_000),
        Decimal(55_100),
        Decimal(55_300),
    ]
    # Region 07 (111, 098, 102): the sum, except 2011, which the source publishes.
    assert [values["region"][y] for y in YEARS] == [
        Decimal(56_000),
        Decimal(REGION_07_2011),
        Decimal(55_800),
    ]
    # The country: the sum of all five, except 2012 (published).
    assert [values["country"][y] for y in YEARS] == [
        Decimal(86_000),
        Decimal(85_900),
        Decimal(COUNTRY_2012),
    ]
    region = next(line for line in population.lines if line.role == "region")
    assert (region.published, region.aggregated) == ([2011], [2010, 2012])
    assert "as the source publishes it (2011)" in population.method
    assert "the sum of the municipalities' values (2010, 2012)" in population.method
    # A count is compared by its change over the same years, not by its level.
    assert population.sentence.startswith(
        "City of Heinola: 20,000 persons in 2010 and 19,800 persons in 2012, a change of −1 %."
    )
    assert "Peer group +0.5 %" in population.sentence


def test_loans_per_resident_are_weighted_by_the_population_never_averaged(areas):
    content = overview.content(Strategy.objects.get(), lang="en")
    values = lines(figure(content, "loans"))
    # Region 07 in 2010: (2000 × 20 000 + 1000 × 30 000 + 500 × 6 000) / 56 000 = 1303.57…
    assert values["region"][2010] == Decimal("1303.6")
    # (the unweighted mean of the rates would be 1166.7)
    # Peers 2012: (1100 × 30 200 + 2800 × 25 100) / 55 300 = 1871.6
    assert values["peers"][2012] == Decimal("1871.6")
    assert values["own"][2012] == Decimal(2_300)
    loans = figure(content, "loans")
    assert "weighted by their population of the same year" in loans.method


def test_a_rate_without_its_denominator_has_no_region_or_country_value(areas):
    content = overview.content(Strategy.objects.get(), lang="en")
    rate = figure(content, "unemployment")
    values = lines(rate)
    assert values["own"][2012] == Decimal("13.4")
    assert values["region"][2012] is None and values["country"][2012] is None
    # The peer group's median, named as such (098: 8.2, 101: 9.5 → fewer than five: none).
    assert values["peers"][2012] is None
    assert "median" in rate.method and "no value" in rate.method
    assert "a change of +1.4 percentage points" in rate.sentence
    assert (
        "Of the 2 other municipalities of the peer group with a value in 2012, "
        "0 had a higher value, 0 the same and 2 a lower one." in rate.sentence
    )


def test_figures_the_data_do_not_give_are_listed_as_missing_with_their_source(areas):
    content = overview.content(Strategy.objects.get(), lang="en")
    missing = {m.code: m.source for t in content.topics for m in t.missing}
    assert missing["age-0-14"] == (
        "not available from the recorded open data; the source that gives it: "
        "Statistics Finland table 11re, ages 0–14"
    )
    assert "THL Sotkanet 178" in missing["net-migration"]
    assert "morbidity" in missing and "emissions" in missing
    shown = {f.code for t in content.topics for f in t.figures}
    assert not shown & set(missing)


def test_the_page_shows_each_figure_with_every_value(client, areas, django_user_model):
    client.force_login(django_user_model.objects.get(username="strategia"))
    response = client.get(URL, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Statistical overview: City of Heinola</h1>" in html
    for heading in ("Population", "Age structure", "Jobs and unemployment", "Not available"):
        assert f">{heading}</h2>" in html or f">{heading}</h3>" in html
    table = re.search(r'<h3 id="figure-population">.*?overview-table">.*?</table>', html, re.S)
    table = table.group(0).split("overview-table")[1]
    row_2011 = re.search(r"<tr><th scope=\"row\">2011</th>(.*?)</tr>", table).group(1)
    assert re.findall(r'<td class="num">(.*?)</td>', row_2011) == [
        "19,900",
        "55,100",
        "55,950",
        "85,900",
    ]
    assert 'data-vega-spec-id="chart-population-spec"' in html
    assert "Share of residents aged 0–14" in html


def test_the_page_needs_a_login(client, demo_db):
    response = client.get(URL)
    assert response.status_code in (302, 403)


def test_the_sheets_hold_numbers_not_text(areas):
    content = overview.content(Strategy.objects.get(), lang="en")
    (title, columns, rows), *_rest = overview.sheets(content)
    assert title == "Key figures"
    numeric = [n for n, (_name, kind) in enumerate(columns) if kind == "number"]
    assert numeric and all(
        row[n] is None or isinstance(row[n], Decimal) for row in rows for n in numeric
    )
    population = [row for row in rows if row[1] == "Population"]
    year = [name for name, _kind in columns].index("2011")
    assert [row[year] for row in population] == [
        Decimal(19_900),
        Decimal(55_100),
        Decimal(REGION_07_2011),
        Decimal(85_900),
    ]


def test_every_municipality_in_one_go_agrees_with_the_one(areas):
    strategy = Strategy.objects.get()
    every = overview.content_all(strategy, lang="en")
    assert set(every) >= {f"KU{c}" for c in MUNICIPALITIES}
    one = overview.content(strategy, lang="en")
    assert lines(figure(every["KU111"], "loans")) == lines(figure(one, "loans"))
    assert lines(figure(every["KU098"], "population"))["own"][2012] == Decimal(30_200)


def test_the_sheets_are_in_the_contents_language_whatever_language_is_active(areas):
    strategy = Strategy.objects.get()
    finnish = overview.content(strategy, lang="fi")
    with translation.override("fi"):
        assert overview.sheets(overview.content(strategy, lang="en"))[0][0] == "Key figures"
    with translation.override("en"):
        assert overview.sheets(finnish)[0][0] == "Tunnusluvut"
