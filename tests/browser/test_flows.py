"""A person's main flows in a real browser: log in, overview, data entry, language, charts."""

from decimal import Decimal

import pytest

from mittaristo.core.periods import parse_period
from mittaristo.observations.models import Observation
from mittaristo.observations.services import ObservationRow, observations_upsert

from .conftest import assert_accessible, csp_violations, log_in

pytestmark = pytest.mark.browser


def store(indicator, values):
    area = indicator.strategy.organisation.get_or_create_area()
    rows = [
        ObservationRow(
            indicator_id=indicator.pk,
            area_id=area.pk,
            period=parse_period(period),
            value=Decimal(value),
            status="final",
        )
        for period, value in values.items()
    ]
    observations_upsert(rows=rows, source_kind="import", source_ref="values.csv")
    return area


def test_a_steward_logs_in_enters_a_value_and_switches_language(page, people):
    indicator = people["indicator"]
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "fi"
    page.get_by_role("link", name="Kirjaudu sisään").click()
    log_in(page, "tietovastaava")
    assert page.url.endswith("/app/")  # every role lands on the internal overview
    with page.expect_navigation():
        page.get_by_role("link", name="Tietojen syöttö").click()
    assert page.url.endswith("/app/syotto/")
    with page.expect_navigation():
        page.locator("main").get_by_role("link", name="Mittari", exact=True).click()
    page.get_by_label("Kausi").fill("2024")
    page.get_by_label("Arvo (henkeä)").fill("6 123,5")
    with page.expect_navigation():
        page.get_by_role("button", name="Tallenna arvo").click()
    message = page.get_by_role("status").inner_text().replace("\u00a0", " ")
    assert message == "Tallennettu arvo 6 123,5: 2024, Testikunta."
    stored = Observation.objects.current().get(indicator=indicator, period="2024")
    assert stored.value == Decimal("6123.5")
    assert stored.recorded_by == people["steward"]

    # The language switch: a labelled select and a button, usable from the keyboard alone.
    page.get_by_label("Kieli").focus()
    page.keyboard.press("End")  # the last language: English
    page.get_by_role("button", name="Vaihda kieli").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.url.endswith(f"/app/syotto/{indicator.pk}/")  # the same page, now in English
    assert "6,123.5" in page.locator("table.data").first.inner_text()
    page.get_by_label("Language").select_option("sv")
    with page.expect_navigation():
        page.get_by_role("button", name="Change language").click()
    assert page.locator("html").get_attribute("lang") == "sv"
    assert "6 123,5" in page.locator("table.data").first.inner_text().replace("\u00a0", " ")
    # The choice is kept in a cookie: a new page opens in Swedish.
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "sv"


def test_a_viewer_cannot_open_another_persons_entry_page(page, people):
    log_in(page, "lukija")
    response = page.goto(f"/app/syotto/{people['indicator'].pk}/")
    assert response.status == 403
    assert_accessible(page)


def test_a_chart_renders_without_csp_errors(page, people):
    store(people["indicator"], {"2021": "6000", "2022": "6050", "2023": "6080"})
    log_in(page, "tietovastaava")
    page.goto(f"/app/syotto/{people['indicator'].pk}/")
    figure = page.locator("figure[data-vega-spec-id]")
    figure.and_(page.locator("[data-chart-state]")).wait_for(timeout=15000)
    assert figure.get_attribute("data-chart-state") == "drawn", page.console_errors
    svg = figure.locator("svg")
    assert svg.count() == 1
    # Three points (the first layer of symbols: the target and milestones are ◆ of their own),
    # and the text alternative is on the SVG.
    assert figure.locator("g.mark-symbol.role-mark").first.locator("path").count() == 3
    assert "Mittari" in (svg.get_attribute("aria-label") or "")
    assert csp_violations(page) == []
    assert page.console_errors == []
    assert_accessible(page)


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_main_pages_pass_axe_in_every_language(page, people, live_server, language):
    indicator = people["indicator"]
    area = store(indicator, {"2022": "6050", "2023": "6080"})
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    labels = {
        "fi": ("Käyttäjätunnus", "Salasana"),
        "sv": ("Användarnamn", "Lösenord"),
        "en": ("Username", "Password"),
    }[language]
    for path in ["/", "/app/login/"]:
        page.goto(path)
        assert page.locator("html").get_attribute("lang") == language
        assert_accessible(page)
    # A wrong password: the error is announced and the page stays accessible.
    page.get_by_label(labels[0]).fill("tietovastaava")
    page.get_by_label(labels[1]).fill("wrong")
    page.locator("main").get_by_role("button").click()
    page.get_by_role("alert").wait_for()
    assert page.get_by_role("alert").count() == 1
    assert_accessible(page)
    log_in(page, "tietovastaava", username_label=labels[0], password_label=labels[1])
    for path in [
        "/app/",
        "/app/tavoitteet/T1/",
        "/app/mittarit/mittari/",
        "/app/syotto/",
        f"/app/syotto/{indicator.pk}/",
        f"/app/syotto/{indicator.pk}/historia/{area.pk}/2023/",
        "/app/tuonti/",
        "/app/tehtavat/",  # values due, with where each due date comes from
    ]:
        page.goto(path)
        assert page.locator("html").get_attribute("lang") == language
        assert_accessible(page)
    # A value that is not a number: the error summary is announced and accessible.
    page.goto(f"/app/syotto/{indicator.pk}/")
    page.locator("#id_period").fill("2024")
    page.locator("#id_value").fill("paljon")
    page.locator("form.form button[type=submit]").click()
    page.get_by_role("alert").first.wait_for()
    assert_accessible(page)
    assert csp_violations(page) == []


def test_the_accessibility_check_fails_on_a_serious_violation(page, live_server):
    page.goto("/")
    page.evaluate(
        "() => { const b = document.createElement('button'); document.body.append(b);"
        " const i = document.createElement('img'); i.src = '/x.png'; document.body.append(i); }"
    )
    with pytest.raises(AssertionError) as failure:
        assert_accessible(page)
    assert "critical: button-name" in str(failure.value)
    assert "critical: image-alt" in str(failure.value)


def test_heinolas_overview_passes_axe_in_every_language(page, demo_committed, live_server):
    for language in ["fi", "sv", "en"]:
        page.context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
        page.goto("/")
        assert page.locator("html").get_attribute("lang") == language
        assert page.locator("h1").count() == 1
        assert_accessible(page)


def test_the_admin_works_under_the_content_security_policy(page, people, django_user_model):
    django_user_model.objects.create_superuser("yllapitaja", password="browser-password-1")
    log_in(page, "yllapitaja")
    indicator = people["indicator"]
    for path in [
        "/admin/",
        "/admin/strategy/indicator/",
        f"/admin/strategy/indicator/{indicator.pk}/change/",
    ]:
        response = page.goto(path)
        assert response.status == 200, path
        assert csp_violations(page) == [], path
        assert page.console_errors == [], path


def test_the_indicator_page_draws_its_chart_without_csp_errors(page, people):
    store(people["indicator"], {"2021": "6000", "2022": "6050", "2023": "6080"})
    log_in(page, "lukija")
    page.goto("/app/mittarit/mittari/")
    figure = page.locator("figure[data-vega-spec-id]")
    figure.and_(page.locator("[data-chart-state]")).wait_for()
    assert figure.get_attribute("data-chart-state") == "drawn", page.console_errors
    assert figure.locator("svg").count() == 1
    assert csp_violations(page) == []
    assert page.console_errors == []
    assert_accessible(page)
