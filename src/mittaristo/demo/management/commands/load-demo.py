import sys

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from mittaristo.demo.load import DEMO_PASSWORD, ROLE_NAMES, DemoDataError, demo_load
from mittaristo.strategy.definition import DefinitionError
from mittaristo.strategy.definition.compare import AppChangesError


class Command(BaseCommand):
    help = "Load Heinola's strategy with the example data and the demo users (safe to repeat)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--overwrite-app-changes",
            action="store_true",
            help="undo what was changed in the app since the last load (recorded as a revision)",
        )

    def handle(self, *args, overwrite_app_changes, **options):
        try:
            report = demo_load(overwrite_app_changes=overwrite_app_changes)
        except AppChangesError as error:
            for line in error.lines():
                self.stderr.write(line)
            sys.exit(1)
        except DefinitionError as error:
            for problem in error.problems:
                self.stderr.write(str(problem))
            sys.exit(1)
        except DemoDataError as error:
            for line in error.args[0]:
                self.stderr.write(line)
            sys.exit(1)
        for line in report.strategy.lines():
            self.stdout.write(line)
        for result in report.imports:
            self.stdout.write(result.summary())
        self.stdout.write(_("Demo users (password: %(password)s):") % {"password": DEMO_PASSWORD})
        for user in report.users:
            self.stdout.write(f"  {user.username:<15} {ROLE_NAMES[user.role]}")
