"""A report's workbook: sheets of typed columns written with openpyxl.

Numbers are written as numbers (never text), each with a number format showing its own
decimals and grouped thousands; Excel and LibreOffice draw the separators of the reader's
locale (Finnish: 1 234,5), as a format code names them only by role. Dates are dates. Every
text cell that a spreadsheet program could take for a formula is kept text (core/formulas.py),
as in the CSV export. A sheet's notes (its title, "example data") stand above its table.
"""

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from mittaristo.core.formulas import starts_formula

DATE_FORMATS = {"fi": "d.m.yyyy", "sv": "yyyy-mm-dd", "en": "d mmm yyyy"}
_NOT_IN_NAME = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class Column:
    title: str
    kind: str = "text"  # text, number, date
    width: int = 14


@dataclass
class Sheet:
    title: str
    columns: list[Column]
    rows: list[list] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def number_format(value) -> str:
    """A format showing the number's own decimals (2.50 as 2,50; 1234 as 1 234)."""
    if isinstance(value, Decimal):
        places = max(0, -value.as_tuple().exponent) if value.is_finite() else 0
    elif isinstance(value, float):
        places = 2 if abs(value) < 100 else 1 if abs(value) < 10_000 else 0
    else:
        places = 0
    return "#,##0" + ("." + "0" * places if places else "")


def sheet_name(text: str, taken: set[str]) -> str:
    """A valid, unique sheet name: at most 31 characters, none of []:*?/\\."""
    base = _NOT_IN_NAME.sub(" ", text).strip()[:31] or "Sheet"
    name, n = base, 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def write_workbook(sheets: list[Sheet], *, lang: str) -> bytes:
    book = Workbook()
    book.remove(book.active)
    taken: set[str] = set()
    bold = Font(bold=True)
    for sheet in sheets:
        ws = book.create_sheet(sheet_name(sheet.title, taken))
        for r, note in enumerate(sheet.notes, start=1):
            _text(ws.cell(row=r, column=1), note)
        header = len(sheet.notes) + 2 if sheet.notes else 1
        for col, column in enumerate(sheet.columns, start=1):
            cell = ws.cell(row=header, column=col)
            _text(cell, column.title)
            cell.font = bold
            ws.column_dimensions[get_column_letter(col)].width = column.width
        for r, row in enumerate(sheet.rows, start=header + 1):
            for col, (column, value) in enumerate(zip(sheet.columns, row, strict=True), start=1):
                _write(ws.cell(row=r, column=col), column, value, lang)
        ws.freeze_panes = ws.cell(row=header + 1, column=1)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _write(cell, column: Column, value, lang: str) -> None:
    if value is None or value == "":
        return
    if column.kind == "number" and isinstance(value, Decimal | int | float):
        cell.value = value
        cell.number_format = number_format(value)
    elif column.kind == "date" and isinstance(value, dt.date):
        cell.value = value
        cell.number_format = DATE_FORMATS.get(lang, "yyyy-mm-dd")
    else:
        _text(cell, str(value))


def _text(cell, text: str) -> None:
    """Text as a text cell: openpyxl would make "=…" a formula; this keeps it the text it is."""
    cell.value = text
    if starts_formula(text):
        cell.data_type = "s"
