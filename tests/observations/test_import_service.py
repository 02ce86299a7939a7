"""Importing files end to end: preview, all-or-nothing, idempotency, round trip, the CLI."""

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation
from openpyxl import load_workbook

from mittaristo.core.models import Area
from mittaristo.observations.exports import export_csv
from mittaristo.observations.imports.service import import_observations
from mittaristo.observations.models import ImportRun, Observation
from mittaristo.strategy.definition import read_definition
from mittaristo.strategy.definition.load import strategy_load

pytestmark = pytest.mark.django_db
MINIMAL = Path(__file__).parent.parent / "strategy" / "fixtures" / "minimal.yaml"

GOOD = """indikaattori;alue;kausi;arvo;tila;huomautus
mittari;999;2021;6 000;lopullinen;
mittari;KU999;2022;6 100,5;ennakkotieto;arvio kesken
mittari;Testikunta;2023;−12;;
"""


@pytest.fixture(autouse=True)
def strategy():
    strategy_load(definition=read_definition(MINIMAL))
    Area.objects.create(kind="municipality", code="999", name={"fi": "Testikunta"})
    Area.objects.create(kind="country", code="SSS", name={"fi": "Koko maa"})


def write(tmp_path, text, name="arvot.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def snapshot():
    return sorted(
        Observation.objects.values_list("period", "value", "status", "superseded_at", "note")
    ), ImportRun.objects.count()


def test_a_good_file_is_stored_whole(tmp_path):
    report = import_observations(path=write(tmp_path, GOOD))
    assert report.ok and report.stored
    assert (report.created, report.changed, report.unchanged) == (3, 0, 0)
    values = dict(Observation.objects.current().values_list("period", "value"))
    assert values == {"2021": Decimal("6000"), "2022": Decimal("6100.5"), "2023": Decimal("-12")}
    second = Observation.objects.get(period="2022")
    assert (second.status, second.note, second.source_kind, second.source_ref) == (
        "provisional",
        "arvio kesken",
        "import",
        "arvot.csv",
    )


def test_importing_the_same_file_twice_changes_nothing_the_second_time(tmp_path):
    path = write(tmp_path, GOOD)
    import_observations(path=path)
    before = snapshot()
    report = import_observations(path=path)
    assert (report.created, report.changed, report.unchanged) == (0, 0, 3)
    assert snapshot()[0] == before[0]


def test_a_preview_stores_nothing(tmp_path):
    report = import_observations(path=write(tmp_path, GOOD), dry_run=True)
    assert (report.created, report.stored) == (3, False)
    assert snapshot() == ([], 0)


BAD_ROWS = [
    ("mittari;999;2021;abc;;", "arvo", "abc"),
    ("tuntematon;999;2021;1;;", "indicator", "tuntematon"),
    ("mittari;Atlantis;2021;1;;", "area", "Atlantis"),
    ("mittari;999;2021Q3;1;;", "period", "2021Q3"),
    ("mittari;999;ensi vuonna;1;;", "kausi", "ensi vuonna"),
    ("mittari;999;2021;1;varma;", "tila", "varma"),
]


@pytest.mark.parametrize(("line", "column", "value"), BAD_ROWS)
def test_a_file_with_any_error_stores_nothing_and_names_row_column_value(
    tmp_path, line, column, value
):
    import_observations(path=write(tmp_path, GOOD, "ensin.csv"))
    before = snapshot()
    text = GOOD.replace("mittari;KU999;2022;6 100,5;ennakkotieto;arvio kesken", line)
    # the changed row would also change a value: nothing of it may be stored
    text = text.replace("mittari;999;2021;6 000;", "mittari;999;2021;7 000;")
    report = import_observations(path=write(tmp_path, text))
    assert not report.ok and not report.stored
    assert snapshot() == before
    problem = str(report.problems[0])
    assert "3" in problem and column in problem and value in problem, problem


def test_the_cli_prints_the_report_and_exits_1_on_errors(tmp_path, capsys):
    good = write(tmp_path, GOOD)
    call_command("import-observations", str(good), "--dry-run")
    out = capsys.readouterr().out
    assert "3 new, 0 changed, 0 unchanged" in out and "nothing was stored" in out
    assert not Observation.objects.exists()
    call_command("import-observations", str(good))
    assert "Stored." in capsys.readouterr().out
    bad = write(tmp_path, GOOD.replace("6 000", "kuusi tuhatta"), "huono.csv")
    with pytest.raises(SystemExit) as exit:
        call_command("import-observations", str(bad))
    assert exit.value.code == 1
    err = capsys.readouterr().err
    assert "kuusi tuhatta" in err and "nothing was stored" in err and "Traceback" not in err


def test_an_unreadable_file_gets_a_clear_message(tmp_path):
    path = tmp_path / "rikki.xlsx"
    path.write_bytes(b"this is not a spreadsheet")
    report = import_observations(path=path)
    assert not report.ok
    assert "rikki.xlsx" in str(report.problems[0])


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_export_then_import_is_a_no_op(tmp_path, fmt):
    import_observations(path=write(tmp_path, GOOD))
    out = tmp_path / f"vienti.{fmt}"
    call_command("export-observations", "--format", fmt, "--out", str(out), stdout=io.StringIO())
    if fmt == "json":
        data = json.loads(out.read_text(encoding="utf-8"))["observations"]
        assert {(d["area"], d["period"], d["value"]) for d in data} == {
            ("KU999", "2021", 6000),
            ("KU999", "2022", 6100.5),
            ("KU999", "2023", -12),
        }
        return
    if fmt == "xlsx":
        rows = list(load_workbook(out).active.iter_rows(values_only=True))
        assert rows[0][:4] == ("indicator", "area", "period", "value")
        assert len(rows) == 4
    before = snapshot()
    report = import_observations(path=out)
    assert report.ok, report.lines()
    assert (report.created, report.changed, report.unchanged) == (0, 0, 3)
    assert snapshot()[0] == before[0]


def test_export_selects_by_indicator_area_and_years(tmp_path):
    import_observations(path=write(tmp_path, GOOD))
    out = io.StringIO()
    call_command(
        "export-observations", "--indicator", "mittari", "--years", "2022-2023", stdout=out
    )
    lines = out.getvalue().strip().splitlines()
    assert lines[0].startswith("indicator;area;period;value")
    assert [line.split(";")[2] for line in lines[1:]] == ["2022", "2023"]
    out = io.StringIO()
    call_command("export-observations", "--area", "SSS", stdout=out)
    assert len(out.getvalue().strip().splitlines()) == 1  # the header only


def test_the_same_area_written_two_ways_is_one_value_and_a_problem(tmp_path):
    text = "indicator,area,period,value\nmittari,999,2021,1\nmittari,KU999,2021,2\n"
    report = import_observations(path=write(tmp_path, text))
    assert [str(p) for p in report.problems] == [
        'row 3, column "area": "KU999" – the same indicator, area, period and breakdown as row 2'
    ]
    assert not Observation.objects.exists()


def test_a_short_municipality_code_from_a_spreadsheet_is_padded(tmp_path):
    Area.objects.create(kind="municipality", code="005", name={"fi": "Alajärvi"})
    report = import_observations(
        path=write(tmp_path, "indicator;area;period;value\nmittari;5;2021;1\n")
    )
    assert report.ok and Observation.objects.get().area.code == "005"


def test_only_the_indicators_a_person_may_import(tmp_path):
    report = import_observations(path=write(tmp_path, GOOD), allowed_indicators=[])
    assert not report.ok and len(report.problems) == 3
    assert "you are not responsible for this indicator's values" in str(report.problems[0])
    assert not Observation.objects.exists()


def test_example_marks_in_the_file_are_kept(tmp_path):
    text = "indicator;area;period;value;example\nmittari;999;2021;1;x\nmittari;999;2022;2;\n"
    assert import_observations(path=write(tmp_path, text)).ok
    marks = dict(Observation.objects.values_list("period", "is_example"))
    assert marks == {"2021": True, "2022": False}


def test_the_publication_date_is_kept_and_a_bad_one_is_a_problem(tmp_path):
    import datetime as dt

    text = "indicator;area;period;value;published\nmittari;999;2021;1;15.3.2023\n"
    assert import_observations(path=write(tmp_path, text)).ok
    assert Observation.objects.get().vintage == dt.date(2023, 3, 15)
    bad = write(tmp_path, text.replace("15.3.2023", "ensi maanantai"), "huono.csv")
    report = import_observations(path=bad)
    assert str(report.problems[0]) == (
        'row 2, column "published": "ensi maanantai" – not a date (write 2024-03-15 or 15.3.2024)'
    )


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_export_headers_in_every_language_are_read_back(language):
    from django.utils import translation

    from mittaristo.observations.exports import columns
    from mittaristo.observations.imports.parse import FIELD_FOR_HEADER

    with translation.override(language):
        headers = columns()
    assert [FIELD_FOR_HEADER.get(header.casefold()) for header in headers] == [
        "indicator",
        "area",
        "period",
        "value",
        "status",
        "note",
        "breakdown",
        "example",
        "vintage",
    ]


@pytest.mark.parametrize(
    ("language", "header", "statuses"),
    [
        ("fi", "tila", {"lopullinen", "ennakkotieto"}),
        ("sv", "status", {"slutlig", "preliminär"}),
        ("en", "status", {"final", "provisional"}),
    ],
)
def test_an_export_writes_statuses_in_its_headers_language_and_reads_back(
    tmp_path, language, header, statuses
):
    import_observations(path=write(tmp_path, GOOD))
    out = tmp_path / f"vienti-{language}.csv"
    with translation.override(language), out.open("w", encoding="utf-8", newline="") as f:
        export_csv(Observation.objects.current().order_by("period"), f)
    rows = list(csv.reader(out.open(encoding="utf-8"), delimiter=";"))
    assert rows[0][4] == header
    assert {row[4] for row in rows[1:]} == statuses
    before = snapshot()
    report = import_observations(path=out)
    assert report.ok, report.lines()
    assert (report.created, report.changed, report.unchanged) == (0, 0, 3)
    assert snapshot()[0] == before[0]
