"""Importing a file of observations: read, parse, resolve, preview, store all or nothing.

`import_observations` is the one entry point for the command line and the web page;
`import_table` is the same import for rows that arrive another way (the write API sends them
as JSON, api/batch.py lays them out as a table). It always
returns a report (counts of new, changed and unchanged values, each new or changed value as
old → new, the values far from what is expected, and every problem with its row, column and
value); it stores only when the file has no problem, every outlier is accepted and `dry_run`
is off, and then the whole file in one transaction. While it stores, it holds the file's
indicators (`observations.services.indicators_lock`): a second import of the same indicators
waits for the first and then sees what the first stored, or, after IMPORT_LOCK_WAIT seconds,
stores nothing and says "another import of these indicators is being stored; try again".
"""

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from django.db import OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mittaristo.core.models import Area
from mittaristo.core.periods import KINDS_FOR_FREQUENCY
from mittaristo.strategy.models import Indicator

from ..models import ImportRun, Observation
from ..services import (
    ObservationRow,
    StoreBusy,
    current_values,
    indicators_lock,
    is_busy_error,
    observations_upsert,
)
from .parse import RowProblem, parse_table
from .preview import ValueChange, changes_list
from .table import ImportFileError, Table, read_table


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
    changes: list[ValueChange] = field(default_factory=list)  # the first new or changed values
    outliers: list[ValueChange] = field(default_factory=list)  # the first far from expected
    outlier_count: int = 0
    outlier_digest: str = ""  # what a confirmation on the web page confirms
    outliers_accepted: bool = False
    stored: bool = False
    busy: bool = False  # another store of the same indicators held them: nothing was stored
    # The indicators as written that `allowed_indicators` left out (each also a problem).
    not_allowed: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether every row can be read and resolved (outliers are a question, not a fault)."""
        return not self.problems

    @property
    def needs_confirmation(self) -> bool:
        """Some values are far from what is expected and nobody has yet said they are right."""
        return bool(self.outlier_count) and not self.outliers_accepted

    @property
    def more_changes(self) -> int:
        """New and changed values not listed one by one in `changes`."""
        return self.created + self.changed - len(self.changes)

    @property
    def more_outliers(self) -> int:
        return self.outlier_count - len(self.outliers)

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
        if self.changes:
            lines.append(_("New and changed values:"))
            lines.extend(f"  {change}" for change in self.changes)
            if self.more_changes:
                lines.append("  " + _("… and %(count)s more") % {"count": self.more_changes})
        if self.outlier_count:
            lines.append(
                _("%(file)s: values far from what is expected: %(count)s")
                % {"file": self.file, "count": self.outlier_count}
            )
            lines.extend(f"  {outlier}" for outlier in self.outliers)
            if self.more_outliers:
                lines.append("  " + _("… and %(count)s more") % {"count": self.more_outliers})
        lines.append(self.summary())
        if self.problems:
            lines.append(
                _("%(count)s problem(s): nothing was stored.") % {"count": len(self.problems)}
            )
        elif self.needs_confirmation:
            lines.append(
                _(
                    "Nothing was stored: check the values far from what is expected; if they "
                    "are right, import again with --accept-outliers."
                )
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
    accept_outliers: bool | str = False,
    progress=None,
    organisation=None,
    national: bool = False,
) -> ImportReport:
    """Import one file; see the module docstring.

    `national`: the installation's operator storing national figures from a file (the demo's
    published ones): a bound indicator's rows go to its national series, for everyone, where
    otherwise they are refused (docs/organisations.md). No page or API sets it.

    `example` marks every value as example data; `allowed_indicators` (a queryset or set of
    indicators), when given, is what this person may import: other rows are problems.
    `accept_outliers` is True to store values far from what is expected (the command line's
    --accept-outliers), or the `outlier_digest` of the preview the person confirmed: then they
    are stored only if they are still exactly the outliers of that preview.
    `progress`, if given, is called with "reading" and then "storing" as the import gets there
    (the background job shows it; it is called outside the storing transaction).
    `organisation`, if given, is where codes and names are looked up: another organisation's
    indicator of the same code is none of this import's business (docs/organisations.md).
    """
    name = name or Path(path).name
    report = ImportReport(file=name)
    if progress:
        progress("reading")
    try:
        parsed = parse_table(read_table(Path(path), name=name))
    except ImportFileError as error:  # also a CSV file broken below its first rows
        report.problems.append(str(error))
        return report
    return _import(
        report,
        parsed,
        checksum=lambda: hashlib.sha256(Path(path).read_bytes()).hexdigest(),
        source=(Observation.SourceKind.IMPORT, name),
        user=user,
        dry_run=dry_run,
        strategy=strategy,
        example=example,
        allowed_indicators=allowed_indicators,
        national=national,
        accept_outliers=accept_outliers,
        progress=progress,
        organisation=organisation,
    )


def import_table(
    *,
    table: Table,
    sha256: str,
    source_kind: str,
    source_ref: str,
    user=None,
    dry_run: bool = False,
    strategy=None,
    allowed_indicators=None,
    accept_outliers: bool | str = False,
    organisation=None,
) -> ImportReport:
    """Import rows already laid out as a table (`table.name` names it in the report and the
    import log, `sha256` is the checksum of what arrived), exactly as a file is imported:
    the same reading of each cell, the same checks and outliers, all or nothing. The values
    are stored with `source_kind` and `source_ref`."""
    return _import(
        ImportReport(file=table.name),
        parse_table(table),
        checksum=lambda: sha256,
        source=(source_kind, source_ref),
        user=user,
        dry_run=dry_run,
        strategy=strategy,
        example=False,
        allowed_indicators=allowed_indicators,
        accept_outliers=accept_outliers,
        progress=None,
        organisation=organisation,
    )


def _import(
    report,
    parsed,
    *,
    checksum,
    source,
    user,
    dry_run,
    strategy,
    example,
    allowed_indicators,
    accept_outliers,
    progress,
    organisation=None,
    national=False,
) -> ImportReport:
    report.problems.extend(parsed.problems)
    report.ignored_columns = list(getattr(parsed, "ignored_columns", []))
    report.skipped_empty = getattr(parsed, "skipped_empty", 0)
    allowed = None if allowed_indicators is None else {i.pk for i in allowed_indicators}
    rows, origins, indicators = _resolve(
        parsed.rows, strategy, example, allowed, report, organisation, national=national
    )
    report.rows = len(parsed.rows)
    if progress:
        progress("storing")
    try:
        _compare_and_store(
            report, rows, origins, indicators, checksum, source, user, dry_run, accept_outliers
        )
    except StoreBusy as busy:
        report.busy = True
        report.problems.append(str(busy))
    except OperationalError as error:
        if not is_busy_error(error):
            raise
        report.busy = True
        report.problems.append(str(StoreBusy()))
    return report


def _compare_and_store(report, rows, origins, indicators, checksum, source, user, dry_run, accept):
    """List old → new and the outliers, then store (all or nothing) when nothing stops it."""
    with transaction.atomic():
        if report.ok and not dry_run:
            # Before reading the current values, so that they are still current when stored.
            indicators_lock(set(indicators))
        current = current_values(set(indicators))
        changes = changes_list(rows=rows, origins=origins, current=current, indicators=indicators)
        report.changes, report.outliers = changes.shown, changes.outliers
        report.outlier_count, report.outlier_digest = changes.outlier_count, changes.outlier_digest
        report.outliers_accepted = accept is True or (
            bool(accept) and accept == changes.outlier_digest
        )
        store = report.ok and not report.needs_confirmation and not dry_run
        source_kind, source_ref = source
        outcome = observations_upsert(
            rows=rows,
            source_kind=source_kind,
            source_ref=source_ref,
            user=user,
            dry_run=not store,
            current=current,
        )
        report.created, report.changed = outcome.created, outcome.changed
        report.unchanged, report.late = outcome.unchanged, outcome.late
        if store:
            ImportRun.objects.create(
                file_name=report.file,
                sha256=checksum(),
                user=user,
                recorded_at=timezone.now(),
                created=outcome.created,
                changed=outcome.changed,
                unchanged=outcome.unchanged,
            )
            report.stored = True


def _resolve(
    parsed_rows, strategy, example, allowed, report, organisation=None, *, national=False
) -> tuple[list, list, dict]:
    """Indicator codes and area names → database ids; periods checked against frequencies.

    Returns the rows to store, the parsed row each came from (same order), and id → Indicator
    of the indicators they use.
    """
    indicators = _indicators({r.indicator for r in parsed_rows}, strategy, organisation)
    lookup = Area.objects.lookup()
    areas = {}  # the area as written → the area (a file repeats the same few hundred)
    rows, origins, used, seen = [], [], {}, {}
    for parsed in parsed_rows:
        found = indicators.get(parsed.indicator)
        written = parsed.area
        if written not in areas:
            areas[written] = lookup.get(_area_text(written))
        area = areas[written]
        problem = None
        if (why := _indicator_problem(found, allowed, national)) is not None:
            problem = (_("indicator"), parsed.indicator, why)
            if isinstance(found, Indicator) and parsed.indicator not in report.not_allowed:
                report.not_allowed.append(parsed.indicator)
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
                indicator_id=found.data_id if national else found.pk,
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
        origins.append(parsed)
        used[row.indicator_id] = found
    return rows, origins, used


def _area_text(text: str) -> str:
    """An area as the lookup keys it: lower case; a municipality code padded to three digits."""
    text = text.strip().lower()
    return text.zfill(3) if text.isdigit() and len(text) < 3 else text


@dataclass(frozen=True)
class _SameCode:
    """A code used by several strategies' indicators."""

    indicators: list


@dataclass(frozen=True)
class _SameName:
    """A name (in some language) shared by several indicators."""

    indicators: list


def _indicators(written, strategy, organisation=None) -> dict:
    """The indicator as written (its code, or its name in any language, case-insensitive) →
    the Indicator, or _SameCode / _SameName when it names several. Codes come first: a name
    is looked up only for what is no code, reading the strategy's indicators once."""
    # Of strategies: a national series is no one's to import into.
    queryset = Indicator.objects.filter(strategy__isnull=False).select_related("strategy")
    if strategy is not None:
        queryset = queryset.filter(strategy=strategy)
    if organisation is not None:
        queryset = queryset.filter(strategy__organisation=organisation)
    result = {}
    for indicator in queryset.filter(code__in=written):
        previous = result.get(indicator.code)
        if previous is None:
            result[indicator.code] = indicator
        else:
            others = previous.indicators if isinstance(previous, _SameCode) else [previous]
            result[indicator.code] = _SameCode([*others, indicator])
    names = {text for text in written if text not in result}
    if names:
        by_name = {}
        for indicator in queryset:
            for text in {_name_key(n) for n in indicator.name.values() if n}:
                by_name.setdefault(text, []).append(indicator)
        for text in names:
            found = by_name.get(_name_key(text), [])
            if len(found) == 1:
                result[text] = found[0]
            elif found:
                result[text] = _SameName(found)
    return result


def _name_key(text: str) -> str:
    return " ".join(str(text).casefold().split())


def _indicator_problem(found, allowed, national=False):
    """Why the indicator as written cannot take a value (its message), or None."""
    if found is None:
        return _("unknown indicator: write its code or its name as shown on the pages")
    if isinstance(found, _SameCode):
        return _("the code is used in several strategies (%(strategies)s): choose one") % {
            "strategies": ", ".join(i.strategy.code for i in found.indicators)
        }
    if isinstance(found, _SameName):
        return _(
            "the name matches several indicators (%(codes)s): write the code of the one you mean"
        ) % {"codes": ", ".join(_code_of(i, found.indicators) for i in found.indicators)}
    if found.series_id is not None and not national:
        return _(
            "its values are fetched from open data and shared by every organisation that "
            "binds the same statistic: they are not entered or imported"
        )
    if allowed is not None and found.pk not in allowed:
        return _("you are not responsible for this indicator's values")
    return None


def _code_of(indicator, among) -> str:
    """The indicator's code, with its strategy's when another of `among` has the same code."""
    if sum(1 for other in among if other.code == indicator.code) > 1:
        return f"{indicator.code} ({indicator.strategy.code})"
    return indicator.code
