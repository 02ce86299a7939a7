"""The demo built once per test database, copied back into each test that reads it.

Loading the demo (`demo_load`) takes a second or more; many page tests only read it. The first
test that asks for it (fixture `demo_db` in tests/conftest.py) loads it once into the test
database of its session (each pytest-xdist worker has its own database), and copies every table
of the Django models into a plain table beside it: `s0_<table>` holds the rows before the demo,
`s1_<table>` the rows with it. The database is then put back as it was, so tests that do not
ask for the demo never see it.

Each test that asks for it gets the demo by `demo_restore`: inside the test's own transaction,
every model table is emptied and filled from its `s1_` copy. The transaction is rolled back
after the test as always, so a test that changes the demo changes it for nobody else. The
copies are not Django tables: flushing a transactional test's database leaves them alone.

A transactional test (the browser tests' live server reads committed rows) gets the demo
committed by `demo_restore` in the same way; its database is flushed after it, as always.

Tests about loading itself (loading twice, the history rows, what `load-demo` prints) and tests
that load the demo on a date or over data of their own still call `demo_load`.
"""

import tempfile
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.db import connection, transaction

BEFORE = "s0_"
DEMO = "s1_"
WITH_INDICES = "s2_"


def _tables() -> list[str]:
    return sorted(connection.introspection.django_table_names(only_existing=True))


def _copy(tables: list[str], prefix: str) -> None:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DROP TABLE IF EXISTS {quote(prefix + table)}")
            cursor.execute(f"CREATE TABLE {quote(prefix + table)} AS SELECT * FROM {quote(table)}")


def _fill(tables: list[str], prefix: str) -> None:
    """Replace every model table's rows with its copy's. Foreign keys are checked at commit
    (Django makes them deferrable), so the order of the tables does not matter."""
    quote = connection.ops.quote_name
    statements = [f"DELETE FROM {quote(table)}" for table in tables] + [
        f"INSERT INTO {quote(table)} SELECT * FROM {quote(prefix + table)}" for table in tables
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(";\n".join(statements))  # one round trip
        else:
            for statement in statements:
                cursor.execute(statement)


def demo_build() -> list[str]:
    """Load the demo once, keep a copy of it and of the rows before it, and take it away again.
    Returns the model tables the copies cover."""
    from mittaristo.demo.load import demo_load

    # Session fixtures are set up before a test's transaction begins; inside one, the copies
    # would be rolled back with it.
    assert not connection.in_atomic_block, "build the demo outside a test's transaction"
    tables = _tables()
    with transaction.atomic():
        _copy(tables, BEFORE)
    with transaction.atomic():
        demo_load()
        _copy(tables, DEMO)
    with transaction.atomic():
        _fill(tables, BEFORE)
    return tables


# The last five years of the recorded panel (1990–2012): every test that reads the demo gets
# its own copy of it, and all 23 years would make that copy five times larger.
SINCE = 2008


def demo_indices() -> None:
    """As `make demo` does after loading the demo: the composite indices' components fetched
    for every municipality from the replay of the recorded data (from SINCE on), and the
    indices computed."""
    from mittaristo.monitoring.indices import definition_of
    from mittaristo.sources.replay import build
    from mittaristo.strategy.models import Indicator

    from .conftest import RECORDED_DATA

    components = sorted(
        {
            leaf.indicator
            for index in Indicator.objects.filter(source_kind="composite_index")
            if index.index
            for leaf in definition_of(index).leaves()
        }
        - {"sairastavuusindeksi"}  # id 5641: not in the recorded 1990–2012 panel
    )
    with tempfile.TemporaryDirectory() as folder:
        build(RECORDED_DATA, Path(folder))
        codes = ",".join(components)
        call_command("fetch", replay=folder, indicator=codes, since=SINCE, stdout=StringIO())
    call_command("compute-indices", stdout=StringIO())


def demo_indices_build(tables: list[str]) -> None:
    """The demo with its composite indices (`demo_indices`), kept in copies of its own: its
    320 municipalities would change what every other demo test sees."""
    assert not connection.in_atomic_block, "build the demo outside a test's transaction"
    with transaction.atomic():
        _fill(tables, DEMO)
        demo_indices()
        _copy(tables, WITH_INDICES)
    with transaction.atomic():
        _fill(tables, BEFORE)


def demo_indices_restore(tables: list[str]) -> None:
    """The demo with its composite indices, into the database of the running test."""
    _fill(tables, WITH_INDICES)


def demo_restore(tables: list[str]) -> None:
    """Put the demo, as `demo_load` left it, into the database of the running test."""
    _fill(tables, DEMO)
