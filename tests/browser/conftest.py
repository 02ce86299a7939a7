"""Browser tests: headless Chromium (Debian's package) driven by Playwright, axe-core injected.

Every test in this folder is marked `browser` and runs in one pytest-xdist worker (group
"browser", with `--dist loadgroup` as `make test` runs): one chromium and one live server.

Never `playwright install`: the browser is the system's chromium (`.ci/run` installs it). The
tests skip, saying why, only when no chromium is found. Every test saves a screenshot under
test-artefacts/browser/.
"""

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from ..conftest import ROOT

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
ARTEFACTS = ROOT / "test-artefacts" / "browser"
SEVERE = ("serious", "critical")
PASSWORD = "browser-password-1"


@pytest.hookimpl(tryfirst=True)  # before `-m "not browser"` deselects
def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.xdist_group("browser"))


def _chromium() -> str | None:
    explicit = os.environ.get("CHROMIUM")
    if explicit:
        return explicit if Path(explicit).is_file() else None
    for name in ("chromium", "chromium-browser"):
        if found := shutil.which(name):
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").is_file() else None


@pytest.fixture(scope="session")
def browser():
    executable = _chromium()
    if executable is None:
        pytest.skip("no chromium found (apt-get install chromium, or set CHROMIUM=/path)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, request):
    """A fresh browser tab in Finnish; CSP violations and console errors are collected."""
    context = browser.new_context(locale="fi-FI", base_url=live_server.url)
    # Init scripts run before the page's own and are not subject to its CSP.
    context.add_init_script(
        "window.__csp = []; document.addEventListener('securitypolicyviolation',"
        " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    tab.console_errors = []
    tab.on("console", lambda m: m.type == "error" and tab.console_errors.append(m.text))
    tab.on("pageerror", lambda error: tab.console_errors.append(str(error)))
    yield tab
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^\w.-]+", "_", request.node.name)
    try:
        tab.screenshot(path=ARTEFACTS / f"{name}.png", full_page=True)
    finally:
        context.close()


def csp_violations(page) -> list[str]:
    return page.evaluate("window.__csp || []")


def assert_accessible(page):
    """Fail on any serious or critical axe-core violation, listing each with its elements."""
    page.wait_for_load_state()  # axe needs a document, not one in the middle of a navigation
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, so the page's CSP does not block it.
        page.evaluate(f"() => {{ {AXE.read_text(encoding='utf-8')}\n}}")
    violations = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    severe = [v for v in violations if v["impact"] in SEVERE]
    report = [
        f"{v['impact']}: {v['id']}: {v['help']} ({v['helpUrl']})\n"
        + "\n".join(f"    {json.dumps(n['target'])}: {n['failureSummary']}" for n in v["nodes"])
        for v in severe
    ]
    assert not severe, f"axe-core on {page.url}:\n" + "\n".join(report)


@pytest.fixture
def people(transactional_db, minimal_strategy, django_user_model):
    """Demo-like people for the small strategy: a steward of "mittari", a viewer, an outsider."""
    from django.contrib.auth.models import Group

    from mittaristo.core.roles import VIEWER

    steward = django_user_model.objects.create_user(
        "tietovastaava", password=PASSWORD, first_name="Tiina", last_name="Tieto"
    )
    indicator = minimal_strategy.indicators.get(code="mittari")
    indicator.responsible_person = steward
    indicator.save()
    viewer = django_user_model.objects.create_user("lukija", password=PASSWORD)
    viewer.groups.add(Group.objects.get_or_create(name=VIEWER)[0])
    return {"steward": steward, "viewer": viewer, "indicator": indicator}


def log_in(page, username, *, username_label="Käyttäjätunnus", password_label="Salasana"):
    """Log in through the login form, as a person does (labels in the page's language)."""
    page.goto("/app/login/")
    page.get_by_label(username_label).fill(username)
    page.get_by_label(password_label).fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main").get_by_role("button").click()
