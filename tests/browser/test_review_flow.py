"""A review round as people walk it: the lead opens it, the owner assesses, the lead returns
and approves, publishes, and a resident sees it on the public site. Axe on every page."""

import pytest

from mittaristo.demo.load import DEMO_PASSWORD
from mittaristo.reviews.models import Assessment, ReviewRound
from mittaristo.reviews.services import assessment_approve, assessment_save, assessment_submit

from .conftest import assert_accessible, csp_violations

ROUND = "Osavuosikatsaus 1/2026"


def log_in_demo(page, username):
    page.goto("/app/login/")
    page.get_by_label("Käyttäjätunnus").fill(username)
    page.get_by_label("Salasana").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("main").get_by_role("button").click()


def log_out(page):
    with page.expect_navigation():
        page.locator("header").get_by_role("button", name="Kirjaudu ulos").click()


@pytest.fixture
def demo(demo_committed):
    """The demo, built once per session (tests/demo_snapshot.py), committed for the live server."""


def test_open_assess_return_approve_publish_and_see_it_public(page, demo, django_user_model):
    # The strategy lead opens a round.
    log_in_demo(page, "strategia")
    page.goto("/app/kierrokset/")
    assert_accessible(page)
    page.get_by_label("Nimi").fill(ROUND)
    page.get_by_label("Tarkastelupäivä").fill("2026-11-29")
    with page.expect_navigation():
        page.get_by_role("button", name="Avaa kierros").click()
    assert page.locator("h1").inner_text() == ROUND
    assert_accessible(page)
    log_out(page)

    # The owner writes the assessment of goal T1.1 and submits it.
    log_in_demo(page, "omistaja")
    review = ReviewRound.objects.get(name=ROUND)
    page.goto(f"/app/kierrokset/{review.pk}/")
    with page.expect_navigation():
        page.get_by_role("link", name="Kirjoita arvio").first.click()
    assert_accessible(page)
    page.get_by_label("Arvio", exact=True).fill("Hyvinvointi-indeksin luvut puuttuvat vielä.")
    with page.expect_navigation():
        page.get_by_role("button", name="Lähetä hyväksyttäväksi").click()
    assert "lähetettiin hyväksyttäväksi" in page.get_by_role("status").inner_text()
    log_out(page)

    # The lead returns it with a reason; the owner adds to it and submits again.
    log_in_demo(page, "strategia")
    page.goto(f"/app/kierrokset/{review.pk}/")
    page.get_by_text("Lue ja päätä").first.click()
    page.get_by_label("Palautuksen syy").first.fill("Kerro myös seuraavat toimet.")
    with page.expect_navigation():
        page.get_by_role("button", name="Palauta omistajalle").first.click()
    log_out(page)
    log_in_demo(page, "omistaja")
    page.goto(f"/app/kierrokset/{review.pk}/")
    with page.expect_navigation():
        page.get_by_role("link", name="Kirjoita arvio").first.click()
    assert "Kerro myös seuraavat toimet." in page.locator("main").inner_text()
    page.get_by_label("Seuraavat toimet").fill("Indeksi lasketaan keväällä 2027.")
    with page.expect_navigation():
        page.get_by_role("button", name="Lähetä hyväksyttäväksi").click()
    log_out(page)

    # The other goals are assessed and approved without the browser, to keep the walk short.
    lead = django_user_model.objects.get(username="strategia")
    first = Assessment.objects.get(round=review, state="submitted")
    for a in Assessment.objects.filter(round=review).exclude(pk=first.pk):
        assessment_save(assessment=a, user=lead, commentary="Arvio.")
        assessment_submit(assessment=a, user=lead)
        assessment_approve(assessment=a, user=lead)

    # The lead approves the owner's assessment and publishes the round.
    log_in_demo(page, "strategia")
    page.goto(f"/app/kierrokset/{review.pk}/")
    page.get_by_text("Lue ja päätä").first.click()
    with page.expect_navigation():
        page.get_by_role("button", name="Hyväksy").first.click()
    with page.expect_navigation():
        page.get_by_role("button", name="Julkaise kierros").click()
    assert "julkaistiin" in page.get_by_role("status").inner_text()
    log_out(page)

    # A resident sees it, without logging in, with the owner's texts.
    page.goto("/")
    assert ROUND in page.locator("main").inner_text()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("link", name=first.goal.name["fi"]).click()
    text = page.locator("main").inner_text()
    assert "Hyvinvointi-indeksin luvut puuttuvat vielä." in text
    assert "Indeksi lasketaan keväällä 2027." in text
    assert_accessible(page)
    assert csp_violations(page) == []


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_strategy_pages_pass_axe(page, demo, live_server, language):
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    for path in ["/", "/tavoitteet/T2.2/", "/mittarit/tyopaikat/"]:
        page.goto(path)
        assert page.locator("html").get_attribute("lang") == language
        assert_accessible(page)
    page.context.add_cookies([{"name": "django_language", "value": "fi", "url": live_server.url}])
    log_in_demo(page, "lukija")
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    for path in [
        "/app/",
        "/app/tavoitteet/T2.2/",
        "/app/mittarit/tyopaikat/",
        "/app/kierrokset/",
        "/app/kaskadi/",
        "/app/kaskadi/?vuosi=kaksi",
        "/app/muutostekijat/",
        "/app/prosessi/",
    ]:
        page.goto(path)
        assert page.locator("html").get_attribute("lang") == language
        assert_accessible(page)
    # The chart on the indicator page is drawn.
    page.goto("/app/mittarit/tyopaikat/")
    page.locator("figure[data-vega-spec-id] svg, figure[data-vega-spec-id] canvas").first.wait_for()
    assert csp_violations(page) == []
