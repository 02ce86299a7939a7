"""Reading a CSV, XLSX or ODS file as a stream of rows of cells, with the file's row numbers.

Pure apart from reading the one file: no database. Every way a file can fail to be read
becomes an ImportFileError naming the file, so a bad upload never ends in a traceback. A file
is measured before it is read (its size; for a spreadsheet its unpacked size and the extent of
its sheet, guard.py), and rows come one at a time, so memory does not grow with the file: a
CSV file is read twice from disk (once to choose its encoding and check it, once for its
rows), a spreadsheet's sheet is built by calamine only once it is known to fit.
"""

import codecs
import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _
from python_calamine import CalamineWorkbook

from mittaristo.core.formulas import csv_read

from .guard import CHUNK, Limits, SheetTooLarge, check_size, check_spreadsheet, damaged

SPREADSHEETS = {".xlsx", ".ods"}
DELIMITERS = (";", "\t", ",")  # in order of preference on a tie: Finnish Excel writes ';'
LONGEST_LINE = 1 << 20  # bytes; a longer line of a CSV file is no table's


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message names the file and says why."""


def default_limits() -> Limits:
    """The limits of the settings (docs/configuration.md)."""
    return Limits(
        bytes=settings.UPLOAD_MAX_MB * 2**20,
        unpacked=settings.UPLOAD_MAX_UNPACKED_MB * 2**20,
        cells=settings.IMPORT_MAX_CELLS,
    )


@dataclass
class Table:
    """The non-empty rows of one sheet: the header row, then the others as they are read.

    `header_row` and the numbers that `data()` gives are 1-based row numbers in the file, as a
    spreadsheet program shows them (for a CSV file: the record's number, counting empty lines),
    so that problems can point at the row the person sees. Cells are as the file has them:
    strings from a CSV file; str, float (also for whole numbers: 2024.0), bool, date or
    datetime from a spreadsheet, with "" for an empty cell. The rows can be read once; reading
    them may raise ImportFileError (a CSV file broken further down).
    """

    name: str
    sheet: str | None
    header: list[object] = field(default_factory=list)  # [] when the file has no rows
    header_row: int = 0
    rows: Iterator[tuple[int, list[object]]] = field(default_factory=lambda: iter(()))

    def data(self):
        """(row number, cells) of each row after the header."""
        return self.rows


def read_table(path: Path, *, name: str | None = None, limits: Limits | None = None) -> Table:
    """Open the file (its first sheet, for a spreadsheet); `name` is how to call it in messages.

    The format is chosen by the suffix of `path`, or of `name` when `path` has none (an
    upload saved under a temporary name). `limits` are those of the settings unless given.
    """
    path = Path(path)
    name = name or path.name
    suffix = (path.suffix or Path(name).suffix).lower()
    limits = limits or default_limits()
    if suffix not in SPREADSHEETS | {".csv"}:
        raise ImportFileError(
            _('%(file)s: cannot read files of type "%(suffix)s"; use CSV, XLSX or ODS.')
            % {"file": name, "suffix": suffix or "?"}
        )
    try:
        check_size(path, name, limits)
        if suffix in SPREADSHEETS:
            check_spreadsheet(path, name, suffix, limits)
    except SheetTooLarge as error:
        raise ImportFileError(str(error)) from None
    except OSError as error:
        raise _unreadable(name, error.strerror or error) from error
    if suffix == ".csv":
        table = Table(name=name, sheet=None, rows=_csv_rows(path, name))
    else:
        table = _read_spreadsheet(path, name, suffix)
    for number, cells in table.rows:  # the first non-empty row is the header
        table.header, table.header_row = cells, number
        break
    return table


def _unreadable(name: str, why) -> ImportFileError:
    return ImportFileError(_("%(file)s: cannot read: %(why)s") % {"file": name, "why": why})


def _csv_rows(path: Path, name: str):
    encoding, first_line = _check_text(path, name)
    reader_options = {"delimiter": _delimiter(first_line)}
    try:
        with path.open(encoding=encoding, newline="") as text:
            reader = csv.reader(text, **reader_options)
            # Counting records, empty ones too, gives the row numbers a spreadsheet shows.
            for number, cells in enumerate(reader, start=1):
                joined = "\n".join(cells)  # one look at every cell, at C speed
                if not joined.strip():
                    continue  # an empty row
                if joined.startswith("'") or "\n'" in joined:  # an apostrophe to undo?
                    cells = [csv_read(cell) for cell in cells]
                yield number, cells
    except csv.Error as error:
        raise _unreadable(name, error) from error
    except OSError as error:
        raise _unreadable(name, error.strerror or error) from error


def _check_text(path: Path, name: str) -> tuple[str, str]:
    """The encoding of a CSV file and its first non-empty line, reading it once in chunks.

    UTF-8 (with or without the byte order mark Excel adds), else Windows-1252: Finnish Excel
    saves "CSV (semicolon separated)" in Windows-1252; a byte sequence that is not UTF-8 is
    almost surely that, as ä and ö in Windows-1252 are never valid UTF-8.
    """
    utf8 = codecs.getincrementaldecoder("utf-8-sig")()
    cp1252 = codecs.getincrementaldecoder("cp1252")()
    is_utf8 = is_cp1252 = True
    head, line = b"", 0  # the first bytes (for the first line); the length of the line so far
    try:
        with path.open("rb") as stream:
            while chunk := stream.read(CHUNK):
                if b"\x00" in chunk:  # a spreadsheet or other binary file named .csv
                    raise _unreadable(name, _("this is not a text file"))
                if len(head) < CHUNK:
                    head += chunk[: CHUNK - len(head)]
                *lines, last = chunk.split(b"\n")
                longest = max([line + len(lines[0]), *map(len, lines[1:])]) if lines else 0
                line = len(last) if lines else line + len(last)
                if max(longest, line) > LONGEST_LINE:
                    raise _unreadable(
                        name, _("a line is longer than %(size)s bytes") % {"size": LONGEST_LINE}
                    )
                is_utf8 = is_utf8 and _decodes(utf8, chunk)
                is_cp1252 = is_cp1252 and _decodes(cp1252, chunk)
    except OSError as error:
        raise _unreadable(name, error.strerror or error) from error
    is_utf8 = is_utf8 and _decodes(utf8, b"", final=True)
    if not (is_utf8 or is_cp1252):
        raise _unreadable(name, _("the text is neither UTF-8 nor Windows-1252"))
    encoding = "utf-8-sig" if is_utf8 else "cp1252"
    text = head.decode(encoding, errors="ignore")
    first = next((line for line in text.splitlines() if line.strip()), "")
    return encoding, first


def _decodes(decoder, chunk: bytes, final: bool = False) -> bool:
    try:
        decoder.decode(chunk, final)
    except UnicodeDecodeError:
        return False
    return True


def _delimiter(first: str) -> str:
    """The delimiter most used in the first non-empty line, counting outside quotes.

    Counting in the header is sturdier than csv.Sniffer, which guesses wrong on short files
    and on decimal commas in the data.
    """
    unquoted = re.sub(r'"[^"]*"', "", first)
    counts = {d: unquoted.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])  # max keeps the first on a tie
    return best if counts[best] else DELIMITERS[0]


def _read_spreadsheet(path: Path, name: str, suffix: str) -> Table:
    try:
        with CalamineWorkbook.from_path(str(path)) as workbook:
            sheet = workbook.get_sheet_by_index(0)
    except Exception as error:  # calamine raises many kinds on a corrupt file: say it plainly
        raise ImportFileError(damaged(name, suffix)) from error
    return Table(name=name, sheet=sheet.name, rows=_sheet_rows(sheet, name))


def _sheet_rows(sheet, name: str):
    try:  # the rows start at the sheet's first row, filled or not: numbers as the sheet shows
        for number, row in enumerate(sheet.iter_rows(), start=1):
            if not _is_empty_row(row):
                yield number, list(row)
    except Exception as error:  # a cell calamine cannot convert: "cannot read"
        raise _unreadable(name, error) from error


def _is_empty_row(cells) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)
