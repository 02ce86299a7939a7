"""mittaristo send-reminders [--organisation CODE_OR_SLUG] [--dry-run] [--today DATE]: one
e-mail per person with tasks due (per organisation; without --organisation, in every one).

The worker sends them every Monday morning (docs/jobs.md); this command does it by hand.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from mittaristo.core.dates import parse_date
from mittaristo.reviews.reminders import reminders_send
from mittaristo.strategy.management.options import add_organisation_option, organisation_option


class Command(BaseCommand):
    help = _("E-mail each person the values and assessments they have due.")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help=_("list, send nothing"))
        parser.add_argument("--today", help=_("the day to count from (default: today)"))
        add_organisation_option(parser)

    def handle(self, *args, dry_run, today, organisation, **options):
        chosen = organisation_option(organisation, needed=False)  # None: every organisation
        day = timezone.localdate()
        if today:
            try:
                day = parse_date(today)
            except ValueError:
                raise CommandError(
                    _("--today: '%(value)s' is not a date") % {"value": today}
                ) from None
        report = reminders_send(day=day, dry_run=dry_run, organisation=chosen)
        for line in report.lines:
            self.stdout.write(line)
        self.stdout.write(report.summary(dry_run=dry_run))
