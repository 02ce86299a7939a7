"""A reminder goes out once: the reminder job retried, or run again after its worker was killed
between sending and finishing, e-mails nobody twice (reviews.reminders, docs/jobs.md)."""

import datetime as dt

import pytest
from django.core import mail
from django.core.mail import send_mail as real_send_mail
from django.core.management import call_command
from django.utils import timezone, translation

from mittaristo.jobs import queue
from mittaristo.jobs.models import JobRun
from mittaristo.reviews.models import SentReminder
from mittaristo.reviews.services import round_open
from tests.monitoring.test_evaluate import store

pytestmark = pytest.mark.django_db

# The job's scheduled time, a Monday: the same in each of its runs, whenever they happen.
MONDAY_0500 = int(dt.datetime(2026, 11, 23, 5, 0, tzinfo=dt.UTC).timestamp())


class Killed(BaseException):
    """A worker killed: nothing in the job catches it, no clean-up runs (as with SIGKILL)."""


@pytest.fixture
def two_people(minimal_strategy, django_user_model):
    """A steward with a late value and a goal owner owing two assessments, both with e-mail."""
    steward = django_user_model.objects.create_user("tieto", email="tieto@example.fi")
    owner = django_user_model.objects.create_user("omistaja", email="omistaja@example.fi")
    indicator = minimal_strategy.indicators.get()
    indicator.responsible_person = steward
    indicator.save()
    minimal_strategy.aims.get().goals.update(owner=owner)
    store(minimal_strategy, {"2020": "6000"})  # 2021 was due in 2022: late
    round_open(strategy=minimal_strategy, name="Kierros", as_of=timezone.localdate(), user=owner)
    return steward, owner


def recipients() -> list[str]:
    return [address for message in mail.outbox for address in message.to]


def run_reminders():
    with translation.override("en"):
        return queue.run_inline("schedule.send-reminders", timestamp=MONDAY_0500)


def test_a_reminder_job_killed_after_sending_sends_nothing_twice_when_run_again(
    two_people, monkeypatch
):
    def send_then_die(*args, **kwargs):
        real_send_mail(*args, **kwargs)
        raise Killed  # the e-mail has gone; the worker dies before anything else happens

    monkeypatch.setattr("mittaristo.reviews.reminders.send_mail", send_then_die)
    with pytest.raises(Killed):
        run_reminders()
    assert recipients() == ["omistaja@example.fi"]  # the first person, by user name
    assert JobRun.objects.get().state == JobRun.State.FAILED
    monkeypatch.undo()

    result = run_reminders()  # the job taken up again
    assert recipients() == ["omistaja@example.fi", "tieto@example.fi"]  # one e-mail each
    assert result == (
        "1 reminder(s), 0 person(s) without an address. "
        "1 person(s) already reminded of the same that day."
    )
    run_reminders()  # and once more: nothing
    assert len(mail.outbox) == 2
    # What each was reminded of is on record; the killed one's e-mail was never confirmed.
    records = {(r.person.username, r.kind, r.sent_at is None) for r in SentReminder.objects.all()}
    assert records == {("omistaja", "assessment", True), ("tieto", "value", False)}
    assert SentReminder.objects.filter(person__username="omistaja").count() == 2  # two goals
    assert {r.day for r in SentReminder.objects.all()} == {dt.date(2026, 11, 23)}  # scheduled


def test_a_send_the_mail_server_refuses_is_retried_and_the_ones_sent_are_not(
    two_people, monkeypatch
):
    def refuse_the_second(*args, **kwargs):
        if mail.outbox:
            raise ConnectionRefusedError("mail server away")
        return real_send_mail(*args, **kwargs)

    monkeypatch.setattr("mittaristo.reviews.reminders.send_mail", refuse_the_second)
    assert run_reminders() is None  # in-line, a failed job is recorded, not raised
    run = JobRun.objects.get()
    assert run.state == JobRun.State.FAILED and "mail server away" in run.error
    assert recipients() == ["omistaja@example.fi"]
    # The refused e-mail is not on record as sent: the retry sends it, and only it.
    assert not SentReminder.objects.filter(person__username="tieto").exists()
    monkeypatch.undo()
    run_reminders()
    assert recipients() == ["omistaja@example.fi", "tieto@example.fi"]
    assert SentReminder.objects.filter(sent_at__isnull=True).count() == 0


def test_the_command_reminds_once_a_day_and_again_the_next_week(two_people, capsys):
    with translation.override("en"):
        call_command("send-reminders", "--today", "2026-11-30")
        call_command("send-reminders", "--today", "2026-11-30")
        assert "omistaja: already reminded of these on 2026-11-30" in capsys.readouterr().out
        assert len(mail.outbox) == 2
        call_command("send-reminders", "--today", "2026-12-07", "--dry-run")
        assert (
            len(mail.outbox) == 2 and SentReminder.objects.count() == 3
        )  # a dry run records nothing
        call_command("send-reminders", "--today", "2026-12-07")
    assert sorted(recipients()) == ["omistaja@example.fi"] * 2 + ["tieto@example.fi"] * 2


def test_the_scheduled_day_is_the_local_day_of_the_scheduled_time():
    from mittaristo.schedule.tasks import scheduled_day

    assert scheduled_day(MONDAY_0500) == dt.date(2026, 11, 23)
    late = int(dt.datetime(2026, 11, 23, 22, 30, tzinfo=dt.UTC).timestamp())
    assert scheduled_day(late) == dt.date(2026, 11, 24)  # 00:30 in Helsinki
    assert scheduled_day(None) == timezone.localdate()


def test_the_administrator_reads_who_was_reminded_of_what(two_people, admin_client):
    run_reminders()
    page = admin_client.get("/admin/reviews/sentreminder/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    text = page.content.decode()
    assert "tieto" in text and "omistaja" in text and "Kierros" in text
    assert text.count("assessment owed") >= 2 and "value due" in text
    record = SentReminder.objects.first()
    assert admin_client.post(f"/admin/reviews/sentreminder/{record.pk}/delete/").status_code == 403


def test_the_nightly_housekeeping_removes_old_reminder_records_never_todays(two_people, settings):
    """The records of reminders sent longer ago than JOB_RECORDS_KEEP_DAYS (at least a week)
    go; today's stay, so a run again today still sends nothing twice."""
    today = timezone.localdate()

    def remind(days_ago):
        # Noon of the local day, so a day across a change of summer time is still that day.
        noon = dt.datetime.combine(today - dt.timedelta(days=days_ago), dt.time(12))
        moment = int(timezone.make_aware(noon).timestamp())
        with translation.override("en"):
            queue.run_inline("schedule.send-reminders", timestamp=moment)

    for days_ago in (100, 8, 5, 0):
        remind(days_ago)
    assert len(mail.outbox) == 8  # two people, four days

    def days_kept():
        days = set(SentReminder.objects.values_list("day", flat=True))
        return sorted((today - day).days for day in days)

    assert days_kept() == [0, 5, 8, 100]
    settings.JOB_RECORDS_KEEP_DAYS = 90
    result = queue.run_inline("jobs.housekeeping")
    assert "3 reminder records removed" in result  # a value and two assessments, 100 days ago
    assert days_kept() == [0, 5, 8]
    settings.JOB_RECORDS_KEEP_DAYS = 1  # a week is kept whatever the setting
    queue.run_inline("jobs.housekeeping")
    assert days_kept() == [0, 5]
    remind(0)  # today's again: nobody is e-mailed twice
    assert len(mail.outbox) == 8
