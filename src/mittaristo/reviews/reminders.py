"""One e-mail per person with the values and assessments they have due (reviews.tasks)."""

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from mittaristo.strategy.models import Organisation, Strategy

from .tasks import pending, tasks_by_person


@dataclass
class RemindersReport:
    sent: int = 0
    skipped: int = 0  # people with tasks but no e-mail address
    lines: list[str] = field(default_factory=list)  # one per person, what was done

    def summary(self, *, dry_run: bool = False) -> str:
        return _("%(sent)s reminder(s), %(skipped)s person(s) without an address%(dry)s.") % {
            "sent": self.sent,
            "skipped": self.skipped,
            "dry": _(" (dry run)") if dry_run else "",
        }


def reminders_send(
    *, day: dt.date, dry_run: bool = False, organisation: Organisation | None = None
) -> RemindersReport:
    """E-mail everyone who has tasks due on `day` in `organisation`'s strategy in force, or,
    without one, in every organisation's (one e-mail per person and organisation, each
    linking to that organisation's pages); with dry_run, only list them."""
    report = RemindersReport()
    several = Organisation.objects.count() > 1
    chosen = [organisation] if organisation else Organisation.objects.order_by("code")
    for each in chosen:
        _remind(report, each, day=day, dry_run=dry_run, several=several)
    return report


def _remind(report, organisation, *, day, dry_run, several) -> None:
    strategy = Strategy.objects.of(organisation).current()
    # With several organisations the internal pages are under the organisation's address.
    tasks_address = (f"/{organisation.address}" if several else "") + reverse("tasks")
    found = pending(day, strategy=strategy)
    for person, tasks in sorted(tasks_by_person(day, found).items(), key=lambda i: i[0].username):
        if not person.email:
            report.lines.append(
                (f"{organisation.address}: " if several else "")
                + _("%(user)s: no e-mail address, not reminded") % {"user": person.username}
            )
            report.skipped += 1
            continue
        with translation.override(settings.LANGUAGE_CODE):
            count = len(tasks.values) + len(tasks.assessments)
            subject = (
                _("Mittaristo, %(organisation)s: %(count)s task(s) due")
                % {"organisation": str(organisation.name), "count": count}
                if several
                else _("Mittaristo: %(count)s task(s) due") % {"count": count}
            )
            body = render_to_string(
                "web/reminder.txt",
                {
                    "person": person,
                    "tasks": tasks,
                    "today": day,
                    "organisation": organisation if several else None,
                    "tasks_address": tasks_address,
                },
            )
        if not dry_run:
            send_mail(subject, body, None, [person.email])
        where = f"{organisation.address}: " if several else ""
        report.lines.append(f"{where}{person.username} <{person.email}>: {subject}")
        report.sent += 1
