"""One e-mail per person with the values and assessments they have due (reviews.tasks).

Sent at most once: each thing a person is reminded of is recorded (SentReminder, unique per
person, thing and reminder day) in a transaction that commits before the e-mail goes out, and a
run of the same day leaves out what is recorded. So a reminder job that is retried, or run
again after its worker was killed, e-mails nobody twice; a worker killed between the commit
and the sending loses that one e-mail instead (docs/jobs.md, "Reminders: at most once").
"""

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from mittaristo.core.http import site_link
from mittaristo.strategy.models import Organisation, Strategy

from .models import SentReminder
from .tasks import Tasks, pending, tasks_by_person


@dataclass
class RemindersReport:
    sent: int = 0
    skipped: int = 0  # people with tasks but no e-mail address
    already: int = 0  # people already reminded of all of it on this day
    lines: list[str] = field(default_factory=list)  # one per person, what was done

    def summary(self, *, dry_run: bool = False) -> str:
        text = _("%(sent)s reminder(s), %(skipped)s person(s) without an address%(dry)s.") % {
            "sent": self.sent,
            "skipped": self.skipped,
            "dry": _(" (dry run)") if dry_run else "",
        }
        if self.already:
            text += " " + _("%(count)s person(s) already reminded of the same that day.") % {
                "count": self.already
            }
        return text


def reminders_send(
    *, day: dt.date, dry_run: bool = False, organisation: Organisation | None = None
) -> RemindersReport:
    """E-mail everyone who has tasks due on `day` in `organisation`'s strategy in force, or,
    without one, in every organisation's (one e-mail per person and organisation, each
    linking to that organisation's pages), of what they were not yet reminded of that day; with
    dry_run, only list them, recording nothing."""
    report = RemindersReport()
    several = Organisation.objects.count() > 1
    chosen = [organisation] if organisation else Organisation.objects.order_by("code")
    for each in chosen:
        _remind(report, each, day=day, dry_run=dry_run, several=several)
    return report


def _remind(report, organisation, *, day, dry_run, several) -> None:
    strategy = Strategy.objects.of(organisation).current()
    # With several organisations the internal pages are under the organisation's address; a
    # whole link with SITE_URL, else the path.
    tasks_address = site_link((f"/{organisation.address}" if several else "") + reverse("tasks"))
    found = pending(day, strategy=strategy)
    for person, tasks in sorted(tasks_by_person(day, found).items(), key=lambda i: i[0].username):
        if not person.email:
            report.lines.append(
                (f"{organisation.address}: " if several else "")
                + _("%(user)s: no e-mail address, not reminded") % {"user": person.username}
            )
            report.skipped += 1
            continue
        claimed = []
        if not dry_run:
            tasks, claimed = _claim(person, tasks, day)
            if not tasks:
                report.lines.append(
                    (f"{organisation.address}: " if several else "")
                    + _("%(user)s: already reminded of these on %(day)s")
                    % {"user": person.username, "day": day.isoformat()}
                )
                report.already += 1
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
            try:
                send_mail(subject, body, None, [person.email])
            except Exception:
                # Not sent (the mail server refused): unrecorded, so the retry sends it.
                SentReminder.objects.filter(pk__in=claimed).delete()
                raise
            SentReminder.objects.filter(pk__in=claimed).update(sent_at=timezone.now())
        where = f"{organisation.address}: " if several else ""
        report.lines.append(f"{where}{person.username} <{person.email}>: {subject}")
        report.sent += 1


# The records of a day's reminders are what keeps a run of that day (a retry, a job taken up
# again after its worker died, the command by hand) from sending twice; a job waits for a
# worker for hours at most, so a week's records are always kept, whatever the setting.
KEEP_DAYS_AT_LEAST = 7


def sent_reminders_prune(*, days: int, today: dt.date) -> int:
    """Delete the records of reminders of days more than `days` (at least KEEP_DAYS_AT_LEAST)
    before `today`; how many. Today's, and so the at-most-once of a run today, always stay."""
    cutoff = today - dt.timedelta(days=max(days, KEEP_DAYS_AT_LEAST))
    deleted, _by_model = SentReminder.objects.filter(day__lt=cutoff).delete()
    return deleted


def _key(kind: str, task) -> str:
    if kind == SentReminder.Kind.VALUE:
        return f"indicator:{task.pk}"
    return f"assessment:{task.pk}"


def _record(person, kind, task, day, now) -> SentReminder:
    if kind == SentReminder.Kind.VALUE:
        label, due = str(task.indicator.name), task.due
    else:
        label, due = f"{task.round.name}: {task.goal.name}", task.round.due
    return SentReminder(
        person=person,
        kind=kind,
        about=_key(kind, task),
        label=label[:300],
        due=due,
        day=day,
        decided_at=now,
    )


def _claim(person, tasks: Tasks, day: dt.date) -> tuple[Tasks, list[int]]:
    """The tasks `person` was not yet reminded of on `day`, recorded as reminded (committed
    before the caller sends), with the ids of the records; none if another run is reminding
    the same person at this moment (the unique constraint refuses its twin)."""
    done = set(SentReminder.objects.on(day, person).values_list("kind", "about"))
    fresh = Tasks(
        values=[t for t in tasks.values if ("value", _key("value", t)) not in done],
        assessments=[
            a for a in tasks.assessments if ("assessment", _key("assessment", a)) not in done
        ],
    )
    if not fresh:
        return fresh, []
    now = timezone.now()
    records = [_record(person, SentReminder.Kind.VALUE, t, day, now) for t in fresh.values]
    records += [
        _record(person, SentReminder.Kind.ASSESSMENT, a, day, now) for a in fresh.assessments
    ]
    try:
        with transaction.atomic():
            created = SentReminder.objects.bulk_create(records)
    except IntegrityError:
        return Tasks(), []
    return fresh, [r.pk for r in created]
