"""The internal goal and indicator pages: live statuses, cascade, peers, a fixed query count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_db):
    """The demo, built once per session (tests/demo_snapshot.py)."""


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


def test_indicator_page_gives_no_rank_among_too_few_peers(admin_client, demo):
    """Three municipalities of a size class, each with jobs and population in 2023: a rank
    among three is not a comparison (at least five are needed), so none is given. The ranks,
    chart and table of a large enough group: tests/web/test_peer_method.py."""
    from decimal import Decimal

    from mittaristo.core.models import Area
    from mittaristo.core.periods import parse_period
    from mittaristo.observations.services import ObservationRow, observations_upsert
    from mittaristo.strategy.models import Indicator

    jobs, population = (Indicator.objects.get(code=c) for c in ("tyopaikat", "vakiluku"))
    heinola = Area.objects.get(kind="municipality", code="111")
    heinola.size_class = 4
    heinola.save()
    rows = [ObservationRow(population.data_id, heinola.pk, parse_period("2023"), Decimal(17_800))]
    for code, value, people in [("142", "4000", 10_000), ("098", "7000", 25_000)]:
        area = Area.objects.create(
            kind="municipality", code=code, name={"fi": f"Kunta {code}"}, size_class=4
        )
        rows.append(ObservationRow(jobs.data_id, area.pk, parse_period("2023"), Decimal(value)))
        rows.append(
            ObservationRow(population.data_id, area.pk, parse_period("2023"), Decimal(people))
        )
    observations_upsert(rows=rows, source_kind="import")
    html = admin_client.get("/app/mittarit/tyopaikat/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Compared: jobs per 1,000 residents" in html
    assert "No comparable year: there is no year in which both City of Heinola" in html
    assert "of the 3 municipalities of its peer group" in html and "No rank is given." in html
    assert 'id="peer-spec"' not in html and "rank 1 of" not in html
