import csv
import io
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from mittaristo.strategy.management.options import add_organisation_option
from mittaristo.surveys import export
from mittaristo.surveys.answer_import.service import RoundNotFound, round_find
from mittaristo.surveys.export_json import results_data
from mittaristo.surveys.management.organisations import organisation_code
from mittaristo.surveys.models import Question
from mittaristo.surveys.results import round_results

BACKGROUND = 2  # the background question's column in export.columns()


class Command(BaseCommand):
    help = (
        "Write a survey round's results with the anonymity rules applied (hidden groups empty, "
        "with the reason): CSV as the results page's download, or JSON (docs/surveys.md). "
        "--by QUESTION keeps only the breakdown by that background question."
    )

    def add_arguments(self, parser):
        parser.add_argument("--survey", required=True, help="the survey's code")
        parser.add_argument(
            "--round",
            required=True,
            dest="round_name",
            help="the round's name (in any language) or its period code, e.g. '2026 kevät'",
        )
        parser.add_argument("--by", help="a background question's code: its breakdown only")
        parser.add_argument("--format", choices=["csv", "json"], default="csv", dest="fmt")
        parser.add_argument("--out", required=True, help="the file to write (- for the console)")
        add_organisation_option(parser)

    def handle(self, *args, survey, round_name, by, fmt, out, organisation, **options):
        try:
            chosen = round_find(
                survey=survey,
                round_name=round_name,
                organisation=organisation_code(organisation),
            )
        except RoundNotFound as error:
            raise CommandError(str(error)) from None
        if (
            by
            and not Question.objects.filter(
                section__survey=chosen.survey, code=by, is_background=True
            ).exists()
        ):
            raise CommandError(
                _("Survey '%(survey)s' has no background question '%(code)s'.")
                % {"survey": survey, "code": by}
            )
        result = round_results(chosen)
        text = io.StringIO()
        if fmt == "json":
            json.dump(results_data(result, by=by), text, ensure_ascii=False, indent=1)
            text.write("\n")
        elif by:
            export.write_csv(result, text)
            text = _only_breakdown(text.getvalue(), by)
        else:
            export.write_csv(result, text)
        body = text if isinstance(text, str) else text.getvalue()
        if out == "-":
            self.stdout.write(body, ending="")
            return
        try:
            Path(out).write_text(("\ufeff" if fmt == "csv" else "") + body, encoding="utf-8")
        except OSError as error:
            raise CommandError(
                _("Cannot write %(file)s: %(error)s") % {"file": out, "error": error.strerror}
            ) from None


def _only_breakdown(text: str, by: str) -> str:
    """The CSV's header and the rows of the breakdown by `by` (the background column)."""
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    kept = [rows[0], *(r for r in rows[1:] if r[BACKGROUND] == by)]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\n").writerows(kept)
    return buffer.getvalue()
