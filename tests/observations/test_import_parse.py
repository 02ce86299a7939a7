"""Reading and parsing import files: CSV, XLSX and ODS, long and wide, as Finns write them.

Every test writes a real file to tmp_path and goes through read_table and parse_table.
"""

import datetime as dt
import os
from decimal import Decimal
from pathlib import Path

import pytest
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table as OdsTable
from odf.table import TableCell, TableRow
from odf.text import P
from openpyxl import Workbook

from mittaristo.core.periods import parse_period
from mittaristo.observations.imports import cells
from mittaristo.observations.imports.parse import ParsedRow, RowProblem, parse_table
from mittaristo.observations.imports.table import ImportFileError, read_table

HEADER = "indikaattori;alue;kausi;arvo"


def write_csv(tmp_path: Path, text: str, name="arvot.csv", encoding="utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def write_xlsx(tmp_path: Path, rows, name="arvot.xlsx", title="Arvot") -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    path = tmp_path / name
    workbook.save(path)
    return path


def write_ods(tmp_path: Path, rows, name="arvot.ods") -> Path:
    document = OpenDocumentSpreadsheet()
    table = OdsTable(name="Taulukko1")
    for row in rows:
        table_row = TableRow()
        for value in row:
            if value is None:
                cell = TableCell()
            elif isinstance(value, dt.date):
                cell = TableCell(valuetype="date", datevalue=value.isoformat())
                cell.addElement(P(text=value.isoformat()))
            elif isinstance(value, int | float):
                cell = TableCell(valuetype="float", value=value)
                cell.addElement(P(text=str(value)))
            else:
                cell = TableCell(valuetype="string")
                cell.addElement(P(text=value))
            table_row.addElement(cell)
        table.addElement(table_row)
    document.spreadsheet.addElement(table)
    path = tmp_path / name
    document.save(str(path))
    return path


def parse(path: Path, **kwargs):
    return parse_table(read_table(path, **kwargs))


def problems(result) -> list[str]:
    return [str(problem) for problem in result.problems]


def one_value(tmp_path, written: str) -> Decimal:
    result = parse(write_csv(tmp_path, f"{HEADER}\nm;111;2024;{written}\n"))
    assert result.problems == [], problems(result)
    (row,) = result.rows
    return row.value


# --- Layout, headers and the rows that come out ---------------------------------------------


def test_a_finnish_long_csv_gives_rows_with_file_row_numbers(tmp_path):
    text = (
        "indikaattori;alue;kausi;arvo;tila;huomautus;erittely\n"
        "asukkaat;111;2023;6 199;lopullinen;;\n"
        "\n"
        "asukkaat; KU111 ;2024;6 150,5;ennakkotieto;arvio kesken;sukupuoli=naiset\n"
    )
    result = parse(write_csv(tmp_path, text))
    assert result.layout == "long"
    assert (result.problems, result.ignored_columns, result.skipped_empty) == ([], [], 0)
    assert result.rows == [
        ParsedRow(2, "asukkaat", "111", "2023", parse_period("2023"), Decimal("6199")),
        ParsedRow(
            row=4,  # the empty line 3 is skipped but still counted
            indicator="asukkaat",
            area="KU111",
            period="2024",
            period_obj=parse_period("2024"),
            value=Decimal("6150.5"),
            status="provisional",
            note="arvio kesken",
            breakdown="sukupuoli=naiset",
        ),
    ]


def test_english_headers_in_any_order_and_case_with_spaces_in_a_comma_csv(tmp_path):
    text = ' Value ,PERIOD,Area , Indicator,Note\n"12.5",2024Q1,Heinola,m,"one, two"\n'
    result = parse(write_csv(tmp_path, text))
    assert result.problems == []
    (row,) = result.rows
    assert (row.row, row.indicator, row.area, row.period, row.value, row.note) == (
        2,
        "m",
        "Heinola",
        "2024Q1",
        Decimal("12.5"),
        "one, two",
    )


@pytest.mark.parametrize(
    "header",
    [
        "mittari;alue;ajanjakso;arvo;tila;huomio;erittely",
        "indicator;area;year;value;status;note;breakdown",
        "mätare;område;år;värde;status;anmärkning;indelning",
        "INDIKAATTORI;Alue;Vuosi;ARVO;Tila;Huomautus;Erittely",
    ],
)
def test_every_header_alias_is_read(tmp_path, header):
    result = parse(write_csv(tmp_path, f"{header}\nm;111;2024;1;arvio;huom;ika=0-6\n"))
    assert result.problems == []
    (row,) = result.rows
    assert (row.status, row.note, row.breakdown) == ("estimate", "huom", "ika=0-6")


def test_a_tab_separated_file_is_read(tmp_path):
    result = parse(write_csv(tmp_path, "indicator\tarea\tperiod\tvalue\nm\t111\t2024\t1,5\n"))
    assert [row.value for row in result.rows] == [Decimal("1.5")]


def test_unknown_columns_are_listed_and_otherwise_ignored(tmp_path):
    text = "indikaattori;kunta;alue;kausi;arvo;lähde\nm;Heinola;111;2024;1;x\n"
    result = parse(write_csv(tmp_path, text))
    assert result.problems == []
    assert result.ignored_columns == ["kunta", "lähde"]
    assert [row.area for row in result.rows] == ["111"]


def test_missing_columns_are_one_problem_on_the_header_row_naming_them(tmp_path):
    result = parse(write_csv(tmp_path, "indikaattori;kausi;muu\nm;2024;1\n"))
    assert result.rows == []
    (problem,) = result.problems
    assert (problem.row, problem.column) == (1, "")
    assert str(problem).startswith("row 1: missing column(s): area, value (write the columns")


def test_the_same_column_twice_is_a_problem(tmp_path):
    result = parse(write_csv(tmp_path, "indikaattori;alue;vuosi;kausi;arvo\nm;1;2024;2024;1\n"))
    assert problems(result) == ['row 1, column "kausi": "" – the same column as "vuosi"']
    assert result.rows == []


def test_an_empty_file_is_a_problem_not_an_error(tmp_path):
    result = parse(write_csv(tmp_path, "\n;;\n"))
    assert problems(result) == ["row 1: the file has no rows"]


def test_the_wide_layout_gives_one_row_per_filled_period_cell(tmp_path):
    text = (
        "alue;indikaattori;2022;2023;2024Q1;tila;huomautus;muu\n"
        "111;m;1 000;;−5;ennakko;tarkistetaan;x\n"
        "222;m;..;-;;;;\n"  # nothing to import: no problem, only skipped cells
        "333;m;abc;2;;;;\n"
    )
    result = parse(write_csv(tmp_path, text))
    assert result.layout == "wide"
    assert result.ignored_columns == ["muu"]
    assert [(r.row, r.area, r.period, r.value, r.status, r.note) for r in result.rows] == [
        (2, "111", "2022", Decimal("1000"), "provisional", "tarkistetaan"),
        (2, "111", "2024Q1", Decimal("-5"), "provisional", "tarkistetaan"),
        (4, "333", "2023", Decimal("2"), "final", ""),
    ]
    assert problems(result) == ['row 4, column "2022": "abc" – not a number']
    assert result.skipped_empty == 1 + 3 + 1


def test_a_period_header_beside_a_period_column_is_not_a_value_column(tmp_path):
    result = parse(write_csv(tmp_path, f"{HEADER};2024\nm;111;2023;5;6\n"))
    assert result.layout == "long"
    assert result.ignored_columns == ["2024"]
    assert [(r.period, r.value) for r in result.rows] == [("2023", Decimal("5"))]


# --- Values -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("12", "12"),
        ("12,5", "12.5"),
        ("12.5", "12.5"),
        ("1 234,5", "1234.5"),
        ("1\u00a0234,5", "1234.5"),  # no-break space, as Excel writes
        ("1\u202f234\u202f567", "1234567"),  # narrow no-break space
        ("−3,25", "-3.25"),  # Unicode minus
        ("–3", "-3"),  # en dash
        ("-0,5", "-0.5"),
        ("+7", "7"),
        ("12,5 %", "12.5"),
        ("12,5%", "12.5"),
        ("6 199 hlöä", "6199"),
        ("12 €", "12"),
        ("3,2 €/asukas", "3.2"),
        ("1.234,5", "1234.5"),
        ("1,234.5", "1234.5"),
        ("1.234.567", "1234567"),
        ("1,234,567", "1234567"),
        ("1,234", "1.234"),  # a lone comma is the Finnish decimal point
        ("0,000001", "0.000001"),
        ("1.5E-3", "0.0015"),
        ("  42  ", "42"),
    ],
)
def test_finnish_number_formats(tmp_path, written, expected):
    assert one_value(tmp_path, written) == Decimal(expected)


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("12,3,4", "not a number"),
        ("kuusi tuhatta", "not a number"),
        ("12 3", "not a number"),  # a space inside, not between thousands
        ("1234 567", "not a number"),
        ("1.23.4", "not a number"),
        ("1,2.3,4", "not a number"),
        ("12,", "not a number"),
        ("12-", "not a number"),
        ("12 ensi vuonna", "not a number"),
        ("0,0000001", "more than 6 decimals"),
        ("100 000 000 000 000", "too large a number"),
    ],
)
def test_a_value_that_is_not_a_number_names_row_column_and_value(tmp_path, written, message):
    text = f"{HEADER}\nm;111;2023;1\nm;111;2024;{written}\n"
    result = parse(write_csv(tmp_path, text))
    assert problems(result) == [f'row 3, column "arvo": "{written.strip()}" – {message}']
    assert [row.row for row in result.rows] == [2]


@pytest.mark.parametrize("written", ["", "   ", "-", ".", ".."])
def test_empty_values_are_skipped_and_counted_in_the_long_layout(tmp_path, written):
    text = f"{HEADER}\nm;111;2023;{written}\nm;111;2024;7\n"
    result = parse(write_csv(tmp_path, text))
    assert result.problems == []
    assert [(row.row, row.period) for row in result.rows] == [(3, "2024")]
    assert result.skipped_empty == 1


def test_the_value_limits_agree_with_what_the_database_stores():
    from mittaristo.strategy.models import DECIMAL

    assert DECIMAL["decimal_places"] == cells.DECIMAL_PLACES
    assert DECIMAL["max_digits"] - DECIMAL["decimal_places"] == cells.INTEGER_DIGITS


# --- Status, period, indicator and area cells -------------------------------------------------


@pytest.mark.parametrize(
    ("written", "status"),
    [
        ("", "final"),
        ("lopullinen", "final"),
        ("Final", "final"),
        ("slutlig", "final"),
        ("ennakko", "provisional"),
        ("ennakkotieto", "provisional"),
        ("ALUSTAVA", "provisional"),
        ("provisional", "provisional"),
        ("preliminär", "provisional"),
        ("arvio", "estimate"),
        ("estimate", "estimate"),
        ("uppskattning", "estimate"),
    ],
)
def test_statuses_in_finnish_english_and_swedish(tmp_path, written, status):
    result = parse(write_csv(tmp_path, f"{HEADER};tila\nm;111;2024;1;{written}\n"))
    assert [row.status for row in result.rows] == [status]


def test_an_unknown_status_is_a_problem(tmp_path):
    result = parse(write_csv(tmp_path, f"{HEADER};tila\nm;111;2024;1;varma\n"))
    assert result.rows == []
    assert problems(result) == [
        'row 2, column "tila": "varma" – not a status (write final, provisional or estimate)'
    ]


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("2024", "2024"),
        ("2024Q1", "2024Q1"),
        ("Q3/2024", "2024Q3"),
        ("2024-03", "2024M03"),
        ("3/2024", "2024M03"),
        ("2024H2", "2024H2"),
        ("2024 kevät", "2024 kevät"),
    ],
)
def test_periods_are_stored_by_their_canonical_code(tmp_path, written, code):
    (row,) = parse(write_csv(tmp_path, f"{HEADER}\nm;111;{written};1\n")).rows
    assert (row.period, row.period_obj) == (code, parse_period(code))


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("ensi vuonna", "not a period (write e.g. 2024, 2024Q1, 2024M03 or 2024 kevät)"),
        ("2024Q5", "not a period (write e.g. 2024, 2024Q1, 2024M03 or 2024 kevät)"),
        ("", "empty; this column needs a value"),
    ],
)
def test_a_bad_period_is_a_problem(tmp_path, written, message):
    result = parse(write_csv(tmp_path, f"{HEADER}\nm;111;{written};1\n"))
    assert result.rows == []
    assert problems(result) == [f'row 2, column "kausi": "{written}" – {message}']


def test_an_empty_indicator_or_area_is_a_problem_for_each_cell(tmp_path):
    result = parse(write_csv(tmp_path, f"{HEADER}\n;  ;2024;1\n"))
    assert result.rows == []
    assert problems(result) == [
        'row 2, column "indikaattori": "" – empty; this column needs a value',
        'row 2, column "alue": "" – empty; this column needs a value',
    ]


def test_the_same_value_twice_is_a_problem_on_the_second_row_naming_the_first(tmp_path):
    text = (
        "indikaattori;alue;kausi;arvo;erittely\n"
        "m;Heinola;2024;1;\n"
        "m;Heinola;2024;1;ika=0-6\n"  # another breakdown: a different value
        "m;heinola;2024;2;\n"
    )
    result = parse(write_csv(tmp_path, text))
    assert [row.row for row in result.rows] == [2, 3]
    assert problems(result) == [
        'row 4, column "kausi": "2024" – the same indicator, area, period and breakdown as row 2'
    ]


def test_the_same_period_in_two_notations_is_the_same_value(tmp_path):
    text = "indikaattori;alue;2024Q1;Q1/2024\nm;111;1;2\n"
    result = parse(write_csv(tmp_path, text))
    assert problems(result) == [
        'row 2, column "Q1/2024": "2" – the same indicator, area, period and breakdown as row 2'
    ]


# --- Text encodings ---------------------------------------------------------------------------


def test_a_windows_1252_csv_from_finnish_excel_is_read(tmp_path):
    text = "indikaattori;alue;kausi;arvo;huomautus\nm;Hämeenlinna;2024;1;Öljy ja €\n"
    (row,) = parse(write_csv(tmp_path, text, encoding="cp1252")).rows
    assert (row.area, row.note) == ("Hämeenlinna", "Öljy ja €")


def test_a_utf8_csv_with_a_byte_order_mark_keeps_its_first_header(tmp_path):
    text = "indikaattori;alue;kausi;arvo\nm;Hämeenlinna;2024;1\n"
    (row,) = parse(write_csv(tmp_path, text, encoding="utf-8-sig")).rows
    assert (row.indicator, row.area) == ("m", "Hämeenlinna")


# --- Spreadsheets -----------------------------------------------------------------------------


def numbers(table) -> list[int]:
    """The file's row numbers of the table's rows (which this reads up)."""
    return [table.header_row, *(number for number, _cells in table.data())]


def test_an_xlsx_file_gives_numbers_and_years_as_written(tmp_path):
    rows = [
        None,  # an empty first row: the numbers still follow the sheet
        ["indikaattori", "alue", "vuosi", "arvo"],
        ["m", 111, 2023, 6199],
        ["m", "111", 2024.0, 1 / 3],  # rounded to the 6 places stored, as the database would
        [None, None, None, None],
        ["m", 111, "2025", "1 234,5"],
    ]
    path = write_xlsx(tmp_path, [row or [] for row in rows])
    table = read_table(path)
    assert (table.name, table.sheet, numbers(table)) == ("arvot.xlsx", "Arvot", [2, 3, 4, 6])
    result = parse_table(read_table(path))
    assert result.problems == []
    assert [(r.row, r.area, r.period, r.value) for r in result.rows] == [
        (3, "111", "2023", Decimal("6199")),
        (4, "111", "2024", Decimal("0.333333")),
        (6, "111", "2025", Decimal("1234.5")),
    ]


def test_a_wide_xlsx_file_with_years_as_number_headers(tmp_path):
    path = write_xlsx(
        tmp_path,
        [["indikaattori", "alue", 2022, 2023, "2024"], ["m", "111", 5, None, 7.25]],
    )
    result = parse(path)
    assert result.layout == "wide"
    assert [(r.period, r.value) for r in result.rows] == [
        ("2022", Decimal("5")),
        ("2024", Decimal("7.25")),
    ]
    assert result.skipped_empty == 1


def test_dates_in_a_spreadsheet_are_neither_periods_nor_numbers(tmp_path):
    path = write_xlsx(
        tmp_path,
        [
            ["indikaattori", "alue", "kausi", "arvo"],
            ["m", "111", dt.date(2024, 3, 1), 1],
            ["m", "111", 2024, dt.datetime(2024, 5, 1)],  # "1.5" typed in a Finnish Excel
        ],
    )
    result = parse(path)
    assert result.rows == []
    assert problems(result) == [
        'row 2, column "kausi": "2024-03-01" – a date, not a period '
        "(write the period as text, e.g. 2024M03)",
        'row 3, column "arvo": "2024-05-01" – a date, not a number '
        "(did the spreadsheet turn it into a date?)",
    ]


def test_an_ods_file_is_read_like_an_xlsx_file(tmp_path):
    path = write_ods(
        tmp_path,
        [
            ["indicator", "area", "period", "value", "status"],
            [],
            ["m", 111, 2024, 12.5, "arvio"],
            ["m", "111", "2024Q2", "−1,5", None],
            ["m", "111", dt.date(2024, 6, 1), 1, None],
        ],
    )
    table = read_table(path)
    assert (table.sheet, numbers(table)) == ("Taulukko1", [1, 3, 4, 5])
    result = parse_table(read_table(path))
    assert [(r.row, r.area, r.period, r.value, r.status) for r in result.rows] == [
        (3, "111", "2024", Decimal("12.5"), "estimate"),
        (4, "111", "2024Q2", Decimal("-1.5"), "final"),
    ]
    assert [(p.row, p.column, p.value) for p in result.problems] == [(5, "period", "2024-06-01")]


# --- Files that cannot be read ----------------------------------------------------------------


def test_an_unknown_suffix_is_a_clear_error(tmp_path):
    path = tmp_path / "arvot.txt"
    path.write_text(HEADER, encoding="utf-8")
    with pytest.raises(ImportFileError) as error:
        read_table(path)
    assert str(error.value) == 'arvot.txt: cannot read files of type ".txt"; use CSV, XLSX or ODS.'


@pytest.mark.parametrize("name", ["rikki.xlsx", "rikki.ods"])
def test_a_corrupt_spreadsheet_is_an_error_naming_the_file(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(os.urandom(2000))
    with pytest.raises(ImportFileError) as error:
        read_table(path)
    assert str(error.value).startswith(f"{name}: cannot read: ")


def test_a_spreadsheet_saved_with_a_csv_name_is_an_error(tmp_path):
    xlsx = write_xlsx(tmp_path, [["indikaattori"]])
    path = tmp_path / "taulukko.csv"
    path.write_bytes(xlsx.read_bytes())
    with pytest.raises(ImportFileError) as error:
        read_table(path)
    assert str(error.value).startswith("taulukko.csv: cannot read: ")


def test_a_missing_file_is_an_error(tmp_path):
    with pytest.raises(ImportFileError) as error:
        read_table(tmp_path / "poissa.csv")
    assert str(error.value).startswith("poissa.csv: cannot read: ")


def test_an_upload_under_a_temporary_name_is_read_and_named_by_its_own_name(tmp_path):
    path = tmp_path / "tmp3f9a"
    path.write_text(f"{HEADER}\nm;111;2024;1\n", encoding="utf-8")
    table = read_table(path, name="Mittarit 2024.csv")
    assert (table.name, len(parse_table(table).rows)) == ("Mittarit 2024.csv", 1)
    with pytest.raises(ImportFileError) as error:
        read_table(tmp_path / "tmp3f9a", name="Mittarit.pdf")
    assert str(error.value).startswith("Mittarit.pdf: cannot read files of type")


def test_a_problem_without_a_column_reads_as_its_row():
    assert str(RowProblem(1, "", "", "why")) == "row 1: why"


def test_the_fast_path_reads_exactly_what_the_general_reader_reads(tmp_path, monkeypatch):
    from mittaristo.observations.imports import parse as parse_module

    text = (
        "indikaattori;alue;kausi;arvo;tila;huomautus;erittely;esimerkki\n"
        "m;111;2024;12,5;ennakkotieto;huom;sukupuoli=naiset;x\n"
        "m;111;2023;−3;;;;\n"
        "m;KU111;2024Q1;1 234,5;;;;\n"
        "m;111;2024;7;;;sukupuoli=naiset;\n"
        "m;111;2022;;;;;\n"
        " m ; Heinola ;2021;6100.25;Lopullinen;;;ei\n"
    )
    path = write_csv(tmp_path, text)
    fast = parse(path)
    monkeypatch.setattr(parse_module._FastRows, "parse", lambda *args: False)
    general = parse(path)
    assert fast.rows == general.rows
    assert [str(p) for p in fast.problems] == [str(p) for p in general.problems]
    assert fast.skipped_empty == general.skipped_empty == 1
    assert len(fast.rows) == 4 and len(fast.problems) == 1  # row 5 repeats row 2
