"""A composite index's components as a file (CSV, XLSX): the table of the indicator page.

One row for the index and one for each component (sub-index and indicator) in the tree's
order, for the area and year of the explanation (monitoring/records/schema.py: IndexRecord):
raw value, normalised score, weight and its share, contribution and rank. Written as the
observation export writes (observations/exports.py): CSV with semicolons and decimal commas for
Finnish Excel, numbers as numbers in XLSX, and no text that a spreadsheet program would run as
a formula (core/formulas.py): names come from the strategy, which anyone with a login edits.
"""

import csv
import io
from decimal import Decimal

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook

from mittaristo.core.formulas import csv_text
from mittaristo.core.numbers import plain
from mittaristo.observations.exports import xlsx_cell

from .export_views import CONTENT_TYPES


def columns() -> list[str]:
    return [
        _("index"),
        _("area"),
        _("year"),
        _("component"),
        _("name"),
        _("part of"),
        _("kind"),
        _("direction"),
        _("value"),
        _("value from year"),
        _("normalised score"),
        _("weight"),
        _("share of weight"),
        _("contribution"),
        _("rank"),
        _("of areas"),
        _("definition version"),
    ]


def component_rows(ix, *, index_code: str, area: str) -> list[list]:
    """The rows of the file, in the order of `columns()`; numbers as Decimal or float."""
    first = [index_code, area, ix.year, index_code, "", "", _("index"), ""]
    rows = [[*first, None, None, ix.value, None, None, None, ix.rank, ix.count]]
    for c in ix.components:
        rows.append(
            [
                index_code,
                area,
                ix.year,
                c.code,
                str(c.name),
                c.parent,
                _("sub-index") if c.kind == "group" else _("indicator"),
                _direction(c.direction),
                c.value,
                c.value_year,
                c.score,
                c.weight,
                c.share,
                c.contribution,
                c.rank,
                ix.count,
            ]
        )
    return [[*row, ix.definition_version] for row in rows]


def _direction(direction) -> str:
    if direction == "lower":
        return _("lower is better")
    return _("higher is better") if direction == "higher" else ""


def _csv_cell(cell):
    if cell is None:
        return ""
    if isinstance(cell, str):
        return csv_text(cell)
    if isinstance(cell, Decimal):
        return plain(cell).replace(".", ",")
    if isinstance(cell, float):
        return repr(cell).removesuffix(".0").replace(".", ",")
    return cell


def write_csv(rows, out) -> None:
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(columns())
    for row in rows:
        writer.writerow([_csv_cell(cell) for cell in row])


def write_xlsx(rows, out) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("components"))
    sheet.append(columns())
    for row in rows:
        cells = [float(c) if isinstance(c, Decimal) else c for c in row]
        sheet.append([xlsx_cell(sheet, cell) for cell in cells])
    workbook.save(out)


def components_response(ix, *, index_code: str, area: str, fmt: str, name: str):
    """The download: `fmt` is csv or xlsx (the URL's pattern allows no other)."""
    rows = component_rows(ix, index_code=index_code, area=area)
    if fmt == "xlsx":
        buffer = io.BytesIO()
        write_xlsx(rows, buffer)
        response = HttpResponse(buffer.getvalue(), content_type=CONTENT_TYPES["xlsx"])
    else:
        text = io.StringIO()
        write_csv(rows, text)
        response = HttpResponse("\ufeff" + text.getvalue(), content_type=CONTENT_TYPES["csv"])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
