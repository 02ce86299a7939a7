"""Group loans per resident beside its peers on the indicator page: compared by level (a figure
per resident already), in the size class and in the region."""

from decimal import Decimal

import pytest

from mittaristo.core.models import Area
from mittaristo.core.periods import parse_period
from mittaristo.observations.services import ObservationRow, observations_upsert
from mittaristo.strategy.models import Indicator

pytestmark = pytest.mark.django_db

URL = "/app/mittarit/konsernin-velat-per-asukas/"

# code: (size class, region, group loans €/resident 2019). Heinola: size class 4, region 07,
# 7,112 in 2019 (the demo's published figure).
OTHERS = {
    "142": (4, "07", 5_000),
    "098": (4, "09", 9_000),
    "101": (4, "07", 6_000),
    "102": (4, "07", 8_000),
    "103": (4, "09", 4_000),
    "316": (2, "07", 10_000),
    "104": (2, "07", 3_000),
}


@pytest.fixture
def peers(demo_db):
    loans = Indicator.objects.get(code="konsernin-velat-per-asukas")
    regions = {
        code: Area.objects.create(kind="region", code=code, name={"fi": f"Maakunta {code}"})
        for code in ("07", "09")
    }
    heinola = Area.objects.get(kind="municipality", code="111")
    heinola.size_class, heinola.region = 4, regions["07"]
    heinola.save()
    rows = []
    for code, (size_class, region, value) in OTHERS.items():
        area = Area.objects.create(
            kind="municipality",
            code=code,
            name={"fi": f"Kunta {code}"},
            size_class=size_class,
            region=regions[region],
        )
        rows.append(ObservationRow(loans.data_id, area.pk, parse_period("2019"), Decimal(value)))
    observations_upsert(rows=rows, source_kind="import")
    return heinola


def page(client, query=""):
    response = client.get(URL + query, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.content.decode()


def test_group_loans_per_resident_beside_the_size_class(admin_client, peers):
    assert Indicator.objects.get(code="konsernin-velat-per-asukas").compare == "level"
    html = page(admin_client)
    # Size class 4 in 2019 by level, lower is better: 103 4,000, 142 5,000, 101 6,000,
    # Heinola 7,112, 102 8,000, 098 9,000 → rank 4 of 6; median (6,000 + 7,112) / 2 = 6,556.
    assert "Compared: the value itself." in html
    assert (
        "In 2019: rank 4 of 6 municipalities of the same size class with a value"
        " (median 6,556)." in html
    )
    assert "Kunta 098" in html and "Kunta 316" not in html
    assert '<tr><th scope="row"><span lang="fi">Kunta 102</span></th><td>8,000</td></tr>' in html
    # The whole country adds 104 3,000 and 316 10,000: Heinola is 5th of 8.
    assert "In the whole country: rank 5 of 8." in html


def test_group_loans_per_resident_beside_the_region(admin_client, peers):
    html = page(admin_client, "?vertailu=region")
    # Region 07 in 2019, lower is better: 104 3,000, 142 5,000, 101 6,000, Heinola 7,112,
    # 102 8,000, 316 10,000 → rank 4 of 6; median (6,000 + 7,112) / 2 = 6,556.
    assert "rank 4 of 6 municipalities of the same region with a value (median 6,556)" in html
    assert "Kunta 316" in html and "Kunta 098" not in html
