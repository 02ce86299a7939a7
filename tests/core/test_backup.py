"""`mittaristo backup` and `mittaristo restore` (core/backup.py).

On PostgreSQL: the demo with its survey answers backed up with pg_dump, restored by the command
into an empty database made for the test, and every table found again with the same rows (count
and checksum) and every sequence where it was. The refusals: no pg_dump, a pg_dump older than
the server, a pg_dump that fails (no half file under the name), a dump from a newer server, a
database that is not empty. On SQLite (either run: a file of its own): the round trip through
SQLite's backup API. Anywhere: a file that is not a backup.
"""

import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections

from mittaristo.core.backup import BackupError, database_backup, database_restore

from ..skips import on_postgresql

BIN = Path(sys.executable).parent
# Decided before any fixture runs, so that the demo is not built on SQLite for nothing.
needs_postgresql = pytest.mark.skipif(
    not on_postgresql(), reason="needs PostgreSQL: pg_dump and pg_restore"
)


# Anywhere


def test_a_file_that_is_not_a_backup_is_refused(tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("not a backup\n")
    with pytest.raises(CommandError, match="notes.txt is not a backup made by `mittaristo backup`"):
        call_command("restore", str(text))
    plain = tmp_path / "plain.sql"
    plain.write_text("--\n-- PostgreSQL database dump\n--\n")
    with pytest.raises(CommandError, match="plain.sql is a plain SQL dump"):
        call_command("restore", str(plain))
    with pytest.raises(CommandError, match="missing.dump: no such file"):
        call_command("restore", str(tmp_path / "missing.dump"))


# SQLite: a database file of its own, as an installation on SQLite has


@pytest.fixture
def sqlite_database(tmp_path, django_db_blocker):
    """A connection alias "file" whose database is an SQLite file; its path."""
    created = []

    def make(name: str) -> tuple[str, Path]:
        path = tmp_path / name
        alias = f"file_{len(created)}"
        connections.settings[alias] = connections.configure_settings(
            {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path)}}
        )["default"]
        created.append(alias)
        return alias, path

    with django_db_blocker.unblock():
        yield make
        for alias in created:
            connections[alias].close()
            del connections[alias]
            del connections.settings[alias]


def fill_sqlite(path: Path) -> None:
    with sqlite3.connect(path) as database:
        database.execute("CREATE TABLE place (id INTEGER PRIMARY KEY, name TEXT, data BLOB)")
        database.executemany(
            "INSERT INTO place (name, data) VALUES (?, ?)",
            [(f"Heinola {n} ÅÄÖ", bytes([n % 256]) * n) for n in range(500)],
        )
    database.close()


def rows(path: Path) -> list[tuple]:
    database = sqlite3.connect(path)
    try:
        return database.execute("SELECT * FROM place ORDER BY id").fetchall()
    finally:
        database.close()


def test_sqlite_round_trip(sqlite_database, tmp_path):
    source, source_path = sqlite_database("mittaristo.sqlite3")
    fill_sqlite(source_path)
    out = tmp_path / "backup.sqlite3"
    result = database_backup(out=out, alias=source)
    assert result.kind == "sqlite" and result.size == out.stat().st_size
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir() if "partial" in p.name] == []

    target, target_path = sqlite_database("restored.sqlite3")
    restored = database_restore(path=out, alias=target)
    assert restored.tables == 1 and rows(target_path) == rows(source_path)
    assert len(rows(target_path)) == 500

    # Not empty now: refused unless --clean, which replaces everything (a table the backup does
    # not have too).
    with pytest.raises(BackupError, match="restored.sqlite3 is not empty"):
        database_restore(path=out, alias=target)
    with sqlite3.connect(target_path) as database:
        database.execute("DELETE FROM place WHERE id > 10")
        database.execute("CREATE TABLE later (id INTEGER)")
    database.close()
    again = database_restore(path=out, alias=target, clean=True)
    assert again.dropped == ["later"] and rows(target_path) == rows(source_path)


def test_sqlite_refuses_a_postgresql_dump_and_a_missing_database(sqlite_database, tmp_path):
    alias, path = sqlite_database("mittaristo.sqlite3")
    dump = tmp_path / "heinola.dump"
    dump.write_bytes(b"PGDMP\x01\x0e\x00" + bytes(100))
    with pytest.raises(BackupError, match="heinola.dump is a PostgreSQL dump, but this"):
        database_restore(path=dump, alias=alias)
    with pytest.raises(BackupError, match="mittaristo.sqlite3 does not exist"):
        database_backup(out=tmp_path / "backup.sqlite3", alias=alias)
    assert not (tmp_path / "backup.sqlite3").exists()


# PostgreSQL


def table_digests(conninfo: str) -> dict[str, tuple[int, str]]:
    """Every table's row count and a checksum of its rows, in the database of `conninfo`."""
    with psycopg.connect(conninfo) as database:
        database.execute("SET TimeZone = 'UTC'")
        tables = [
            name
            for (name,) in database.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        digests = {}
        for table in tables:
            quoted = psycopg.sql.Identifier(table)
            query = psycopg.sql.SQL(
                "SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), ''))"
                " FROM {} t"
            ).format(quoted)
            digests[table] = database.execute(query).fetchone()
        return digests


def sequences(conninfo: str) -> dict[str, int | None]:
    with psycopg.connect(conninfo) as database:
        return dict(
            database.execute(
                "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'"
            ).fetchall()
        )


def conninfo(name: str) -> str:
    settings = connection.settings_dict
    return psycopg.conninfo.make_conninfo(
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        user=settings["USER"] or None,
        password=settings["PASSWORD"] or None,
        dbname=name,
    )


@pytest.fixture
def empty_database():
    """An empty PostgreSQL database beside the test's (per test database, so xdist workers do
    not share it), dropped after the test; its name."""
    name = f"{connection.settings_dict['NAME']}_restore"
    with psycopg.connect(conninfo("postgres"), autocommit=True) as server:
        server.execute(
            psycopg.sql.SQL("DROP DATABASE IF EXISTS {}").format(psycopg.sql.Identifier(name))
        )
        server.execute(psycopg.sql.SQL("CREATE DATABASE {}").format(psycopg.sql.Identifier(name)))
    yield name
    with psycopg.connect(conninfo("postgres"), autocommit=True) as server:
        server.execute(
            psycopg.sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                psycopg.sql.Identifier(name)
            )
        )


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_into_an_empty_database_finds_every_row(
    demo_committed, empty_database, tmp_path
):
    """The demo (strategy, observations, history, a review round, 1,000+ survey responses)."""
    source = conninfo(connection.settings_dict["NAME"])
    before = table_digests(source)
    assert before["surveys_answer"][0] > 10_000 and before["observations_observation"][0] > 0

    out = tmp_path / "mittaristo.dump"
    call_command("backup", out=out)
    assert out.read_bytes().startswith(b"PGDMP") and stat.S_IMODE(out.stat().st_mode) == 0o600

    # The command, as an operator runs it: another DATABASE_URL, the password (if any) from it.
    url = urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{empty_database}").geturl()
    restore = subprocess.run(
        [str(BIN / "mittaristo"), "restore", str(out)],
        env={**os.environ, "DATABASE_URL": url, "LANGUAGE_CODE": "en"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert restore.returncode == 0, restore.stderr
    assert f"into the postgresql database {empty_database}" in restore.stdout
    restored = conninfo(empty_database)
    assert table_digests(restored) == before
    assert sequences(restored) == sequences(source)

    # The source is not empty: refused, and with --clean replaced by the backup, a table the
    # backup lacks dropped, rows deleted since come back.
    with pytest.raises(CommandError, match=r"is not empty \(\d+ tables\).*--clean"):
        call_command("restore", str(out))
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM surveys_answer WHERE id % 2 = 0")
        cursor.execute("CREATE TABLE later_release (id integer)")
    call_command("restore", str(out), clean=True)
    assert table_digests(source) == before


@pytest.fixture
def fake_tools(tmp_path, monkeypatch):
    """A folder first on the PATH, where a test puts its own pg_dump or pg_restore."""
    folder = tmp_path / "bin"
    folder.mkdir()
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")

    def tool(name: str, script: str) -> None:
        path = folder / name
        path.write_text("#!/bin/sh\n" + script)
        path.chmod(0o755)

    return tool


@needs_postgresql
@pytest.mark.django_db
def test_no_pg_dump_is_said_plainly(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(CommandError, match="pg_dump was not found: install PostgreSQL's client"):
        call_command("backup", out=tmp_path / "x.dump")
    assert list(tmp_path.iterdir()) == []


@needs_postgresql
@pytest.mark.django_db
def test_a_pg_dump_older_than_the_server_is_refused(fake_tools, tmp_path):
    fake_tools("pg_dump", 'echo "pg_dump (PostgreSQL) 9.6.24"\n')
    with pytest.raises(CommandError, match=r"pg_dump 9 cannot back up a PostgreSQL \d+ server"):
        call_command("backup", out=tmp_path / "x.dump")
    assert not (tmp_path / "x.dump").exists()


@needs_postgresql
@pytest.mark.django_db
def test_a_failed_backup_leaves_the_earlier_file_as_it_was(fake_tools, tmp_path):
    # Writes half a file, then fails, as a pg_dump whose connection is cut does.
    fake_tools(
        "pg_dump",
        'if [ "$1" = "--version" ]; then echo "pg_dump (PostgreSQL) 99.1"; exit 0; fi\n'
        "for a; do case $a in --file=*) printf 'PGDMP half' > \"${a#--file=}\";; esac; done\n"
        'echo "pg_dump: error: connection to server was lost" >&2; exit 1\n',
    )
    out = tmp_path / "nightly.dump"
    out.write_bytes(b"PGDMP yesterday's whole backup")
    with pytest.raises(CommandError, match="pg_dump failed .*connection to server was lost"):
        call_command("backup", out=out)
    assert out.read_bytes() == b"PGDMP yesterday's whole backup"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bin", "nightly.dump"]


@needs_postgresql
@pytest.mark.django_db
def test_a_dump_from_a_newer_server_is_refused(fake_tools, tmp_path):
    fake_tools(
        "pg_restore",
        'echo ";     Dumped from database version: 99.1"\n'
        'echo "221; 1259 17261 TABLE public auth_group postgres"\n',
    )
    dump = tmp_path / "newer.dump"
    dump.write_bytes(b"PGDMP" + bytes(100))
    with pytest.raises(CommandError, match=r"newer.dump was made from PostgreSQL 99; this server"):
        call_command("restore", str(dump))


@needs_postgresql
@pytest.mark.django_db
def test_a_damaged_dump_is_refused(tmp_path):
    dump = tmp_path / "damaged.dump"
    dump.write_bytes(b"PGDMP" + bytes(100))
    with pytest.raises(CommandError, match="damaged.dump could not be read by pg_restore"):
        call_command("restore", str(dump))
