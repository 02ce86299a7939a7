"""Two imports of the same indicators at once: the second waits, or is refused plainly.

Each import runs in its own thread with its own database connection. The first is held inside
its storing transaction (after its values are written, before it commits) until the test lets
it go, so the overlap is certain, not a matter of timing. Row locks between two connections
are PostgreSQL's; on SQLite (one writer at a time anyway) these tests skip.
"""

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection
from psycopg.errors import UniqueViolation

from mittaristo.core.models import Area
from mittaristo.observations import services as store_services
from mittaristo.observations.imports import service as import_service
from mittaristo.observations.imports.service import import_observations
from mittaristo.observations.models import Observation
from tests.concurrency import Call, Held, wait_until_blocked

pytestmark = pytest.mark.django_db(transaction=True)

FILE = "indikaattori;alue;kausi;arvo\n" + "".join(
    f"mittari;999;{year};{100 + year}\n" for year in range(2000, 2025)
)
BUSY = "another import of these indicators is being stored; try again"


@pytest.fixture(autouse=True)
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: row locks between two connections")


@pytest.fixture
def setup(minimal_strategy, tmp_path):
    Area.objects.create(kind="municipality", code="999", name={"fi": "Testikunta"})
    path = tmp_path / "arvot.csv"
    path.write_text(FILE, encoding="utf-8")
    return path


def held(path, monkeypatch):
    """An import that stops inside its transaction, its values written, until released."""
    return Held(
        lambda: import_observations(path=path),
        module=import_service,
        attr="observations_upsert",
        monkeypatch=monkeypatch,
    )


@pytest.mark.parametrize("locking", [False, True], ids=["without the lock", "with the lock"])
def test_the_second_import_waits_for_the_first(setup, monkeypatch, settings, locking):
    """Without the lock (as before) the second ends in the unique constraint; with it, it waits
    and then finds every value already stored."""
    settings.IMPORT_LOCK_WAIT = 60
    if not locking:
        monkeypatch.setattr(import_service, "indicators_lock", lambda ids: None)
        monkeypatch.setattr(store_services, "indicators_lock", lambda ids: None)
    first = held(setup, monkeypatch)
    first.start()
    assert first.written.wait(30)
    second = Call(lambda: import_observations(path=setup))
    second.start()
    wait_until_blocked()
    first.release.set()
    first.join(30)
    second.join(30)
    assert first.error is None and first.report.stored and first.report.created == 25
    if not locking:  # the hole: a traceback from the database
        # COPY runs on psycopg's own cursor: its UniqueViolation, as the probe saw it.
        assert isinstance(second.error, IntegrityError | UniqueViolation)
        assert "one_current_observation" in str(second.error)
    else:
        assert second.error is None
        assert second.report.ok and second.report.stored
        assert (second.report.created, second.report.unchanged) == (0, 25)
    assert Observation.objects.filter(superseded_at__isnull=True).count() == 25


def test_the_second_import_gives_up_with_a_plain_message(setup, monkeypatch, settings, capsys):
    """Held longer than IMPORT_LOCK_WAIT: the command line says so and stores nothing."""
    settings.IMPORT_LOCK_WAIT = 0.2
    first = held(setup, monkeypatch)
    first.start()
    try:
        assert first.written.wait(30)
        with pytest.raises(SystemExit) as exit_:
            call_command("import-observations", str(setup))
        assert exit_.value.code == 1
        err = capsys.readouterr().err
        assert BUSY in err and "Traceback" not in err
        assert "1 problem(s): nothing was stored." in err
    finally:
        first.release.set()
        first.join(30)
    assert first.report.stored
    assert Observation.objects.count() == 25


def test_the_web_page_says_the_same(setup, monkeypatch, settings, client, steward, tmp_path):
    settings.IMPORT_LOCK_WAIT = 0.2
    settings.UPLOAD_DIR = tmp_path / "uploads"
    client.force_login(steward)
    with setup.open("rb") as file:
        client.post("/app/tuonti/", {"file": file}, HTTP_ACCEPT_LANGUAGE="en")
    first = held(setup, monkeypatch)
    first.start()
    try:
        assert first.written.wait(30)
        response = client.post("/app/tuonti/tallenna/", HTTP_ACCEPT_LANGUAGE="en", follow=True)
        assert response.status_code == 200
        assert BUSY in response.content.decode()
    finally:
        first.release.set()
        first.join(30)
    assert Observation.objects.count() == 25
    assert not Observation.objects.filter(recorded_by=steward).exists()
