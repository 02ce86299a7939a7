"""The cascade, change factors and process pages on the Heinola demo: content, filters, access."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mittaristo.core.roles import VIEWER
from mittaristo.strategy.known import known
from mittaristo.strategy.models import Goal, Plan, PlanGoal
from mittaristo.strategy.proposals import open_count

pytestmark = pytest.mark.django_db

PAGES = ["/app/kaskadi/", "/app/muutostekijat/", "/app/prosessi/"]


@pytest.fixture
def demo(demo_db):
    """The demo, built once per session (tests/demo_snapshot.py)."""


def get(client, url):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.content.decode()


def test_cascade_nests_budget_and_operating_plan_goals(admin_client, demo):
    html = get(admin_client, "/app/kaskadi/")
    # T2.2 → budget goal "jobs grow" → the operating plan goal that names it as its parent.
    budget = html.index("The number of jobs grows")
    operating = html.index("Ready business plots are available")
    assert budget < operating
    between = html[budget:operating]
    assert "<ul>" in between and "</ul>" not in between  # nested, not a sibling
    assert "Wellbeing plan 2023–2025 (example)" in html
    assert "Target level: 6,250" in html and "(2024)" in html
    assert 'class="example-label"' in html
    assert html.count('class="status status-') >= 6  # every plan goal has an indicator
    assert "No plan names this goal yet." in html  # unfiltered: goals without plans stay


def test_cascade_filters_by_year(admin_client, demo):
    html = get(admin_client, "/app/kaskadi/?vuosi=2023")
    assert "Wellbeing plan 2023–2025 (example)" in html
    assert "Budget 2024 (example)" not in html
    assert "No plan names this goal yet." not in html  # filtered: only goals with plans
    html = get(admin_client, "/app/kaskadi/?vuosi=2024")
    assert "Budget 2024 (example)" in html and "Wellbeing plan" in html
    html = get(admin_client, "/app/kaskadi/?vuosi=2030")
    assert "No plan goals match the filter." in html


def test_cascade_filters_by_unit(admin_client, demo):
    html = get(admin_client, "/app/kaskadi/?yksikko=SIVISTYS")  # the Finnish name, any case
    assert "Leisure activities support" in html
    # Its parent budget goal is filtered out, so it stands directly under T1.2.
    assert "The number of jobs grows" not in html and "Budget 2024" not in html
    html = get(admin_client, "/app/kaskadi/?yksikko=urban&vuosi=2024")
    assert "Ready business plots" in html and "Leisure activities" not in html


def test_cascade_says_what_is_wrong_with_a_bad_year(admin_client, demo):
    html = get(admin_client, "/app/kaskadi/?vuosi=kaksi")
    assert 'role="alert"' in html and "Year: Enter a whole number." in html
    assert "Budget 2024 (example)" in html  # the bad filter is not applied


def test_factors_page(admin_client, demo):
    html = get(admin_client, "/app/muutostekijat/")
    assert html.count('<h2 id="factor-') == 9
    section = html[html.index("Sustainability of public finances") :]
    section = section[: section.index("<h2 ")]
    assert 'href="/app/mittarit/konsernin-velat-per-asukas/"' in section
    assert 'href="/app/tavoitteet/T4.1/"' in section
    assert 'class="status status-' in section


def test_factors_page_shows_context_series_with_their_latest_value(admin_client, demo):
    from decimal import Decimal

    from mittaristo.core.models import Area
    from mittaristo.core.periods import parse_period
    from mittaristo.observations.services import ObservationRow, observations_upsert
    from mittaristo.strategy.models import Indicator

    unemployment = Indicator.objects.get(code="tyottomyysaste")
    heinola = Area.objects.get(kind="municipality", code="111")
    rows = [
        ObservationRow(unemployment.data_id, heinola.pk, parse_period(year), Decimal(value))
        for year, value in [("2010", "14.2"), ("2011", "13.4")]
    ]
    observations_upsert(rows=rows, source_kind="manual")
    html = get(admin_client, "/app/muutostekijat/")
    section = html[html.index("Employment services reform") :]
    section = section[: section.index("</section>")]
    assert 'href="/app/mittarit/tyottomyysaste/"' in section
    assert "latest 2011: 13.4" in section
    assert "(% of labour force)" in section
    assert "no target level set" in section  # a context series: the strategy sets none
    jobs = section[section.index("/app/mittarit/tyopaikat/") : section.index("tyottomyysaste")]
    assert "no target level set" not in jobs  # the demo sets an example target for jobs


def test_process_page_is_in_date_order(admin_client, demo):
    html = get(admin_client, "/app/prosessi/")
    timeline = html[html.index('<ol class="timeline">') : html.index("</ol>")]
    dates = re.findall(r'<time datetime="(\d{4}-\d\d-\d\d)">', timeline)
    assert dates[0] == "2022-03-07" and dates == sorted(dates)
    assert "Approved by City council" in timeline and "May 16, 2022" in timeline
    assert timeline.index("Council strategy seminar") < timeline.index("Approved by City board")
    assert "Staff and stakeholder survey" in html[html.index("Steps without an exact date") :]


def test_process_dates_in_finnish(admin_client, demo):
    html = admin_client.get("/app/prosessi/", HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "7.3.2022" in html and "30.3.2022" in html and "1.4.2022" in html


def test_pages_need_a_login(client, demo):
    for url in PAGES:
        response = client.get(url)
        assert response.status_code == 302 and "/app/login/" in response["Location"]


def test_a_viewer_reads_them(client, demo, django_user_model):
    viewer = django_user_model.objects.get(username="lukija")  # the demo's viewer
    assert [group.name for group in viewer.groups.all()] == [VIEWER]
    client.force_login(viewer)
    for url in PAGES:
        assert client.get(url).status_code == 200


def test_the_nav_links_to_them(admin_client, demo):
    html = get(admin_client, "/app/")
    for url in PAGES:
        assert f'href="{url}"' in html


def test_cascade_uses_a_fixed_number_of_queries(admin_client, demo):
    open_count()  # the navigation's count of open proposals, cached apart from the page
    known()  # the process reads the organisations once (strategy/known.py), not per page
    with CaptureQueriesContext(connection) as before:
        get(admin_client, "/app/kaskadi/")
    budget = Plan.objects.get(code="ta-2024")
    plan = Plan.objects.create(
        strategy=budget.strategy,
        parent=budget,
        code="kays-2024-lisa",
        kind="operating_plan",
        name={"fi": "Lisäsuunnitelma"},
        start_year=2024,
        end_year=2024,
        is_example=True,
    )
    for i, goal in enumerate(Goal.objects.all()[:5]):
        PlanGoal.objects.create(
            plan=plan,
            code=f"lisa-{i}",
            name={"fi": f"Lisätavoite {i}"},
            serves=goal,
            parent_goal=PlanGoal.objects.get(code="ta-2024-1"),
            indicator=goal.indicators.first(),
            target_value=i,
            target_year=2024,
        )
    with CaptureQueriesContext(connection) as after:
        html = get(admin_client, "/app/kaskadi/")
    assert "Lisätavoite 4" in html
    assert len(after) == len(before)
