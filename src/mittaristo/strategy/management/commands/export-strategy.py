import sys
from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from mittaristo.strategy import models as m
from mittaristo.strategy.definition.export import strategy_yaml


class Command(BaseCommand):
    help = (
        "Write a stored strategy as a strategy definition file (YAML, docs/strategy-file.md) "
        "that check-strategy accepts and that loads with no change."
    )

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="the file to write (- for the console)")
        parser.add_argument(
            "--strategy", help="the strategy's code (needed only when there are several)"
        )

    def handle(self, *args, out, strategy, **options):
        found = m.Strategy.objects.select_related("organisation").order_by("organisation", "code")
        if strategy:
            found = found.filter(code=strategy)
        found = list(found)
        if len(found) != 1:
            self.stderr.write(self._which(found, strategy))
            sys.exit(1)
        text = strategy_yaml(found[0])
        if out == "-":
            self.stdout.write(text, ending="")
            return
        try:
            Path(out).write_text(text, encoding="utf-8")
        except OSError as error:
            self.stderr.write(
                _("Cannot write %(file)s: %(error)s") % {"file": out, "error": error.strerror}
            )
            sys.exit(1)
        self.stdout.write(
            _("%(strategy)s written to %(file)s.") % {"strategy": found[0], "file": out}
        )

    def _which(self, found, code) -> str:
        if not found and code:
            return _("No strategy has the code '%(code)s'.") % {"code": code}
        if not found:
            return _("No strategy is stored: load one with `mittaristo load-strategy FILE`.")
        codes = ", ".join(f"{s.code} ({s.organisation.code})" for s in found)
        return _("Several strategies are stored; name one with --strategy: %(codes)s") % {
            "codes": codes
        }
