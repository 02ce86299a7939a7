"""The strategy lead adds a goal to a plan of the cascade by decision: from the cascade page,
through the preview, to the cascade and the change log. Axe on every page of the flow."""

import pytest
from django.utils import timezone

from mittaristo.strategy.models import Goal, Plan, PlanGoal

from .conftest import assert_accessible, csp_violations
from .test_review_flow import log_in_demo

DECISION = "Kv 12.3.2026 § 19"


@pytest.fixture
def demo(demo_committed):
    """The demo, committed for the live server."""


def test_the_strategy_lead_adds_a_plan_goal_and_sees_it_in_the_cascade(page, demo):
    plan = Plan.objects.order_by("order", "pk").first()
    goal = Goal.objects.filter(aim__strategy=plan.strategy).order_by("pk").last()
    log_in_demo(page, "strategia")
    page.goto("/app/kaskadi/")
    assert_accessible(page)
    with page.expect_navigation():
        page.locator(f'a[href="/app/kaskadi/{plan.code}/uusi-tavoite/"]').click()
    assert_accessible(page)
    page.locator("#id_code").fill("uusi-tavoite-1")
    page.locator("#id_name_fi").fill("Selaimessa lisätty tavoite")
    page.locator("#id_serves").select_option(str(goal.pk))
    page.locator("#id_effective").fill(timezone.localdate().strftime("%d.%m.%Y"))
    page.locator("#id_reason").fill("Talousarvion muutos")
    page.locator("#id_decision").fill(DECISION)
    with page.expect_navigation():
        page.locator("form.form button[type=submit]:not([name=confirm])").click()
    # The preview: nothing saved yet.
    assert "Selaimessa lisätty tavoite" in page.locator(".preview").inner_text()
    assert_accessible(page)
    assert not PlanGoal.objects.filter(code="uusi-tavoite-1").exists()
    with page.expect_navigation():
        page.locator("button[name=confirm]").click()
    assert page.url.endswith("/app/kaskadi/")
    assert "Selaimessa lisätty tavoite" in page.locator("main").inner_text()
    assert PlanGoal.objects.get(code="uusi-tavoite-1").serves == goal
    page.goto("/app/muutokset/")
    log = page.locator(".change-log").inner_text()
    assert DECISION in log and "Talousarvion muutos" in log
    assert_accessible(page)
    assert csp_violations(page) == []
