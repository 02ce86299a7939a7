"""The strategy lead changes a target by decision and finds it in the change log and on the
indicator page. Axe on every page of the flow, the public change log too."""

import pytest
from django.utils import timezone

from mittaristo.strategy.models import Goal, Target

from .conftest import assert_accessible, csp_violations
from .test_review_flow import log_in_demo

DECISION = "Kv 12.3.2026 § 18"


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
