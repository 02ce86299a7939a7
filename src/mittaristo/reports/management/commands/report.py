"""mittaristo report {followup|midterm|overview} [--organisation CODE_OR_SLUG]
[--strategy CODE] [--round ID | --as-of DATE] [--lang fi|sv|en] --format {pdf|xlsx} --out FILE"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from mittaristo.reports.document import FORMATS, LANGUAGES, build
from mittaristo.reports.kinds import ALL_KINDS, KINDS
from mittaristo.strategy.management.options import (
    add_organisation_option,
    as_of_option,
    organisation_option,
    strategy_option,
)


class Command(BaseCommand):
    help = _("Write a report of a strategy (a review round's, or as of a date) as PDF or XLSX.")

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=ALL_KINDS)
        add_organisation_option(parser)
        parser.add_argument(
            "--strategy", help=_("the strategy's code (default: the organisation's in force)")
        )
        when = parser.add_mutually_exclusive_group()
        when.add_argument("--round", help=_("the review round's number"))
        when.add_argument("--as-of", help=_("the figures as known on this date (2025-03-01)"))
        parser.add_argument("--lang", choices=LANGUAGES, default="fi")
        parser.add_argument("--format", choices=list(FORMATS), required=True)
        parser.add_argument("--out", required=True, help=_("the file to write"))

    def handle(
        self, *args, kind, organisation, strategy, round, as_of, lang, format, out, **options
    ):
        if kind not in KINDS:
            raise CommandError(_("the report '%(kind)s' is not yet built") % {"kind": kind})
        found = strategy_option(strategy, organisation_option(organisation))
        review = None
        if round is not None:
            review = found.rounds.filter(pk=int(round)).first() if round.isdigit() else None
            if review is None:
                numbers = ", ".join(str(r.pk) for r in found.rounds.all()) or "—"
                raise CommandError(
                    _("no review round '%(round)s' of this strategy (there are: %(rounds)s)")
                    % {"round": round, "rounds": numbers}
                )
        day = as_of_option(as_of)
        body = build(kind, found, round=review, as_of=day, lang=lang, fmt=format)
        path = Path(out)
        try:
            path.write_bytes(body)
        except OSError as error:
            raise CommandError(
                _("cannot write %(file)s: %(error)s") % {"file": out, "error": error.strerror}
            ) from None
        self.stdout.write(_("%(file)s: %(size)s bytes") % {"file": out, "size": len(body)})
