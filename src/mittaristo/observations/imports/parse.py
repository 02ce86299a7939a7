"""Parsing a table of observations into rows to store, and problems naming row, column and value.

Headers may be Finnish, Swedish or English, in any order. The layout is long (one value per
row: indicator, area, period, value) or wide (indicator, area, and one column per period:
2022, 2023, 2024). Values are read as Finns write them ("1 234,5", "−3", "12,5 %").
Pure: no database. Indicator and area stay as written; service.py resolves them.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from mittaristo.core.dates import parse_date
from mittaristo.core.numbers import SIMPLE_NUMBER
from mittaristo.core.periods import Period, PeriodError, parse_period

from .cells import EMPTY, CellError, cell_text, is_empty, read_number
from .table import Table

HEADERS = {
    "indicator": ("indikaattori", "mittari", "indicator", "indikator", "mätare"),
    "area": ("alue", "area", "område"),
    "period": ("kausi", "ajanjakso", "period", "vuosi", "year", "år"),
    "value": ("arvo", "value", "värde"),
    "status": ("tila", "status"),
    "note": ("huomautus", "huomio", "note", "anmärkning", "kommentar"),
    "breakdown": ("erittely", "breakdown", "indelning"),
    "example": ("esimerkki", "example", "exempel"),
    "vintage": ("julkaistu", "julkaisupäivä", "published", "vintage", "publicerad"),
}
FIELD_FOR_HEADER = {alias: name for name, aliases in HEADERS.items() for alias in aliases}
# Columns of the import template (imports/template.py) that help the person filling it in
# and are not read: neither used nor reported as unused.
FOR_READERS = {
    "indicator name",
    "indikaattorin nimi",
    "mittarin nimi",
    "indikatorns namn",
    "unit",
    "yksikkö",
    "mittayksikkö",
    "enhet",
    "måttenhet",
}

STATUSES = {
    "final": ("lopullinen", "final", "slutlig"),
    "provisional": ("ennakko", "ennakkotieto", "alustava", "provisional", "preliminär"),
    "estimate": ("arvio", "estimate", "uppskattning"),
}
STATUS_FOR = {alias: status for status, aliases in STATUSES.items() for alias in aliases}


@dataclass(slots=True)  # not frozen: a million of these are built in a large import
class ParsedRow:
    """One value read from the file; `row` is its 1-based row in the file."""

    row: int
    indicator: str
    area: str
    period: str  # the canonical code, period_obj.code
    period_obj: Period
    value: Decimal
    status: str = "final"
    note: str = ""
    breakdown: str = ""
    example: bool = False  # marked as example data in the file (any non-empty mark)
    vintage: dt.date | None = None  # when the figure was published


@dataclass(frozen=True)
class RowProblem:
    """Why one cell (or, with no column, the whole row) cannot be imported."""

    row: int
    column: str  # the header as written
    value: str  # the cell as written
    message: str

    def __str__(self) -> str:
        if not self.column:
            return _("row %(row)s: %(why)s") % {"row": self.row, "why": self.message}
        return _('row %(row)s, column "%(column)s": "%(value)s" – %(why)s') % {
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "why": self.message,
        }


@dataclass
class ParseResult:
    rows: list[ParsedRow] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    layout: str = "long"  # or "wide"
    ignored_columns: list[str] = field(default_factory=list)  # headers as written
    skipped_empty: int = 0  # value cells left empty, so not imported


@dataclass
class _Columns:
    headers: list[str]  # as written, by position
    fields: dict[str, int]  # field name → position
    periods: list[tuple[int, Period]]  # wide layout: position → the period its header names


def parse_table(table: Table) -> ParseResult:
    """Read every data row of `table`; see the module docstring."""
    result = ParseResult()
    if not table.header_row:
        result.problems.append(RowProblem(1, "", "", _("the file has no rows")))
        return result
    columns = _read_header(table, result)
    if columns is None:
        return result
    seen: dict[tuple, int] = {}  # (indicator, area, period, breakdown) → first row
    fast = _FastRows(columns) if result.layout == "long" else None
    for number, cells in table.data():
        if fast is None or not fast.parse(number, cells, result, seen):
            _parse_row(number, cells, columns, result, seen)
    return result


class _FastRows:
    """The common long-layout row of plain text cells, read without the general machinery.

    A row it is not sure of (a number with separators, an unknown status, an empty or
    repeated cell, a publication date...) it leaves to _parse_row, which reads every case
    and reports problems; a row it reads gives exactly what _parse_row would give.
    """

    def __init__(self, columns: _Columns):
        fields = columns.fields
        self.positions = [
            fields["indicator"],
            fields["area"],
            fields["period"],
            fields["value"],
            fields.get("status"),
            fields.get("note"),
            fields.get("breakdown"),
            fields.get("example"),
        ]
        self.usable = "vintage" not in fields
        self.width = max(p for p in self.positions if p is not None) + 1

    def parse(self, number, cells, result, seen) -> bool:
        if not self.usable or len(cells) < self.width:
            return False
        texts = []
        for position in self.positions:
            if position is None:
                texts.append("")
                continue
            cell = cells[position]
            if type(cell) is not str:
                return False
            texts.append(cell.strip())
        indicator, area, period_text, value_text, status, note, breakdown, example = texts
        if not (indicator and area and period_text and SIMPLE_NUMBER.fullmatch(value_text)):
            return False
        status = STATUS_FOR.get(status.casefold()) if status else "final"
        if status is None or period_text in EMPTY:
            return False
        try:
            period = parse_period(period_text)
            value = read_number(value_text)
        except (PeriodError, CellError):
            return False
        key = (indicator, area.casefold(), period.code, breakdown)
        if key in seen:
            return False
        seen[key] = number
        result.rows.append(
            ParsedRow(
                row=number,
                indicator=indicator,
                area=area,
                period=period.code,
                period_obj=period,
                value=value,
                status=status,
                note=note,
                breakdown=breakdown,
                example=_marked(example),
            )
        )
        return True


def _read_header(table: Table, result: ParseResult) -> _Columns | None:
    row = table.header_row
    headers = [cell_text(cell) for cell in table.header]
    fields, periods, problems = {}, [], []
    for position, (cell, written) in enumerate(zip(table.header, headers, strict=True)):
        if not written:
            continue
        header = " ".join(written.casefold().split())
        name = FIELD_FOR_HEADER.get(header)
        if header in FOR_READERS:
            continue
        if name in fields:
            message = _('the same column as "%(other)s"') % {"other": headers[fields[name]]}
            problems.append(RowProblem(row, written, "", message))
        elif name:
            fields[name] = position
        elif (period := _header_period(cell)) is not None:
            periods.append((position, period))
        else:
            result.ignored_columns.append(written)
    wide = bool(periods) and "period" not in fields and "value" not in fields
    required = ["indicator", "area"] if wide else ["indicator", "area", "period", "value"]
    if missing := [name for name in required if name not in fields]:
        names = {
            "indicator": _("indicator"),
            "area": _("area"),
            "period": _("period"),
            "value": _("value"),
        }
        message = _(
            "missing column(s): %(columns)s (write the columns indicator, area, period and "
            "value; or indicator, area and one column for each period, e.g. 2023, 2024)"
        ) % {"columns": ", ".join(names[name] for name in missing)}
        problems.append(RowProblem(row, "", "", message))
    result.problems.extend(problems)
    if problems:
        return None
    if not wide:  # a period as a header beside a period column is not a value column
        result.ignored_columns.extend(headers[position] for position, _period in periods)
        periods = []
    result.layout = "wide" if wide else "long"
    return _Columns(headers=headers, fields=fields, periods=periods)


def _header_period(cell) -> Period | None:
    if isinstance(cell, bool | dt.date | dt.time | dt.timedelta):
        return None
    try:
        return parse_period(cell)
    except PeriodError:
        return None


def _parse_row(number: int, cells: list, columns: _Columns, result: ParseResult, seen: dict):
    fields = columns.fields

    def at(position):
        return cells[position] if position is not None and position < len(cells) else None

    def problem(position, message):
        written = cell_text(at(position))
        result.problems.append(RowProblem(number, columns.headers[position], written, message))

    def read(position, reader):
        """The cell read by `reader`, or None after noting the problem."""
        try:
            return reader(at(position))
        except CellError as error:
            problem(position, str(error))
            return None

    long = result.layout == "long"
    slots = [(fields["value"], None)] if long else columns.periods
    filled = [(position, period) for position, period in slots if not is_empty(at(position))]
    result.skipped_empty += len(slots) - len(filled)
    if not filled:  # nothing to store, so nothing else in the row matters
        return
    before = len(result.problems)
    indicator = read(fields["indicator"], _required)
    area = read(fields["area"], _required)
    status = read(fields.get("status"), _status)
    note = cell_text(at(fields.get("note")))
    breakdown = cell_text(at(fields.get("breakdown")))
    example = _marked(cell_text(at(fields.get("example"))))
    vintage = read(fields.get("vintage"), _vintage)
    if long:
        filled = [(fields["value"], read(fields["period"], _period))]
    row_ok = len(result.problems) == before
    for position, period in filled:
        value = read(position, read_number)
        if not row_ok or period is None:
            continue
        key = (indicator, area.casefold(), period.code, breakdown)
        if key in seen:
            where = fields["period"] if long else position
            message = _("the same indicator, area, period and breakdown as row %(row)s")
            problem(where, message % {"row": seen[key]})
            continue
        seen[key] = number
        if value is not None:
            result.rows.append(
                ParsedRow(
                    row=number,
                    indicator=indicator,
                    area=area,
                    period=period.code,
                    period_obj=period,
                    value=value,
                    status=status,
                    note=note,
                    breakdown=breakdown,
                    example=example,
                    vintage=vintage,
                )
            )


def _required(cell) -> str:
    text = cell_text(cell)
    if not text:
        raise CellError(_("empty; this column needs a value"))
    return text


def _marked(text: str) -> bool:
    """Whether an example column marks its row: any mark but an empty cell or a "no"."""
    return text.casefold() not in ("", "0", "ei", "no", "nej")


def _vintage(cell) -> dt.date | None:
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    text = cell_text(cell)
    if not text:
        return None
    try:
        return parse_date(text)
    except ValueError:
        raise CellError(_("not a date (write 2024-03-15 or 15.3.2024)")) from None


def _status(cell) -> str:
    if cell == "" or cell is None:
        return "final"
    text = cell_text(cell).casefold()
    if not text:
        return "final"
    if text not in STATUS_FOR:
        raise CellError(_("not a status (write final, provisional or estimate)"))
    return STATUS_FOR[text]


def _period(cell) -> Period:
    if isinstance(cell, dt.date):
        raise CellError(_("a date, not a period (write the period as text, e.g. 2024M03)"))
    if is_empty(cell):
        raise CellError(_("empty; this column needs a value"))
    try:
        if isinstance(cell, bool | dt.time | dt.timedelta):
            raise PeriodError(cell)
        return parse_period(cell)
    except PeriodError:
        raise CellError(
            _("not a period (write e.g. 2024, 2024Q1, 2024M03 or 2024 kevät)")
        ) from None
