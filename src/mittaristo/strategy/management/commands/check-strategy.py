import sys

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from mittaristo.strategy.definition import DefinitionError, read_definition
from mittaristo.strategy.definition.check import walk_goals


class Command(BaseCommand):
    help = "Check a strategy definition file; exit 0 if it is valid, 1 with line-numbered problems."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            definition = read_definition(file)
        except DefinitionError as error:
            for problem in error.problems:
                self.stderr.write(str(problem))
            self.stderr.write(_("%(count)s problem(s) found.") % {"count": len(error.problems)})
            sys.exit(1)
        self.stdout.write(summary(definition))


def summary(definition) -> str:
    data = definition.data
    paths = [path for path, _goal, _parent in walk_goals(data)]
    goals = len(paths)  # sub-goals too
    counts = {
        "values": len(data.get("values") or []),
        "change_factors": len(data.get("change_factors") or []),
        "aims": len(data.get("aims") or []),
        "goals": goals,
        "indicators": len(data.get("indicators") or []),
        "targets": len(data.get("targets") or []),
        "plans": len(data.get("plans") or []),
    }
    text = _(
        "%(file)s is valid: values: %(values)s, change factors: %(change_factors)s, "
        "aims: %(aims)s, goals: %(goals)s, indicators: %(indicators)s, targets: %(targets)s, "
        "plans: %(plans)s."
    ) % {"file": definition.file, **counts}
    # A goal's path is ("aims", i, "goals", j) and two more keys for each level below.
    levels = max((len(path) - 2) // 2 for path in paths) if paths else 0
    if data.get("groupings") or levels > 1:
        text += " " + _("Groupings: %(groupings)s; goals on %(levels)s levels.") % {
            "groupings": len(data.get("groupings") or []),
            "levels": levels,
        }
    return text
