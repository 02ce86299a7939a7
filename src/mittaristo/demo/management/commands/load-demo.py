import sys

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from mittaristo.demo.load import DEMO_PASSWORD, ROLE_NAMES, DemoDataError, demo_load
from mittaristo.strategy.definition import DefinitionError


class Command(BaseCommand):
    help = "Load Heinola's strategy with the example data and the demo users (safe to repeat)."

    def handle(self, *args, **options):
        try:
            report = demo_load()
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
