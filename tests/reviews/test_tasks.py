"""My tasks and reminders: values due and late, assessments owed, e-mail through Django."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command

from mittaristo.reviews.services import round_open
from tests.monitoring.test_evaluate import store

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(minimal_strategy, django_user_model):
    steward = django_user_model.objects.create_user("tieto", email="tieto@example.fi")
    owner = django_user_model.objects.create_user("omistaja")  # no e-mail address
    indicator = minimal_strategy.indicators.get()
    indicator.responsible_person = steward
    indicator.save()
    minimal_strategy.aims.get().goals.update(owner=owner)
    return steward, owner


def test_my_tasks_page_lists_values_and_assessments(client, minimal_strategy, people):
    steward, owner = people
    store(minimal_strategy, {"2020": "6000"})  # 2021 was due 27.9.2022: late now
    client.force_login(steward)
    html = client.get("/app/tehtavat/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Mittari" in html and 'class="late"' in html
    assert "No assessments due." in html
    round_open(strategy=minimal_strategy, name="Kierros", as_of=dt.date.today(), user=steward)
    client.force_login(owner)
    html = client.get("/app/tehtavat/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    # Goals T1 and T2, under the round's name, which is marked as Finnish on an English page.
    assert html.count('<span lang="fi">Kierros</span>:') == 2
    assert "Overdue, for everyone" not in html  # only for the strategy lead


def test_values_due_soon_or_late_not_otherwise(minimal_strategy, people):
    from mittaristo.reviews.tasks import tasks_by_person

    steward, _owner = people
    store(minimal_strategy, {"2023": "6060"})  # 2024 due 27.9.2025
    assert tasks_by_person(dt.date(2025, 9, 1)) == {}
    assert list(tasks_by_person(dt.date(2025, 9, 14))) == [steward]  # within 14 days
    (ev,) = tasks_by_person(dt.date(2025, 10, 1))[steward].values
    assert ev.late


def test_send_reminders_mails_those_with_an_address(minimal_strategy, people, capsys):
    steward, _owner = people
    store(minimal_strategy, {"2020": "6000"})
    round_open(strategy=minimal_strategy, name="Kierros", as_of=dt.date(2024, 1, 1), user=steward)
    call_command("send-reminders", "--today", "2024-06-01")
    out = capsys.readouterr().out
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["tieto@example.fi"]
    assert "Mittari" in message.body
    assert "omistaja" in out and "1 reminder(s), 1 person(s) without an address." in out
    call_command("send-reminders", "--today", "2024-06-01", "--dry-run")
    assert len(mail.outbox) == 1


JOBS = {
    "source": "statfin",
    "table": "115k.px",
    "contents": ["tyolliset3"],
    "release": {"day": 16, "month": 2, "years_after": 2},  # year N around 16.2. of N + 2
}


def bind_to_calendar(strategy):
    indicator = strategy.indicators.get()
    indicator.binding = JOBS
    indicator.save()


def test_my_tasks_page_shows_the_date_from_the_publication_calendar(
    client, minimal_strategy, people
):
    steward, _owner = people
    bind_to_calendar(minimal_strategy)
    store(minimal_strategy, {"2020": "6000"})
    # 2021 is due by the calendar 16.2.(2021 + 2) = 16.2.2023, not by frequency + lag
    # 31.12.2021 + 270 days = 27.9.2022.
    client.force_login(steward)
    html = client.get("/app/tehtavat/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "due Feb 16, 2023" in html and "Sep 27, 2022" not in html
    assert "published by Statistics Finland around February 16" in html
    html = client.get("/app/tehtavat/", HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert "16.2.2023" in html and "Tilastokeskus julkaisee yleensä noin 16. helmikuuta" in html


def test_without_a_calendar_the_page_says_frequency_and_lag(client, minimal_strategy, people):
    steward, _owner = people
    store(minimal_strategy, {"2020": "6000"})
    client.force_login(steward)
    html = client.get("/app/tehtavat/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "due Sep 27, 2022" in html
    assert "estimated from the frequency: 270 days after the period ends" in html


def test_reminders_follow_the_publication_calendar(minimal_strategy, people):
    bind_to_calendar(minimal_strategy)
    store(minimal_strategy, {"2022": "6000"})
    # 2023 is due 16.2.2025: on 10.2.2025 it is due within 14 days, not late (by frequency +
    # lag it would have been late since 27.9.2024).
    call_command("send-reminders", "--today", "2025-02-10")
    (message,) = mail.outbox
    # In the default language, Finnish: "due 16.2.2025 (Statistics Finland … around 16 Feb)".
    assert (
        "- Mittari: viimeistään 16.2.2025 (Tilastokeskus julkaisee yleensä noin 16. helmikuuta)"
        in message.body
    )
    assert "myöhässä" not in message.body  # not late
    mail.outbox.clear()
    call_command("send-reminders", "--today", "2025-01-20")  # 27 days before: nothing yet
    assert mail.outbox == []


def test_the_demo_sends_its_reminders_to_the_console(capsys, demo_db):
    """After `make demo`, send-reminders shows what a reminder looks like: the demo people have
    addresses at the reserved .example domain (and the demo's mail goes to the console)."""
    call_command("send-reminders", "--today", "2027-06-01")
    out = capsys.readouterr().out
    recipients = sorted(address for m in mail.outbox for address in m.to)
    assert recipients and all(a.endswith("@demo.example") for a in recipients)
    assert "tietovastaava@demo.example" in recipients  # the data steward's values are due
    assert f"{len(mail.outbox)} reminder(s), 0 person(s) without an address." in out
