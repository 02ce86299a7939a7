"""The indicator page's peer group: chosen with a GET form, explained when it cannot be formed."""

from decimal import Decimal

import pytest

from mittaristo.core.demo import demo_load
from mittaristo.core.models import Area
from mittaristo.core.periods import parse_period
from mittaristo.evaluation.peers import METHODS
from mittaristo.observations.services import ObservationRow, observations_upsert
from mittaristo.strategy.models import Indicator
from mittaristo.web.forms import PeerMethodForm

pytestmark = pytest.mark.django_db

URL = "/app/mittarit/tyopaikat/"


@pytest.fixture
def peers():
    """Heinola (6,230 jobs in 2023, example data) in size class 4 and region 07, with:
    142: 4,000, size class 4, region 07; 098: 7,000, size class 4, region 09;
    316: 9,000, size class 2, region 07."""
    demo_load()
    jobs = Indicator.objects.get(code="tyopaikat")
    regions = {
        code: Area.objects.create(kind="region", code=code, name={"fi": f"Maakunta {code}"})
        for code in ("07", "09")
    }
    heinola = Area.objects.get(kind="municipality", code="111")
    heinola.size_class, heinola.region = 4, regions["07"]
    heinola.save()
    rows = []
    for code, size_class, region, value in [
        ("142", 4, "07", "4000"),
        ("098", 4, "09", "7000"),
        ("316", 2, "07", "9000"),
    ]:
        area = Area.objects.create(
            kind="municipality",
            code=code,
            name={"fi": f"Kunta {code}"},
            size_class=size_class,
            region=regions[region],
        )
        rows.append(ObservationRow(jobs.pk, area.pk, parse_period("2023"), Decimal(value)))
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
    # Size class 4 in 2023: 098 = 7,000, Heinola 6,230, 142 = 4,000 → rank 2 of 3.
    assert "rank 2 of 3 in the same size class (median 6,230)" in html
    assert "Kunta 098" in html and "Kunta 316" not in html
    # The whole country: 316, 098, Heinola, 142 → rank 3 of 4.
    assert "In the whole country: rank 3 of 4." in html


def test_the_reader_chooses_the_region(admin_client, peers):
    html = page(admin_client, "?vertailu=region")
    # Region 07 in 2023: 316 = 9,000, Heinola 6,230, 142 = 4,000 → rank 2 of 3.
    assert "rank 2 of 3 in the same region (median 6,230)" in html
    assert "Kunta 316" in html and "Kunta 098" not in html
    assert '<option value="region" selected>Same region</option>' in html
    assert 'id="peer-spec"' in html


def test_an_unknown_method_falls_back_to_the_default_without_an_error(admin_client, peers):
    for query in ["?vertailu=nearest", "?vertailu=", "?vertailu=region&vertailu=%00"]:
        html = page(admin_client, query)
        assert "in the same size class" in html
        assert 'class="error"' not in html and "has-error" not in html
        assert '<option value="size_class" selected>' in html


def test_a_method_the_data_cannot_serve_is_explained_instead_of_an_empty_chart(admin_client, peers):
    peers.region = None
    peers.save()
    html = page(admin_client, "?vertailu=region")
    assert "The data do not say which region City of Heinola belongs to" in html
    assert 'id="peer-spec"' not in html and "rank 2 of 3" not in html
    # No population and jobs figures are stored for the municipalities.
    html = page(admin_client, "?vertailu=similar")
    assert "The data have no population and jobs figures for City of Heinola" in html
    assert 'id="peer-spec"' not in html
    # The country is still compared.
    assert "In the whole country: rank 3 of 4." in html
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
