"""The register's pages through their URLs: who may open what, adding and changing a project
with its yearly table, its calculation shown with hand-computed figures, the file import."""

import json
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mittaristo.investments.models import Project

pytestmark = pytest.mark.django_db

LIST, ADD, IMPORT = "/app/investoinnit/", "/app/investoinnit/uusi/", "/app/investoinnit/tuonti/"
INDICATORS = "/app/investoinnit/mittarit/"


def form(**changes) -> dict:
    """A project of 1 000 000 € with a two-year life at 10 %: invested in 2024, 700 000 € of
    revenues less 100 000 € of operating costs in 2025 (and again in 2026, continued)."""
    data = {
        "code": "satama",
        "name_fi": "Satama",
        "name_sv": "",
        "name_en": "Harbour",
        "owner_unit_fi": "Kaupunkikehitys",
        "owner_unit_sv": "",
        "owner_unit_en": "",
        "first_year": "2024",
        "last_year": "2025",
        "city_investment": "600 000",
        "state_funding": "200 000",
        "eu_funding": "200 000",
        "other_funding": "0",
        "private_investment": "1 000 000",
        "status": "decided",
        "decisions": "Kv 13.11.2023 § 85",
        "plan": "",
        "discount_rate": "10",
        "life_years": "2",
        "flows-TOTAL_FORMS": "3",
        "flows-INITIAL_FORMS": "0",
        "flows-MIN_NUM_FORMS": "0",
        "flows-MAX_NUM_FORMS": "1000",
        "flows-0-year": "2024",
        "flows-0-investment": "1 000 000",
        "flows-1-year": "2025",
        "flows-1-operating_costs": "100 000",
        "flows-1-revenues": "700 000",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.fixture
def harbour(client, finance_user, minimal_strategy):
    client.force_login(finance_user)
    response = client.post(ADD, form(), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302, text(response)
    return Project.objects.get(code="satama")


def test_the_finance_role_adds_a_project_with_its_yearly_table(harbour, client):
    assert harbour.name == {"fi": "Satama", "en": "Harbour"}
    assert harbour.city_investment == Decimal(600000)
    assert list(harbour.cash_flows.values_list("year", "revenues")) == [
        (2024, Decimal(0)),
        (2025, Decimal(700000)),
    ]
    assert not harbour.is_example


def test_the_project_page_shows_the_calculation(harbour, client):
    page = text(client.get("/app/investoinnit/hanke/satama/", HTTP_ACCEPT_LANGUAGE="en"))
    # Net flows −1 000 000, 600 000, 600 000 (2026 continues 2025) at 10 %:
    # NPV = −1 000 000 + 600 000/1.1 + 600 000/1.21 = −1 000 000 + 545 454.55 + 495 867.77
    #     = 41 322.31 → 41,322 €.
    assert "Net present value 41,322 €" in page
    # IRR: 600 000x² + 600 000x − 1 000 000 = 0 with x = 1/(1+r): x = 0.88444, r = 13.07 %.
    assert "Internal rate of return 13.1 %" in page
    # Cumulative −1 000 000, −400 000, 200 000: 1 + 400 000/600 000 = 1.67 years.
    assert "Payback 1.7 years" in page
    # 1 000 000 + 100 000/1.1 + 100 000/1.21 = 1 173 553.72.
    assert "Life-cycle cost 1,173,554 €" in page
    # (200 000 + 200 000 + 1 000 000) / 600 000 = 2.33.
    assert "euro of the city's own 2.33" in page
    # 10 % and the investment 20 % over: −1 200 000 + 545 454.55 + 495 867.77 = −158 677.69.
    assert "−158,678" in page
    assert "esimerkki" not in page and "example" not in page.lower().replace("for example", "")


def sensitivity_spec(response) -> dict:
    """The chart's Vega-Lite definition from the page's json_script."""
    found = re.search(
        r'<script id="sensitivity-spec" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    assert found, "no sensitivity chart on the page"
    return json.loads(found.group(1))


def test_the_project_page_draws_the_sensitivity_chart_beside_its_table(harbour, client):
    response = client.get("/app/investoinnit/hanke/satama/", HTTP_ACCEPT_LANGUAGE="en")
    spec = sensitivity_spec(response)
    rows = spec["data"]["values"]
    # 10 % and 1, 2 points either side; the investment as planned and 10, 20, 30 % over:
    # one line per overrun, a point per rate.
    lines = ["investment +0 %", "investment +10 %", "investment +20 %", "investment +30 %"]
    assert list(dict.fromkeys(row["overrun"] for row in rows)) == lines
    assert sorted({row["rate"] for row in rows}) == [8, 9, 10, 11, 12]
    npv = {(row["rate"], row["overrun"]): row["npv"] for row in rows}
    # 8 %, as planned: −1 000 000 + 600 000/1.08 + 600 000/1.08² = −1 000 000 + 555 555.56
    # + 514 403.29 = 69 958.85 → 69 959.
    assert npv[(8, "investment +0 %")] == 69959
    # 10 %, 20 % over: −1 200 000 + 545 454.55 + 495 867.77 = −158 677.69 → −158 678.
    assert npv[(10, "investment +20 %")] == -158678
    line, points = (layer for layer in spec["layer"] if layer.get("mark", {}).get("type"))
    assert line["encoding"]["x"]["field"] == "rate" and line["encoding"]["y"]["field"] == "npv"
    # Lines told apart by colour and dash; the y axis reaches zero, and the zero line is drawn.
    assert line["encoding"]["strokeDash"]["scale"]["domain"] == lines
    assert line["encoding"]["y"]["scale"] == {"zero": True}
    zero, rate = (layer for layer in spec["layer"] if "layer" in layer)
    assert zero["data"]["values"] == [{"npv": 0, "label": "net present value 0"}]
    assert zero["layer"][0]["mark"]["type"] == "rule"
    assert rate["data"]["values"][0]["rate"] == 10  # the project's own rate, marked
    # Its text alternative, on the drawing and as the figure's caption.
    assert spec["description"].startswith("Net present value at discount rates 8–12 %")
    # As planned it stays positive to 12 % (600 000/1.12 + 600 000/1.12² = 1 014 030.61); 10 %
    # over costs 100 000 more, more than the 69 959 at 8 %: 5 of the 20 are zero or above.
    assert "as planned: 69,959 € → 14,031 €" in spec["description"]
    assert "Zero or above in 5 of 20 cases." in spec["description"]
    page = text(response)
    assert spec["description"] in page
    # The table with the same numbers stays; the scripts are the site's files, none inline.
    assert "Net present value (€) by discount rate and cost overrun" in page
    assert "69,959" in page and "−158,678" in page
    assert "js/charts.js" in response.content.decode()
    for script in re.findall(r"<script([^>]*)>", response.content.decode()):
        assert "src=" in script or 'type="application/json"' in script


def test_a_project_without_a_calculation_has_no_chart(harbour, client):
    harbour.cash_flows.all().delete()
    response = client.get("/app/investoinnit/hanke/satama/", HTTP_ACCEPT_LANGUAGE="en")
    assert "sensitivity-spec" not in response.content.decode()
    assert "charts.js" not in response.content.decode()


def test_changing_a_project_replaces_its_table(harbour, client):
    url = "/app/investoinnit/hanke/satama/muuta/"
    assert client.get(url, HTTP_ACCEPT_LANGUAGE="en").status_code == 200
    changed = form(
        code=None,
        status="under_way",
        **{"flows-1-year": "", "flows-1-revenues": "", "flows-1-operating_costs": ""},
    )
    response = client.post(url, changed, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302, text(response)
    harbour.refresh_from_db()
    assert harbour.status == Project.Status.UNDER_WAY
    assert list(harbour.cash_flows.values_list("year", flat=True)) == [2024]


def test_a_wrong_form_says_what_and_stores_nothing(client, finance_user, minimal_strategy):
    client.force_login(finance_user)
    response = client.post(
        ADD,
        form(last_year="2023", life_years="", **{"flows-2-revenues": "5"}),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    page = text(response)
    assert "the last budget year is before the first" in page
    assert "Give the year of these amounts." in page
    assert not Project.objects.exists()


def test_a_code_is_the_citys_once(harbour, client):
    response = client.post(ADD, form(), HTTP_ACCEPT_LANGUAGE="en")
    assert "The city has a project with this code already." in text(response)
    assert Project.objects.count() == 1


@pytest.mark.parametrize(
    "method,url,data",
    [
        ("get", ADD, None),
        ("get", "/app/investoinnit/hanke/satama/muuta/", None),
        ("get", IMPORT, None),
        ("post", INDICATORS, {}),
        ("post", ADD, form(code="toinen")),
    ],
)
def test_who_may_change_the_register(harbour, client, viewer, outsider, method, url, data):
    for person in (viewer, outsider):
        client.force_login(person)
        response = getattr(client, method)(url, data or {}, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 403
    assert Project.objects.count() == 1


def test_who_may_read_the_register(harbour, client, viewer, outsider, strategy_lead):
    for person, status in ((outsider, 403), (viewer, 200), (strategy_lead, 200)):
        client.force_login(person)
        for url in (LIST, "/app/investoinnit/hanke/satama/"):
            assert client.get(url, HTTP_ACCEPT_LANGUAGE="en").status_code == status
    client.logout()
    assert client.get(LIST).status_code == 302  # to the login


def test_the_strategy_lead_manages_the_register_too(client, strategy_lead, minimal_strategy):
    client.force_login(strategy_lead)
    assert client.post(ADD, form(), HTTP_ACCEPT_LANGUAGE="en").status_code == 302
    assert Project.objects.filter(code="satama").exists()


def test_the_list_shows_the_projects_and_the_years_figures(harbour, client, register_indicators):
    page = text(client.get(LIST, HTTP_ACCEPT_LANGUAGE="en"))
    assert "Harbour" in page and "2024–2025" in page and "decided" in page
    # 2024 and 2025: the harbour alone, leverage 2.33, with its calculation: 1 of 1, 100 %.
    assert "2024 1 2.33 1 of 1 100" in page
    response = client.post(INDICATORS, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    assert "4 values new" in text(client.get(LIST, HTTP_ACCEPT_LANGUAGE="en"))


def test_the_web_import_previews_then_stores_all_or_nothing(
    client, finance_user, minimal_strategy, register_file
):
    from .test_import import HARBOUR, HARBOUR_2025

    client.force_login(finance_user)
    bad = register_file(HARBOUR.replace("päätetty", "ehkä"), name="huono.csv").read_bytes()
    page = text(
        client.post(
            IMPORT,
            {"action": "preview", "file": SimpleUploadedFile("huono.csv", bad)},
            HTTP_ACCEPT_LANGUAGE="en",
        )
    )
    assert "huono.csv: row 2, column tila: not a status" in page
    assert not Project.objects.exists()
    good = register_file(HARBOUR, HARBOUR_2025, name="hyva.csv").read_bytes()
    page = text(
        client.post(
            IMPORT,
            {"action": "preview", "file": SimpleUploadedFile("hyva.csv", good)},
            HTTP_ACCEPT_LANGUAGE="en",
        )
    )
    assert "Store these projects" in page and not Project.objects.exists()
    response = client.post(IMPORT, {"action": "store"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    assert Project.objects.get(code="satama").cash_flows.count() == 2


def test_the_administrator_grants_the_finance_role(client, admin_user, outsider, minimal_strategy):
    client.force_login(admin_user)
    client.post(f"/app/roolit/{outsider.pk}/", {"finance": "on"})
    client.force_login(outsider)
    assert client.get(ADD, HTTP_ACCEPT_LANGUAGE="en").status_code == 200
    assert client.get(LIST, HTTP_ACCEPT_LANGUAGE="en").status_code == 200
