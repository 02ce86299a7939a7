"""The page "What needs attention", through its URLs: internal (live, a round, as of a date)
and public (published rounds only, through web.published, no person named), the order the
record gives, the changes since the previous round, and the languages."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from mittaristo.monitoring.attention import needs_attention
from mittaristo.reviews.models import ReviewRound
from mittaristo.reviews.snapshot import read_snapshot
from mittaristo.strategy.models import Goal

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_db):
    """The demo's published round."""
    return ReviewRound.objects.get()


def main_part(html: str) -> str:
    return html[html.index("<main") : html.index("</main>")]


def ids_in_order(html: str, kind: str) -> list[str]:
    return re.findall(rf'<li id="{kind}-([^"]+)" class="attention-item', html)


def test_the_public_page_lists_in_the_records_order(client, demo):
    found = needs_attention(read_snapshot(demo))
    html = main_part(client.get("/huomio/", HTTP_ACCEPT_LANGUAGE="en").content.decode())
    assert "<h1>What needs attention</h1>" in html
    assert ids_in_order(html, "goal") == [item.code for item in found.goals]
    assert ids_in_order(html, "indicator") == [item.code for item in found.indicators]
    # The demo's worst indicator first: the resident survey moving away fastest (R = −17.9).
    assert ids_in_order(html, "indicator")[0] == "asukaskokemuskysely"
    assert "Ordered by status, the worst first" in html
    assert "Not ranked" in html and "No values yet" in html
    assert "example-label" in html  # the round and its targets are example data
    # Links stay on the public site.
    assert 'href="/mittarit/asukaskokemuskysely/"' in html and "/app/" not in html


def test_the_public_page_names_no_person(client, demo):
    owners = {g.owner.get_full_name() for g in Goal.objects.exclude(owner=None)}
    owners |= {g.owner.username for g in Goal.objects.exclude(owner=None)}
    assert owners
    html = client.get("/huomio/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Esimerkkiarvio" in html  # the approved (example) assessments are shown
    for name in owners:
        assert name not in main_part(html)
    assert "Owner" not in main_part(html)


def test_an_unpublished_round_is_not_public(client, demo):
    draft = ReviewRound.objects.create(
        strategy=demo.strategy, name="Luonnos", as_of=dt.date(2026, 6, 30)
    )
    assert client.get(f"/kierrokset/{draft.pk}/huomio/").status_code == 404
    assert client.get("/kierrokset/999999/huomio/").status_code == 404
    assert client.get(f"/kierrokset/{demo.pk}/huomio/").status_code == 200
    # The latest published one is the demo's, not the draft.
    assert "Luonnos" not in client.get("/huomio/").content.decode()


def test_before_any_published_round_the_public_page_says_so(client, minimal_strategy):
    html = client.get("/huomio/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "No review of this strategy has been published yet." in html


def test_changes_since_the_round_before(client, demo):
    # A round published later, whose record differs: one goal better, one value new.
    data = read_snapshot(demo).model_dump(mode="json")
    goal = data["aims"][1]["goals"][1]  # T2.2, off track in the demo
    assert goal["code"] == "T2.2" and goal["status"] == "off_track"
    goal["status"] = goal["computed_status"] = "on_track"
    jobs = data["indicators"]["tyopaikat"]
    jobs["values"].append(dict(jobs["values"][-1], period="2099", value="7000"))
    later = ReviewRound.objects.create(
        strategy=demo.strategy,
        name="Myöhempi kierros",
        as_of=dt.date(2026, 12, 31),
        state=ReviewRound.State.PUBLISHED,
        published_at=timezone.now(),
        snapshot=data,
    )
    html = main_part(client.get("/huomio/", HTTP_ACCEPT_LANGUAGE="en").content.decode())
    changes = html[html.index('id="attention-changes-heading"') :]
    assert f"Changes since {demo.name}" in changes
    assert "Goals whose status changed" in changes and "(better)" in changes
    assert "2099" in changes and "7,000" in changes
    # The earlier round compares with nothing before it.
    html = client.get(f"/kierrokset/{demo.pk}/huomio/", HTTP_ACCEPT_LANGUAGE="en").content
    assert b"No review was published before this one" in html
    assert later.pk != demo.pk


def test_the_internal_page_needs_a_role(client, outsider, demo):
    assert client.get("/app/huomio/").status_code == 302  # to the login
    client.force_login(outsider)
    assert client.get("/app/huomio/").status_code == 403


def test_the_internal_page_names_the_owners_and_chooses_the_evaluation(admin_client, demo):
    html = main_part(admin_client.get("/app/huomio/", HTTP_ACCEPT_LANGUAGE="en").content.decode())
    assert "<h1>What needs attention</h1>" in html and "The latest figures, judged on" in html
    listed = set(ids_in_order(html, "goal"))
    owned = Goal.objects.filter(code__in=listed).exclude(owner=None).select_related("owner")
    assert owned, "a goal needing attention has an owner in the demo"
    for goal in owned:
        assert (goal.owner.get_full_name() or goal.owner.username) in html
    assert 'href="/app/mittarit/tyopaikat/"' in html
    # The published round, as the public sees it, in the same order.
    by_round = admin_client.get(f"/app/huomio/?kierros={demo.pk}").content.decode()
    found = needs_attention(read_snapshot(demo))
    assert ids_in_order(by_round, "indicator") == [item.code for item in found.indicators]
    # An open round: its date, and the assessments approved so far.
    draft = ReviewRound.objects.create(
        strategy=demo.strategy, name="Avoin kierros", as_of=dt.date(2026, 6, 30)
    )
    html = admin_client.get(f"/app/huomio/?kierros={draft.pk}", HTTP_ACCEPT_LANGUAGE="en")
    assert b"not published: the assessments approved so far" in html.content
    # As of a date; a round and a date at once is refused in words.
    html = admin_client.get("/app/huomio/?ajankohta=2025-03-01", HTTP_ACCEPT_LANGUAGE="en")
    assert html.status_code == 200 and b"figures as known on" in html.content
    both = admin_client.get(
        f"/app/huomio/?kierros={demo.pk}&ajankohta=2025-03-01", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert b"Choose a review round or a date, not both." in both.content


def test_linked_from_the_overview_the_round_and_the_public_front(admin_client, client, demo):
    assert 'href="/app/huomio/"' in admin_client.get("/app/").content.decode()
    round_page = admin_client.get(f"/app/kierrokset/{demo.pk}/").content.decode()
    assert f'href="/app/huomio/?kierros={demo.pk}"' in round_page
    assert 'href="/huomio/"' in client.get("/").content.decode()
    assert (
        f'href="/kierrokset/{demo.pk}/huomio/"'
        in client.get(f"/kierrokset/{demo.pk}/").content.decode()
    )


@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("en", "What needs attention"),
        ("fi", "Mikä vaatii huomiota"),
        ("sv", "Vad kräver uppmärksamhet"),
    ],
)
def test_the_page_in_each_language(client, demo, language, heading):
    html = client.get("/huomio/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f'<html lang="{language}">' in html
    if language == "en":  # the Finnish and Swedish catalogues come when the lead merges
        assert f"<h1>{heading}</h1>" in html
    # The record's own texts are in the reader's language (the demo has all three).
    sentence = read_snapshot(demo).indicators["tyopaikat"].sentence
    assert sentence[language] in html


def test_the_public_page_is_cached_per_round_and_language(client, demo):
    """A published round never changes: a second reader gets the page without a snapshot
    being read, and a round published later shows at once (the key names the rounds)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = main_part(client.get("/huomio/", HTTP_ACCEPT_LANGUAGE="en").content.decode())
    with CaptureQueriesContext(connection) as queries:
        again = main_part(client.get("/huomio/", HTTP_ACCEPT_LANGUAGE="en").content.decode())
    assert again == first
    assert not any('"snapshot"' in q["sql"] for q in queries.captured_queries)
    ReviewRound.objects.create(
        strategy=demo.strategy,
        name="Myöhempi kierros",
        as_of=dt.date(2026, 12, 31),
        state=ReviewRound.State.PUBLISHED,
        published_at=timezone.now(),
        snapshot=demo.snapshot,
    )
    later = client.get("/huomio/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Myöhempi kierros" in later and f"Changes since {demo.name}" in later
