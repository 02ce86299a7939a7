import sys
from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from mittaristo.strategy.management.options import add_organisation_option
from mittaristo.surveys.definition import SurveyFileError, survey_load

from ..organisations import organisation_named


class Command(BaseCommand):
    help = (
        "Load a survey file (YAML, docs/surveys.md): create the survey of its code, or update "
        "the stored one. All or nothing; every problem is printed as FILE:LINE."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        add_organisation_option(parser)
        parser.add_argument(
            "--dry-run", action="store_true", help="check and report, store nothing"
        )

    def handle(self, *args, file, organisation, dry_run, **options):
        organisation = organisation_named(organisation)
        try:
            report = survey_load(Path(file), organisation=organisation, dry_run=dry_run)
        except SurveyFileError as error:
            for line in error.errors:
                self.stderr.write(line)
            self.stderr.write(_("Nothing was loaded."))
            sys.exit(1)
        for line in report.lines():
            self.stdout.write(line)
