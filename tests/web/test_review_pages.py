"""Review round pages: each role's allowed steps work, each forbidden one gets 403 and
changes nothing."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from mittaristo.reviews.models import Assessment, ReviewRound
from mittaristo.reviews.services import round_open

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_db):
    users = {u.username: u for u in get_user_model().objects.all()}
    review = round_open(
        strategy=ReviewRound.objects.get().strategy,
        name="Osavuosikatsaus 1/2026",
        as_of=dt.date.today(),
        user=users["strategia"],
    )
    return users, review


def snapshot_of_rounds():
    return (
        list(ReviewRound.objects.values_list("name", "state")),
        list(Assessment.objects.values_list("state", "commentary", "status_override")),
    )


def as_user(client, user, method, url, data=None):
    client.force_login(user)
    response = getattr(client, method)(url, data or {})
    client.logout()
    return response.status_code


def test_forbidden_steps_get_403_and_change_nothing(client, demo):
    users, review = demo
    owned = review.assessments.get(goal__code="T1.1")  # owned by "omistaja"
    other = review.assessments.get(goal__code="T2.1")  # no owner: the strategy lead's
    before = snapshot_of_rounds()
    forbidden = [
        ("lukija", "post", "/app/kierrokset/", {"name": "X", "as_of": "2026-01-01"}),
        ("omistaja", "post", "/app/kierrokset/", {"name": "X", "as_of": "2026-01-01"}),
        ("lukija", "post", f"/app/arviot/{owned.pk}/", {"commentary": "x", "submit": "1"}),
        ("omistaja", "post", f"/app/arviot/{other.pk}/", {"commentary": "x", "submit": "1"}),
        ("strategia", "post", f"/app/arviot/{owned.pk}/", {"commentary": "x"}),
        ("omistaja", "post", f"/app/arviot/{owned.pk}/paata/", {"decision": "approve"}),
        ("tietovastaava", "post", f"/app/kierrokset/{review.pk}/julkaise/", {}),
        ("lukija", "post", f"/app/kierrokset/{review.pk}/julkaise/", {}),
    ]
    for username, method, url, data in forbidden:
        assert as_user(client, users[username], method, url, data) == 403, (username, url)
    assert snapshot_of_rounds() == before


def test_allowed_steps(client, demo):
    users, review = demo
    owned = review.assessments.get(goal__code="T1.1")
    # Everyone with a role reads the rounds.
    for name in ["lukija", "omistaja", "tietovastaava", "strategia"]:
        assert as_user(client, users[name], "get", f"/app/kierrokset/{review.pk}/") == 200
    # The owner submits; a status other than the computed one without justification is refused.
    data = {"commentary": "Arvio.", "status_override": "achieved", "submit": "1"}
    client.force_login(users["omistaja"])
    response = client.post(f"/app/arviot/{owned.pk}/", data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200 and "Write a justification" in response.content.decode()
    owned.refresh_from_db()
    assert owned.state == "draft" and owned.commentary == ""
    data["justification"] = "Luvut 2025 ovat jo tavoitteessa."
    assert client.post(f"/app/arviot/{owned.pk}/", data).status_code == 302
    owned.refresh_from_db()
    assert (owned.state, owned.status) == ("submitted", "achieved")
    # The lead returns it with a reason.
    client.force_login(users["strategia"])
    url = f"/app/arviot/{owned.pk}/paata/"
    assert client.post(url, {"decision": "return", "reason": "Lisää luvut."}).status_code == 302
    owned.refresh_from_db()
    assert (owned.state, owned.return_reason) == ("returned", "Lisää luvut.")
    # The lead opens a round through the form; a duplicate name is refused with a message.
    response = client.post(
        "/app/kierrokset/",
        {"name": "Tilinpäätös 2026", "kind": "financial_statement", "as_of": "2026-12-31"},
    )
    assert response.status_code == 302
    response = client.post(
        "/app/kierrokset/",
        {"name": "Tilinpäätös 2026", "kind": "financial_statement", "as_of": "2026-12-31"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "already exists" in response.content.decode()
    # Publishing before every assessment is approved says so and publishes nothing.
    response = client.post(f"/app/kierrokset/{review.pk}/julkaise/", follow=True)
    assert ReviewRound.objects.published().count() == 1  # the demo's only
