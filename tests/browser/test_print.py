"""Printing a page gives a clean document (css/site.css, `@media print`; js/print.js): no
navigation, language switch, buttons or forms; the chart, the tables and the example labels
kept; links to other sites written out. Emulated print media on the overview, a goal page, an
indicator page and the attention page, and one PDF saved under test-artefacts/browser/."""

import io

import pytest
from pypdf import PdfReader

from mittaristo.demo.load import DEMO_PASSWORD

from .conftest import ARTEFACTS, assert_accessible

pytestmark = pytest.mark.browser

# What must not print, and what must.
HIDDEN = ["header.site-header", "form.language", "main button", "main form", "nav"]
CHART = "figure[data-vega-spec-id] svg"


def log_in(tab, username="strategia"):
    tab.goto("/app/login/")
    tab.locator("#id_username").fill(username)
    tab.locator("#id_password").fill(DEMO_PASSWORD)
    with tab.expect_navigation():
        tab.locator("main").get_by_role("button").click()


def visible(tab, selector) -> list[str]:
    """The elements matching `selector` that take up room on the page (as printed)."""
    return tab.eval_on_selector_all(
        selector,
        """els => els.filter(e => { const r = e.getBoundingClientRect();
              return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden'; })
            .map(e => e.tagName.toLowerCase() + '.' + e.className)""",
    )


def open_printed(tab, path):
    """Open `path` on screen (charts drawn), then switch to print media."""
    tab.emulate_media(media="screen")
    tab.goto(path)
    charts = tab.locator("figure[data-vega-spec-id]")
    if charts.count():
        charts.and_(tab.locator("[data-chart-state='drawn']")).last.wait_for(timeout=15_000)
    # On screen the things print leaves out are there: the test can fail.
    assert visible(tab, "header.site-header") and visible(tab, "form.language")
    tab.emulate_media(media="print")


@pytest.fixture
def tab(browser, demo_committed, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="fi-FI", viewport={"width": 1000, "height": 800}
    )
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    log_in(tab)
    yield tab
    context.close()


@pytest.mark.parametrize(
    ("path", "kept"),
    [
        ("/app/", [".goal.status-card", ".example-label"]),
        ("/app/tavoitteet/T2.2/", ["main table", "svg.sparkline", ".example-label"]),
        ("/app/mittarit/tyopaikat/", [CHART, "main table", ".example-label"]),
        ("/app/huomio/", [".attention-item", ".example-label"]),
    ],
)
def test_printing_leaves_out_navigation_and_controls_and_keeps_the_content(tab, path, kept):
    open_printed(tab, path)
    for selector in HIDDEN:
        assert visible(tab, selector) == [], f"{path}: {selector} would print"
    for selector in kept:
        assert visible(tab, selector), f"{path}: {selector} would not print"
    assert tab.locator("main h1").is_visible()
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    name = path.strip("/").replace("/", "_") or "root"
    tab.screenshot(path=ARTEFACTS / f"print_{name}.png", full_page=True)


def test_the_chart_prints_within_the_page_and_a_table_row_is_not_cut(tab):
    open_printed(tab, "/app/mittarit/tyopaikat/")
    box = tab.locator(CHART).first.bounding_box()
    width = tab.evaluate("document.querySelector('main').getBoundingClientRect().width")
    assert 0 < box["width"] <= width + 1 and box["height"] > 50
    rules = tab.evaluate(
        """() => [getComputedStyle(document.querySelector('main tr')).breakInside,
                  getComputedStyle(document.querySelector('main thead')).display]"""
    )
    assert rules == ["avoid", "table-header-group"]


def test_links_to_other_sites_are_written_out_and_closed_details_open_for_print(tab):
    open_printed(tab, "/app/mittarit/tyopaikat/")
    after = tab.evaluate(
        """() => { const a = document.createElement('a');
                   a.href = 'https://pxdata.stat.fi/'; a.textContent = 'Tilastokeskus';
                   document.querySelector('main').append(a);
                   const local = document.querySelector('main a[href^="/"]');
                   return [getComputedStyle(a, '::after').content,
                           getComputedStyle(local, '::after').content]; }"""
    )
    assert after == ['" (https://pxdata.stat.fi/)"', "none"], after
    # A closed <details> without a form (a chart's data) opens while printing, then closes.
    state = tab.evaluate(
        """() => { const d = document.createElement('details');
                   d.innerHTML = '<summary>s</summary><table><tr><td>1</td></tr></table>';
                   const f = document.createElement('details');
                   f.innerHTML = '<summary>s</summary><form></form>';
                   document.querySelector('main').append(d, f);
                   window.dispatchEvent(new Event('beforeprint'));
                   const during = [d.open, f.open];
                   window.dispatchEvent(new Event('afterprint'));
                   return [...during, d.open]; }"""
    )
    assert state == [True, False, False]


def test_the_attention_page_is_accessible_and_prints_to_pdf(tab):
    tab.goto("/app/huomio/")
    assert_accessible(tab)
    open_printed(tab, "/app/mittarit/tyopaikat/")
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    pdf = tab.pdf(path=ARTEFACTS / "print_indicator.pdf", format="A4", print_background=True)
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert len(reader.pages) <= 3, "an indicator page prints on a few A4 pages"
    assert "Työpaikkojen määrä" in text and "esimerkki" in text  # the content, example label
    assert "Vaihda kieli" not in text and "Kirjaudu ulos" not in text  # no controls
