"""Importing SYKE's emissions spreadsheet into the indicator bound to it (Django shell)."""

from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mittaristo.core.models import Area
from mittaristo.core.periods import parse_period
from mittaristo.observations.imports.table import ImportFileError, read_table
from mittaristo.observations.models import Observation
from mittaristo.observations.services import ObservationRow, StoreBusy, observations_upsert

from . import syke
from .models import FetchRecord


@dataclass
class EmissionsReport:
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    problems: list = field(default_factory=list)


def emissions_import(*, indicator, path: Path, dry_run: bool = False) -> EmissionsReport:
    """Read the file through the indicator's binding; store every value or, on any problem,
    none (the problems name the file and row)."""
    report = EmissionsReport()
    binding = indicator.binding or {}
    if binding.get("source") != "syke":
        report.problems.append(
            _("%(indicator)s is not bound to SYKE's emissions file.")
            % {"indicator": indicator.code}
        )
        return report
    try:
        table = read_table(Path(path))
    except ImportFileError as error:
        report.problems.append(str(error))
        return report
    parsed = syke.parse_emissions(table, binding)
    report.problems.extend(parsed.problems)
    lookup = Area.objects.lookup()
    rows = []
    for (area_text, year), value in sorted(parsed.values.items()):
        area = lookup.get(area_text.lower())
        if area is None:
            report.problems.append(
                _("%(file)s: unknown area '%(area)s'") % {"file": table.name, "area": area_text}
            )
            continue
        rows.append(
            ObservationRow(
                indicator_id=indicator.pk, area_id=area.pk, period=parse_period(year), value=value
            )
        )
    if report.problems:
        return report
    try:
        outcome = _store(indicator, table, rows, dry_run)
    except StoreBusy as busy:
        report.problems.append(str(busy))
        return report
    report.created, report.changed, report.unchanged = (
        outcome.created,
        outcome.changed,
        outcome.unchanged,
    )
    return report


@transaction.atomic
def _store(indicator, table, rows, dry_run):
    """Record the file and store its values, in one transaction."""
    record = FetchRecord.objects.create(
        indicator_code=indicator.code,
        sources=f"syke:{table.name}"[:200],
        requests=[{"file": table.name}],
        licence=syke.LICENCE,
        attribution=syke.ATTRIBUTION,
        fetched_at=timezone.now(),
    )
    outcome = observations_upsert(
        rows=rows,
        source_kind=Observation.SourceKind.IMPORT,
        source_ref=record.source_ref,
        dry_run=dry_run,
    )
    if dry_run or not outcome.has_changes:
        record.delete()
    return outcome
