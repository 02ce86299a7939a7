"""The indicator chart on a true time scale, measured in the drawing itself (issue 12, item 7)."""

import pytest

from .conftest import assert_accessible, csp_violations, log_in
from .test_flows import store

pytestmark = pytest.mark.browser

# The centre x of every symbol (a point, ■ or ◆) in each symbol layer of the drawing, in the
# order the layers are drawn: the values first, the target and milestones last.
SYMBOL_CENTRES = """
figure => Array.from(figure.querySelectorAll('g.mark-symbol.role-mark')).map(layer =>
  Array.from(layer.querySelectorAll('path')).map(path => {
    const box = path.getBoundingClientRect();
    return box.x + box.width / 2;
  }))
"""


def drawn_chart(page):
    figure = page.locator("figure[data-vega-spec-id='chart-spec']")
    figure.and_(page.locator("[data-chart-state]")).wait_for(timeout=15000)
    assert figure.get_attribute("data-chart-state") == "drawn", page.console_errors
    return figure


def test_a_milestone_sits_at_its_true_distance_between_the_values_and_the_target(page, people):
    # The small strategy: a 2026 milestone (6 100) and a 2030 target (6 200); values to 2024,
    # with 2022 missing, so the line has a gap.
    store(people["indicator"], {"2020": "5950", "2021": "6000", "2023": "6030", "2024": "6050"})
    log_in(page, "lukija")
    page.goto("/app/mittarit/mittari/")
    figure = drawn_chart(page)
    values, *_others, marks = figure.evaluate(SYMBOL_CENTRES)
    assert len(values) == 4 and len(marks) == 2
    x2020, x2021, x2023, x2024 = sorted(values)
    x2026, x2030 = sorted(marks)
    # A linear scale in years: 2026 is (2026 − 2024) / (2030 − 2024) = 2/6 = 1/3 of the way
    # from 2024 to 2030. On the old ordinal axis (2024, 2026, 2030 evenly spaced) it was 1/2.
    step = x2030 - x2024
    assert step > 100
    assert abs((x2026 - x2024) - step / 3) <= 2
    # And one year is one year everywhere: 2020 → 2021 is a sixth of 2024 → 2030, and the
    # missing 2022 leaves two years' width between 2021 and 2023.
    assert abs((x2021 - x2020) - step / 6) <= 2
    assert abs((x2023 - x2021) - step / 3) <= 2
    # The gap is not bridged: the values' line is two pieces (2020–2021 and 2023–2024).
    # (The forecast's line is the dashed one.)
    solid = figure.evaluate(
        "f => Array.from(f.querySelectorAll('g.mark-line.role-mark path'))"
        ".filter(p => !p.getAttribute('stroke-dasharray')).map(p => p.getAttribute('d'))"
    )
    assert len(solid) == 2, solid
    assert all(d.count("L") == 1 for d in solid)  # two points each
    # Whole years on the axis, never "2 024" or "2,024".
    x_axis = figure.locator("g.role-axis[aria-label^='X-axis'] g.role-axis-label text")
    labels = [t.strip() for t in x_axis.all_text_contents()]
    assert labels == [str(year) for year in range(2020, 2031)]
    assert csp_violations(page) == []
    assert page.console_errors == []
    assert_accessible(page)


def test_an_indicator_without_values_shows_a_sentence_and_no_chart_frame(page, people):
    log_in(page, "lukija")
    page.goto("/app/mittarit/mittari/")
    section = page.locator("section[aria-labelledby='chart-heading']")
    assert section.locator("figure").count() == 0
    assert section.locator("svg").count() == 0
    assert section.locator("canvas").count() == 0
    assert section.locator("p.no-chart").inner_text() == (
        "Arvoja ei vielä ole: kaavio piirretään, kun ensimmäinen arvo on saatu."
    )
    assert page.locator("figure[data-vega-spec-id]").count() == 0
    assert csp_violations(page) == []
    assert page.console_errors == []
    assert_accessible(page)


def test_the_cascade_shows_each_plan_goals_own_status_accessibly(
    page, demo_committed, live_server, django_user_model
):
    from django.contrib.auth.models import Group

    from mittaristo.core.roles import VIEWER

    from .conftest import PASSWORD

    viewer = django_user_model.objects.create_user("kaskadilukija", password=PASSWORD)
    viewer.groups.add(Group.objects.get_or_create(name=VIEWER)[0])
    log_in(page, "kaskadilukija")
    page.goto("/app/kaskadi/")
    debt = page.locator("li", has=page.get_by_text("Konsernin velkamäärän kasvu pysähtyy")).last
    status = debt.locator("p.plan-status").first.inner_text().replace("\u00a0", " ")
    assert status == "★ saavutettu 7 350 vuonna 2024, tavoite enintään 7 400: saavutettu."
    assert page.locator("#plans-heading").inner_text() == "Suunnitelmien omat tavoitteet"
    assert csp_violations(page) == []
    assert_accessible(page)
