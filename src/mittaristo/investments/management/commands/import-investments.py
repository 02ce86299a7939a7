import sys
from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from mittaristo.investments.imports import import_register
from mittaristo.strategy.management.options import (
    add_organisation_option,
    organisation_option,
    strategy_option,
)


class Command(BaseCommand):
    help = _(
        "Import investment projects from a CSV, XLSX or ODS file: one row per project and year "
        "of its calculation (docs/investments.md). Stores every project or none; exits 1 with "
        "every problem listed (FILE: row N, column X: what is wrong)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        add_organisation_option(parser)
        parser.add_argument(
            "--strategy", required=True, help=_("the strategy whose goals and plans it names")
        )
        parser.add_argument("--dry-run", action="store_true", help=_("check only, store nothing"))

    def handle(self, *args, organisation, file, strategy, dry_run, **options):
        found = strategy_option(strategy, organisation_option(organisation))
        report = import_register(path=Path(file), name=file, strategy=found, dry_run=dry_run)
        stream = self.stdout if report.ok else self.stderr
        for line in report.lines():
            stream.write(line)
        if not report.ok:
            sys.exit(1)
