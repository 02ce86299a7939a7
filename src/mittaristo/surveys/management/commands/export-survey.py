import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from mittaristo.strategy.management.options import add_organisation_option
from mittaristo.surveys.definition import survey_yaml
from mittaristo.surveys.models import Survey

from ..organisations import organisation_named


class Command(BaseCommand):
    help = (
        "Write a stored survey as a survey file (YAML, docs/surveys.md) that loads back with "
        "no change."
    )

    def add_arguments(self, parser):
        parser.add_argument("code", help="the survey's code")
        add_organisation_option(parser)
        parser.add_argument("--out", default="-", help="the file to write (- for the console)")

    def handle(self, *args, code, organisation, out, **options):
        organisation = organisation_named(organisation)
        survey = Survey.objects.filter(organisation=organisation, code=code).first()
        if survey is None:
            raise CommandError(
                _("%(organisation)s has no survey with the code '%(code)s'.")
                % {"organisation": organisation, "code": code}
            )
        text = survey_yaml(survey)
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
        self.stdout.write(_("%(survey)s written to %(file)s.") % {"survey": code, "file": out})
