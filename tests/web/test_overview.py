"""The internal overview (/app/): the strategy as it stands now, with live statuses."""

import re
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mittaristo.demo.load import demo_load
from mittaristo.strategy.definition import read_definition
from mittaristo.strategy.definition.load import strategy_load
from mittaristo.strategy.models import GoalIndicator

pytestmark = pytest.mark.django_db
MINIMAL = Path(__file__).parent.parent / "strategy" / "fixtures" / "minimal.yaml"


def test_without_a_strategy_the_page_says_how_to_load_one(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "load-strategy" in response.content.decode()


def test_the_page_shows_heinola_in_finnish(admin_client, demo_db):
    response = admin_client.get("/app/", HTTP_ACCEPT_LANGUAGE="fi")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="fi">' in html
    assert "<h1>Hyvä kasvaa Heinolassa</h1>" in html
    for text in ["Välittäminen", "Uudistuminen", "Tuloksellisuus"]:
        assert text in html
    for aim in [
        "Hyvinvoinnin kasvu",
        "Uudistuva työ ja asuminen",
        "Vahva kaupunkiyhteisö",
        "Kestävä talous",
    ]:
        assert f">{aim}</h3>" in html
    assert html.count('<li class="goal status-card') == 12
    assert "Konsernin velat ja vastuut per asukas" in html or "konsernin velat" in html.lower()
    assert "16.5.2022" in html
    # Example targets are labelled wherever they show.
    assert html.count("example-label") >= 1
    assert 'id="example-heading"' in html


def test_the_page_uses_a_fixed_number_of_queries(admin_client, tmp_path):
    text = MINIMAL.read_text(encoding="utf-8")
    earlier = text.replace("end: 2030}", "end: 2029}").replace("year: 2030", "year: 2029")
    # Heinola's organisation, so that one organisation holds both strategies, as the demo's
    # later load replaces the shown one (two organisations would add the list's query).
    earlier = earlier.replace('code: "999"', 'code: "111"', 1)
    small_file = tmp_path / "small.yaml"
    small_file.write_text(earlier, encoding="utf-8")
    small_strategy = strategy_load(definition=read_definition(small_file)).strategy
    small_strategy.organisation.get_or_create_area()  # as Heinola's, so values are read
    with CaptureQueriesContext(connection) as small:
        assert "<h1>Testistrategia</h1>" in admin_client.get("/app/").content.decode()
    demo_load()  # Heinola's horizon reaches further, so it becomes the one shown
    with CaptureQueriesContext(connection) as large:
        assert "<h1>Hyvä kasvaa Heinolassa</h1>" in admin_client.get("/app/").content.decode()
    assert len(small) == len(large)
    with CaptureQueriesContext(connection) as unchanged:
        assert "<h1>Hyvä kasvaa Heinolassa</h1>" in admin_client.get("/app/").content.decode()
    # With nothing changed: the session, the user with their roles, the strategy's data
    # version (the organisations are kept in the process: strategy/known.py).
    sql = [q["sql"] for q in unchanged.captured_queries]
    assert len(sql) == 3, "\n".join(q[:120] for q in sql)
    assert '"django_session"' in sql[0] and '"auth_user"' in sql[1]
    assert sql[2].strip().startswith("WITH s AS")


def test_every_heinola_indicator_shows_a_status_and_its_sentence(admin_client, demo_db):
    html = admin_client.get("/app/", HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    links = GoalIndicator.objects.count()  # an indicator under two goals shows twice
    assert links == 20
    assert html.count('<p class="sentence">') == links
    assert html.count('<p class="sentence"></p>') == 0
    # Jobs: (6230/6199)^(1/4) − 1 = +0.125 % a year; the example target needs
    # (6400/6199)^(1/11) − 1 = +0.291 % a year; R = 0.43 → off track.
    assert (
        "Työpaikkojen määrä: 6\xa0199 → 6\xa0230 työpaikkaa vuosina 2019–2023, +0,1 % vuodessa; "
        "tavoite 6\xa0400 työpaikkaa vuonna 2030 vaatisi +0,3 % vuodessa."
    ) in html
    # Each status has a word beside its icon, never colour alone (the goal cards' counts aside).
    without_counts = re.sub(r'<ul class="counts".*?</ul>', "", html, flags=re.S)
    assert without_counts.count('class="status status-') == links + 4 + 12 + 1
    assert "✗</span> jäljessä tavoitteesta" in html


STEP_OF = {
    "improving": "on_track",
    "improving_slowly": "at_risk",
    "stalling": "off_track",
    "worsening": "moving_away",
}


def test_each_goal_card_counts_its_indicators_by_status(admin_client, demo_db):
    """The card says how many of its indicators are achieved, on track, … or lack data."""
    html = admin_client.get("/app/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    cards = re.findall(
        r'<li class="goal status-card.*?</ul>\s*(?:</li>|<p class="no-ind)', html, re.S
    )
    assert len(cards) == 12
    for card in cards:
        counts = re.search(r'<ul class="counts"[^>]*>(.*?)</ul>', card, re.S)[1]
        counted = {
            status: int(n)
            for status, n in re.findall(
                r'<span class="status status-(\w+)".*?<span class="count">(\d+)</span>',
                counts,
                re.S,
            )
        }
        indicators = [
            # Statuses without a target count on the step of the same rank (evaluation/rollup.py).
            STEP_OF.get(status, status)
            for status in re.findall(
                r'<a class="indicator-name".*?<span class="status status-(\w+)"', card, re.S
            )
        ]
        assert sum(counted.values()) == len(indicators), card
        for status, n in counted.items():
            assert indicators.count(status) == n, card
