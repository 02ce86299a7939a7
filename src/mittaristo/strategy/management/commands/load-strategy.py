import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from mittaristo.core.dates import parse_date
from mittaristo.strategy.definition import DefinitionError, read_definition
from mittaristo.strategy.definition.compare import AppChangesError
from mittaristo.strategy.definition.load import strategy_load


class Command(BaseCommand):
    help = (
        "Load a strategy definition file. Loading the same file again changes nothing; "
        "an edited file is recorded as a revision. What was changed in the app since the last "
        "load is kept: the load is refused with a list of it unless --overwrite-app-changes."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--reason", help="why the strategy changes (else the file's revision)")
        parser.add_argument("--decision", help='the decision, e.g. "Kv 16.5.2022 § 45"')
        parser.add_argument("--date", help="when the change takes effect (2024-05-20 or 20.5.2024)")
        parser.add_argument(
            "--overwrite-app-changes",
            action="store_true",
            help="undo what was changed in the app since the last load (recorded as a revision)",
        )

    def handle(self, *args, file, reason, decision, date, overwrite_app_changes, **options):
        try:
            effective = parse_date(date) if date else None
        except ValueError:
            self.stderr.write(
                _("--date: '%(value)s' is not a date (write 2022-05-16 or 16.5.2022)")
                % {"value": date}
            )
            sys.exit(1)
        try:
            report = strategy_load(
                definition=read_definition(file),
                reason=reason,
                decision=decision,
                effective=effective,
                overwrite_app_changes=overwrite_app_changes,
            )
        except AppChangesError as error:
            for line in error.lines():
                self.stderr.write(line)
            sys.exit(1)
        except DefinitionError as error:
            for problem in error.problems:
                self.stderr.write(str(problem))
            self.stderr.write(_("Nothing was loaded."))
            sys.exit(1)
        for line in report.lines():
            self.stdout.write(line)
        # A changed index definition recomputes the index's values. By the command's name: the
        # computing is the monitoring layer's, above this one.
        for code in report.changed_indices:
            call_command(
                "compute-indices",
                strategy=report.strategy.code,
                indicator=code,
                stdout=self.stdout,
                stderr=self.stderr,
            )
