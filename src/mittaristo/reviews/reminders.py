"""One e-mail per person with the values and assessments they have due (reviews.tasks)."""

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from .tasks import tasks_by_person


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


def reminders_send(*, day: dt.date, dry_run: bool = False) -> RemindersReport:
    """E-mail everyone who has tasks due on `day` (with dry_run, only list them)."""
    report = RemindersReport()
    for person, tasks in sorted(tasks_by_person(day).items(), key=lambda i: i[0].username):
        if not person.email:
            report.lines.append(
                _("%(user)s: no e-mail address, not reminded") % {"user": person.username}
            )
            report.skipped += 1
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
        report.lines.append(f"{person.username} <{person.email}>: {subject}")
        report.sent += 1
    return report
