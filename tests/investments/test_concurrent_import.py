"""Two imports of the investment register at once: the second waits for the first, or is
refused with a plain message, never a traceback from the database's unique code.

As in tests/observations/test_concurrent_store.py (both use tests/concurrency.py): the first
import runs in its own thread with its own connection and is held inside its storing
transaction (its first project written, not committed) until the test lets it go, so the
overlap is certain. Row locks between two connections are PostgreSQL's; on SQLite these tests
skip.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import IntegrityError, connection

from mittaristo.investments import imports
from mittaristo.investments.imports import import_register
from mittaristo.investments.models import Project
from tests.concurrency import Call, Held, wait_until_blocked

pytestmark = pytest.mark.django_db(transaction=True)

BUSY = "another import of the investment register is being stored; try again"


@pytest.fixture(autouse=True)
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: row locks between two connections")


HARBOUR = (
    "satama;Satama;;2024;2025;600000;200000;200000;0;1000000;päätetty;;;;10;2;2024;1000000;0;0"
)
SQUARE = "tori;Tori;;2025;2025;50000;;;;;suunniteltu;;;;;;;;;"


@pytest.fixture
def register(minimal_strategy, register_file):
    """The strategy and a file of two new projects."""
    return minimal_strategy, register_file(HARBOUR, SQUARE)


def held(strategy, path, monkeypatch):
    """An import that stops after storing its first project, inside its transaction."""
    return Held(
        lambda: import_register(path=path, strategy=strategy),
        module=imports,
        attr="project_save",
        monkeypatch=monkeypatch,
    )


@pytest.mark.parametrize("locking", [False, True], ids=["without the lock", "with the lock"])
def test_the_second_import_waits_for_the_first(register, monkeypatch, settings, locking):
    """Without the lock both find the new projects missing and the second ends in the unique
    code; with it, the second waits, then finds them and changes them."""
    strategy, path = register
    settings.IMPORT_LOCK_WAIT = 60
    if not locking:
        monkeypatch.setattr(imports, "rows_lock", lambda queryset: None)
    first = held(strategy, path, monkeypatch)
    first.start()
    assert first.written.wait(30)
    second = Call(lambda: import_register(path=path, strategy=strategy))
    second.start()
    wait_until_blocked()
    first.release.set()
    first.join(30)
    second.join(30)
    assert first.error is None and first.report.stored and first.report.created == 2
    if not locking:  # the hole: a traceback from the database
        assert isinstance(second.error, IntegrityError)
        assert "investment_project_code" in str(second.error)
    else:
        assert second.error is None and second.report.stored
        assert (second.report.created, second.report.changed) == (0, 2)
    assert Project.objects.count() == 2


def test_the_second_import_gives_up_with_a_plain_message(register, monkeypatch, settings, capsys):
    strategy, path = register
    settings.IMPORT_LOCK_WAIT = 0.2
    first = held(strategy, path, monkeypatch)
    first.start()
    try:
        assert first.written.wait(30)
        with pytest.raises(SystemExit) as exit_:
            call_command("import-investments", str(path), "--strategy", strategy.code)
        assert exit_.value.code == 1
        err = capsys.readouterr().err
        assert BUSY in err and "Traceback" not in err
        assert "nothing was stored" in err
    finally:
        first.release.set()
        first.join(30)
    assert first.report.stored and Project.objects.count() == 2


def test_the_web_page_says_so_and_keeps_the_file_waiting(
    register, monkeypatch, settings, client, finance_user, tmp_path
):
    strategy, path = register
    settings.IMPORT_LOCK_WAIT = 0.2
    settings.UPLOAD_DIR = tmp_path / "uploads"
    client.force_login(finance_user)
    upload = SimpleUploadedFile("investoinnit.csv", path.read_bytes())
    preview = client.post(
        "/app/investoinnit/tuonti/",
        {"action": "preview", "file": upload},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "Store these projects" in preview.content.decode()
    first = held(strategy, path, monkeypatch)
    first.start()
    try:
        assert first.written.wait(30)
        response = client.post(
            "/app/investoinnit/tuonti/", {"action": "store"}, HTTP_ACCEPT_LANGUAGE="en"
        )
        page = response.content.decode()
        assert response.status_code == 200
        assert BUSY in page and "Traceback" not in page
        assert "Store these projects" in page  # the preview again: the file still waits
    finally:
        first.release.set()
        first.join(30)
    # Stored again once the first is done: the file's projects, changed, nothing lost.
    response = client.post(
        "/app/investoinnit/tuonti/", {"action": "store"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 302
    assert Project.objects.count() == 2
