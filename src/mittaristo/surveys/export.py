"""A round's results as a table for CSV and XLSX: the anonymity rules applied as on the page
(a hidden figure is an empty cell with the reason, never a number), numbers as numbers, and no
text that a spreadsheet program would run as a formula (core/formulas.py).

Shares are in per cent (0–100), differences of shares in percentage points, net promoter scores
in points, means in the answers' own scale; an interval's ends in the same unit.
"""

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook

from mittaristo.core.formulas import csv_text
from mittaristo.evaluation.surveys import Method
from mittaristo.observations.exports import xlsx_cell

from .texts import difference_text, hidden_text, method_name

PER_CENT = {Method.WILSON, Method.NEWCOMBE}


def columns() -> list[str]:
    return [
        _("question"),
        _("question text"),
        _("background question"),
        _("group"),
        _("figure"),
        _("choice or value"),
        _("answers"),
        _("value"),
        _("95 per cent interval, low"),
        _("95 per cent interval, high"),
        _("method"),
        _("note"),
    ]


def _scaled(x, method):
    if x is None:
        return None
    return round(100 * x if method in PER_CENT else x, 4)


def _estimate_row(base, figure, key, estimate, note=""):
    if estimate is None:
        return [*base, figure, key, None, None, None, None, "", note]
    m = estimate.method
    return [
        *base,
        figure,
        key,
        estimate.n,
        _scaled(estimate.value, m),
        _scaled(estimate.low, m),
        _scaled(estimate.high, m),
        method_name(m),
        note,
    ]


def _difference_row(base, key, difference):
    m = difference.method
    return [
        *base,
        _("change from the previous round"),
        key,
        None,
        _scaled(difference.value, m),
        _scaled(difference.low, m),
        _scaled(difference.high, m),
        method_name(m),
        difference_text(difference),
    ]


def _figure_rows(base, figures, minimum, *, comparisons=True):
    rows = []
    if figures.mean is not None:
        rows.append(_estimate_row(base, _("mean"), "", figures.mean))
    for share in figures.shares:
        note = hidden_text(share.hidden, minimum) if share.hidden else ""
        rows.append(_estimate_row(base, _("share"), share.key, share.estimate, note))
        if comparisons and share.comparison is not None:
            rows.append(_difference_row(base, share.key, share.comparison))
    return rows


def rows(result) -> list[list]:
    """Every figure of a RoundResult as rows in the order of columns()."""
    out = []
    minimum = result.min_group
    for q in result.questions:
        question = q.question
        base = [question.code, str(question.text)]
        whole = [*base, "", ""]
        out.append([*whole, _("answers"), "", q.n, q.n, None, None, "", ""])
        if q.response_rate is not None:
            rate = round(100 * q.response_rate, 4)
            out.append([*whole, _("response rate, per cent"), "", q.n, rate, None, None, "", ""])
        if q.hidden:
            out.append(
                [
                    *whole,
                    _("results"),
                    "",
                    None,
                    None,
                    None,
                    None,
                    "",
                    hidden_text(q.hidden, minimum),
                ]
            )
            continue
        for share in q.distribution:
            note = hidden_text(share.hidden, minimum) if share.hidden else ""
            out.append([*whole, _("count"), share.key, None, share.count, None, None, "", note])
        if q.figures is not None:
            out.extend(_figure_rows(whole, q.figures, minimum))
        if q.mean_comparison is not None:
            out.append(_difference_row(whole, "", q.mean_comparison))
        for b in q.bindings:
            figure = _("indicator %(code)s") % {"code": b.binding.indicator.code}
            out.append(_estimate_row(whole, figure, b.binding.get_rule_display(), b.estimate))
            if b.comparison is not None:
                out.append(_difference_row(whole, figure, b.comparison))
        for breakdown in q.breakdowns:
            for group in breakdown.groups:
                where = [*base, breakdown.background.code, group.key or _("no answer")]
                if group.hidden:
                    note = hidden_text(group.hidden, minimum)
                    out.append([*where, _("answers"), "", None, None, None, None, "", note])
                    continue
                out.append([*where, _("answers"), "", group.n, group.n, None, None, "", ""])
                if group.figures is not None:
                    out.extend(_figure_rows(where, group.figures, minimum, comparisons=False))
        for text in q.texts:
            out.append([*whole, _("open answer"), "", None, None, None, None, "", text.text])
    return out


def write_csv(result, out: io.TextIOBase) -> None:
    """Semicolons and decimal commas, as Finnish Excel reads them (the observations' export)."""
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(columns())
    for record in rows(result):
        writer.writerow(
            [
                csv_text(cell)
                if isinstance(cell, str)
                else ("" if cell is None else str(cell).replace(".", ","))
                for cell in record
            ]
        )


def write_xlsx(result, out) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("results"))
    sheet.append(columns())
    for record in rows(result):
        sheet.append([xlsx_cell(sheet, cell) for cell in record])
    workbook.save(out)
