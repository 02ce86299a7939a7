import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from mittaristo.sources.emissions import emissions_import
from mittaristo.strategy.models import Indicator


class Command(BaseCommand):
    help = (
        "Import SYKE's municipal greenhouse-gas emissions from a downloaded spreadsheet, "
        "through the mapping in the indicator's binding. Stores all values or none."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--indicator", default="co2-paastot", help="the indicator's code")
        parser.add_argument("--strategy", help="strategy code, if the indicator code is ambiguous")
        parser.add_argument("--dry-run", action="store_true", help="check only, store nothing")

    def handle(self, *args, file, indicator, strategy, dry_run, **options):
        found = Indicator.objects.filter(code=indicator)
        if strategy:
            found = found.filter(strategy__code=strategy)
        if found.count() != 1:
            raise CommandError(
                _("Found %(count)s indicators with the code '%(code)s'; give --strategy.")
                % {"count": found.count(), "code": indicator}
            )
        report = emissions_import(indicator=found.get(), path=Path(file), dry_run=dry_run)
        if report.problems:
            for problem in report.problems:
                self.stderr.write(problem)
            self.stderr.write(_("Nothing was stored."))
            sys.exit(1)
        self.stdout.write(
            _("%(created)s created, %(changed)s changed, %(unchanged)s unchanged")
            % {
                "created": report.created,
                "changed": report.changed,
                "unchanged": report.unchanged,
            }
        )
