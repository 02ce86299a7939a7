"""The overview kept whole per data version, language and what the person's frame shows
(web/reader_pages.py); the organisations kept in each process (strategy/known.py); the public
front page's state kept per organisation (web/public_views.py). Nothing personal leaks from
one reader to another, and a change shows at once."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from mittaristo.strategy import known
from mittaristo.strategy.definition import read_definition
from mittaristo.strategy.definition.load import strategy_load
from mittaristo.strategy.models import Goal, Membership, Organisation
from tests.conftest import MINIMAL

pytestmark = pytest.mark.django_db


def _second(tmp_path):
    text = MINIMAL.read_text(encoding="utf-8")
    text = text.replace('code: "999"', 'code: "998"').replace("Testikunta", "Toinenkunta")
    path = tmp_path / "toinen.yaml"
    path.write_text(text, encoding="utf-8")
    return strategy_load(definition=read_definition(path)).strategy


@pytest.fixture
def two(minimal_strategy, tmp_path):
    """Two organisations, "ykkonen" and "kakkonen", each with the small strategy."""
    other = _second(tmp_path)
    Organisation.objects.filter(pk=minimal_strategy.organisation_id).update(slug="ykkonen")
    Organisation.objects.filter(pk=other.organisation_id).update(slug="kakkonen")
    return minimal_strategy, other


def person(django_user_model, name, memberships):
    user = django_user_model.objects.create_user(name, password=f"{name}-password-1")
    for organisation, role in memberships:
        Membership.objects.create(user=user, organisation=organisation, role=role)
    client = Client()
    client.force_login(user)
    return user, client


def csrf_tokens(html) -> set[str]:
    return set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html))


def test_two_readers_never_see_each_others_page(two, django_user_model):
    a, b = two
    _reader, reader = person(django_user_model, "lukija-yksi", [(a.organisation, "viewer")])
    _lead, lead = person(
        django_user_model,
        "johtaja-kaksi",
        [(a.organisation, "strategy_lead"), (b.organisation, "viewer")],
    )
    pages = {}
    for _round in range(2):  # the second time from the kept copies
        for name, client in [("reader", reader), ("lead", lead)]:
            answer = client.get("/ykkonen/app/")
            assert answer.status_code == 200
            pages[name] = answer.content.decode()
            # The token written in is the one the client holds (its cookie).
            tokens = csrf_tokens(pages[name])
            assert len(tokens) == 1
    assert "lukija-yksi" in pages["reader"] and "johtaja-kaksi" not in pages["reader"]
    assert "johtaja-kaksi" in pages["lead"] and "lukija-yksi" not in pages["lead"]
    assert csrf_tokens(pages["reader"]) != csrf_tokens(pages["lead"])
    # The lead holds roles in two organisations: the chooser; the reader in one: none.
    assert "organisation-chooser" in pages["lead"]
    assert "organisation-chooser" not in pages["reader"]
    assert "Toinenkunta" in pages["lead"] and "Toinenkunta" not in pages["reader"]
    # The same page for both otherwise: the strategy.
    assert all("<h1>Testistrategia</h1>" in page for page in pages.values())


def test_a_kept_page_costs_no_rendering_and_few_queries(two, django_user_model, monkeypatch):
    _user, reader = person(django_user_model, "lukija-yksi", [(two[0].organisation, "viewer")])
    first = reader.get("/ykkonen/app/").content.decode()

    def no_rendering(*args, **kwargs):
        raise AssertionError("rendered")

    monkeypatch.setattr("mittaristo.web.reader_pages.render_to_string", no_rendering)
    with CaptureQueriesContext(connection) as captured:
        again = reader.get("/ykkonen/app/").content.decode()
    assert again == first.replace(csrf_tokens(first).pop(), csrf_tokens(again).pop())
    # The session, the user with their global roles, what they hold (one query), the version.
    sql = [q["sql"] for q in captured.captured_queries]
    assert len(sql) == 4, "\n".join(q[:150] for q in sql)
    assert sql[3].strip().startswith("WITH s AS")


def test_a_change_shows_at_once(two, django_user_model):
    a, _b = two
    user, reader = person(django_user_model, "lukija-yksi", [(a.organisation, "viewer")])
    page = reader.get("/ykkonen/app/").content.decode()
    assert "/ykkonen/app/syotto/" not in page  # data entry
    # The data: a renamed goal.
    goal = Goal.objects.get(aim__strategy=a, code="T1")
    goal.name = {"fi": "Aivan uusi nimi", "en": "A brand new name"}
    goal.save()
    assert "Aivan uusi nimi" in reader.get("/ykkonen/app/").content.decode()
    # What the person holds: made the keeper of an indicator's values, they may enter them.
    indicator = a.indicators.get(code="mittari")
    indicator.responsible_person = user
    indicator.save()
    assert "/ykkonen/app/syotto/" in reader.get("/ykkonen/app/").content.decode()
    # Their name.
    user.username = "lukija-uusi"
    user.save()
    page = reader.get("/ykkonen/app/").content.decode()
    assert "lukija-uusi" in page and "lukija-yksi" not in page
    # A role taken away: the page is not theirs any more.
    Membership.objects.filter(user=user).delete()
    indicator.responsible_person = None
    indicator.save()
    assert reader.get("/ykkonen/app/").status_code == 404


def test_a_message_waiting_is_shown(two, django_user_model):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.cookie import CookieStorage

    _user, reader = person(django_user_model, "lukija-yksi", [(two[0].organisation, "viewer")])
    reader.get("/ykkonen/app/")  # kept
    storage = CookieStorage(None)
    from django.contrib.messages.storage.base import Message

    encoded = storage._encode([Message(constants.INFO, "Tallennettu viesti")])
    reader.cookies["messages"] = encoded
    assert "Tallennettu viesti" in reader.get("/ykkonen/app/").content.decode()


def test_the_organisations_kept_in_the_process_follow_every_write(two, client):
    a, b = two
    assert client.get("/ykkonen/").status_code in {200, 302}
    # Renamed through the ORM's queryset (as the tests and the loader do): the new address
    # works at once, the old one no longer names it.
    Organisation.objects.filter(pk=a.organisation_id).update(slug="uusi-ykkonen")
    assert known.known().address("ykkonen") is None
    assert known.known().address("uusi-ykkonen").pk == a.organisation_id
    # Through save(), as the admin does.
    organisation = Organisation.objects.get(pk=b.organisation_id)
    organisation.slug = "kolmonen"
    organisation.save()
    assert known.known().address("kolmonen").pk == b.organisation_id
    assert known.known().address("kakkonen") is None
    # Another process's write: only the shared stamp tells this one.
    stamp = known.known()
    known.organisations_changed()
    assert known.known() is not stamp
    # A copy each time: a request cannot change what the next one gets.
    first = known.known().address("kolmonen")
    first.name = {"fi": "Muutettu"}
    assert known.known().address("kolmonen").name != first.name
    # A deleted organisation is gone.
    Organisation.objects.create(code="997", name={"fi": "Poistuva"}, slug="poistuva")
    assert known.known().address("poistuva") is not None
    Organisation.objects.filter(code="997").delete()
    assert known.known().address("poistuva") is None


def test_the_organisations_are_read_anew_when_the_stamp_changes_in_another_process(two):
    from django.core.cache import cache

    before = known.known()
    # Another process renewed the stamp (its write through the ORM): this process reads anew.
    cache.set(known.STAMP_KEY, "another-process", None)
    assert known.known() is not before
    # With nothing changed, the same kept object.
    assert known.known() is known.known()


def test_a_round_published_by_the_service_shows_on_a_kept_front_page_at_once(
    minimal_strategy, admin_user
):
    from tests.web.test_overview_cache import publish

    visitor = Client()
    assert "Tilinpäätös 2023" not in visitor.get("/").content.decode()
    publish(minimal_strategy, admin_user)
    first = Client().get("/").content.decode()  # a first visit: kept by the process
    assert "Tilinpäätös 2023" in first
    publish(minimal_strategy, admin_user, name="Tilinpäätös 2024")
    assert "Tilinpäätös 2024" in Client().get("/").content.decode()
