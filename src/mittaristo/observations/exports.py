"""Exporting observations to CSV, XLSX and JSON, in the columns the import reads back.

Export followed by import of the same file changes nothing: the columns are the import's,
the area is written as its key (KU111), the period as its code, the value exactly.

No text cell is written as something a spreadsheet program would run (core/formulas.py): in
CSV such text gets an apostrophe before it, which the import removes again; in XLSX it is a
text cell marked to stay text when edited. The value stays a number in both. JSON is written
as the data is: no spreadsheet program opens it as a sheet.
"""

import csv
import io
import json
from dataclasses import dataclass

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from mittaristo.core.formulas import csv_text, starts_formula
from mittaristo.core.numbers import plain
from mittaristo.strategy.models import Indicator

from .models import Observation

FORMATS = ("csv", "xlsx", "json")
VALUE = 3  # the position of the value in a record: the one number


@dataclass
class Selection:
    """What to export; an empty field means no limit."""

    strategy: str = ""
    aims: tuple = ()
    goals: tuple = ()
    indicators: tuple = ()
    areas: tuple = ()
    first_year: int | None = None
    last_year: int | None = None

    def chosen(self, organisation=None):
        """The chosen indicators of strategies (of `organisation`, when given)."""
        qs = Indicator.objects.filter(strategy__isnull=False)
        if organisation is not None:
            qs = qs.filter(strategy__organisation=organisation)
        if self.strategy:
            qs = qs.filter(strategy__code=self.strategy)
        if self.aims:
            qs = qs.filter(goals__aim__code__in=self.aims)
        if self.goals:
            qs = qs.filter(goals__code__in=self.goals)
        if self.indicators:
            qs = qs.filter(code__in=self.indicators)
        return qs.distinct()

    def codes(self, organisation=None) -> dict[int, list[str]]:
        """Data id → the codes of the chosen indicators whose values it holds (a bound
        indicator's are its national series', strategy/shared.py): what `_records` names."""
        codes: dict = {}
        for code, pk, series_id in self.chosen(organisation).values_list("code", "pk", "series_id"):
            codes.setdefault(series_id or pk, []).append(code)
        return {pk: sorted(set(names)) for pk, names in codes.items()}

    def queryset(self, codes: dict):
        """The current values of the indicators `codes` (from `codes()`) names."""
        qs = Observation.objects.current().select_related("area")
        qs = qs.filter(indicator_id__in=list(codes))
        if self.areas:  # 111, KU111, MK07, SSS: the code without Statistics Finland's prefix
            qs = qs.filter(area__code__in=_codes({a.strip().upper() for a in self.areas}))
        if self.first_year:
            qs = qs.filter(period_start__year__gte=self.first_year)
        if self.last_year:
            qs = qs.filter(period_start__year__lte=self.last_year)
        return qs.order_by(
            "indicator__code", "area__kind", "area__code", "period_start", "breakdown"
        )


def _codes(keys):
    return [k[2:] if k[:2] in ("KU", "MK", "HV") else k for k in keys]


def columns() -> list[str]:
    """Column headers in the active language; the import reads them in Finnish and English."""
    return [
        _("indicator"),
        _("area"),
        _("period"),
        _("value"),
        _("status"),
        _("note"),
        _("breakdown"),
        _("example"),
        _("published"),
    ]


def _records(queryset, codes=None):
    """The export's rows; `codes` (Selection.codes) names each value by the indicators that
    read it, else by its own indicator."""
    if codes is None:
        queryset = queryset.select_related("indicator")
    for o in queryset.iterator(chunk_size=5000):
        for code in codes[o.indicator_id] if codes is not None else [o.indicator.code]:
            yield _record(o, code)


def _record(o, code):
    return [
        code,
        o.area.key,
        o.period,
        o.value,
        # In the header's language; the import reads it back in fi, sv and en.
        str(Observation.Status(o.status).label),
        o.note,
        o.breakdown,
        "x" if o.is_example else "",
        o.vintage.isoformat() if o.vintage else "",
    ]


def export_csv(queryset, out: io.TextIOBase, codes=None) -> int:
    return write_csv(_records(queryset, codes), out)


def export_xlsx(queryset, out, codes=None) -> int:
    return write_xlsx(_records(queryset, codes), out)


def write_csv(records, out: io.TextIOBase) -> int:
    """Rows in the order of columns(), the value a Decimal, as the export's CSV."""
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(columns())
    count = 0
    for record in records:
        record = [csv_text(cell) if type(cell) is str else cell for cell in record]
        record[VALUE] = plain(record[VALUE]).replace(".", ",")  # Finnish Excel: decimal commas
        writer.writerow(record)
        count += 1
    return count


def write_xlsx(records, out) -> int:
    """Rows in the order of columns(), the value a Decimal, as the export's workbook."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("observations"))
    sheet.append(columns())
    count = 0
    for record in records:
        record[VALUE] = float(record[VALUE])
        sheet.append([xlsx_cell(sheet, cell) for cell in record])
        count += 1
    workbook.save(out)
    return count


def xlsx_cell(sheet, cell):
    """A text that could be taken for a formula as a text cell; anything else as it is."""
    if type(cell) is not str or not starts_formula(cell):
        return cell
    written = WriteOnlyCell(sheet, value=cell)
    written.data_type = "s"  # openpyxl makes "=..." a formula; this keeps it the text it is
    written.quotePrefix = True  # Excel keeps it text when someone edits the cell
    return written


def export_json(queryset, out: io.TextIOBase, codes=None) -> int:
    keys = [
        "indicator",
        "area",
        "period",
        "value",
        "status",
        "note",
        "breakdown",
        "example",
        "published",
    ]
    items = []
    for record in _records(queryset, codes):
        record[3] = float(record[3])
        record[7] = bool(record[7])
        items.append(dict(zip(keys, record, strict=True)))
    json.dump({"observations": items}, out, ensure_ascii=False, indent=1)
    return len(items)
