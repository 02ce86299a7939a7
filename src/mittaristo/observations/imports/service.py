"""Importing a file of observations: read, parse, resolve, preview, store all or nothing.

`import_observations` is the one entry point for the command line and the web page. It always
returns a report (counts of new, changed and unchanged values, and every problem with its row,
column and value); it stores only when the file has no problem and `dry_run` is off, and then
the whole file in one transaction.
"""

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mittaristo.core.models import Area
from mittaristo.core.periods import KINDS_FOR_FREQUENCY
from mittaristo.strategy.models import Indicator

from ..models import ImportRun, Observation
from ..services import ObservationRow, observations_upsert
from .parse import RowProblem, parse_table
from .table import ImportFileError, read_table


@dataclass
class ImportReport:
    file: str
    rows: int = 0
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    late: int = 0
    skipped_empty: int = 0
    problems: list = field(default_factory=list)  # RowProblem, or str for the whole file
    ignored_columns: list = field(default_factory=list)
    stored: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        counts = {
            "file": self.file,
            "rows": self.rows,
            "created": self.created,
            "changed": self.changed,
            "unchanged": self.unchanged,
        }
        return (
            _(
                "%(file)s: %(rows)s values: %(created)s new, %(changed)s changed, "
                "%(unchanged)s unchanged."
            )
            % counts
        )

    def lines(self) -> list[str]:
        """The report as the command line prints it: problems, summary, outcome."""
        lines = [str(p) for p in self.problems]
        if self.ignored_columns:
            lines.append(
                _("Columns not used: %(columns)s") % {"columns": ", ".join(self.ignored_columns)}
            )
        lines.append(self.summary())
        if self.problems:
            lines.append(
                _("%(count)s problem(s): nothing was stored.") % {"count": len(self.problems)}
            )
        elif self.stored:
            lines.append(_("Stored."))
        else:
            lines.append(_("Preview only: nothing was stored."))
        return lines


def import_observations(
    *,
    path: Path,
    name: str | None = None,
    user=None,
    dry_run: bool = False,
    strategy=None,
    example: bool = False,
    allowed_indicators=None,
) -> ImportReport:
    """Import one file; see the module docstring.

    `example` marks every value as example data; `allowed_indicators` (a queryset or set of
    indicators), when given, is what this person may import: other rows are problems.
    """
    name = name or Path(path).name
    report = ImportReport(file=name)
    try:
        table = read_table(Path(path), name=name)
    except ImportFileError as error:
        report.problems.append(str(error))
        return report
    parsed = parse_table(table)
    report.problems.extend(parsed.problems)
    report.ignored_columns = list(getattr(parsed, "ignored_columns", []))
    report.skipped_empty = getattr(parsed, "skipped_empty", 0)
    allowed = None if allowed_indicators is None else {i.pk for i in allowed_indicators}
    rows = _resolve(parsed.rows, strategy, example, allowed, report)
    report.rows = len(parsed.rows)
    with transaction.atomic():
        outcome = observations_upsert(
            rows=rows,
            source_kind=Observation.SourceKind.IMPORT,
            source_ref=name,
            user=user,
            dry_run=dry_run or not report.ok,
        )
        report.created, report.changed = outcome.created, outcome.changed
        report.unchanged, report.late = outcome.unchanged, outcome.late
        if report.ok and not dry_run:
            ImportRun.objects.create(
                file_name=name,
                sha256=hashlib.sha256(Path(path).read_bytes()).hexdigest(),
                user=user,
                recorded_at=timezone.now(),
                created=outcome.created,
                changed=outcome.changed,
                unchanged=outcome.unchanged,
            )
            report.stored = True
    return report


def _resolve(parsed_rows, strategy, example, allowed, report) -> list[ObservationRow]:
    """Indicator codes and area names → database ids; periods checked against frequencies."""
    indicators = _indicators({r.indicator for r in parsed_rows}, strategy)
    lookup = Area.objects.lookup()
    areas = {}  # the area as written → the area (a file repeats the same few hundred)
    rows, seen = [], {}
    for parsed in parsed_rows:
        found = indicators.get(parsed.indicator)
        written = parsed.area
        if written not in areas:
            areas[written] = lookup.get(_area_text(written))
        area = areas[written]
        problem = None
        if found is None:
            problem = (_("indicator"), parsed.indicator, _("unknown indicator code"))
        elif isinstance(found, list):
            problem = (
                _("indicator"),
                parsed.indicator,
                _("the code is used in several strategies (%(strategies)s): choose one")
                % {"strategies": ", ".join(i.strategy.code for i in found)},
            )
        elif allowed is not None and found.pk not in allowed:
            problem = (
                _("indicator"),
                parsed.indicator,
                _("you are not responsible for this indicator's values"),
            )
        elif area is None:
            problem = (_("area"), parsed.area, _("unknown area (write e.g. 111, KU111 or Heinola)"))
        elif parsed.period_obj.kind not in KINDS_FOR_FREQUENCY[found.frequency]:
            problem = (
                _("period"),
                parsed.period,
                _("not a period of this indicator, which is %(frequency)s")
                % {"frequency": found.get_frequency_display()},
            )
        row = None
        if problem is None:
            row = ObservationRow(
                indicator_id=found.pk,
                area_id=area.pk,
                period=parsed.period_obj,
                value=parsed.value,
                breakdown=parsed.breakdown,
                status=parsed.status,
                note=parsed.note,
                is_example=example or parsed.example,
                vintage=parsed.vintage,
            )
            if row.key in seen:  # e.g. 111 on one row and KU111 on another
                problem = (
                    _("area"),
                    parsed.area,
                    _("the same indicator, area, period and breakdown as row %(row)s")
                    % {"row": seen[row.key]},
                )
            seen.setdefault(row.key, parsed.row)
        if problem:
            column, value, why = problem
            report.problems.append(
                RowProblem(row=parsed.row, column=column, value=value, message=why)
            )
            continue
        rows.append(row)
    return rows


def _area_text(text: str) -> str:
    """An area as the lookup keys it: lower case; a municipality code padded to three digits."""
    text = text.strip().lower()
    return text.zfill(3) if text.isdigit() and len(text) < 3 else text


def _indicators(codes, strategy) -> dict:
    """Code → Indicator, or a list of them when several strategies use the code."""
    queryset = Indicator.objects.filter(code__in=codes).select_related("strategy")
    if strategy is not None:
        queryset = queryset.filter(strategy=strategy)
    result = {}
    for indicator in queryset:
        if indicator.code in result:
            previous = result[indicator.code]
            result[indicator.code] = [
                *(previous if isinstance(previous, list) else [previous]),
                indicator,
            ]
        else:
            result[indicator.code] = indicator
    return result
