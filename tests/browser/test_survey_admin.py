"""The strategy lead makes a survey in the app: a survey, a section, a question with its
choices, a binding to an indicator and a round of codes, whose codes download as a CSV file.
Axe on every page of the flow; no script is needed and none breaks the content policy.
Links are found by their addresses: the new words' Finnish comes with the catalogues."""

from pathlib import Path

import pytest
from django.utils import timezone

from mittaristo.strategy.models import Indicator
from mittaristo.surveys.definition.load import in_per_cent
from mittaristo.surveys.models import Binding, Question, ResponseCode, Survey, SurveyRound

from .conftest import assert_accessible, csp_violations
from .test_review_flow import log_in_demo


@pytest.fixture
def demo(demo_committed):
    """The demo, committed for the live server."""


def submit(page):
    with page.expect_navigation():
        page.locator("main form.form button[type=submit]").click()


def test_the_strategy_lead_makes_a_survey_with_a_question_and_a_round(page, demo):
    # In per cent: the binding below counts a share.
    indicator = next(i for i in Indicator.objects.order_by("pk") if in_per_cent(i.unit))
    log_in_demo(page, "strategia")
    with page.expect_navigation():
        page.locator('nav.account .nav-wide a[href="/app/kyselyt/"]').click()
    assert_accessible(page)
    with page.expect_navigation():
        page.locator('main a[href="/app/kyselyt/uusi/"]').click()
    assert_accessible(page)
    page.locator("#id_code").fill("selainkysely")
    page.locator("#id_name_fi").fill("Selaimessa tehty kysely")
    page.locator("#id_name_en").fill("Survey made in a browser")
    submit(page)
    survey = Survey.objects.get(code="selainkysely")
    assert page.url.endswith(f"/app/kyselyt/{survey.pk}/")
    assert_accessible(page)

    with page.expect_navigation():
        page.locator(f'a[href="/app/kyselyt/{survey.pk}/uusi-osio/"]').click()
    page.locator("#id_title_fi").fill("Taustatiedot")
    submit(page)
    section = survey.sections.get()
    with page.expect_navigation():
        page.locator(f'a[href="/app/kyselyt/osiot/{section.pk}/uusi-kysymys/"]').click()
    assert_accessible(page)
    page.locator("#id_code").fill("ikaryhma")
    page.locator("#id_kind").select_option("single")
    page.locator("#id_text_fi").fill("Ikäryhmäsi")
    page.locator("#id_choices-0-code").fill("alle-30")
    page.locator("#id_choices-0-label_fi").fill("alle 30 vuotta")
    page.locator("#id_choices-1-code").fill("30-tai-yli")
    page.locator("#id_choices-1-label_fi").fill("30 vuotta tai yli")
    submit(page)
    question = Question.objects.get(section__survey=survey, code="ikaryhma")
    assert [c.code for c in question.choices.all()] == ["alle-30", "30-tai-yli"]
    assert "Ikäryhmäsi" in page.locator("main").inner_text()

    with page.expect_navigation():
        page.locator(f'a[href="/app/kyselyt/kysymykset/{question.pk}/uusi-kytkenta/"]').click()
    page.locator("#id_indicator").select_option(str(indicator.pk))
    page.locator("#id_rule").select_option("nps")
    submit(page)  # refused: a net promoter score needs a 0–10 scale
    assert page.locator(".error-summary").is_visible()
    assert_accessible(page)
    page.locator("#id_rule").select_option("share_of_choice")
    page.locator("#id_choice").select_option(str(question.choices.get(code="alle-30").pk))
    submit(page)
    assert Binding.objects.get(question=question).indicator == indicator

    with page.expect_navigation():
        page.locator(f'a[href="/app/kyselyt/{survey.pk}/uusi-kierros/"]').click()
    assert_accessible(page)
    now = timezone.localtime()
    page.locator("#id_name_fi").fill("Kevät 2026")
    page.locator("#id_period").fill("2026 kevät")
    page.locator("#id_opens").fill(now.strftime("%Y-%m-%dT%H:%M"))
    page.locator("#id_closes").fill((now + timezone.timedelta(days=14)).strftime("%Y-%m-%dT%H:%M"))
    page.locator("#id_access_1").check()  # codes
    page.locator("#id_population").fill("40")
    submit(page)
    survey_round = SurveyRound.objects.get(survey=survey)
    assert survey_round.access == "codes" and survey_round.period == "2026 kevät"
    assert page.locator("#answer-url").input_value().endswith(f"/kysely/{survey_round.pk}/")
    assert_accessible(page)

    page.locator("#id_count").fill("40")
    with page.expect_download() as download:
        page.locator('form[action$="/koodit/"] button').click()
    rows = Path(download.value.path()).read_text(encoding="utf-8-sig").splitlines()
    assert len(rows) == 41 and ResponseCode.objects.filter(round=survey_round).count() == 40
    page.reload()
    assert "40" in page.locator("#codes-heading + p").inner_text()
    assert csp_violations(page) == []
    assert page.console_errors == []
