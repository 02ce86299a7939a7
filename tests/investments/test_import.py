"""Importing the register from a file, through the command and the web page: all or nothing,
every problem as FILE: row N, column X: what is wrong."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from mittaristo.investments.models import CashFlow, Project

pytestmark = pytest.mark.django_db

HARBOUR = (
    "satama;Satama;Kaupunkikehitys;2024;2025;600 000;200000;200000;0;1000000;päätetty;"
    "Kv 13.11.2023 § 85;T1, T2;ta-2024;10;2;2024;1000000;0;0"
)
HARBOUR_2025 = "satama;;;;;;;;;;;;;;;;2025;0;100000;700000"
SQUARE = "tori;Tori;;2025;2025;50000;;;;;suunniteltu;;;;;;;;;"


def run(path, *args):
    """The command's exit, standard output and standard error."""
    import io

    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(
            "import-investments",
            str(path),
            "--strategy",
            "testi-2030",
            *args,
            stdout=out,
            stderr=err,
        )
        code = 0
    except SystemExit as stop:
        code = stop.code
    return code, out.getvalue(), err.getvalue()


def test_a_file_stores_its_projects_goals_and_yearly_tables(minimal_strategy, register_file):
    code, out, _err = run(register_file(HARBOUR, HARBOUR_2025, SQUARE))
    assert code == 0, out
    assert "2 projects added and 0 changed, with 2 years of calculations" in out
    harbour = Project.objects.get(code="satama")
    assert harbour.name == {"fi": "Satama"} and harbour.owner_unit == {"fi": "Kaupunkikehitys"}
    assert (harbour.first_year, harbour.last_year) == (2024, 2025)
    assert harbour.city_investment == Decimal(600000)
    assert harbour.external_funding == Decimal(400000)
    assert harbour.private_investment == Decimal(1000000)
    assert harbour.status == Project.Status.DECIDED
    assert harbour.decisions == "Kv 13.11.2023 § 85"
    assert sorted(harbour.goals.values_list("code", flat=True)) == ["T1", "T2"]
    assert harbour.plan.code == "ta-2024"
    assert (harbour.discount_rate, harbour.life_years) == (Decimal(10), 2)
    assert list(
        harbour.cash_flows.values_list("year", "investment", "operating_costs", "revenues")
    ) == [
        (2024, Decimal(1000000), Decimal(0), Decimal(0)),
        (2025, Decimal(0), Decimal(100000), Decimal(700000)),
    ]
    square = Project.objects.get(code="tori")
    assert square.status == Project.Status.PLANNED and not square.has_calculation()
    assert not harbour.is_example


def test_importing_again_changes_the_projects_and_replaces_their_tables(
    minimal_strategy, register_file
):
    run(register_file(HARBOUR, HARBOUR_2025))
    changed = HARBOUR.replace("päätetty", "käynnissä")
    code, out, _err = run(register_file(changed, name="toinen.csv"))
    assert code == 0
    assert "0 projects added and 1 changed, with 1 years" in out
    harbour = Project.objects.get(code="satama")
    assert harbour.status == Project.Status.UNDER_WAY
    assert list(harbour.cash_flows.values_list("year", flat=True)) == [2024]


def test_a_dry_run_stores_nothing(minimal_strategy, register_file):
    code, out, _err = run(register_file(HARBOUR), "--dry-run")
    assert code == 0 and "would be stored (nothing stored yet)" in out
    assert not Project.objects.exists()


def test_every_problem_is_named_by_file_row_and_column_and_nothing_is_stored(
    minimal_strategy, register_file
):
    path = register_file(
        SQUARE,
        HARBOUR.replace("600 000", "paljon").replace("T1, T2", "T1, T9"),
        HARBOUR_2025.replace("2025;0;", "2025;-5;"),
        "kirjasto;Kirjasto;;2026;2024;1;;;;;valmiina;;;tuntematon;;;;;;",
        "satama;;;;;;;;;;;;;;;;2025;1;1;1",
        ";Nimetön;;2025;2025;1;;;;;;;;;;;;;;",
        "silta;Silta;;2025;2025;1;;;;;;;;;3,5;;2025;1;0;0",
    )
    code, _out, err = run(path)
    assert code == 1
    name = str(path)
    lines = err.splitlines()
    assert lines[0] == f"{name}: 7 rows read; 8 problems; nothing was stored."
    assert set(lines[1:]) == {
        f"{name}: row 3, column kaupungin osuus: not a number",
        f"{name}: row 3, column tavoitteet: no goal T9 in the strategy",
        f"{name}: row 4, column investointi: cannot be negative: costs and revenues are "
        "written apart, each as a positive amount",
        f"{name}: row 5, column tila: not a status: write planned, decided, under way or done "
        "(suunniteltu, päätetty, käynnissä, valmis)",
        f"{name}: row 6, column vuosi: the project has the year on row 4 already",
        f"{name}: row 5, column suunnitelma: no plan tuntematon in the strategy",
        f"{name}: row 7, column koodi: the project's code is missing",
        f"{name}: row 8, column pitoaika: a calculation needs both a discount rate and a life "
        "in years",
    }
    assert len(lines) == 9  # no problem twice
    assert not Project.objects.exists() and not CashFlow.objects.exists()


def test_a_spreadsheet_with_numbers_as_numbers(minimal_strategy, tmp_path):
    from openpyxl import Workbook

    from .conftest import HEADER

    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(";"))
    sheet.append(
        [
            "silta",
            "Silta",
            "",
            2025,
            2026,
            1500000,
            0,
            250000.5,
            0,
            0,
            "under way",
            "",
            "T1",
            "",
            3.5,
            25,
            2025,
            1750000.5,
            0,
            0,
        ]
    )
    sheet.append(["silta", *[""] * 15, 2026, 0, 12000, 0])
    path = tmp_path / "sillat.xlsx"
    book.save(path)
    code, out, err = run(path)
    assert code == 0, err
    bridge = Project.objects.get(code="silta")
    assert bridge.eu_funding == Decimal("250000.50") and bridge.discount_rate == Decimal("3.5")
    assert bridge.status == Project.Status.UNDER_WAY and bridge.life_years == 25
    assert list(bridge.cash_flows.values_list("year", "operating_costs")) == [
        (2025, Decimal(0)),
        (2026, Decimal(12000)),
    ]
