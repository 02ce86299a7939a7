"""The internal goal and indicator pages: live statuses, cascade, peers, a fixed query count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mittaristo.core.demo import demo_load

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    demo_load()


def test_goal_page(admin_client, demo):
    html = admin_client.get("/app/tavoitteet/T2.2/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<h1>" in html and 'href="/app/mittarit/tyopaikat/"' in html
    assert "+0.1 % a year" in html  # the jobs sentence
    assert "Plans that serve this goal" in html
    assert "Esimerkkikierros: Tilinpäätös 2025" in html  # the latest assessment's round
    # Jobs: latest 2023, so 2024 is due by Statistics Finland's calendar around 16.2.2026.
    assert "next value due Feb 16, 2026" in html
    assert "published by Statistics Finland around February 16" in html
    assert admin_client.get("/app/tavoitteet/T9.9/").status_code == 404


def test_indicator_page(admin_client, demo):
    html = admin_client.get("/app/mittarit/tyopaikat/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="chart-spec"' in html and "6,199" in html
    assert "/app/vienti/?format=csv&amp;indicator=tyopaikat&amp;area=111" in html
    assert "next value due Feb 16, 2026 <span" in html  # by the calendar in the strategy file
    assert "(published by Statistics Finland around February 16)" in html
    # Only Heinola has values in the demo: one of one in its size class.
    assert "Compared with peer municipalities" in html
    assert admin_client.get("/app/mittarit/ei-ole/").status_code == 404


def test_pages_need_a_login(client, demo):
    for url in ["/app/tavoitteet/T2.2/", "/app/mittarit/tyopaikat/"]:
        assert client.get(url).status_code == 302


def test_goal_page_uses_a_fixed_number_of_queries(admin_client, demo):
    from django.core.cache import cache

    with CaptureQueriesContext(connection) as one:
        admin_client.get("/app/tavoitteet/T1.1/")  # two indicators
    cache.clear()  # both evaluated anew (the second would otherwise come from the cache)
    with CaptureQueriesContext(connection) as three:
        admin_client.get("/app/tavoitteet/T2.3/")  # three indicators
    assert len(one) == len(three)


def test_indicator_page_compares_with_peers_in_a_chart_and_a_table(admin_client, demo):
    from decimal import Decimal

    from mittaristo.core.models import Area
    from mittaristo.core.periods import parse_period
    from mittaristo.observations.services import ObservationRow, observations_upsert
    from mittaristo.strategy.models import Indicator

    jobs = Indicator.objects.get(code="tyopaikat")
    heinola = Area.objects.get(kind="municipality", code="111")
    heinola.size_class = 4
    heinola.save()
    rows = []
    for code, value in [("142", "4000"), ("098", "7000")]:
        area = Area.objects.create(
            kind="municipality", code=code, name={"fi": f"Kunta {code}"}, size_class=4
        )
        rows.append(ObservationRow(jobs.pk, area.pk, parse_period("2023"), Decimal(value)))
    observations_upsert(rows=rows, source_kind="import")
    html = admin_client.get("/app/mittarit/tyopaikat/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    # 2023: 098 = 7,000, Heinola 6,230 (example), 142 = 4,000 → rank 2 of 3, median 6,230.
    assert "rank 2 of 3 in the same size class (median 6,230)" in html
    assert 'id="peer-spec"' in html and "Kunta 098" in html
