"""Peers frozen into a published snapshot, and the public indicator page that shows them."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.cache import cache

from mittaristo.core.models import Area
from mittaristo.core.periods import parse_period
from mittaristo.monitoring.peers import compare_with_peers
from mittaristo.observations.services import ObservationRow, observations_upsert
from mittaristo.reviews.models import ReviewRound
from mittaristo.reviews.services import (
    assessment_approve,
    assessment_save,
    assessment_submit,
    round_open,
    round_publish,
)

from ..monitoring.test_evaluate import moment, store

pytestmark = pytest.mark.django_db

URL = "/mittarit/mittari/"
BEFORE = moment("2024-03-01T12:00")  # recorded before the round's date, 31.3.2024
AFTER = moment("2024-05-01T12:00")  # recorded after it

# code: (size class, value in 2023, recorded); the test municipality 999 is in size class 4.
OTHERS = {
    "111": (4, "7000", BEFORE),
    "500": (4, "6500", BEFORE),
    "142": (4, "4000", BEFORE),
    "601": (4, "5000", BEFORE),
    "602": (4, "7500", BEFORE),
    "316": (2, "9000", BEFORE),  # another size class: in the country only
    "098": (4, "8000", AFTER),  # not yet known on the round's date
}


def store_others(indicator, values, when):
    rows = [
        ObservationRow(
            indicator.pk,
            Area.objects.get(kind="municipality", code=code).pk,
            parse_period("2023"),
            Decimal(value),
        )
        for code, value in values.items()
    ]
    observations_upsert(rows=rows, source_kind="import", when=when)


@pytest.fixture
def published(minimal_strategy, goal_owner, strategy_lead):
    """Testikunta (999, size class 4; 6 030 in 2022, 6 060 in 2023) and seven municipalities
    (OTHERS), published in a round as of 31.3.2024."""
    indicator = minimal_strategy.indicators.get()
    store(minimal_strategy, {"2022": "6030", "2023": "6060"}, when=BEFORE)
    own = minimal_strategy.organisation.get_or_create_area()
    own.size_class = 4
    own.save()
    for code, (size_class, value, when) in OTHERS.items():
        Area.objects.create(
            kind="municipality",
            code=code,
            size_class=size_class,
            name={"fi": f"Kunta {code}", "sv": f"Kommun {code}", "en": f"Municipality {code}"},
        )
        store_others(indicator, {code: value}, when)
    return publish_round(minimal_strategy, "Tilinpäätös 2023", goal_owner, strategy_lead)


def test_publishing_freezes_the_size_class_comparison_as_of_the_rounds_date(published):
    """Size class 4 is seven municipalities (999, 111, 500, 142, 601, 602, 098). In 2023, as
    known on 31.3.2024 (098's value came later), six of the seven have a value: at least half
    and at least five, so 2023 is compared. 602 = 7 500, 111 = 7 000, 500 = 6 500,
    999 = 6 060, 601 = 5 000, 142 = 4 000. Higher is better → rank 4 of 6; median
    (6 500 + 6 060) / 2 = 6 280. The country adds 316 = 9 000: rank 5 of 7 of the 8
    municipalities, median 6 500. Only the group is kept by name and value."""
    peers = ReviewRound.objects.published().get().snapshot["indicators"]["mittari"]["peers"]
    assert peers["method"] == "size_class" and peers["year"] == 2023
    assert peers["measure"] == "level" and peers["ranked"] is True
    assert peers["window"] is None and peers["population"] is None and peers["band"] is None
    assert peers["area"] == {"key": "KU999", "name": {"fi": "Testikunta"}}
    assert peers["group"] == {"rank": 4, "count": 6, "median": "6280", "size": 7, "left_out": 1}
    assert peers["country"] == {"rank": 5, "count": 7, "median": "6500", "size": 8, "left_out": 1}
    assert [(v["area"], v["value"]) for v in peers["values"]] == [
        ("KU602", "7500"),
        ("KU111", "7000"),
        ("KU500", "6500"),
        ("KU999", "6060"),
        ("KU601", "5000"),
        ("KU142", "4000"),
    ]
    assert peers["values"][1]["name"] == {
        "fi": "Kunta 111",
        "sv": "Kommun 111",
        "en": "Municipality 111",
    }
    text = json.dumps(peers, ensure_ascii=False)
    assert "316" not in text and "098" not in text and "omistaja" not in text


def test_the_public_page_shows_the_frozen_comparison_in_the_readers_language(client, published):
    en = client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<h2 id="peers-heading">Compared with peer municipalities</h2>' in en
    assert "Compared: the value itself." in en
    assert (
        "In 2023: rank 4 of 6 municipalities of the same size class with a value"
        " (median 6,280)." in en
    )
    assert (
        "Left out for want of a value to compare in 2023: 1 of the 7 municipalities of the"
        " group." in en
    )
    assert "In the whole country: rank 5 of 7. Median of all municipalities: 6,500." in en
    assert 'id="peer-spec"' in en and "Testikunta and its peers in 2023" in en
    assert '<th scope="col">Persons</th>' in en  # the level, in the indicator's unit
    assert '<tr><th scope="row">Municipality 111</th><td>7,000</td></tr>' in en
    assert "Municipality 316" not in en and "Municipality 098" not in en
    assert '<select name="vertailu"' not in en  # the size class only, no form
    sv = client.get(URL, HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert (
        "År 2023: plats 4 av 6 kommuner i samma storleksklass med ett värde (median 6\xa0280)."
        in sv
    )
    assert '<tr><th scope="row">Kommun 142</th><td>4\xa0000</td></tr>' in sv
    fi = client.get(URL, HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert (
        "Vuonna 2023: sija 4/6 saman kokoluokan kunnista, joilla on arvo (mediaani 6\xa0280)." in fi
    )
    assert "Koko maassa: sija 5/7." in fi and "Kunta 500" in fi


def test_later_values_of_other_municipalities_do_not_change_the_published_page(
    client, published, minimal_strategy, goal_owner, strategy_lead
):
    def main(html):
        return html[html.index("<main") : html.index("</main>")]

    before = main(client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode())
    indicator = minimal_strategy.indicators.get()
    # 142 revised to 9 500 and 316 moved into size class 4; 098's 8 000 is known by now. Live,
    # Testikunta (6 060) would be 7th of 8 in its size class (only 601's 5 000 is lower).
    store_others(indicator, {"142": "9500"}, None)
    Area.objects.filter(code="316").update(size_class=4)
    live = compare_with_peers(indicator, Area.objects.get(kind="municipality", code="999"))
    assert (live.in_group.rank, live.in_group.count) == (7, 8)
    # A draft round opened after the publication shows nothing of its own.
    round_open(
        strategy=minimal_strategy, name="Luonnoskierros", as_of=dt.date.today(), user=strategy_lead
    )
    cache.clear()  # the page is read from the snapshot again, not from the cached fragment
    after = main(client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode())
    assert after == before
    assert "rank 4 of 6 municipalities of the same size class with a value (median 6,280)" in after
    assert "<td>4,000</td>" in after and "9,500" not in after and "Luonnoskierros" not in after


def test_a_snapshot_published_before_peers_were_kept_still_renders(client, published):
    snapshot = published.snapshot
    for indicator in snapshot["indicators"].values():
        del indicator["peers"]
    ReviewRound.objects.filter(pk=published.pk).update(snapshot=snapshot)
    response = client.get(f"/kierrokset/{published.pk}/mittarit/mittari/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Mittari</h1>" in html and 'id="chart-spec"' in html
    assert "peers-heading" not in html and 'id="peer-spec"' not in html


def test_a_snapshot_published_before_the_measure_was_kept_renders_as_it_did(client, published):
    """Such a snapshot (version 1 of the record) compared the level, with no measure, sizes
    or left-out counts; its upgrader says so (monitoring/records/upgrade.py)."""
    snapshot = published.snapshot
    # Written as version 1 wrote it: the area by its key, no plans, no due dates.
    snapshot["version"] = 1
    snapshot["area"] = snapshot["area"]["key"]
    for key in ("as_of", "evaluated_on", "plans"):
        del snapshot[key]
    for indicator in snapshot["indicators"].values():
        for key in ("due", "due_basis", "base_year", "latest_year", "total"):
            del indicator[key]
    for aim in snapshot["aims"]:
        del aim["description"]
    peers = snapshot["indicators"]["mittari"]["peers"]
    for key in ("measure", "window", "since", "population", "band", "ranked"):
        del peers[key]
    for standing in (peers["group"], peers["country"]):
        del standing["size"], standing["left_out"]
    ReviewRound.objects.filter(pk=published.pk).update(snapshot=snapshot)
    response = client.get(
        f"/kierrokset/{published.pk}/mittarit/mittari/", HTTP_ACCEPT_LANGUAGE="en"
    )
    html = response.content.decode()
    assert "Compared: the value itself." in html
    assert (
        "In 2023: rank 4 of 6 municipalities of the same size class with a value (median 6,280)."
        in html
    )
    assert "In the whole country: rank 5 of 7. Median of all municipalities: 6,500." in html
    assert "left out" not in html.lower()
    assert 'id="peer-spec"' in html


def test_a_count_is_frozen_per_resident_with_its_measure_and_group(
    client, minimal_strategy, goal_owner, strategy_lead, published
):
    """The same round published anew with "mittari" compared per 1,000 residents, the
    population 2023 of each (Area.population: no population series in this strategy)."""
    from mittaristo.strategy.models import Indicator

    Indicator.objects.filter(code="mittari").update(compare="per_resident")
    people = {"999": 20_000, "111": 35_000, "500": 13_000, "142": 10_000, "601": 25_000}
    for code, residents in {**people, "602": 30_000, "316": 60_000}.items():
        Area.objects.filter(kind="municipality", code=code).update(population=residents)
    review = publish_round(minimal_strategy, "Uusi kierros", goal_owner, strategy_lead)
    peers = review.snapshot["indicators"]["mittari"]["peers"]
    # Per 1,000 residents in 2023: 142 1000 × 4 000 / 10 000 = 400, 999 6 060 / 20 = 303,
    # 602 7 500 / 30 = 250, 500 6 500 / 13 = 500, 601 5 000 / 25 = 200, 111 7 000 / 35 = 200.
    # 500, 142, 999, 602, 111 = 601: Testikunta is 3rd of 6 (4th by level); median
    # (303 + 250) / 2 = 276.5.
    assert (peers["measure"], peers["population"], peers["year"]) == (
        "per_resident",
        "latest",
        2023,
    )
    assert peers["group"] == {"rank": 3, "count": 6, "median": "276.5", "size": 7, "left_out": 1}
    assert [v["value"] for v in peers["values"]] == ["500", "400", "303", "250", "200", "200"]
    en = client.get(f"/kierrokset/{review.pk}/mittarit/mittari/", HTTP_ACCEPT_LANGUAGE="en")
    html = en.content.decode()
    assert "Compared: persons per 1,000 residents. The data hold no yearly population" in html
    assert "rank 3 of 6 municipalities of the same size class with a value (median 276.5)" in html
    assert '<th scope="col">Persons per 1,000 residents</th>' in html
    assert "<td>303</td>" in html


def publish_round(strategy, name, goal_owner, strategy_lead):
    """A round as of 31.3.2024, every assessment written, approved, and the round published."""
    review = round_open(
        strategy=strategy, name=name, as_of=dt.date(2024, 3, 31), user=strategy_lead
    )
    for assessment in review.assessments.all():
        assessment_save(assessment=assessment, user=goal_owner, commentary="Arvio.")
        assessment_submit(assessment=assessment, user=goal_owner)
        assessment_approve(assessment=assessment, user=strategy_lead)
    return round_publish(review=review, user=strategy_lead)
