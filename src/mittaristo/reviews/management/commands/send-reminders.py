"""mittaristo send-reminders [--dry-run] [--today DATE]: one e-mail per person with tasks due.

Run it from a timer (docs/operations.md), e.g. every Monday morning.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand, CommandError
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from mittaristo.core.dates import parse_date
from mittaristo.reviews.tasks import tasks_by_person


class Command(BaseCommand):
    help = _("E-mail each person the values and assessments they have due.")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help=_("list, send nothing"))
        parser.add_argument("--today", help=_("the day to count from (default: today)"))

    def handle(self, *args, dry_run, today, **options):
        day = timezone.localdate()
        if today:
            try:
                day = parse_date(today)
            except ValueError:
                raise CommandError(
                    _("--today: '%(value)s' is not a date") % {"value": today}
                ) from None
        sent = skipped = 0
        for person, tasks in sorted(tasks_by_person(day).items(), key=lambda i: i[0].username):
            if not person.email:
                self.stdout.write(
                    _("%(user)s: no e-mail address, not reminded") % {"user": person.username}
                )
                skipped += 1
                continue
            with translation.override(settings.LANGUAGE_CODE):
                subject = _("Mittaristo: %(count)s task(s) due") % {
                    "count": len(tasks.values) + len(tasks.assessments)
                }
                body = render_to_string(
                    "web/reminder.txt", {"person": person, "tasks": tasks, "today": day}
                )
            if not dry_run:
                send_mail(subject, body, None, [person.email])
            self.stdout.write(f"{person.username} <{person.email}>: {subject}")
            sent += 1
        self.stdout.write(
            _("%(sent)s reminder(s), %(skipped)s person(s) without an address%(dry)s.")
            % {"sent": sent, "skipped": skipped, "dry": _(" (dry run)") if dry_run else ""}
        )
