"""Changing the strategy in the app by decision: who may, what is required, the preview."""

import datetime as dt

import pytest
from django.utils import timezone

from mittaristo.strategy.models import Goal, Revision, Target

pytestmark = pytest.mark.django_db

TARGET = "/app/mittarit/mittari/tavoitetaso/2030/muuta/"
GOAL = "/app/tavoitteet/T2/muuta/"
DECISION = {"effective": "12.3.2025", "reason": "Talousarvio 2025", "decision": "Kv 12.3.2025 § 18"}
EDIT = {"year": "2030", "value": "6 400", "milestones": "2026 6100\n2028 6300", **DECISION}


def post(client, path, data):
    return client.post(path, data, HTTP_ACCEPT_LANGUAGE="en")


def test_a_viewer_a_goal_owner_and_a_steward_cannot_change_a_target(
    client, minimal_strategy, viewer, goal_owner, steward
):
    for person in (viewer, goal_owner, steward):
        client.force_login(person)
        assert client.get(TARGET).status_code == 403
        assert post(client, TARGET, {**EDIT, "confirm": "1"}).status_code == 403
        assert client.get(GOAL).status_code == 403
    assert Target.objects.get().value == 6200
    assert not Revision.objects.filter(reason="Talousarvio 2025").exists()
    client.logout()
    assert client.get(TARGET).status_code == 302  # to the login


@pytest.mark.parametrize("missing", ["effective", "reason", "decision"])
def test_the_date_the_reason_and_the_decision_are_required(
    client, minimal_strategy, strategy_lead, missing
):
    client.force_login(strategy_lead)
    html = post(client, TARGET, {**EDIT, missing: "", "confirm": "1"}).content.decode()
    assert "This field is required." in html and 'role="alert"' in html
    assert Target.objects.get().value == 6200


def test_the_preview_shows_before_and_after_and_saves_nothing(
    client, minimal_strategy, strategy_lead
):
    client.force_login(strategy_lead)
    revisions = Revision.objects.count()
    html = post(client, TARGET, EDIT).content.decode()
    assert "Preview: nothing is saved yet" in html
    assert '<td class="before">6,200</td><td class="after">6,400</td>' in html
    assert '<td class="before">—</td><td class="after">6,300</td>' in html  # a new milestone
    assert 'name="confirm"' in html
    assert Target.objects.get().value == 6200 and Revision.objects.count() == revisions


def test_the_strategy_lead_changes_a_target_as_a_revision(client, minimal_strategy, strategy_lead):
    client.force_login(strategy_lead)
    response = post(client, TARGET, {**EDIT, "confirm": "1"})
    assert response.status_code == 302 and response["Location"] == "/app/mittarit/mittari/"
    target = Target.objects.get()
    assert target.value == 6400
    assert {ms.year: ms.value for ms in target.milestones.all()} == {2026: 6100, 2028: 6300}
    revision = Revision.objects.order_by("-effective").first()
    assert (revision.reason, revision.decision_ref, revision.user) == (
        "Talousarvio 2025",
        "Kv 12.3.2025 § 18",
        strategy_lead,
    )
    assert timezone.localdate(revision.effective) == dt.date(2025, 3, 12)
    # The history answers "what was the target on that day".
    indicator = target.indicator
    assert (
        indicator.target_for(2030, as_of=timezone.make_aware(dt.datetime(2025, 3, 11))).value
        == 6200
    )
    assert (
        indicator.target_for(2030, as_of=timezone.make_aware(dt.datetime(2025, 3, 13))).value
        == 6400
    )
    log = client.get("/app/muutokset/?mittari=mittari", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Kv 12.3.2025 § 18" in log and '6,200</span> → <span class="after">6,400' in log


def test_a_change_before_the_latest_revision_or_breaking_a_rule_is_refused(
    client, minimal_strategy, strategy_lead
):
    client.force_login(strategy_lead)
    early = post(client, TARGET, {**EDIT, "effective": "1.1.2020", "confirm": "1"}).content.decode()
    assert "the latest recorded change of the strategy took effect on" in early
    outside = post(client, TARGET, {**EDIT, "year": "2040"}).content.decode()
    assert "within the strategy&#x27;s horizon" in outside
    late = post(client, TARGET, {**EDIT, "milestones": "2031 6500"}).content.decode()
    assert "before the target year: 2031" in late
    not_number = post(client, TARGET, {**EDIT, "value": "paljon"}).content.decode()
    assert "Not a number: paljon" in not_number
    same = post(client, TARGET, {**EDIT, "value": "6200", "milestones": "2026 6100"}).content
    assert "Nothing would change." in same.decode()
    assert Target.objects.get().value == 6200


def test_the_strategy_lead_changes_a_goals_texts(client, minimal_strategy, strategy_lead):
    client.force_login(strategy_lead)
    data = {
        "name_fi": "Tarkennettu tavoite",
        "name_en": "A refined goal",
        "description_fi": "",
        **DECISION,
    }
    preview = post(client, GOAL, data).content.decode()
    assert (
        '<td class="before">Toinen tavoite</td><td class="after">Tarkennettu tavoite</td>'
        in preview
    )
    assert Goal.objects.get(code="T2").name["fi"] == "Toinen tavoite"
    assert post(client, GOAL, {**data, "name_fi": "", "confirm": "1"}).status_code == 200
    response = post(client, GOAL, {**data, "confirm": "1"})
    assert response.status_code == 302
    goal = Goal.objects.get(code="T2")
    assert goal.name == {"fi": "Tarkennettu tavoite", "en": "A refined goal"}
    assert goal.history.first().decision_ref == "Kv 12.3.2025 § 18"


def test_the_change_links_show_for_the_strategy_lead_only(
    client, minimal_strategy, strategy_lead, viewer
):
    client.force_login(viewer)
    assert TARGET not in client.get("/app/mittarit/mittari/").content.decode()
    client.force_login(strategy_lead)
    assert TARGET in client.get("/app/mittarit/mittari/").content.decode()
    assert GOAL in client.get("/app/tavoitteet/T2/").content.decode()
