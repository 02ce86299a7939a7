import sys

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from mittaristo.core.demo import DEMO_PASSWORD, demo_load
from mittaristo.strategy.definition import DefinitionError


class Command(BaseCommand):
    help = "Load Heinola's strategy with the example data and the demo users (safe to repeat)."

    def handle(self, *args, **options):
        try:
            report, users = demo_load()
        except DefinitionError as error:
            for problem in error.problems:
                self.stderr.write(str(problem))
            sys.exit(1)
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(_("Demo users (password: %(password)s):") % {"password": DEMO_PASSWORD})
        for user in users:
            self.stdout.write(f"  {user.username:<15} {user.role}")
