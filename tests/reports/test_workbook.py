"""The workbook writer: numbers stay numbers with their decimals, text stays text."""

import datetime as dt
import io
from decimal import Decimal

from openpyxl import load_workbook

from mittaristo.reports.workbook import Column, Sheet, number_format, sheet_name, write_workbook


def test_numbers_are_numbers_text_that_looks_like_a_formula_is_text():
    sheet = Sheet(
        "Data",
        [Column("Name"), Column("Value", "number"), Column("Day", "date")],
        [
            ['=HYPERLINK("http://x")', Decimal("1234.50"), dt.date(2025, 3, 31)],
            ["+cmd|' /C calc'!A0", 7, None],
            ["Tavallinen", None, None],
        ],
        notes=["@SUM(A1:A2)"],
    )
    ws = load_workbook(io.BytesIO(write_workbook([sheet], lang="fi"))).active
    assert ws["A1"].value == "@SUM(A1:A2)" and ws["A1"].data_type == "s"
    assert [c.value for c in ws[3]] == ["Name", "Value", "Day"]
    name, value, day = ws[4]
    assert name.data_type == "s" and name.value.startswith("=HYPERLINK")
    assert value.data_type == "n" and value.value == 1234.5 and value.number_format == "#,##0.00"
    assert day.is_date and day.number_format == "d.m.yyyy"
    assert ws["A5"].data_type == "s" and ws["B5"].value == 7 and ws["B5"].number_format == "#,##0"
    assert ws["B6"].value is None


def test_number_formats_show_the_values_own_decimals():
    assert number_format(Decimal("6400")) == "#,##0"
    assert number_format(Decimal("8.39")) == "#,##0.00"
    assert number_format(Decimal("-41.2")) == "#,##0.0"


def test_sheet_names_are_valid_and_unique():
    taken = set()
    long = "Uudistuva työ ja asuminen: [kaikki] tavoitteet/mittarit?"
    first, second = sheet_name(long, taken), sheet_name(long, taken)
    assert len(first) <= 31 and len(second) <= 31 and first != second
    assert not set("[]:*?/\\") & set(first + second)
