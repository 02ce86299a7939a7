import sys
from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from mittaristo.observations.imports.service import import_observations
from mittaristo.strategy.management.options import add_organisation_option, organisation_option
from mittaristo.strategy.models import Strategy


class Command(BaseCommand):
    help = (
        "Import observations from a CSV, XLSX or ODS file. Prints the preview (every new or "
        "changed value, old → new); stores all rows or none; exits 1 if any row is wrong, or if "
        "values far from what is expected are not accepted with --accept-outliers."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="preview only, store nothing")
        parser.add_argument("--strategy", help="strategy code, if indicator codes are ambiguous")
        add_organisation_option(parser)
        parser.add_argument(
            "--example", action="store_true", help="mark the values as example data"
        )
        parser.add_argument(
            "--accept-outliers",
            action="store_true",
            help="store values outside the plausible range of their series (checked by hand)",
        )

    def handle(
        self, *args, file, dry_run, strategy, example, accept_outliers, organisation, **options
    ):
        # Without --organisation, codes are looked up in every organisation's strategies.
        where = organisation_option(organisation, needed=False)
        chosen = None
        if strategy:
            chosen = Strategy.objects.of(where).filter(code=strategy).first() if where else None
            chosen = chosen or (None if where else Strategy.objects.filter(code=strategy).first())
            if chosen is None:
                self.stderr.write(_("Unknown strategy '%(code)s'.") % {"code": strategy})
                sys.exit(1)
        report = import_observations(
            path=Path(file),
            name=file,
            dry_run=dry_run,
            strategy=chosen,
            example=example,
            accept_outliers=accept_outliers,
            organisation=where,
        )
        # A dry run predicts the real one: outliers not accepted fail it too.
        failed = not report.ok or report.needs_confirmation
        stream = self.stderr if failed else self.stdout
        for line in report.lines():
            stream.write(line)
        if failed:
            sys.exit(1)
