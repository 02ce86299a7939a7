"""Files that would exhaust the server's memory are refused before they are read (issue 14).

A 4.7 KB XLSX file with cells at A1 and XFD1048576 made calamine ask for 512 GB and abort the
process (SIGABRT, which no `except` catches); one with a cell at J2000000 took 1 GB. Every
file here is made by the test, a few kilobytes each. The reading of the worst ones runs in a
child process with its address space limited to 1 GiB: without the guard the child dies or
runs out of memory; with it, it prints the refusal and exits normally.
"""

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from mittaristo.observations.imports.parse import parse_table
from mittaristo.observations.imports.service import import_observations
from mittaristo.observations.imports.table import ImportFileError, read_table

ROOT = Path(__file__).resolve().parents[2]
HEADER = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"


def xlsx(path: Path, cells: str, dimension: str = "", padding: int = 0) -> Path:
    """A minimal XLSX file whose first sheet holds `cells` (XML of <row> elements).

    `padding` adds that many spaces of XML whitespace: nothing for the reader, much to unpack.
    """
    parts = {
        "[Content_Types].xml": HEADER
        + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": HEADER + f'<Relationships xmlns="{PACKAGE}">'
        f'<Relationship Id="rId1" Type="{RELS}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>",
        "xl/workbook.xml": HEADER + f'<workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets>'
        '<sheet name="Arvot" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": HEADER + f'<Relationships xmlns="{PACKAGE}">'
        f'<Relationship Id="rId1" Type="{RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
        "</Relationships>",
        "xl/worksheets/sheet1.xml": HEADER
        + f'<worksheet xmlns="{MAIN}">'
        + (f'<dimension ref="{dimension}"/>' if dimension else "")
        + "<sheetData>"
        + cells
        + " " * padding
        + "</sheetData></worksheet>",
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return path


def cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def range_bomb(tmp_path, dimension="") -> Path:
    """Cells at A1 and XFD1048576: a rectangle of 17 billion cells."""
    rows = f'<row r="1">{cell("A1", "x")}</row><row r="1048576">{cell("XFD1048576", "y")}</row>'
    return xlsx(tmp_path / "alue.xlsx", rows, dimension)


def deep_bomb(tmp_path) -> Path:
    """A cell at J2000000: 20 million cells, past the last row Excel has."""
    rows = f'<row r="1">{cell("A1", "x")}</row><row r="2000000">{cell("J2000000", "y")}</row>'
    return xlsx(tmp_path / "syva.xlsx", rows)


def read(path: Path):
    """Read the file as an import does: the whole table, row by row."""
    return parse_table(read_table(path))


def test_the_bombs_are_a_few_kilobytes(tmp_path):
    for path in (range_bomb(tmp_path), deep_bomb(tmp_path)):
        assert path.stat().st_size < 2000


def test_a_sheet_claiming_a_vast_rectangle_is_refused_with_its_size(tmp_path):
    with pytest.raises(ImportFileError) as refused:
        read(range_bomb(tmp_path))
    assert str(refused.value) == (
        "alue.xlsx: the sheet claims 1,048,576 rows × 16,384 columns; at most 12,000,000 "
        "cells are read. Delete the far-away cells, or split the file."
    )


def test_a_declared_dimension_alone_is_enough_to_refuse(tmp_path):
    path = xlsx(tmp_path / "alue.xlsx", f'<row r="1">{cell("A1", "x")}</row>', "A1:XFD1048576")
    with pytest.raises(ImportFileError, match="claims 1,048,576 rows × 16,384 columns"):
        read(path)


def test_a_cell_far_below_is_refused(tmp_path):
    with pytest.raises(ImportFileError, match="claims 2,000,000 rows × 10 columns"):
        read(deep_bomb(tmp_path))


def test_cells_without_references_are_counted_where_the_reader_puts_them(tmp_path, settings):
    settings.IMPORT_MAX_CELLS = 1000
    row = "<row>" + '<c t="inlineStr"><is><t>x</t></is></c>' * 2000 + "</row>"
    with pytest.raises(ImportFileError, match="claims 1 rows × 2,000 columns"):
        read(xlsx(tmp_path / "leveä.xlsx", row))


@pytest.mark.parametrize(
    ("rows", "refused"),
    [
        # A styled empty cell far away holds no value: the reader builds no rectangle for it.
        (f'<row r="1">{cell("A1", "x")}<c r="XFD1048576" s="1"/></row>', False),
        # A cell without its reference goes after the one before: here one past XFC5.
        (f'<row r="5">{cell("XFC5", "x")}<c t="inlineStr"><is><t>y</t></is></c></row>', False),
        (f'<row r="5000">{cell("XFC5000", "x")}<c t="inlineStr"><is><t>y</t></is></c></row>', True),
        # A namespace prefix on the elements is read the general way, and counts the same.
        ('<x:row r="1048576"><x:c r="XFD1048576" t="n"><x:v>1</x:v></x:c></x:row>', True),
    ],
)
def test_every_way_of_writing_cells_is_placed_as_the_reader_places_it(tmp_path, rows, refused):
    path = xlsx(tmp_path / "solut.xlsx", rows)
    if refused:
        with pytest.raises(ImportFileError, match="16,384 columns"):
            read(path)
    else:
        read(path)  # no refusal (the rows themselves are no observations: parse says so)


def test_a_zip_bomb_is_refused_by_its_unpacked_size(tmp_path, settings):
    settings.UPLOAD_MAX_UNPACKED_MB = 1
    path = xlsx(tmp_path / "pommi.xlsx", f'<row r="1">{cell("A1", "x")}</row>', padding=3 << 20)
    assert path.stat().st_size < 10_000  # 3 MB of XML in a few kilobytes
    with pytest.raises(ImportFileError) as refused:
        read(path)
    assert str(refused.value) == "pommi.xlsx: the file unpacks to 3 MB; at most 1 MB are read."


def test_a_zip_bomb_whose_archive_lies_about_its_size_is_refused(tmp_path, settings):
    settings.UPLOAD_MAX_UNPACKED_MB = 1
    path = xlsx(tmp_path / "pommi.xlsx", f'<row r="1">{cell("A1", "x")}</row>', padding=3 << 20)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    # The uncompressed size in the central directory, rewritten as 1 000 bytes.
    real = info.file_size.to_bytes(4, "little")
    at = data.rindex(real)
    data[at : at + 4] = (1000).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    with pytest.raises(ImportFileError, match="pommi.xlsx: "):
        read(path)


def test_an_ods_row_repeated_a_million_times_is_refused(tmp_path):
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="T">'
        '<table:table-row table:number-rows-repeated="1048576">'
        '<table:table-cell table:number-columns-repeated="16384" office:value-type="float" '
        'office:value="1"><text:p>1</text:p></table:table-cell></table:table-row>'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    path = tmp_path / "toisto.ods"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
    with pytest.raises(ImportFileError, match="claims 1,048,576 rows × 16,384 columns"):
        read(path)


def test_an_ods_files_trailing_empty_rows_are_no_cells(tmp_path):
    """LibreOffice writes the empty rest of a sheet as one repeated empty row: that is fine."""
    from .test_import_parse import write_ods

    path = write_ods(tmp_path, [["indicator", "area", "period", "value"], ["m", 111, 2024, 1]])
    assert [r.value for r in read(path).rows] == [1]


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path, settings):
    settings.UPLOAD_MAX_MB = 1
    path = tmp_path / "iso.csv"
    path.write_text("indikaattori;alue;kausi;arvo\n" + "m;999;2024;1\n" * 100_000)
    report = import_observations(path=path)
    assert report.problems == ["iso.csv: the file is 1.2 MB; at most 1 MB are read."]


def test_a_csv_line_longer_than_any_tables_is_refused(tmp_path):
    path = tmp_path / "rivi.csv"
    path.write_text("indikaattori;alue;kausi;arvo\n" + ";" * (2 << 20) + "\n")
    with pytest.raises(ImportFileError, match="rivi.csv: cannot read: a line is longer than"):
        read(path)


CHILD = """
import resource, sys
limit = {limit}
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
import django
django.setup()
from mittaristo.observations.imports.parse import parse_table
from mittaristo.observations.imports.table import ImportFileError, read_table
try:
    result = parse_table(read_table(sys.argv[1]))
    print("read", len(result.rows))
except ImportFileError as error:
    print("refused", error)
"""


def read_in_child(path: Path, limit: int = 1 << 30) -> subprocess.CompletedProcess:
    """Read `path` in a child process that may use `limit` bytes of address space."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "mittaristo.settings",
        "DEBUG": "true",
        "LANGUAGE_CODE": "en",
        "RUST_BACKTRACE": "0",
    }
    return subprocess.run(
        [sys.executable, "-c", CHILD.format(limit=limit), str(path)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )


@pytest.mark.parametrize("bomb", [range_bomb, deep_bomb])
def test_reading_a_bomb_stays_within_a_gigabyte_of_address_space(bomb, tmp_path):
    child = read_in_child(bomb(tmp_path))
    assert child.returncode == 0, child.stderr[-2000:]
    assert child.stdout.startswith("refused "), child.stdout


def test_the_child_can_read_an_ordinary_file_within_the_same_limit(tmp_path):
    """The limit is no refusal of its own: an ordinary file is read under it."""
    rows = (
        '<row r="1">'
        + "".join(cell(f"{c}1", h) for c, h in zip("ABCD", HEADERS, strict=True))
        + "</row>"
    )
    rows += "".join(
        f'<row r="{n}">'
        + cell(f"A{n}", "m")
        + cell(f"B{n}", "111")
        + cell(f"C{n}", str(1900 + n))
        + cell(f"D{n}", str(n))
        + "</row>"
        for n in range(2, 102)
    )
    child = read_in_child(xlsx(tmp_path / "arvot.xlsx", rows))
    assert child.returncode == 0, child.stderr[-2000:]
    assert child.stdout.strip() == "read 100"


HEADERS = ("indicator", "area", "period", "value")


def test_the_unguarded_reader_dies_on_the_range_bomb(tmp_path):
    """The hole itself: calamine given the range bomb directly aborts the process (no guard)."""
    code = (
        "import sys;from python_calamine import CalamineWorkbook;"
        "CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_index(0);print('built')"
    )
    child = subprocess.run(
        [sys.executable, "-c", code, str(range_bomb(tmp_path))],
        capture_output=True,
        text=True,
        env={**os.environ, "RUST_BACKTRACE": "0"},
        timeout=120,
    )
    assert child.returncode != 0 and "built" not in child.stdout
    assert "memory allocation" in child.stderr
