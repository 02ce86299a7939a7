"""The demo built once per session (tests/demo_snapshot.py) is the demo a fresh load gives."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from mittaristo.demo.load import DEMO_USERS, demo_load
from mittaristo.strategy.models import Indicator, Strategy

from .demo_snapshot import BEFORE, _fill, demo_restore

pytestmark = pytest.mark.django_db


def row_counts(tables):
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def people():
    return sorted(
        (u.username, u.email, u.is_staff, u.is_superuser, sorted(g.name for g in u.groups.all()))
        for u in get_user_model().objects.prefetch_related("groups")
    )


def test_a_test_that_does_not_ask_for_the_demo_does_not_see_it(demo_tables):
    # demo_tables has built the demo in this database, and taken it away again.
    assert not Strategy.objects.exists()
    assert not get_user_model().objects.exists()


def test_the_copied_demo_has_every_row_of_a_fresh_load(demo_tables):
    demo_restore(demo_tables)
    copied = row_counts(demo_tables)
    copied_people = people()
    responsible = sorted(Indicator.objects.values_list("code", "responsible_person__username"))
    assert Strategy.objects.get().code == "heinola-2030"
    assert [person[0] for person in copied_people] == sorted(u.username for u in DEMO_USERS)
    _fill(demo_tables, BEFORE)  # the database as the demo found it
    assert not Strategy.objects.exists()
    demo_load()
    assert row_counts(demo_tables) == copied
    assert people() == copied_people
    assert (
        sorted(Indicator.objects.values_list("code", "responsible_person__username")) == responsible
    )


def test_a_change_to_the_demo_stays_in_its_test(demo_db):
    Strategy.objects.update(code="muutettu")
    get_user_model().objects.update(email="")
    assert not Strategy.objects.filter(code="heinola-2030").exists()


def test_the_next_test_reads_the_whole_demo_again(demo_db):
    # Rolled back after the test before (run it alone and this still holds).
    assert Strategy.objects.get().code == "heinola-2030"
    assert all(u.email.endswith("@demo.example") for u in get_user_model().objects.all())
