import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mittaristo.strategy.management.options import add_organisation_option
from mittaristo.surveys.answer_import.service import RoundNotFound, import_answers, round_find
from mittaristo.surveys.management.organisations import organisation_code


class Command(BaseCommand):
    help = (
        "Import answers collected in another tool into a survey round: a CSV, XLSX or ODS file "
        "with one row per respondent and one column per question code (and optionally a "
        "'language' column: fi, sv or en). Stores every row or none; exits 1 with every problem "
        "listed (FILE: row N, column CODE: what is wrong) if any cell is wrong, or if the file "
        "was imported already."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--survey", required=True, help="the survey's code")
        parser.add_argument(
            "--round",
            required=True,
            dest="round_name",
            help="the round's name (in any language) or its period code, e.g. '2026 kevät'",
        )
        add_organisation_option(parser)
        parser.add_argument("--dry-run", action="store_true", help="check only, store nothing")

    def handle(self, *args, file, survey, round_name, organisation, dry_run, **options):
        try:
            chosen = round_find(
                survey=survey,
                round_name=round_name,
                organisation=organisation_code(organisation),
            )
        except (RoundNotFound, CommandError) as error:
            self.stderr.write(str(error))
            sys.exit(1)
        report = import_answers(path=Path(file), name=file, survey_round=chosen, dry_run=dry_run)
        stream = self.stdout if report.ok else self.stderr
        for line in report.lines():
            stream.write(line)
        if not report.ok:
            sys.exit(1)
