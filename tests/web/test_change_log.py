"""The change log: every change of the strategy with its decision, internal and public."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.utils import timezone

from mittaristo.reviews.models import ReviewRound
from mittaristo.strategy.definition import read_definition
from mittaristo.strategy.definition.load import strategy_load
from mittaristo.strategy.models import Goal

pytestmark = pytest.mark.django_db

MINIMAL = (Path(__file__).parent.parent / "strategy" / "fixtures" / "minimal.yaml").read_text(
    encoding="utf-8"
)


def revise(tmp_path, text, *, date, reason, decision, user=None):
    """Load the small strategy's file edited as `text`, as a revision (the file's loader)."""
    path = tmp_path / "strategia.yaml"
    path.write_text(text, encoding="utf-8")
    return strategy_load(
        definition=read_definition(path),
        effective=date,
        reason=reason,
        decision=decision,
        user=user,
    )


@pytest.fixture
def changed(tmp_path, minimal_strategy, django_user_model):
    """The small strategy after a mid-term evaluation (two revisions under one decision) and
    a budget decision; the budget's change was recorded by a named person."""
    lead = django_user_model.objects.create_user(
        "paattaja", first_name="Pirjo", last_name="Päättäjä", email="pirjo@example.com"
    )
    mid_term = MINIMAL.replace("value: 6200", "value: 6300")
    revise(
        tmp_path,
        mid_term,
        date=dt.date(2024, 5, 20),
        reason="Väliarviointi: tavoitetaso",
        decision="Kv 20.5.2024 § 30",
    )
    mid_term = mid_term.replace("name: Toinen tavoite", "name: Tarkennettu toinen tavoite")
    revise(
        tmp_path,
        mid_term,
        date=dt.date(2024, 5, 21),
        reason="Väliarviointi: tavoitteen nimi",
        decision="Kv 20.5.2024 § 30",
    )
    revise(
        tmp_path,
        mid_term.replace("value: 6300", "value: 6400"),
        date=dt.date(2025, 3, 12),
        reason="Talousarvion taso",
        decision="Kv 12.3.2025 § 18",
        user=lead,
    )
    return lead


def get(client, path):
    return client.get(path, HTTP_ACCEPT_LANGUAGE="en")


def main_part(html: str) -> str:
    return html[html.index("<main") : html.index("</main>")]


def log_part(html: str) -> str:
    return html[html.index('<div class="change-log">') : html.index("</main>")]


def test_the_change_log_lists_each_change_with_its_decision_reason_and_person(
    client, changed, viewer
):
    client.force_login(viewer)
    html = main_part(get(client, "/app/muutokset/").content.decode())
    # Newest first: the budget's decision, then the mid-term evaluation, then the approval.
    budget = html.index("Decision Kv 12.3.2025 § 18")
    mid_term = html.index("Decision Kv 20.5.2024 § 30")
    approval = html.index("Decision Kv 16.5.2022 § 45")
    assert budget < mid_term < approval
    assert '6,300</span> → <span class="after">6,400' in html
    assert "Talousarvion taso" in html and "Made by Pirjo Päättäjä" in html
    # The mid-term evaluation's two refinements stand under its one decision.
    assert html.count("Decision Kv 20.5.2024 § 30") == 1
    group = html[mid_term:approval]
    assert "Väliarviointi: tavoitetaso" in group and "Väliarviointi: tavoitteen nimi" in group
    # The test strategy's names are in Finnish only: marked so on the English page.
    assert '<span lang="fi">Tarkennettu toinen tavoite</span>' in group
    assert 'Toinen tavoite</span> → <span class="after">Tarkennettu toinen tavoite' in unmarked(
        group
    )
    # The approval created everything: listed as additions.
    assert "parts added" in html[approval:]


def unmarked(html: str) -> str:
    """The page without the marking of Finnish fallback texts (`<span lang="fi">`)."""
    return re.sub(r'<span lang="fi">([^<]*)</span>', r"\1", html)


def test_the_change_log_filters_by_indicator_goal_and_decision(client, changed, viewer):
    client.force_login(viewer)

    def shown(query):
        return log_part(get(client, f"/app/muutokset/?{query}").content.decode())

    by_decision = shown("paatos=Kv+20.5.2024+%C2%A7+30")
    assert "Väliarviointi: tavoitetaso" in by_decision
    assert "Talousarvion taso" not in by_decision and "Kv 16.5.2022" not in by_decision
    by_goal = shown("tavoite=T2")
    assert "Tarkennettu toinen tavoite" in by_goal and "Talousarvion taso" not in by_goal
    # A goal's log has its indicators' targets too.
    assert "Talousarvion taso" in shown("tavoite=T1")
    by_indicator = shown("mittari=mittari")
    assert "Talousarvion taso" in by_indicator and "Väliarviointi: tavoitetaso" in by_indicator
    assert "Väliarviointi: tavoitteen nimi" not in by_indicator
    # An unknown choice is a form error, not a traceback; the whole log shows.
    wrong = shown("mittari=ei-ole")
    assert "Select a valid choice" in main_part(
        get(client, "/app/muutokset/?mittari=ei-ole").content.decode()
    )
    assert "Talousarvion taso" in wrong


def test_indicator_and_goal_pages_link_to_their_changes(client, changed, viewer):
    client.force_login(viewer)
    html = get(client, "/app/mittarit/mittari/").content.decode()
    assert "mittari Mittari: target 2030: changed Mar 12, 2025, Kv 12.3.2025 § 18</a>" in html
    assert 'href="/app/muutokset/?mittari=mittari#' in html
    assert "Kv 12.3.2025 § 18</a>: target level 6,300 → 6,400" in html
    goal = unmarked(get(client, "/app/tavoitteet/T2/").content.decode())
    assert "Kv 20.5.2024 § 30</a>: name Toinen tavoite → Tarkennettu toinen tavoite" in goal
    # The creation of the goal at the strategy's approval is not a change of it.
    assert "added" not in goal[goal.index("recent-changes-heading") :]


def test_the_change_log_needs_an_internal_role(client, changed, outsider):
    assert get(client, "/app/muutokset/").status_code == 302  # to the login
    client.force_login(outsider)
    assert get(client, "/app/muutokset/").status_code == 403


def test_the_change_log_reads_a_fixed_number_of_queries(
    client, changed, viewer, django_assert_max_num_queries, tmp_path
):
    client.force_login(viewer)
    with django_assert_max_num_queries(30):
        get(client, "/app/muutokset/")


@pytest.fixture
def published(demo_db):
    return ReviewRound.objects.published().get()


PEOPLE_FIELDS = ("username", "first_name", "last_name", "email")


def test_the_public_change_log_shows_decisions_but_no_person(client, published, django_user_model):
    strategy = published.strategy
    goal = Goal.objects.filter(aim__strategy=strategy, owner__isnull=False).first()
    # A change recorded before the round's publication by a named person, who also became
    # the goal's owner.
    person = django_user_model.objects.create_user(
        "nimetty", first_name="Niina", last_name="Nimellinen", email="niina@example.com"
    )
    goal.owner = person
    goal.name = {"fi": "Uusi nimi"}
    goal._history_date = published.published_at - dt.timedelta(days=1)
    goal._change_reason = "Nimen tarkennus"
    goal._decision_ref = "Kh 1.2.2026 § 7"
    goal.save()
    people = list(django_user_model.objects.values_list(*PEOPLE_FIELDS))
    assert len(people) > 5  # the demo's people and the named one
    pages = [
        "/muutokset/",
        f"/muutokset/?tavoite={goal.code}",
        "/",
        f"/tavoitteet/{goal.code}/",
        "/mittarit/tyopaikat/",
    ]
    for path in pages:
        response = get(client, path)
        assert response.status_code == 200, path
        html = main_part(response.content.decode())
        for fields in people:
            for value in fields:
                if value and len(value) > 3:
                    assert value not in html, (path, value)
    log = main_part(get(client, "/muutokset/").content.decode())
    assert "Kh 1.2.2026 § 7" in log and "Nimen tarkennus" in log and "Uusi nimi" in log
    assert "Made by" not in log
    assert (
        f'href="/muutokset/?tavoite={goal.code}"'
        in get(client, f"/tavoitteet/{goal.code}/").content.decode()
    )


def test_the_public_change_log_shows_only_what_was_in_effect_when_published(client, published):
    goal = Goal.objects.filter(aim__strategy=published.strategy).first()
    goal.name = {"fi": "Myöhemmin päätetty nimi"}
    goal._history_date = timezone.now() + dt.timedelta(days=1)
    goal._change_reason = "Myöhempi päätös"
    goal._decision_ref = "Kv 1.1.2099 § 1"
    goal.save()
    log = main_part(get(client, "/muutokset/").content.decode())
    assert "Myöhempi päätös" not in log and "Kv 1.1.2099" not in log
    assert "Decision" in log or "Without a decision reference" in log


def test_without_a_published_round_there_is_no_public_change_log(client, minimal_strategy):
    assert get(client, "/muutokset/").status_code == 404
