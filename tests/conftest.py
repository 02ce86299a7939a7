"""Shared fixtures: named personas and paths. Tests run with the one settings file."""

import os
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

pytest_plugins = ["tests.skips"]  # a skip for anything but a missing tool fails

ROOT = Path(__file__).resolve().parent.parent

# Property tests draw new examples on every run, which is how they find what nobody thought of;
# CI (.ci/run sets HYPOTHESIS_PROFILE=ci) draws the same ones each time, so that a run passes or
# fails on the code alone.
hypothesis_settings.register_profile("ci", derandomize=True)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
# Recorded open-data answers and published figures, in the repository (data/recorded/README.md
# gives each file's origin and licence): tests never skip for want of data.
RECORDED_DATA = ROOT / "data" / "recorded"
DEFINITIONS = ROOT / "src" / "mittaristo" / "strategy" / "definitions"


@pytest.fixture
def recorded_data() -> Path:
    return RECORDED_DATA


@pytest.fixture(autouse=True)
def english_messages():
    """Tests read messages in English unless they choose a language; pages choose their own."""
    from django.utils import translation

    with translation.override("en"):
        yield


MINIMAL = ROOT / "tests" / "strategy" / "fixtures" / "minimal.yaml"


@pytest.fixture
def minimal_strategy(db):
    """The small test strategy: municipality 999, one yearly indicator "mittari" (persons)."""
    from mittaristo.strategy.definition import read_definition
    from mittaristo.strategy.definition.load import strategy_load

    return strategy_load(definition=read_definition(MINIMAL)).strategy


@pytest.fixture
def steward(minimal_strategy, django_user_model):
    """A data steward, responsible for the indicator "mittari" of the small strategy."""
    user = django_user_model.objects.create_user(
        "tietovastaava", password="steward-password-1", first_name="Tiina", last_name="Tieto"
    )
    indicator = minimal_strategy.indicators.get(code="mittari")
    indicator.responsible_person = user
    indicator.save()
    return user


@pytest.fixture
def outsider(db, django_user_model):
    """A user who can log in but is responsible for nothing."""
    return django_user_model.objects.create_user("ulkopuolinen", password="outsider-password-1")


@pytest.fixture
def viewer(db, django_user_model):
    """A council member or staff: reads everything internal, changes nothing.

    get_or_create: the migration makes the group, but transactional tests flush it away.
    """
    from django.contrib.auth.models import Group

    from mittaristo.core.roles import VIEWER

    user = django_user_model.objects.create_user("lukija", password="viewer-password-1")
    user.groups.add(Group.objects.get_or_create(name=VIEWER)[0])
    return user


@pytest.fixture
def strategy_lead(db, django_user_model):
    """The strategy lead: runs review rounds and reads everything internal."""
    from django.contrib.auth.models import Group

    from mittaristo.core.roles import STRATEGY_LEAD

    user = django_user_model.objects.create_user("strategia", password="lead-password-1")
    user.groups.add(Group.objects.get_or_create(name=STRATEGY_LEAD)[0])
    return user


@pytest.fixture
def goal_owner(minimal_strategy, django_user_model):
    """The owner of every goal of the small strategy."""
    from mittaristo.strategy.models import Goal

    user = django_user_model.objects.create_user("omistaja", password="owner-password-1")
    Goal.objects.filter(aim__strategy=minimal_strategy).update(owner=user)
    return user


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache (and reports' cache): ids repeat after a
    rolled-back test."""
    from django.core.cache import caches

    from mittaristo.surveys.answering import forget_questionnaires

    caches["default"].clear(), caches["reports"].clear(), forget_questionnaires()
    yield
    caches["default"].clear(), caches["reports"].clear(), forget_questionnaires()


@pytest.fixture(scope="session")
def demo_tables(django_db_setup, django_db_blocker):
    """The demo loaded once per test database and kept in copies (tests/demo_snapshot.py)."""
    from .demo_snapshot import demo_build

    with django_db_blocker.unblock():
        return demo_build()


@pytest.fixture
def demo_db(db, demo_tables):
    """Heinola's demo as `demo_load` leaves it, in this test's transaction (rolled back after)."""
    from .demo_snapshot import demo_restore

    demo_restore(demo_tables)


@pytest.fixture(scope="session")
def demo_index_tables(demo_tables, django_db_blocker):
    """The demo with the composite indices computed for every municipality, built once."""
    from .demo_snapshot import demo_indices_build

    with django_db_blocker.unblock():
        demo_indices_build(demo_tables)
    return demo_tables


@pytest.fixture
def demo_indices_db(db, demo_index_tables):
    """Heinola's demo with its three composite indices' components fetched from the replay
    (2008–2012, every municipality) and the indices computed, as `make demo` has them."""
    from .demo_snapshot import demo_indices_restore

    demo_indices_restore(demo_index_tables)


@pytest.fixture
def demo_committed(transactional_db, demo_tables):
    """The demo committed, for a transactional test (a live server); flushed after the test."""
    from .demo_snapshot import demo_restore

    demo_restore(demo_tables)


@pytest.fixture(autouse=True)
def demo_first(request):
    """A test that asks for the demo gets it before any other fixture of its own makes rows: the
    copy replaces every row. The demo's "admin" is then the `admin_client`'s, as after
    `demo_load` (pytest-django's admin_user takes an existing "admin")."""
    for name in ("demo_db", "demo_committed", "demo_indices_db"):
        if name in request.fixturenames:
            request.getfixturevalue(name)


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing():
    """Passwords hashed by MD5 in the tests only: PBKDF2's million rounds (the setting of the
    application) cost about half a second for every user a fixture makes and every login."""
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield
