"""A goal owner's proposals: who may propose, the preview, withdrawing, and the strategy lead's
acceptance (one revision) or return (with a reply), each once."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from mittaristo.strategy.models import Goal, Proposal, Revision, Target

pytestmark = pytest.mark.django_db

PROPOSE_TARGET = "/app/mittarit/mittari/tavoitetaso/2030/ehdota/"
PROPOSE_GOAL = "/app/tavoitteet/T2/ehdota/"
CHANGE_TARGET = "/app/mittarit/mittari/tavoitetaso/2030/muuta/"
EDIT = {"year": "2030", "value": "6 400", "milestones": "2026 6100\n2028 6300"}
REASON = "Uusi väestöennuste"
DECISION = {"effective": "12.3.2025", "reason": REASON, "decision": "Kv 12.3.2025 § 18"}


def post(client, path, data=None):
    return client.post(path, data or {}, HTTP_ACCEPT_LANGUAGE="en")


def get(client, path):
    return client.get(path, HTTP_ACCEPT_LANGUAGE="en")


def propose(client, owner, **changes):
    client.force_login(owner)
    response = post(client, PROPOSE_TARGET, {**EDIT, "reason": REASON, "confirm": "1", **changes})
    assert response.status_code == 302, response.content.decode()
    return Proposal.objects.latest("pk")


def test_the_goal_owner_previews_and_sends_a_proposal_that_changes_nothing_yet(client, goal_owner):
    client.force_login(goal_owner)
    assert PROPOSE_TARGET in get(client, "/app/mittarit/mittari/").content.decode()
    assert PROPOSE_GOAL in get(client, "/app/tavoitteet/T2/").content.decode()
    form = get(client, PROPOSE_TARGET).content.decode()
    assert 'name="reason"' in form
    assert 'name="effective"' not in form and 'name="decision"' not in form
    preview = post(client, PROPOSE_TARGET, {**EDIT, "reason": REASON}).content.decode()
    assert '<td class="before">6,200</td><td class="after">6,400</td>' in preview
    assert f"Proposed because: {REASON}" in preview and "Send the proposal" in preview
    assert not Proposal.objects.exists()
    response = post(client, PROPOSE_TARGET, {**EDIT, "reason": REASON, "confirm": "1"})
    assert response.status_code == 302 and response["Location"] == "/app/tehtavat/"
    proposal = Proposal.objects.get()
    assert (proposal.state, proposal.proposed_by, proposal.goal.code) == ("open", goal_owner, "T1")
    assert proposal.proposed["value"] == "6400" and proposal.base["value"] == "6200"
    assert proposal.proposed["milestones"] == {"2026": "6100", "2028": "6300"}
    assert Target.objects.get().value == 6200  # nothing changed yet
    tasks = get(client, "/app/tehtavat/").content.decode()
    assert "My proposals" in tasks and "The target 2030 of" in tasks and "open" in tasks


def test_the_reason_is_required_and_a_proposal_must_change_something(client, goal_owner):
    client.force_login(goal_owner)
    missing = post(client, PROPOSE_TARGET, {**EDIT, "confirm": "1"}).content.decode()
    assert "This field is required." in missing
    same = post(
        client,
        PROPOSE_TARGET,
        {**EDIT, "value": "6200", "milestones": "2026 6100", "reason": REASON, "confirm": "1"},
    ).content.decode()
    assert "Nothing would change." in same
    late = post(client, PROPOSE_TARGET, {**EDIT, "year": "2040", "reason": REASON}).content
    assert "within the strategy&#x27;s horizon" in late.decode()
    assert not Proposal.objects.exists()


def test_nobody_but_the_goals_owner_may_propose(
    client, minimal_strategy, goal_owner, viewer, steward, strategy_lead, outsider
):
    # T1 has an owner: not the viewer, the steward, the strategy lead, nor the outsider.
    for person in (viewer, steward, strategy_lead, outsider):
        client.force_login(person)
        for path in (PROPOSE_TARGET, "/app/tavoitteet/T1/ehdota/"):
            assert get(client, path).status_code == 403
            assert post(client, path, {**EDIT, "reason": REASON, "confirm": "1"}).status_code == 403
        assert PROPOSE_TARGET not in get(client, "/app/mittarit/mittari/").content.decode()
    assert not Proposal.objects.exists()
    # An indicator of a goal the owner does not own: no proposal there either.
    Goal.objects.filter(code="T1").update(owner=viewer)
    client.force_login(goal_owner)
    assert get(client, PROPOSE_TARGET).status_code == 403
    client.logout()
    assert get(client, PROPOSE_TARGET).status_code == 302  # to the login


def test_the_strategy_lead_accepts_a_proposal_as_one_revision(client, goal_owner, strategy_lead):
    proposal = propose(client, goal_owner)
    client.force_login(strategy_lead)
    tasks = get(client, "/app/tehtavat/").content.decode()
    assert "Proposals to decide" in tasks and f"/app/ehdotukset/{proposal.pk}/" in tasks
    # The count in the navigation.
    assert '<span class="nav-count">1<span class="visually-hidden"> proposal to decide' in tasks
    page = get(client, f"/app/ehdotukset/{proposal.pk}/").content.decode()
    assert '<td class="before">6,200</td><td class="after">6,400</td>' in page
    assert f'value="{REASON}"' in page  # the reason to start from
    assert "has changed since" not in page
    revisions = Revision.objects.count()
    for missing in ("effective", "reason", "decision"):
        html = post(client, f"/app/ehdotukset/{proposal.pk}/hyvaksy/", {**DECISION, missing: ""})
        assert "This field is required." in html.content.decode()
    assert Revision.objects.count() == revisions and Target.objects.get().value == 6200
    response = post(client, f"/app/ehdotukset/{proposal.pk}/hyvaksy/", DECISION)
    assert response.status_code == 302 and response["Location"] == "/app/mittarit/mittari/"
    target = Target.objects.get()
    assert target.value == 6400
    assert {ms.year: ms.value for ms in target.milestones.all()} == {2026: 6100, 2028: 6300}
    assert Revision.objects.count() == revisions + 1
    revision = Revision.objects.order_by("-effective").first()
    assert revision.reason == f"Proposed by the goal owner: {REASON}"
    assert (revision.decision_ref, revision.user) == ("Kv 12.3.2025 § 18", strategy_lead)
    assert timezone.localdate(revision.effective) == dt.date(2025, 3, 12)
    proposal.refresh_from_db()
    assert (proposal.state, proposal.decided_by, proposal.revision) == (
        "accepted",
        strategy_lead,
        revision,
    )
    assert 'class="nav-count"' not in get(client, "/app/tehtavat/").content.decode()
    log = get(client, "/app/muutokset/?mittari=mittari").content.decode()
    assert "Proposed by the goal owner: Uusi väestöennuste" in log and "Kv 12.3.2025 § 18" in log
    # Decided once: a second submit changes nothing and says why.
    again = client.post(
        f"/app/ehdotukset/{proposal.pk}/hyvaksy/", DECISION, HTTP_ACCEPT_LANGUAGE="en", follow=True
    ).content.decode()
    assert "The proposal is no longer open: it was accepted." in again
    assert Revision.objects.count() == revisions + 1
    assert post(client, f"/app/ehdotukset/{proposal.pk}/palauta/", {"reply": "Ei"}).status_code
    assert Proposal.objects.get().state == "accepted"
    client.force_login(goal_owner)
    assert "accepted" in get(client, "/app/tehtavat/").content.decode()


def test_a_goal_owner_cannot_accept_or_return(client, goal_owner, viewer):
    proposal = propose(client, goal_owner)
    for person in (goal_owner, viewer):
        client.force_login(person)
        accept = post(client, f"/app/ehdotukset/{proposal.pk}/hyvaksy/", DECISION)
        assert accept.status_code == 403
        returned = post(client, f"/app/ehdotukset/{proposal.pk}/palauta/", {"reply": "x"})
        assert returned.status_code == 403
    assert (
        "Accept by a decision"
        not in get(client, f"/app/ehdotukset/{proposal.pk}/").content.decode()
    )
    client.force_login(viewer)  # not the proposer, not the lead, not the goal's owner
    assert get(client, f"/app/ehdotukset/{proposal.pk}/").status_code == 403
    assert post(client, f"/app/ehdotukset/{proposal.pk}/peru/").status_code == 403
    assert Proposal.objects.get().state == "open" and Target.objects.get().value == 6200


def test_the_strategy_lead_returns_a_proposal_with_a_reply(client, goal_owner, strategy_lead):
    proposal = propose(client, goal_owner)
    client.force_login(strategy_lead)
    empty = post(client, f"/app/ehdotukset/{proposal.pk}/palauta/", {"reply": " "})
    assert "This field is required." in empty.content.decode()
    assert Proposal.objects.get().state == "open"
    reply = "Odotetaan tilinpäätöstä."
    response = post(client, f"/app/ehdotukset/{proposal.pk}/palauta/", {"reply": reply})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.state, proposal.reply, proposal.decided_by) == (
        "returned",
        reply,
        strategy_lead,
    )
    assert Target.objects.get().value == 6200
    client.force_login(goal_owner)
    assert reply in get(client, "/app/tehtavat/").content.decode()
    page = get(client, f"/app/ehdotukset/{proposal.pk}/").content.decode()
    assert reply in page and "Withdraw the proposal" not in page


def test_the_proposer_withdraws_an_open_proposal(client, goal_owner, strategy_lead):
    proposal = propose(client, goal_owner)
    assert (
        "Withdraw the proposal" in get(client, f"/app/ehdotukset/{proposal.pk}/").content.decode()
    )
    assert post(client, f"/app/ehdotukset/{proposal.pk}/peru/").status_code == 302
    assert Proposal.objects.get().state == "withdrawn"
    client.force_login(strategy_lead)
    accepted = client.post(
        f"/app/ehdotukset/{proposal.pk}/hyvaksy/", DECISION, HTTP_ACCEPT_LANGUAGE="en", follow=True
    ).content.decode()
    assert "no longer open: it was withdrawn" in accepted
    assert Target.objects.get().value == 6200
    assert (
        "No proposals are waiting for a decision." in get(client, "/app/tehtavat/").content.decode()
    )


def test_the_lead_sees_plainly_that_the_target_changed_since_the_proposal(
    client, goal_owner, strategy_lead
):
    proposal = propose(client, goal_owner)
    client.force_login(strategy_lead)
    changed = {"year": "2030", "value": "6300", "milestones": "2026 6100", **DECISION}
    assert post(client, CHANGE_TARGET, {**changed, "confirm": "1"}).status_code == 302
    page = get(client, f"/app/ehdotukset/{proposal.pk}/").content.decode()
    assert "The target has changed since this proposal was made." in page
    assert '<td class="before">6,300</td><td class="after">6,400</td>' in page  # against now
    later = {**DECISION, "effective": "13.3.2025"}
    assert post(client, f"/app/ehdotukset/{proposal.pk}/hyvaksy/", later).status_code == 302
    assert Target.objects.get().value == 6400


def test_an_acceptance_that_breaks_a_rule_changes_nothing(client, goal_owner, strategy_lead):
    proposal = propose(client, goal_owner)
    client.force_login(strategy_lead)
    early = post(
        client, f"/app/ehdotukset/{proposal.pk}/hyvaksy/", {**DECISION, "effective": "1.1.2020"}
    ).content.decode()
    assert "the latest recorded change of the strategy took effect on" in early
    assert Proposal.objects.get().state == "open" and Target.objects.get().value == 6200


def test_the_goal_owner_proposes_new_texts_and_the_lead_accepts(client, goal_owner, strategy_lead):
    client.force_login(goal_owner)
    data = {"name_fi": "Tarkennettu tavoite", "name_en": "A refined goal", "reason": REASON}
    preview = post(client, PROPOSE_GOAL, data).content.decode()
    assert '<td class="before">Toinen tavoite</td><td class="after">Tarkennettu tavoite</td>' in (
        preview
    )
    assert post(client, PROPOSE_GOAL, {**data, "confirm": "1"}).status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.kind == "goal" and proposal.target is None
    client.force_login(strategy_lead)
    assert post(client, f"/app/ehdotukset/{proposal.pk}/hyvaksy/", DECISION).status_code == 302
    goal = Goal.objects.get(code="T2")
    assert goal.name == {"fi": "Tarkennettu tavoite", "en": "A refined goal"}
    assert goal.history.first().history_change_reason == f"Proposed by the goal owner: {REASON}"


def test_two_decisions_on_one_proposal_at_once_change_it_once(goal_owner, strategy_lead, client):
    """Both read the proposal open; the second finds it decided (a conditional update)."""
    from mittaristo.strategy import proposals
    from mittaristo.strategy.services import Decision

    made = propose(client, goal_owner)
    first, second = Proposal.objects.get(pk=made.pk), Proposal.objects.get(pk=made.pk)
    decision = Decision(dt.date(2025, 3, 12), REASON, "Kv 12.3.2025 § 18")
    proposals.proposal_accept(proposal=first, decision=decision, user=strategy_lead)
    revisions = Revision.objects.count()
    with pytest.raises(ValidationError, match="no longer open"):
        proposals.proposal_accept(proposal=second, decision=decision, user=strategy_lead)
    with pytest.raises(ValidationError, match="no longer open"):
        proposals.proposal_return(proposal=second, reply="Ei", user=strategy_lead)
    assert Revision.objects.count() == revisions
    assert Proposal.objects.get().state == "accepted"
