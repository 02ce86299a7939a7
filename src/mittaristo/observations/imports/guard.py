"""Measuring a spreadsheet before any reader builds it: size, unpacked size and the sheet's extent.

An XLSX or ODS file is a zip archive of XML. The reader (calamine) builds the first sheet as one
rectangle of cells from its first to its last filled cell, so a 5 KB file with cells at A1 and
XFD1048576 asks for 512 GB, and the process aborts where no `except` can catch it. Here the
archive is read as a stream instead: its unpacked size is counted (the sizes it declares, and
the bytes that really come out), and the first sheet's XML is scanned for the rows and columns
it declares and fills, exactly as the reader would place them. A file beyond the limits is
refused with a message before the reader sees it. Memory stays at a few megabytes whatever the
file. The limits are settings (docs/configuration.md).
"""

import re
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import PurePosixPath

from django.utils.translation import gettext as _

from mittaristo.core.formatting import number

CHUNK = 1 << 20
LONGEST_TAG = 1 << 16  # a row or cell tag longer than this is no spreadsheet program's


class SheetTooLarge(Exception):
    """The file is beyond a limit, or cannot be measured; the message says which and why."""


@dataclass(frozen=True)
class Limits:
    bytes: int  # the file as uploaded
    unpacked: int  # the archive's parts, unpacked
    cells: int  # rows × columns of the first sheet's rectangle


def check_size(path, name: str, limits: Limits) -> None:
    size = path.stat().st_size
    if size > limits.bytes:
        raise SheetTooLarge(
            _("%(file)s: the file is %(size)s MB; at most %(limit)s MB are read.")
            % {"file": name, "size": _mb(size), "limit": _mb(limits.bytes)}
        )


def check_spreadsheet(path, name: str, suffix: str, limits: Limits) -> None:
    """Raise SheetTooLarge if the reader would build more than the limits allow.

    A file that is no zip archive, or whose archive breaks while it is measured, is refused
    too (the reader would refuse it, but only a measured file reaches the reader); one that
    lacks the parts a spreadsheet has passes, and the reader refuses it having built nothing.
    """
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, ValueError, EOFError):
        raise SheetTooLarge(not_a_spreadsheet(path, name, suffix)) from None
    with archive:
        declared = sum(info.file_size for info in archive.infolist())
        if declared > limits.unpacked:
            raise _unpacked_error(name, declared, limits)
        scan = _XlsxScan() if suffix == ".xlsx" else _OdsScan()
        part = scan.part(archive)
        if part is None:
            return
        try:
            with archive.open(part) as stream:
                _feed(stream, scan, name, limits)
        except (
            zipfile.BadZipFile,
            EOFError,
            ValueError,
            RuntimeError,
            NotImplementedError,
        ):
            raise SheetTooLarge(damaged(name, suffix)) from None
    claimed = scan.declared or (0, 0)
    rows, columns = max(scan.rows, claimed[0]), max(scan.columns, claimed[1])
    if rows * columns > limits.cells:
        raise SheetTooLarge(
            _(
                "%(file)s: the sheet claims %(rows)s rows × %(columns)s columns; at most "
                "%(cells)s cells are read. Delete the far-away cells, or split the file."
            )
            % {
                "file": name,
                "rows": number(rows),
                "columns": number(columns),
                "cells": number(limits.cells),
            }
        )


def _feed(stream, scan, name, limits):
    """Pass the part's XML to `scan` in chunks that end at a tag's start; count what comes out."""
    unpacked, tail = 0, b""
    while chunk := stream.read(CHUNK):
        unpacked += len(chunk)
        if unpacked > limits.unpacked:  # the archive's declared sizes were false
            raise _unpacked_error(name, unpacked, limits)
        data = tail + chunk
        cut = data.rfind(b"<")
        if cut < 0:
            cut = len(data)
        scan.feed(data[:cut])
        tail = data[cut:]
        if len(tail) > LONGEST_TAG:
            raise SheetTooLarge(
                _("%(file)s: cannot read: the sheet's XML is malformed.") % {"file": name}
            )
    scan.feed(tail)


# The first bytes of the kinds of file most often renamed, or saved by mistake, as a spreadsheet.
_SIGNATURES = (
    (b"\x89PNG", "image"),
    (b"\xff\xd8\xff", "image"),
    (b"GIF8", "image"),
    (b"%PDF", "pdf"),
    (b"\xd0\xcf\x11\xe0", "xls"),  # the old Office format: .xls, .doc
)


def not_a_spreadsheet(path, name: str, suffix: str) -> str:
    """What to tell someone whose file named .xlsx or .ods is no spreadsheet at all: in plain
    words what it seems to be (by its first bytes), and what to do; no reader's error."""
    try:
        with open(path, "rb") as stream:
            head = stream.read(4096)
    except OSError:
        head = b""
    kind = next((kind for start, kind in _SIGNATURES if head.startswith(start)), "")
    if not kind and head and b"\x00" not in head:
        try:
            head.decode("utf-8")
            kind = "text"
        except UnicodeDecodeError:
            kind = "text" if head.isascii() else ""
    seems = {
        "image": _("it is an image"),
        "pdf": _("it is a PDF document"),
        "xls": _("it is in the old Excel format (.xls) or another old Office format"),
        "text": _("it is text"),
    }.get(kind, _("its content is not a spreadsheet's"))
    return _(
        "%(file)s: cannot read: this is not an %(format)s spreadsheet, though its name says so "
        "(%(seems)s). Open it in a spreadsheet program, save it as XLSX, ODS or CSV, and upload "
        "that file."
    ) % {"file": name, "format": suffix.lstrip(".").upper(), "seems": seems}


def damaged(name: str, suffix: str) -> str:
    """What to tell someone whose spreadsheet cannot be read although it looks like one."""
    return _(
        "%(file)s: cannot read: the file is damaged, protected by a password, or not an "
        "%(format)s spreadsheet. Open it in a spreadsheet program, save it again as XLSX, ODS "
        "or CSV, and upload that file."
    ) % {"file": name, "format": suffix.lstrip(".").upper()}


def _unpacked_error(name, size, limits):
    return SheetTooLarge(
        _("%(file)s: the file unpacks to %(size)s MB; at most %(limit)s MB are read.")
        % {"file": name, "size": _mb(size), "limit": _mb(limits.unpacked)}
    )


def _mb(size: int) -> str:
    return number((Decimal(size) / 2**20).quantize(Decimal("0.1")))


_ATTR = r'\b{}\s*=\s*["\']([^"\']*)["\']'
_R = re.compile(_ATTR.format("r").encode())
_REF = re.compile(rb"([A-Za-z]{1,8})?(\d{1,12})?")
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\b[^>]*?\bref\s*=\s*["\']([^"\']*)["\']')


def _column_index(letters: bytes) -> int:
    index = 0
    for letter in letters.upper():
        index = index * 26 + letter - 64
    return index


def _extent(ref: bytes) -> tuple[int, int]:
    """(rows, columns) of a reference or range: A1 → (1, 1), A1:XFD1048576 → (1048576, 16384)."""
    rows = columns = 0
    for corner in ref.split(b":"):
        found = _REF.fullmatch(corner.strip().replace(b"$", b""))
        if found:
            letters, digits = found.groups()
            columns = max(columns, _column_index(letters) if letters else 0)
            rows = max(rows, int(digits) if digits else 0)
    return rows, columns


class _XlsxScan:
    """Where calamine puts each cell of an XLSX sheet: at its reference, or after the last."""

    TOKEN = re.compile(rb"<(?:\w+:)?(row|c)(?![\w.-])([^>]*)>")

    def __init__(self):
        self.row = self.column = self.rows = self.columns = 0
        self.declared = None
        self.data_seen = False

    def part(self, archive) -> str | None:
        """The first sheet's XML part, found as the reader finds it: workbook → relationships."""
        names = set(archive.namelist())
        workbook, rels = "xl/workbook.xml", "xl/_rels/workbook.xml.rels"
        if workbook not in names or rels not in names:
            return None
        first = re.search(
            rb"<(?:\w+:)?sheet\b[^>]*?\b(?:\w+:)?id\s*=\s*[\"']([^\"']*)[\"']",
            _head(archive, workbook),
        )
        if first is None:
            return None
        for relation in re.finditer(rb"<(?:\w+:)?Relationship\b([^>]*)>", _head(archive, rels)):
            attributes = relation.group(1)
            found_id = re.search(_ATTR.format("Id").encode(), attributes)
            target = re.search(_ATTR.format("Target").encode(), attributes)
            if found_id and target and found_id.group(1) == first.group(1):
                text = target.group(1).decode("utf-8", "replace")
                absolute = text.startswith("/")
                path = _normalise(text.lstrip("/") if absolute else str(PurePosixPath("xl", text)))
                return path if path in names else None
        return None

    # Spreadsheet programs write every cell's reference first (<c r="B7" ...>), with no
    # namespace prefix: then the extent is the largest filled reference, found by counting and
    # by regular expressions that begin with a literal, at C speed, instead of a Python step per
    # cell (13 s → about 1 s for 1.8 million cells). Any other chunk takes the general way.
    REFERENCED = re.compile(rb'<c r="[A-Z]{1,3}[0-9]{1,7}"')
    FILLED_COLUMNS = re.compile(rb'<c r="([A-Z]{1,3})[0-9]{1,7}"[^>]*(?<!/)>')
    FILLED_ROWS = re.compile(rb'<c r="[A-Z]{1,3}([0-9]{1,7})"[^>]*(?<!/)>')

    def feed(self, data: bytes) -> None:
        if self.declared is None and not self.data_seen:
            if dimension := _DIMENSION.search(data):
                self.declared = _extent(dimension.group(1))
            self.data_seen = b"sheetData" in data  # the dimension comes before the data
        if not self._feed_referenced(data):
            self._feed_tags(data)

    def _feed_referenced(self, data: bytes) -> bool:
        """The fast way, when every cell of the chunk has its reference first; False if not."""
        cells = data.count(b"<c ") + data.count(b"<c>") + data.count(b"<c/")
        prefixed = data.count(b":c ") + data.count(b":c>") + data.count(b":c/")
        if not cells or prefixed:
            return False
        start = data.rfind(b"<c ", max(0, len(data) - LONGEST_TAG))
        if start < 0 or len(self.REFERENCED.findall(data)) != cells:  # a cell without one
            return False
        columns = set(self.FILLED_COLUMNS.findall(data))  # <c .../> holds no value
        if columns:
            self.columns = max(self.columns, *map(_column_index, columns))
            self.rows = max(self.rows, *map(int, set(self.FILLED_ROWS.findall(data))))
        # Where the reader stands after the chunk: its last cell has a reference, so the
        # general way from there on knows exactly (a row after it moves to that row).
        self._feed_tags(data[start:])
        return True

    def _feed_tags(self, data: bytes) -> None:
        """The general way: each row and cell tag in turn, placed as the reader places it."""
        for tag in self.TOKEN.finditer(data):
            kind, attributes = tag.groups()
            ref = _R.search(attributes)
            if kind == b"row":
                self.row = int(ref.group(1)) if ref and ref.group(1).isdigit() else self.row + 1
                self.column = 0
                continue
            if ref:
                rows, columns = _extent(ref.group(1))
                self.row = rows or self.row
                self.column = columns or self.column + 1
            else:
                self.column += 1
            if not attributes.rstrip().endswith(b"/"):  # <c .../> holds no value
                self.rows = max(self.rows, self.row)
                self.columns = max(self.columns, self.column)


class _OdsScan:
    """The extent of the first table of an ODS file, its repeated rows and cells counted out."""

    TOKEN = re.compile(
        rb"<(/?)table:(table-row|table-cell|covered-table-cell|table)(?![\w.-])([^>]*)>"
    )
    ROWS = re.compile(_ATTR.format("table:number-rows-repeated").encode())
    COLUMNS = re.compile(_ATTR.format("table:number-columns-repeated").encode())

    def __init__(self):
        self.row = self.column = self.rows = self.columns = 0
        self.repeat = 1
        self.filled = False
        self.tables = 0
        self.declared = None

    def part(self, archive) -> str | None:
        return "content.xml" if "content.xml" in archive.namelist() else None

    def feed(self, data: bytes) -> None:
        for tag in self.TOKEN.finditer(data):
            closing, kind, attributes = tag.groups()
            if kind == b"table":
                self.tables += 0 if closing else 1
                continue
            if self.tables != 1:  # the reader builds the first table only
                continue
            if kind == b"table-row":
                if closing:
                    self._end_row()
                    continue
                self.repeat = _count(self.ROWS, attributes)
                self.column, self.filled = 0, False
                if attributes.rstrip().endswith(b"/"):
                    self._end_row()
                continue
            if closing:
                continue
            self.column += _count(self.COLUMNS, attributes)
            if b"office:value-type" in attributes or not attributes.rstrip().endswith(b"/"):
                self.filled = True
                self.columns = max(self.columns, self.column)

    def _end_row(self):
        self.row += self.repeat
        if self.filled:
            self.rows = self.row
        self.repeat, self.filled = 1, False


def _count(pattern, attributes: bytes) -> int:
    found = pattern.search(attributes)
    return int(found.group(1)) if found and found.group(1).isdigit() else 1


def _head(archive, part: str) -> bytes:
    """The start of a small part (the workbook's list of sheets and its relationships)."""
    with archive.open(part) as stream:
        return stream.read(4 * CHUNK)


def _normalise(path: str) -> str:
    parts = []
    for piece in path.split("/"):
        if piece == "..":
            if parts:
                parts.pop()
        elif piece and piece != ".":
            parts.append(piece)
    return "/".join(parts)
