"""The indicator page's peer group: chosen with a GET form, explained when it cannot be formed."""

from decimal import Decimal

import pytest

from mittaristo.core.models import Area
from mittaristo.core.periods import parse_period
from mittaristo.evaluation.peers import METHODS
from mittaristo.observations.models import Observation
from mittaristo.observations.packs import packs_bump
from mittaristo.observations.services import ObservationRow, observations_upsert
from mittaristo.strategy.models import Indicator
from mittaristo.web.forms import PeerMethodForm

pytestmark = pytest.mark.django_db

URL = "/app/mittarit/tyopaikat/"


# code: (size class, region, jobs 2023, residents 2023). With Heinola (size class 4, region 07),
# size class 4 and region 07 are six municipalities each.
OTHERS = {
    "142": (4, "07", 4_000, 10_000),
    "098": (4, "09", 7_000, 25_000),
    "101": (4, "07", 5_000, 20_000),
    "102": (4, "07", 3_000, 6_000),
    "103": (4, "09", 6_000, 16_000),
    "316": (2, "07", 9_000, 30_000),
    "104": (2, "07", 1_800, 4_000),
}


@pytest.fixture
def peers(demo_db):
    """Heinola (6,230 jobs in 2023, example data; 17,800 residents, made up here) in size class
    4 and region 07, and OTHERS. Jobs compare per 1,000 residents (heinola-2030.yaml), divided
    by the population (`vakiluku`) of the same year."""
    jobs = Indicator.objects.get(code="tyopaikat")
    population = Indicator.objects.get(code="vakiluku")
    regions = {
        code: Area.objects.create(kind="region", code=code, name={"fi": f"Maakunta {code}"})
        for code in ("07", "09")
    }
    heinola = Area.objects.get(kind="municipality", code="111")
    heinola.size_class, heinola.region = 4, regions["07"]
    heinola.save()
    rows = [ObservationRow(population.data_id, heinola.pk, parse_period("2023"), Decimal(17_800))]
    for code, (size_class, region, work, people) in OTHERS.items():
        area = Area.objects.create(
            kind="municipality",
            code=code,
            name={"fi": f"Kunta {code}"},
            size_class=size_class,
            region=regions[region],
        )
        rows.append(ObservationRow(jobs.data_id, area.pk, parse_period("2023"), Decimal(work)))
        rows.append(
            ObservationRow(population.data_id, area.pk, parse_period("2023"), Decimal(people))
        )
    observations_upsert(rows=rows, source_kind="import")
    return heinola


def page(client, query=""):
    response = client.get(URL + query, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.content.decode()


def test_the_form_offers_every_method_with_a_label_and_a_button(admin_client, peers):
    html = page(admin_client)
    assert '<form method="get" class="filters peer-method"' in html
    assert '<label for="id_vertailu">Peer group</label>' in html
    assert '<select name="vertailu" id="id_vertailu">' in html
    assert '<button type="submit">Compare</button>' in html
    offered = [value for value, _label in PeerMethodForm.base_fields["vertailu"].choices]
    assert offered == list(METHODS)
    # The default, size class, is the one selected.
    assert '<option value="size_class" selected>Same size class</option>' in html


def test_same_size_class_by_default(admin_client, peers):
    html = page(admin_client)
    # Jobs per 1,000 residents in 2023, size class 4: 102 1000 × 3,000 / 6,000 = 500,
    # 142 4,000 / 10 = 400, 103 6,000 / 16 = 375, Heinola 6,230 / 17.8 = 350, 098 7,000 / 25
    # = 280, 101 5,000 / 20 = 250 → rank 4 of 6 (2nd by the number of jobs, after 098);
    # median (375 + 350) / 2 = 362.5.
    assert "Compared: jobs per 1,000 residents, each municipality's value divided" in html
    assert (
        "In 2023: rank 4 of 6 municipalities of the same size class with a value"
        " (median 362.5)." in html
    )
    assert "Kunta 098" in html and "Kunta 316" not in html
    assert '<th scope="col">Jobs per 1,000 residents</th>' in html
    assert '<tr><th scope="row"><span lang="fi">Kunta 102</span></th><td>500</td></tr>' in html
    # The whole country adds 104 1,800 / 4 = 450 and 316 9,000 / 30 = 300: 500, 450, 400, 375,
    # Heinola 350, 300, 280, 250 → rank 5 of 8.
    assert "In the whole country: rank 5 of 8." in html
    assert "Median of all municipalities: 362.5." in html


def test_the_reader_chooses_the_region(admin_client, peers):
    html = page(admin_client, "?vertailu=region")
    # Region 07 per 1,000 residents: 102 500, 104 450, 142 400, Heinola 350, 316 300, 101 250
    # → rank 4 of 6, median (400 + 350) / 2 = 375.
    assert "rank 4 of 6 municipalities of the same region with a value (median 375)" in html
    assert "Kunta 316" in html and "Kunta 098" not in html
    assert '<option value="region" selected>Same region</option>' in html
    assert 'id="peer-spec"' in html


def test_a_group_without_enough_values_gives_no_rank(admin_client, peers):
    # Without the population of 102 and 103, four of the six in size class 4 have jobs per
    # resident in 2023: at least half, but fewer than five. No year is comparable.
    population = Indicator.objects.get(code="vakiluku").data_id  # its national series
    Observation.objects.filter(indicator=population, area__code__in=["102", "103"]).delete()
    packs_bump([population])
    html = page(admin_client)
    assert (
        "No comparable year: there is no year in which both City of Heinola and at least half"
        in html
    )
    assert "of the 6 municipalities of its peer group, and at least five, have a value." in html
    assert "No rank is given." in html and "rank 4 of" not in html and "rank 5 of" not in html
    assert 'id="peer-spec"' not in html


def test_an_unknown_method_falls_back_to_the_default_without_an_error(admin_client, peers):
    for query in ["?vertailu=nearest", "?vertailu=", "?vertailu=region&vertailu=%00"]:
        html = page(admin_client, query)
        assert "of the same size class with a value" in html
        assert 'class="error"' not in html and "has-error" not in html
        assert '<option value="size_class" selected>' in html


def test_a_method_the_data_cannot_serve_is_explained_instead_of_an_empty_chart(admin_client, peers):
    peers.region = None
    peers.save()
    html = page(admin_client, "?vertailu=region")
    assert "The data do not say which region City of Heinola belongs to" in html
    assert 'id="peer-spec"' not in html and "of the same region" not in html
    # No population and jobs figures are stored for the municipalities.
    html = page(admin_client, "?vertailu=similar")
    assert "The data have no population and jobs figures for City of Heinola" in html
    assert 'id="peer-spec"' not in html
    # The country is still compared (the year chosen by the country: 8 of 8 have a value).
    assert "In the whole country: rank 5 of 8." in html
    peers.size_class = None
    peers.save()
    assert "The data do not give the size class of City of Heinola" in page(admin_client)


def test_a_group_with_no_other_municipality_says_so(admin_client, peers):
    peers.size_class = 9
    peers.save()
    html = page(admin_client)
    assert "No other municipality is in this peer group of City of Heinola." in html
    assert 'id="peer-spec"' not in html


def test_the_peer_texts_are_translated(admin_client, peers):
    html = admin_client.get(URL + "?vertailu=region", HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "Vertailuryhmä" in html
    html = admin_client.get(URL + "?vertailu=region", HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "Jämförelsegrupp" in html
