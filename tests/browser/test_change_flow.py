"""The strategy lead changes a target by decision and finds it in the change log and on the
indicator page; a goal owner's proposal is accepted by the strategy lead. Axe on every page of
the flow, the public change log too."""

import pytest
from django.utils import timezone

from mittaristo.strategy.models import Goal, Proposal, Target

from .conftest import assert_accessible, csp_violations
from .test_review_flow import log_in_demo, log_out

DECISION = "Kv 12.3.2026 § 18"
PROPOSAL_DECISION = "Kh 14.4.2026 § 52"


@pytest.fixture
def demo(demo_committed):
    """The demo, committed for the live server."""


def test_the_strategy_lead_changes_a_target_and_sees_it_in_the_change_log(page, demo):
    target = Target.objects.select_related("indicator").order_by("pk").first()
    code, year = target.indicator.code, target.year
    log_in_demo(page, "strategia")
    page.goto(f"/app/mittarit/{code}/")
    with page.expect_navigation():
        page.locator(f'a[href="/app/mittarit/{code}/tavoitetaso/{year}/muuta/"]').click()
    assert_accessible(page)
    page.locator("#id_value").fill("12345")
    page.locator("#id_effective").fill(timezone.localdate().strftime("%d.%m.%Y"))
    page.locator("#id_reason").fill("Talousarvion tavoitetaso")
    page.locator("#id_decision").fill(DECISION)
    with page.expect_navigation():
        page.locator("form.form button[type=submit]:not([name=confirm])").click()
    # The preview: before → after, nothing saved yet.
    assert page.locator(".preview td.after").first.inner_text() == "12\xa0345"
    assert_accessible(page)
    target.refresh_from_db()
    assert target.value != 12345
    with page.expect_navigation():
        page.locator("button[name=confirm]").click()
    assert page.url.endswith(f"/app/mittarit/{code}/")
    recent = page.locator(".recent-changes").inner_text()
    assert DECISION in recent and "12\xa0345" in recent
    assert_accessible(page)
    page.goto("/app/muutokset/")
    log = page.locator(".change-log").inner_text()
    assert DECISION in log and "Talousarvion tavoitetaso" in log and "12\xa0345" in log
    assert "Strategiavastaava (demo)" in log  # who made it
    assert_accessible(page)
    page.goto(f"/app/muutokset/?mittari={code}")
    assert DECISION in page.locator(".change-log").inner_text()
    assert_accessible(page)
    goal = Goal.objects.filter(aim__strategy=target.indicator.strategy).first()
    page.goto(f"/app/tavoitteet/{goal.code}/muuta/")
    assert_accessible(page)
    # The public change log: the published strategy's changes, no person.
    page.goto("/muutokset/")
    assert "Strategiavastaava" not in page.locator("main").inner_text()
    assert_accessible(page)
    assert csp_violations(page) == []


def test_a_goal_owners_proposal_is_accepted_by_the_strategy_lead(page, demo):
    """The goal owner proposes a target change; the strategy lead accepts it by a decision, and
    it shows on the indicator page and in the change log like any change by decision."""
    target = (
        Target.objects.filter(indicator__goals__owner__username="omistaja")
        .select_related("indicator")
        .order_by("pk")
        .first()
    )
    code, year = target.indicator.code, target.year
    log_in_demo(page, "omistaja")
    page.goto(f"/app/mittarit/{code}/")
    with page.expect_navigation():
        page.locator(f'a[href="/app/mittarit/{code}/tavoitetaso/{year}/ehdota/"]').click()
    assert page.locator("#id_effective").count() == 0  # the decision is the lead's to give
    page.locator("#id_value").fill("23456")
    page.locator("#id_reason").fill("Uusi palveluverkkoselvitys")
    with page.expect_navigation():
        page.locator("form.form button[type=submit]:not([name=confirm])").click()
    assert page.locator(".preview td.after").first.inner_text() == "23\xa0456"
    assert_accessible(page)
    with page.expect_navigation():
        page.locator("button[name=confirm]").click()
    assert page.url.endswith("/app/tehtavat/")
    proposal = Proposal.objects.latest("pk")
    mine = page.locator(
        "#my-proposals li", has=page.locator(f'a[href="/app/ehdotukset/{proposal.pk}/"]')
    )
    assert mine.count() == 1
    assert_accessible(page)
    target.refresh_from_db()
    assert target.value != 23456  # a proposal changes nothing
    log_out(page)

    waiting = Proposal.objects.open().count()  # the demo's example proposal is open too
    assert waiting >= 1
    log_in_demo(page, "strategia")
    page.goto("/app/tehtavat/")
    assert page.locator("header .nav-wide .nav-count").inner_text().startswith(str(waiting))
    with page.expect_navigation():
        page.locator(f'#proposals-to-decide a[href="/app/ehdotukset/{proposal.pk}/"]').click()
    assert page.locator(".preview td.after").first.inner_text() == "23\xa0456"
    assert page.locator("#id_reason").input_value() == "Uusi palveluverkkoselvitys"
    assert_accessible(page)
    page.locator("#id_effective").fill(timezone.localdate().strftime("%d.%m.%Y"))
    page.locator("#id_decision").fill(PROPOSAL_DECISION)
    with page.expect_navigation():
        page.locator("button[name=accept]").click()
    assert page.url.endswith(f"/app/mittarit/{code}/")
    recent = page.locator(".recent-changes").inner_text()
    assert PROPOSAL_DECISION in recent and "23\xa0456" in recent
    page.goto(f"/app/muutokset/?mittari={code}")
    log = page.locator(".change-log").inner_text()
    assert PROPOSAL_DECISION in log and "Uusi palveluverkkoselvitys" in log and "23\xa0456" in log
    assert_accessible(page)
    # One fewer to decide.
    assert page.locator("header .nav-wide .nav-count").count() == (1 if waiting > 1 else 0)
    if waiting > 1:
        assert page.locator("header .nav-wide .nav-count").inner_text().startswith(str(waiting - 1))
    target.refresh_from_db()
    assert target.value == 23456
    assert csp_violations(page) == []
    log_out(page)
    log_in_demo(page, "omistaja")
    page.goto("/app/tehtavat/")
    # Accepted: the proposer sees the state (its word in their language, hence the class).
    state = page.locator(
        "#my-proposals li", has=page.locator(f'a[href="/app/ehdotukset/{proposal.pk}/"]')
    )
    assert state.locator(".proposal-state").inner_text() in ("hyväksytty", "accepted")
