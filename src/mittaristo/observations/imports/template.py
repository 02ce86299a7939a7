"""The import template: a workbook pre-filled with a person's indicators, their organisation's
own area and the periods whose values are due, for them to fill in the values and upload.

The first sheet has the import's columns in the export's order (observations/exports.py): the
indicator as its code, the area as its key (KU111), the period as its code, the value empty;
then the indicator's name and unit, which the import skips (parse.FOR_READERS). Uploaded back,
it imports as it is: a row whose value is left empty is skipped. The periods due are those
after the latest value of the own area that have ended by today (at most MAX_PERIODS, the
oldest first); a series that is up to date gets its next period, one with no value the last
period that has ended.
"""

import datetime as dt

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from mittaristo.core.models import Area
from mittaristo.core.periods import Period, PeriodError, PeriodKind, last_ended, parse_period
from mittaristo.strategy.models import Organisation

from ..exports import columns, xlsx_cell
from ..models import Observation

MAX_PERIODS = 12
KIND_FOR_FREQUENCY = {
    "yearly": PeriodKind.YEAR,
    "half_yearly": PeriodKind.HALF_YEAR,
    "quarterly": PeriodKind.QUARTER,
    "monthly": PeriodKind.MONTH,
}
WIDTHS = [14, 10, 10, 12, 10, 24, 12, 10, 12, 48, 14]  # characters, column by column


def due_periods(frequency: str, latest: Period | None, today: dt.date) -> list[Period]:
    """The periods a series of `frequency` whose latest value is for `latest` waits for."""
    if latest is None:
        return [last_ended(KIND_FOR_FREQUENCY.get(frequency, PeriodKind.YEAR), today)]
    periods, period = [], latest.following()
    while len(periods) < MAX_PERIODS and period.end < today:
        periods.append(period)
        period = period.following()
    return periods or [period]


def template_records(indicators, today: dt.date) -> list[list]:
    """One row per indicator and period due, in the columns of the template (see above)."""
    annotated = Observation.objects.with_latest_value(
        indicators.select_related("strategy__organisation")
    ).order_by("strategy_id", "code")
    records = []
    for indicator in annotated:
        try:
            latest = parse_period(indicator.latest_period) if indicator.latest_period else None
        except PeriodError:  # a stored period is always readable; if not, start afresh
            latest = None
        area = Area.key_of(Organisation.AREA_KIND, indicator.strategy.organisation.code)
        for period in due_periods(indicator.frequency, latest, today):
            records.append(
                [indicator.code, area, period.code, None, "", "", "", "", ""]
                + [str(indicator.name), str(indicator.unit)]
            )
    return records


def write_template(indicators, *, today: dt.date, out) -> int:
    """Write the template of `indicators` (a queryset) to `out`; the number of rows."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("values"))
    for position, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[_letter(position)].width = width
    sheet.freeze_panes = "A2"
    headers = [*columns(), _("indicator name"), _("unit")]
    sheet.append([_bold(sheet, header) for header in headers])
    records = template_records(indicators, today)
    for record in records:
        sheet.append([xlsx_cell(sheet, cell) for cell in record])
    help_sheet = workbook.create_sheet(_("instructions"))
    help_sheet.column_dimensions["A"].width = 100
    for line in _instructions():
        help_sheet.append([line])
    workbook.save(out)
    return len(records)


def _instructions() -> list[str]:
    return [
        _(
            "Write each value in the value column of its row, and upload the file on the "
            "import page."
        ),
        _("A row whose value is left empty is skipped; you may delete rows or add new ones."),
        _(
            "The indicator column takes the indicator's code or its name as shown on the pages; "
            "the area its code (e.g. KU111) or name; the period e.g. 2024, 2024Q1 or 2024M03."
        ),
        _("Status: final (the default when empty), provisional or estimate."),
        _("The columns indicator name and unit are for reading only: the import skips them."),
        _("Only the first sheet is read."),
    ]


def _bold(sheet, text):
    cell = WriteOnlyCell(sheet, value=text)
    cell.font = Font(bold=True)
    return cell


def _letter(position: int) -> str:
    return chr(ord("A") + position - 1)
