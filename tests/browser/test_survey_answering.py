"""Answering a survey round in Chromium: through both pages, back with the answers kept, send,
thanks; axe-core on every answering page in Finnish, Swedish and English.

The controls are found by the survey's own texts (its content, in the reader's language) and by
the buttons' values, not by the interface's words, which the catalogues translate."""

import re
from datetime import timedelta
from urllib.parse import urlparse

import pytest
from django.utils import timezone

from mittaristo.surveys.models import Answer, Response

from ..surveys.answering_survey import build_round, build_survey
from .conftest import ARTEFACTS, assert_accessible, csp_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def survey_round(transactional_db):
    return build_round()


def group(page, text):
    """The fieldset of the question whose text begins with `text`."""
    return page.get_by_role("group", name=re.compile("^" + re.escape(text)))


def path(page):
    """The page's path (a summary's link leaves its #fragment on the address)."""
    return urlparse(page.url).path


def press(page, action):
    with page.expect_navigation():
        page.locator(f'main button[name="action"][value="{action}"]').click()


def test_a_resident_answers_goes_back_and_sends(page, survey_round):
    pk = survey_round.pk
    page.goto(f"/kysely/{pk}/")
    assert page.locator("h1").inner_text() == "Asukaskysely"
    assert_accessible(page)
    with page.expect_navigation():
        page.locator(f'main a[href="/kysely/{pk}/osa/1/"]').click()

    # Page 1: a required question left out is named at the top and at the question.
    group(page, "Olen tyytyväinen").get_by_label("4", exact=True).check()
    press(page, "next")
    assert path(page) == f"/kysely/{pk}/osa/1/"
    summary = page.locator(".error-summary")
    assert "Asuinalue" in summary.inner_text()
    assert_accessible(page)
    summary.get_by_role("link").click()  # the summary's link leads to the question's options
    assert page.evaluate("document.activeElement.name") == group(page, "Asuinalue").locator(
        "input"
    ).first.get_attribute("name")
    group(page, "Asuinalue").get_by_label("Keskusta").check()
    group(page, "Suosittelisitko").get_by_label("10 – erittäin todennäköisesti").check()
    press(page, "next")

    # Page 2: half answered, then back to page 1 and forth again: everything is kept.
    assert path(page) == f"/kysely/{pk}/osa/2/"
    assert "2" in page.locator(".survey-progress").inner_text()
    group(page, "Mitä palveluja").get_by_label("Kirjasto").check()
    page.get_by_label(re.compile("^Mitä muuta")).fill("Puistot ovat hyviä.")
    assert_accessible(page)
    press(page, "previous")
    assert path(page) == f"/kysely/{pk}/osa/1/"
    assert group(page, "Olen tyytyväinen").get_by_label("4", exact=True).is_checked()
    assert group(page, "Asuinalue").get_by_label("Keskusta").is_checked()
    press(page, "next")
    assert group(page, "Mitä palveluja").get_by_label("Kirjasto").is_checked()
    assert page.get_by_label(re.compile("^Mitä muuta")).input_value() == "Puistot ovat hyviä."
    page.get_by_label(re.compile("^Ikäsi")).fill("37")
    press(page, "send")

    assert path(page) == f"/kysely/{pk}/kiitos/"
    assert_accessible(page)
    assert not csp_violations(page) and not page.console_errors
    stored = Response.objects.get()
    assert stored.language == "fi"
    answers = {a.question.code: a for a in Answer.objects.filter(response=stored)}
    assert answers["tyytyvaisyys"].number == 4 and answers["suosittelu"].number == 10
    assert answers["ika"].number == 37 and answers["terveiset"].text == "Puistot ovat hyviä."


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_answering_pages_are_accessible_in_every_language(
    browser, live_server, survey_round, language
):
    context = browser.new_context(base_url=live_server.url)
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    pk = survey_round.pk
    try:
        for path in (f"/kysely/{pk}/", f"/kysely/{pk}/osa/1/"):
            tab.goto(path)
            assert tab.locator("html").get_attribute("lang") == language
            assert_accessible(tab)
        press(tab, "next")  # nothing answered: the errors
        assert tab.locator(".error-summary").is_visible()
        assert_accessible(tab)
        # A text without this language is marked as Finnish where it shows.
        tab.goto(f"/kysely/{pk}/osa/2/")
        title = tab.locator("h1 [lang]")
        assert (title.count() == 1) == (language != "fi")
        assert_accessible(tab)
        tab.goto(f"/kysely/{pk}/kiitos/")
        assert_accessible(tab)
        # The language switch works here too, and comes back to the same page.
        other = "en" if language != "en" else "sv"
        tab.goto(f"/kysely/{pk}/osa/1/")
        tab.locator("#language-select").select_option(other)
        with tab.expect_navigation():
            tab.locator(".language button").click()
        assert tab.url.endswith(f"/kysely/{pk}/osa/1/")
        assert tab.locator("html").get_attribute("lang") == other
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=ARTEFACTS / f"survey_answering_{language}.png", full_page=True)
    finally:
        context.close()


def test_the_pages_the_phone_test_does_not_open_fit_a_phone(browser, live_server, survey_round):
    """test_phone.py opens each URL name once (the landing page of an open round, its first
    page); here the rest at 375 px: the page with a number and an open text, a closed round's
    code form, a round not yet open."""
    from .test_phone import OVERFLOW, SMALL_TARGETS, TOUCH, WIDTH, check, phone

    def fits(tab) -> list[str]:
        """test_phone's checks of the page as it is (the errors after a POST)."""
        problems = []
        if tab.evaluate("document.documentElement.scrollWidth") > WIDTH:
            problems.append(f"too wide: {tab.evaluate(OVERFLOW)}")
        if small := tab.evaluate(SMALL_TARGETS, TOUCH):
            problems.append(f"targets under {TOUCH} px: {small}")
        try:
            assert_accessible(tab)
        except AssertionError as failure:
            problems.append(str(failure))
        return problems

    now = timezone.now()
    codes = build_round(build_survey(code="koodit"), access="codes")
    later = build_round(build_survey(code="tuleva"), opens=now + timedelta(days=3))
    paths = [f"/kysely/{survey_round.pk}/osa/2/", f"/kysely/{codes.pk}/", f"/kysely/{later.pk}/"]
    failures = []
    for language in ("fi", "sv", "en"):
        context, tab = phone(browser, live_server, language)
        try:
            for path in paths:
                failures += [f"{language} {path}: {p}" for p in check(tab, path)]
            tab.goto(paths[0])
            press(tab, "send")  # with its errors
            assert tab.locator(".error-summary").is_visible()
            failures += [f"{language} errors: {p}" for p in fits(tab)]
        finally:
            context.close()
    assert not failures, "\n".join(failures)


def test_a_one_page_survey_is_answered_on_its_landing_page_on_a_phone(browser, live_server):
    """An open round of one section: the questions under the landing page's words, sent in one
    POST; at 375 px, with axe, errors first, then stored once."""
    from mittaristo.surveys.models import Section

    from .test_phone import OVERFLOW, WIDTH, phone

    survey = build_survey(code="yksisivuinen")
    Section.objects.filter(survey=survey, order=2).delete()
    pk = build_round(survey).pk
    context, tab = phone(browser, live_server, "fi")
    try:
        tab.goto(f"/kysely/{pk}/")
        assert tab.evaluate("document.documentElement.scrollWidth") <= WIDTH, tab.evaluate(OVERFLOW)
        assert_accessible(tab)
        group(tab, "Olen tyytyväinen").get_by_label("4", exact=True).check()
        press(tab, "send")  # the area is required: named at the top, nothing stored
        assert "Asuinalue" in tab.locator(".error-summary").inner_text()
        assert not Response.objects.exists()
        assert_accessible(tab)
        assert group(tab, "Olen tyytyväinen").get_by_label("4", exact=True).is_checked()
        group(tab, "Asuinalue").get_by_label("Keskusta").check()
        press(tab, "send")
        assert path(tab) == f"/kysely/{pk}/kiitos/"
        tab.go_back()  # the page with its key, sent once more: still one answer
        if tab.locator('main button[value="send"]').count():
            press(tab, "send")
        stored = Response.objects.get()
        assert {a.question.code for a in Answer.objects.filter(response=stored)} == {
            "tyytyvaisyys",
            "alue",
        }
    finally:
        context.close()
