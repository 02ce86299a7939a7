"""Reading a CSV, XLSX or ODS file into a plain table of cells, with the file's row numbers.

Pure apart from reading the one file: no database. Every way a file can fail to be read
becomes an ImportFileError naming the file, so a bad upload never ends in a traceback.
"""

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _
from python_calamine import CalamineWorkbook

SPREADSHEETS = {".xlsx", ".ods"}
DELIMITERS = (";", "\t", ",")  # in order of preference on a tie: Finnish Excel writes ';'


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message names the file and says why."""


@dataclass
class Table:
    """The non-empty rows of one sheet, the header row first.

    `numbers[i]` is the 1-based row number of `rows[i]` in the file, as a spreadsheet program
    shows it (for a CSV file: the record's number, counting empty lines), so that problems can
    point at the row the person sees. Cells are as the file has them: strings from a CSV file;
    str, float (also for whole numbers: 2024.0), bool, date or datetime from a spreadsheet,
    with "" for an empty cell.
    """

    name: str
    sheet: str | None
    rows: list[list[object]]
    numbers: list[int]

    @property
    def header(self) -> list[object]:
        return self.rows[0] if self.rows else []

    def data(self):
        """(row number, cells) of each row after the header."""
        return zip(self.numbers[1:], self.rows[1:], strict=True)


def read_table(path: Path, *, name: str | None = None) -> Table:
    """Read the file (its first sheet, for a spreadsheet); `name` is how to call it in messages.

    The format is chosen by the suffix of `path`, or of `name` when `path` has none (an
    upload saved under a temporary name).
    """
    path = Path(path)
    name = name or path.name
    suffix = (path.suffix or Path(name).suffix).lower()
    if suffix == ".csv":
        return _read_csv(path, name)
    if suffix in SPREADSHEETS:
        return _read_spreadsheet(path, name)
    raise ImportFileError(
        _('%(file)s: cannot read files of type "%(suffix)s"; use CSV, XLSX or ODS.')
        % {"file": name, "suffix": suffix or "?"}
    )


def _unreadable(name: str, why) -> ImportFileError:
    return ImportFileError(_("%(file)s: cannot read: %(why)s") % {"file": name, "why": why})


def _read_csv(path: Path, name: str) -> Table:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise _unreadable(name, error.strerror or error) from error
    text = _decode(data, name)
    if "\x00" in text:  # a spreadsheet or other binary file saved with a .csv name
        raise _unreadable(name, _("this is not a text file"))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    rows, numbers = [], []
    try:
        # Counting records, empty ones too, gives the row numbers a spreadsheet shows.
        for number, cells in enumerate(reader, start=1):
            if not _is_empty_row(cells):
                rows.append(cells)
                numbers.append(number)
    except csv.Error as error:
        raise _unreadable(name, error) from error
    return Table(name=name, sheet=None, rows=rows, numbers=numbers)


def _decode(data: bytes, name: str) -> str:
    """UTF-8 (with or without the byte order mark Excel adds), else Windows-1252.

    Finnish Excel saves "CSV (semicolon separated)" in Windows-1252; a byte sequence that is
    not UTF-8 is almost surely that, as ä and ö in Windows-1252 are never valid UTF-8.
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise _unreadable(name, _("the text is neither UTF-8 nor Windows-1252")) from error


def _delimiter(text: str) -> str:
    """The delimiter most used in the first non-empty line, counting outside quotes.

    Counting in the header is sturdier than csv.Sniffer, which guesses wrong on short files
    and on decimal commas in the data.
    """
    first = next((line for line in text.splitlines() if line.strip()), "")
    unquoted = re.sub(r'"[^"]*"', "", first)
    counts = {d: unquoted.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])  # max keeps the first on a tie
    return best if counts[best] else DELIMITERS[0]


def _read_spreadsheet(path: Path, name: str) -> Table:
    try:
        with CalamineWorkbook.from_path(str(path)) as workbook:
            sheet = workbook.get_sheet_by_index(0)
            # skip_empty_area=False keeps leading empty rows, so row numbers stay true.
            cells = sheet.to_python(skip_empty_area=False)
            sheet_name = sheet.name
    except (
        Exception
    ) as error:  # calamine raises many kinds on a corrupt file; all mean "cannot read"
        raise _unreadable(name, error) from error
    rows, numbers = [], []
    for number, row in enumerate(cells, start=1):
        if not _is_empty_row(row):
            rows.append(list(row))
            numbers.append(number)
    return Table(name=name, sheet=sheet_name, rows=rows, numbers=numbers)


def _is_empty_row(cells) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)
