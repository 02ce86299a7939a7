"""Every page of the URL conf on a 375 × 812 phone screen, in Finnish, Swedish and English.

Public pages are opened anonymously, internal ones as the demo's strategy lead. On each page:
nothing scrolls sideways (the document is no wider than the screen; tables scroll inside their
own box), axe-core finds no serious or critical violation, and the controls a thumb uses (the
navigation's links, buttons, selects and text fields) are at least 44 px tall and wide.

One browser context per language, one tab reused for every page, and all failures gathered
before one assertion, so that a run names every page that does not fit.
"""

import datetime as dt
import re

import pytest
from django.db.models import Count
from django.urls import URLPattern, reverse
from django.utils import timezone, translation

from mittaristo.demo.load import DEFINITIONS, DEMO_PASSWORD
from mittaristo.observations.models import ImportJob, Observation
from mittaristo.reports import urls as report_urls
from mittaristo.reviews.models import Assessment, ReviewRound
from mittaristo.strategy.definition import read_definition
from mittaristo.strategy.definition.load import strategy_load
from mittaristo.strategy.models import (
    ChangeFactor,
    Goal,
    Indicator,
    Membership,
    Organisation,
    PlanGoal,
    Target,
)
from mittaristo.strategy.proposals import target_proposal_create
from mittaristo.strategy.services import TargetEdit
from mittaristo.surveys.models import Binding, Question, Survey, SurveyRound
from mittaristo.web import urls

from ..surveys.answering_survey import build_round, build_survey
from .conftest import ARTEFACTS, assert_accessible, csp_violations

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 375, 812
TOUCH = 44  # px: WCAG 2.5.5's target size

# Not pages: what the test leaves out, and why. The open API (api/urls.py, /api/…) is not in
# the URL confs read here: its lists and records are JSON and CSV, not pages, and /api/docs/ is
# Swagger UI's own layout (tests/api/ checks it loads from the app with no inline script).
SKIPPED = {
    "public-indicator-download": "a file download (CSV, XLSX), not a page",
    "public-indicator-components": "a file download (CSV, XLSX), not a page",
    "indicator-components": "a file download (CSV, XLSX), not a page",
    "export": "a file download (CSV, XLSX, JSON), not a page",
    "logout": "POST only",
    "oidc_authentication_init": "a redirect to the identity provider (404 without single sign-on)",
    "oidc_authentication_callback": "the identity provider's return: a redirect, not a page",
    "round-publish": "POST only",
    "assessment-decide": "POST only",
    "import-store": "POST only (stores the previewed file)",
    "import-cancel": "POST only",
    "import-template": "a file download (XLSX), not a page",
    "role-change": "POST only (a GET goes back to the list)",
    "proposal-accept": "POST only (errors show on the proposal's page)",
    "proposal-return": "POST only (errors show on the proposal's page)",
    "proposal-withdraw": "POST only",
    "round-report": "a file download (PDF, XLSX), not a page",
    "public-round-report": "a file download (PDF, XLSX), not a page",
    "dated-report": "a file download (PDF, XLSX), not a page",
    "survey-section-move": "POST only (back to the survey's page)",
    "survey-question-move": "POST only (back to the survey's page)",
    "survey-round-close": "POST only (back to the round's page)",
    "survey-copy": "POST only (goes to the copy's page)",
    "survey-round-store": "POST only (back to the round's page)",
    "survey-round-codes": "POST only: a file download (CSV) of the codes",
    "survey-results-download": "a file download (CSV, XLSX), not a page",
    "survey-moderation-decide": "POST only (goes back to the moderation page)",
    "investment-indicators": "POST only (back to the register's list)",
}
PUBLIC = {
    "overview",
    "public-goal",
    "public-indicator",
    "public-changes",
    "public-round",
    "public-goal-round",
    "public-indicator-round",
    "public-attention",
    "public-attention-round",
    "login",
    "password-reset",
    "password-reset-done",
    "password-reset-confirm",
    "password-reset-complete",
    "survey-answer",
    "survey-answer-section",
    "survey-answer-thanks",
}
# Internal pages the strategy lead may not open, opened as the demo person who may.
PERSON = {
    "entry-indicator": "tietovastaava",
    "entry-history": "tietovastaava",
    "import-upload": "tietovastaava",
    "import-job": "tietovastaava",
    "assessment": "omistaja",
    "goal-propose": "omistaja",
    "target-propose": "omistaja",
    "roles": "admin",
}

# The widest thing on the page and what sticks out past the screen's right edge.
OVERFLOW = """() => {
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.width && r.right > document.documentElement.clientWidth + 0.5) {
      let inner = false;
      for (let p = el.parentElement; p; p = p.parentElement) {
        const s = getComputedStyle(p);
        if (s.overflowX === 'auto' || s.overflowX === 'scroll' || s.overflowX === 'hidden') {
          inner = true; break;
        }
      }
      if (!inner) out.push(el.tagName.toLowerCase() + (el.className && typeof el.className ===
        'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '') + ' ' +
        Math.round(r.right));
    }
  }
  return out.slice(0, 5);
}"""

# Controls smaller than a fingertip: links in the navigation, buttons, selects, text fields,
# the summaries that open details. (Links inside running text are exempt, as in WCAG 2.5.5.)
SMALL_TARGETS = """(touch) => {
  const small = [];
  const selector = 'header a, header button, header select, main button, main select,'
    + ' main input:not([type=hidden]):not([type=checkbox]):not([type=radio]), main textarea,'
    + ' main summary, nav a';
  for (const el of document.querySelectorAll(selector)) {
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height || getComputedStyle(el).visibility === 'hidden') continue;
    if (r.height < touch - 0.5 || r.width < touch - 0.5) {
      small.push(el.tagName.toLowerCase() + ' "' + (el.innerText || el.name || '').trim()
        .slice(0, 30) + '" ' + Math.round(r.width) + '×' + Math.round(r.height));
    }
  }
  return small.slice(0, 5);
}"""


# Chart labels that collide: two labels of one axis or legend that overlap, or a label that
# sticks out of its drawing.
COLLIDING = """() => {
  const found = [];
  for (const svg of document.querySelectorAll('figure[data-vega-spec-id] svg')) {
    const box = svg.getBoundingClientRect();
    const groups = svg.querySelectorAll(
      'g.role-axis-label, g.role-legend-label, g.mark-text.role-mark');
    for (const group of groups) {
      // Vega hides a label it has no room for (labelOverlap) by its opacity.
      const rects = [...group.querySelectorAll('text')]
        .filter(t => t.getAttribute('opacity') !== '0' && getComputedStyle(t).opacity !== '0')
        .map(t => [t.textContent, t.getBoundingClientRect()]).filter(([, r]) => r.width > 0);
      for (const [text, r] of rects) {
        if (r.left < box.left - 1 || r.right > box.right + 1) found.push('outside: ' + text);
      }
      for (let i = 0; i < rects.length; i++) for (let j = i + 1; j < rects.length; j++) {
        const [a, ra] = rects[i], [b, rb] = rects[j];
        const w = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
        const h = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
        if (w > 1 && h > 1) found.push(a + ' × ' + b);
      }
    }
  }
  return found.slice(0, 5);
}"""


def pages(people) -> dict[str, str]:
    """A path for every page of the URL conf, its parameters taken from the demo."""
    target = Target.objects.select_related("indicator").order_by("pk").first()
    goal = Goal.objects.order_by("pk").first()
    # The strategy's indicator with the most values (its own or its national series'): its
    # charts have the most labels to keep apart.
    counts = dict(Observation.objects.values_list("indicator").annotate(n=Count("pk")))
    indicator = max(
        Indicator.objects.filter(strategy__isnull=False).order_by("pk"),
        key=lambda i: counts.get(i.data_id, 0),
    )
    published = ReviewRound.objects.published().first()
    # The demo's latest closed round: its results stored, a hidden group, texts to moderate.
    survey_round = (
        SurveyRound.objects.filter(results_stored__isnull=False).order_by("-opens").first()
    )
    assessment = Assessment.objects.filter(goal__owner=people["omistaja"]).order_by("pk").first()
    observation = (
        Observation.objects.current()
        .filter(indicator__responsible_person=people["tietovastaava"])
        .order_by("pk")
        .first()
    )
    job = ImportJob.objects.create(
        file_name="arvot.xlsx",
        path="",
        user=people["tietovastaava"],
        state=ImportJob.State.STORED,
        organisation=observation.indicator.strategy.organisation,  # shown within it only
    )
    # A proposal of the goal owner's, opened by the strategy lead with its forms to decide.
    owned = (
        Target.objects.filter(indicator__goals__owner=people["omistaja"])
        .select_related("indicator")
        .order_by("pk")
        .first()
    )
    proposal = target_proposal_create(
        goal=owned.indicator.goals.filter(owner=people["omistaja"]).first(),
        target=owned,
        edit=TargetEdit(owned.year, owned.value + 1, owned.value_high, {}),
        reason="Esimerkki",
        user=people["omistaja"],
    )
    g, i = {"code": goal.code}, {"code": indicator.code}
    # The goal pages are opened on a goal of the economy aim, which adds the table of the
    # statutory warning signs (web/_finance_signs.html), where the demo has it.
    economy = Goal.objects.filter(code="T4.1").first()
    eg = {"code": economy.code} if economy else g
    plan_goal = PlanGoal.objects.select_related("plan").order_by("pk").first()
    pg = {"plan": plan_goal.plan.code, "code": plan_goal.code}
    factor = ChangeFactor.objects.order_by("pk").first()
    # A survey round open now, with a question of each kind (tests/surveys/answering_survey.py).
    survey_round = build_round(
        build_survey(code="puhelin", organisation=indicator.strategy.organisation)
    )
    answer = {"pk": survey_round.pk}
    survey, question, binding, admin_round = survey_parts(indicator)
    section = question.section
    return {
        "overview": reverse("overview"),
        "public-goal": reverse("public-goal", kwargs=eg),
        "public-indicator": reverse("public-indicator", kwargs=i),
        "public-changes": reverse("public-changes"),
        "public-round": reverse("public-round", kwargs={"pk": published.pk}),
        "public-goal-round": reverse("public-goal-round", kwargs={"pk": published.pk, **g}),
        "public-indicator-round": reverse(
            "public-indicator-round", kwargs={"pk": published.pk, **i}
        ),
        "public-attention": reverse("public-attention"),
        "public-attention-round": reverse("public-attention-round", kwargs={"pk": published.pk}),
        "login": reverse("login"),
        "password-reset": reverse("password-reset"),
        "password-reset-done": reverse("password-reset-done"),
        # A link that is not valid: the page that says so.
        "password-reset-confirm": reverse(
            "password-reset-confirm", kwargs={"uidb64": "MQ", "token": "set-password"}
        ),
        "password-reset-complete": reverse("password-reset-complete"),
        "survey-answer": reverse("survey-answer", kwargs=answer),
        # Each page of the survey: its first opening begins the answering (an open round).
        "survey-answer-section": reverse("survey-answer-section", kwargs={**answer, "number": 1}),
        "survey-answer-thanks": reverse("survey-answer-thanks", kwargs=answer),
        "roles": reverse("roles"),
        "app-overview": reverse("app-overview"),
        "attention": reverse("attention"),
        "goal": reverse("goal", kwargs=eg),
        "indicator": reverse("indicator", kwargs=i),
        "goal-edit": reverse("goal-edit", kwargs=g),
        "target-edit": reverse(
            "target-edit", kwargs={"code": target.indicator.code, "year": target.year}
        ),
        "goal-owner": reverse("goal-owner", kwargs=g),
        "indicator-edit": reverse("indicator-edit", kwargs=i),
        "indicator-person": reverse("indicator-person", kwargs=i),
        # A composite index of the demo (the page is for an index only).
        "indicator-index": reverse("indicator-index", kwargs={"code": "elinvoimaindeksi"}),
        "plan-add": reverse("plan-add"),
        "plan-edit": reverse("plan-edit", kwargs={"code": plan_goal.plan.code}),
        "plan-goal-add": reverse("plan-goal-add", kwargs={"code": plan_goal.plan.code}),
        "plan-goal-edit": reverse("plan-goal-edit", kwargs=pg),
        "plan-goal-remove": reverse("plan-goal-remove", kwargs=pg),
        "factor-edit": reverse("factor-edit", kwargs={"code": factor.code}),
        "goal-propose": reverse("goal-propose", kwargs={"code": proposal.goal.code}),
        "target-propose": reverse(
            "target-propose", kwargs={"code": owned.indicator.code, "year": owned.year}
        ),
        "proposal": reverse("proposal", kwargs={"pk": proposal.pk}),
        "changes": reverse("changes"),
        "tasks": reverse("tasks"),
        "cascade": reverse("cascade"),
        "factors": reverse("factors"),
        "process": reverse("process"),
        "statistics": reverse("statistics"),
        "rounds": reverse("rounds"),
        "round": reverse("round", kwargs={"pk": published.pk}),
        "midterm": reverse("midterm"),
        "survey-results": reverse("survey-results", kwargs={"pk": survey_round.pk}),
        "survey-moderation": reverse("survey-moderation", kwargs={"pk": survey_round.pk}),
        "assessment": reverse("assessment", kwargs={"pk": assessment.pk}),
        "import-upload": reverse("import-upload"),
        "import-job": reverse("import-job", kwargs={"pk": job.pk}),
        "entry-list": reverse("entry-list"),
        "entry-indicator": reverse("entry-indicator", kwargs={"pk": observation.indicator_id}),
        "entry-history": reverse(
            "entry-history",
            kwargs={
                "pk": observation.indicator_id,
                "area_pk": observation.area_id,
                "period": observation.period,
            },
        ),
        "surveys": reverse("surveys"),
        "survey-add": reverse("survey-add"),
        "survey-templates": reverse("survey-templates"),
        "survey": reverse("survey", kwargs={"pk": survey.pk}),
        "survey-edit": reverse("survey-edit", kwargs={"pk": survey.pk}),
        "survey-delete": reverse("survey-delete", kwargs={"pk": survey.pk}),
        "survey-section-add": reverse("survey-section-add", kwargs={"pk": survey.pk}),
        "survey-section-edit": reverse("survey-section-edit", kwargs={"pk": section.pk}),
        "survey-section-delete": reverse("survey-section-delete", kwargs={"pk": section.pk}),
        "survey-question-add": reverse("survey-question-add", kwargs={"pk": section.pk}),
        "survey-question-edit": reverse("survey-question-edit", kwargs={"pk": question.pk}),
        "survey-question-delete": reverse("survey-question-delete", kwargs={"pk": question.pk}),
        "survey-binding-add": reverse("survey-binding-add", kwargs={"pk": question.pk}),
        "survey-binding-edit": reverse("survey-binding-edit", kwargs={"pk": binding.pk}),
        "survey-binding-delete": reverse("survey-binding-delete", kwargs={"pk": binding.pk}),
        "survey-round-add": reverse("survey-round-add", kwargs={"pk": survey.pk}),
        "survey-round": reverse("survey-round", kwargs={"pk": admin_round.pk}),
        "survey-round-edit": reverse("survey-round-edit", kwargs={"pk": admin_round.pk}),
        "survey-import": reverse("survey-import", kwargs={"pk": admin_round.pk}),
        "investments": reverse("investments"),
        # The demo's project with the longest calculation: the widest tables.
        "investment": reverse("investment", kwargs={"code": "yritysalue"}),
        "investment-add": reverse("investment-add"),
        "investment-edit": reverse("investment-edit", kwargs={"code": "yritysalue"}),
        "investment-import": reverse("investment-import"),
    }


def survey_parts(indicator):
    """A survey with a bound question and an open round: the demo's open round (the residents'
    wellbeing survey), else a round of codes of the first bound survey, or one made here."""
    now = timezone.now()
    demo_open = SurveyRound.objects.filter(access="open", opens__lte=now, closes__gt=now)
    binding = (
        Binding.objects.filter(question__section__survey__rounds__in=demo_open)
        .select_related("question__section__survey")
        .order_by("pk")
        .first()
    )
    if binding is not None:
        survey = binding.question.section.survey
        return survey, binding.question, binding, demo_open.get(survey=survey)
    binding = Binding.objects.select_related("question__section__survey").order_by("pk").first()
    if binding is None:
        survey = Survey.objects.create(
            organisation=indicator.strategy.organisation,
            code="puhelin-hallinta",
            name={"fi": "Puhelinkysely", "sv": "Telefonenkät", "en": "Phone survey"},
        )
        section = survey.sections.create(order=1, title={"fi": "Osio", "sv": "Avsnitt"})
        question = Question.objects.create(
            section=section,
            order=1,
            code="tyytyvaisyys",
            kind="likert",
            text={"fi": "Olen tyytyväinen.", "en": "I am satisfied."},
            low_label={"fi": "Eri mieltä"},
            high_label={"fi": "Samaa mieltä"},
        )
        binding = Binding.objects.create(question=question, indicator=indicator, rule="mean")
    survey = binding.question.section.survey
    now = timezone.now()
    survey_round = survey.rounds.create(
        name={"fi": "Puhelinkierros"},
        period="2026 kevät",
        opens=now - dt.timedelta(days=1),
        closes=now + dt.timedelta(days=10),
        access="codes",
    )
    return survey, binding.question, binding, survey_round


def check(tab, path) -> list[str]:
    """Open one page; what is wrong with it on a phone, or nothing."""
    response = tab.goto(path)
    problems = []
    if response.status != 200:
        return [f"HTTP {response.status}"]
    charts = tab.locator("figure[data-vega-spec-id]")
    if charts.count():
        charts.and_(tab.locator("[data-chart-state]")).last.wait_for(timeout=15_000)
        states = tab.eval_on_selector_all(
            "figure[data-vega-spec-id]", "fs => fs.map(f => f.dataset.chartState)"
        )
        if set(states) != {"drawn"}:
            problems.append(f"charts not drawn: {states}")
    if colliding := tab.evaluate(COLLIDING):
        problems.append(f"chart labels collide: {colliding}")
    problems += check_open(tab)
    if violations := csp_violations(tab):
        problems.append(f"CSP: {violations}")
    return problems


def phone(browser, live_server, language):
    """(context, tab): a 375 × 812 touch screen in `language` that records CSP violations."""
    context = browser.new_context(
        viewport={"width": WIDTH, "height": HEIGHT},
        device_scale_factor=1,
        is_mobile=True,
        has_touch=True,
        base_url=live_server.url,
    )
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    context.add_init_script(
        "window.__csp = []; document.addEventListener('securitypolicyviolation',"
        " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    return context, tab


def log_in(tab, username):
    tab.goto(reverse("login"))
    tab.locator("#id_username").fill(username)
    tab.locator("#id_password").fill(DEMO_PASSWORD)
    with tab.expect_navigation():
        tab.locator("main").get_by_role("button").click()


def test_every_page_fits_a_phone_in_every_language(
    browser, demo_committed, live_server, django_user_model
):
    named = {
        p.name for p in urls.urlpatterns + report_urls.urlpatterns if isinstance(p, URLPattern)
    }
    people = {u.username: u for u in django_user_model.objects.all()}
    paths = pages(people)
    assert named == set(paths) | set(SKIPPED), (
        "a page of web/urls.py or reports/urls.py is neither opened nor skipped here: "
        f"{sorted(named ^ (set(paths) | set(SKIPPED)))}"
    )
    failures = []
    for language in ["fi", "sv", "en"]:
        context, tab = phone(browser, live_server, language)
        try:
            for name in sorted(PUBLIC):
                failures += [f"{language} {paths[name]}: {p}" for p in check(tab, paths[name])]
            for username in ["strategia", *sorted(set(PERSON.values()))]:
                context.clear_cookies()
                context.add_cookies(
                    [{"name": "django_language", "value": language, "url": live_server.url}]
                )
                log_in(tab, username)
                for name in sorted(set(paths) - PUBLIC):
                    if PERSON.get(name, "strategia") == username:
                        problems = check(tab, paths[name])
                        failures += [f"{language} {paths[name]}: {p}" for p in problems]
            ARTEFACTS.mkdir(parents=True, exist_ok=True)
            shot = re.sub(r"\W+", "_", f"phone_{language}_indicator")
            tab.goto(paths["indicator"])
            tab.screenshot(path=ARTEFACTS / f"{shot}.png", full_page=True)
        finally:
            context.close()
    assert not failures, f"{len(failures)} problem(s) at {WIDTH} px:\n" + "\n".join(failures)


def test_the_navigation_folds_under_a_menu_on_a_phone(browser, demo_committed, live_server):
    for width, folded in ((WIDTH, True), (1024, False)):
        context = browser.new_context(
            viewport={"width": width, "height": HEIGHT}, base_url=live_server.url
        )
        context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
        tab = context.new_page()
        tab.set_default_timeout(10_000)
        try:
            log_in(tab, "strategia")
            navigation = tab.get_by_role("navigation", name="Account")
            link = navigation.get_by_role("link", name="Review rounds")
            menu = navigation.locator("summary")
            if folded:  # the links wait under "Menu", which opens without JavaScript
                assert menu.is_visible() and not link.is_visible()
                header = tab.locator(".site-header").bounding_box()["height"]
                assert header < HEIGHT / 3, header  # the header leaves the screen to the page
                menu.click()
                with tab.expect_navigation():
                    link.click()
                assert tab.url.endswith(reverse("rounds"))
            else:  # a wide screen shows the links in a row, and no menu
                assert link.is_visible() and not menu.is_visible()
        finally:
            context.close()


def test_the_organisation_chooser_fits_a_phone_and_switches(
    browser, demo_committed, live_server, django_user_model
):
    """A person with roles in two organisations (the demo's and the example municipality's):
    the chooser in the internal navigation fits the phone folded and open, names the
    organisation open, and its other link opens the other one's internal pages. Before
    logging in, the front page `/` lists the two organisations and fits the phone too."""
    heinola = Organisation.objects.get()
    other = strategy_load(definition=read_definition(DEFINITIONS / "esimerkkikunta-2030.yaml"))
    other = other.strategy.organisation
    lead = django_user_model.objects.get(username="strategia")
    for organisation in (heinola, other):  # with several, only memberships give roles
        Membership.objects.create(user=lead, organisation=organisation, role="strategy_lead")
    ours, theirs = f"/{heinola.address}/app/", f"/{other.address}/app/"
    failures = []
    for language in ["fi", "sv", "en"]:
        context, tab = phone(browser, live_server, language)
        try:
            failures += [f"{language} / (organisations): {p}" for p in check(tab, "/")]
            listed = tab.locator("ul.organisations").get_by_role("link")
            hrefs = listed.evaluate_all("links => links.map(a => a.getAttribute('href'))")
            assert hrefs == [
                f"/{o.address}/" for o in sorted((heinola, other), key=lambda o: o.code)
            ]
            with tab.expect_navigation():
                listed.first.click()
            assert tab.url.endswith(hrefs[0])  # the first organisation's public site
            log_in(tab, "strategia")
            failures += [f"{language} {ours}: {p}" for p in check(tab, ours)]
            chooser = tab.locator("details.organisation-chooser")
            with translation.override(language):
                name = str(heinola.name)
            assert chooser.locator("summary").inner_text().startswith(name)
            chooser.locator("summary").click()  # open: its links are checked as well
            links = chooser.get_by_role("link")
            assert links.count() == 2
            current = chooser.locator('a[aria-current="page"]')
            assert current.get_attribute("href") == ours
            problems = check_open(tab)
            failures += [f"{language} {ours} (chooser open): {p}" for p in problems]
            with tab.expect_navigation():
                chooser.locator(f'a[href="{theirs}"]').click()
            assert tab.url.endswith(theirs)
            chooser = tab.locator("details.organisation-chooser")
            assert chooser.locator('a[aria-current="page"]').get_attribute("href") == theirs
            failures += [f"{language} {theirs}: {p}" for p in check(tab, theirs)]
            if language == "fi":
                ARTEFACTS.mkdir(parents=True, exist_ok=True)
                chooser.locator("summary").click()
                tab.screenshot(path=ARTEFACTS / "phone_fi_organisation_chooser.png")
        finally:
            context.close()
    assert not failures, f"{len(failures)} problem(s) at {WIDTH} px:\n" + "\n".join(failures)


def check_open(tab) -> list[str]:
    """The page as it is now (a part opened by a click): what `check` looks at, unreloaded."""
    problems = []
    width = tab.evaluate("document.documentElement.scrollWidth")
    if width > WIDTH:
        problems.append(f"{width - WIDTH} px too wide: {tab.evaluate(OVERFLOW)}")
    if small := tab.evaluate(SMALL_TARGETS, TOUCH):
        problems.append(f"targets under {TOUCH} px: {small}")
    try:
        assert_accessible(tab)
    except AssertionError as failure:
        problems.append(str(failure))
    return problems
