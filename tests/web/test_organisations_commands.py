"""Commands with many organisations: `--organisation CODE_OR_SLUG`; reminders go out for each
organisation with links under its address; the others refuse to guess."""

import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import translation

from mittaristo.reviews.models import SentReminder
from tests.monitoring.test_evaluate import store
from tests.web.test_organisations import Two

pytestmark = pytest.mark.django_db


@pytest.fixture
def two(minimal_strategy, tmp_path, django_user_model):
    found = Two(minimal_strategy, tmp_path, django_user_model)
    found.a_user.email, found.b_user.email = "aino@example.fi", "bertta@example.fi"
    found.a_user.save(), found.b_user.save()
    return found


def command(*args) -> str:
    out = io.StringIO()
    with translation.override("en"):
        call_command(*args, stdout=out)
    return out.getvalue()


def test_reminders_go_out_for_every_organisation_with_its_address(two):
    out = command("send-reminders", "--today", "2025-01-15")
    by_person = {message.to[0]: message for message in mail.outbox}
    assert set(by_person) == {"aino@example.fi", "bertta@example.fi"}
    assert "/aakkola/app/tehtavat/" in by_person["aino@example.fi"].body
    assert "/beeberg/app/tehtavat/" in by_person["bertta@example.fi"].body
    assert "Zyxkunta" in by_person["bertta@example.fi"].subject
    assert "A:n kierros" in by_person["aino@example.fi"].body
    assert "Zyx" not in by_person["aino@example.fi"].body
    assert "aakkola: aino" in out and "beeberg: bertta" in out
    # One organisation only, by its address or its code (the first run's records set aside:
    # the same day's run again reminds nobody twice, tests/reviews/test_reminders_once.py).
    mail.outbox.clear()
    SentReminder.objects.all().delete()
    command("send-reminders", "--today", "2025-01-15", "--organisation", "998")
    assert [m.to for m in mail.outbox] == [["bertta@example.fi"]]
    with pytest.raises(CommandError, match="no organisation 'nowhere'.*beeberg \\(998\\)"):
        command("send-reminders", "--organisation", "nowhere")


def test_a_person_with_tasks_in_two_organisations_gets_one_e_mail_for_each(two):
    two.b_strategy.aims.first().goals.update(owner=two.a_user)
    command("send-reminders", "--today", "2025-01-15")
    bodies = sorted(m.body for m in mail.outbox if m.to == ["aino@example.fi"])
    assert len(bodies) == 2
    assert "/aakkola/app/tehtavat/" in bodies[0] + bodies[1]
    assert "/beeberg/app/tehtavat/" in bodies[0] + bodies[1]


def test_with_one_organisation_the_links_have_no_address(minimal_strategy, django_user_model):
    steward = django_user_model.objects.create_user("tieto", email="tieto@example.fi")
    minimal_strategy.indicators.update(responsible_person=steward)
    store(minimal_strategy, {"2020": "6000"})
    command("send-reminders", "--today", "2024-06-01")
    (message,) = mail.outbox
    assert "\n/app/tehtavat/\n" in message.body


def test_with_site_url_the_reminders_link_to_my_tasks_on_the_site(two, settings):
    settings.SITE_URL = "https://mittaristo.example.fi"
    command("send-reminders", "--today", "2025-01-15")
    by_person = {message.to[0]: message.body for message in mail.outbox}
    assert "\nhttps://mittaristo.example.fi/aakkola/app/tehtavat/\n" in by_person["aino@example.fi"]
    assert (
        "\nhttps://mittaristo.example.fi/beeberg/app/tehtavat/\n"
        in (by_person["bertta@example.fi"])
    )


@pytest.mark.parametrize(
    "args",
    [
        ["evaluate"],
        ["report", "followup", "--format", "xlsx", "--out", "/dev/null"],
        ["store-investment-indicators", "--strategy", "testi-2030"],
        ["api-token", "create", "--name", "x", "--indicator", "mittari"],
    ],
)
def test_other_commands_refuse_to_guess_the_organisation(two, args):
    with pytest.raises(CommandError, match="several organisations.*beeberg \\(998\\), aakkola"):
        command(*args)


def test_evaluate_and_report_act_on_the_organisation_named(two, tmp_path):
    out = command("evaluate", "--organisation", "beeberg", "--format", "json")
    assert "Zyxstrategia" in out and "Testistrategia" not in out
    path = tmp_path / "b.xlsx"
    command(
        "report", "followup", "--organisation", "beeberg", "--format", "xlsx", "--out", str(path)
    )
    assert path.stat().st_size > 0
    with pytest.raises(CommandError, match="no strategy 'nowhere'"):
        command("evaluate", "--organisation", "aakkola", "--strategy", "nowhere")
