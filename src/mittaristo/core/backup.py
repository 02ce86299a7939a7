"""Backing up the whole database into one file, and restoring such a file into a database.

PostgreSQL through its own tools, pg_dump and pg_restore, in the custom format (`-Fc`:
compressed, read back table by table); SQLite through its online backup API (Python's
`sqlite3`), which copies a consistent database while the app keeps running. The connection
comes from the settings' DATABASES; the password travels to the tools in the environment
(PGPASSWORD), never on their command line, where any user of the machine could read it.

A backup is written beside its name and renamed into place only when complete, so a failed or
interrupted backup never leaves a half file under the name (an earlier backup of that name
stays as it was). A restore goes into an empty database, or with `clean` replaces what is there
in one transaction. Used by the commands `mittaristo backup` and `mittaristo restore`
(docs/operations.md, "Backup and restore").
"""

import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.core.cache import caches
from django.db import connections
from django.db.migrations.executor import MigrationExecutor
from django.utils.translation import gettext as _

POSTGRESQL = "postgresql"
SQLITE = "sqlite"
# The first bytes of each kind of file (pg_dump's custom format; SQLite's database header).
MAGIC = {POSTGRESQL: b"PGDMP", SQLITE: b"SQLite format 3\x00"}
PLAIN_SQL_DUMP = b"--\n-- PostgreSQL database dump"


class BackupError(Exception):
    """A backup or restore refused or failed, in a sentence for the person running it."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    kind: str
    database: str
    size: int


@dataclass(frozen=True)
class RestoreResult:
    path: Path
    kind: str
    database: str
    tables: int
    dropped: list[str] = field(default_factory=list)  # tables not in the backup, by `clean`
    unapplied_migrations: int = 0  # the backup is older than the code: run `migrate`
    unknown_migrations: int = 0  # the backup is newer than the code


def database_backup(*, out: Path, alias: str = "default") -> BackupResult:
    """Write the database of `alias` into the file `out` (replaced only when complete)."""
    out = Path(out)
    connection = connections[alias]
    kind = _kind_of(connection)
    if out.is_dir():
        raise BackupError(_("%(path)s is a folder: give a file name") % {"path": out})
    if not out.parent.is_dir():
        raise BackupError(_("the folder %(path)s does not exist") % {"path": out.parent})
    # mkstemp: readable by the app's user only (0600), as the database is: a backup holds
    # password hashes and people's names.
    descriptor, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".partial", dir=out.parent)
    os.close(descriptor)
    partial = Path(name)
    try:
        if kind == POSTGRESQL:
            _postgresql_backup(connection, partial)
        else:
            _sqlite_backup(connection, partial)
        with partial.open("rb") as written:
            os.fsync(written.fileno())
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)
    return BackupResult(
        path=out, kind=kind, database=_database_name(connection), size=out.stat().st_size
    )


def database_restore(*, path: Path, clean: bool = False, alias: str = "default") -> RestoreResult:
    """Restore the backup file `path` into the database of `alias`.

    The database must be empty (just made with createdb, or a new SQLite file) unless `clean`
    is given: then what the backup holds replaces what is there, and tables that the backup does
    not have are dropped (they would belong to no migration the backup records)."""
    path = Path(path)
    found = file_kind(path)
    connection = connections[alias]
    kind = _kind_of(connection)
    if found != kind:
        raise BackupError(_mismatch(path, found, kind))
    if kind == POSTGRESQL:
        tables, dropped = _postgresql_restore(connection, path, clean=clean)
    else:
        tables, dropped = _sqlite_restore(connection, path, clean=clean)
    connection.close()
    unapplied, unknown = _migrations(connection)
    # The pages' cache is keyed by counts and ids that the restored data may repeat with other
    # contents; a cache shared by every server (Redis) is emptied here, a per-process one by
    # restarting the servers (docs/operations.md).
    caches["default"].clear()
    return RestoreResult(
        path=path,
        kind=kind,
        database=_database_name(connection),
        tables=tables,
        dropped=dropped,
        unapplied_migrations=unapplied,
        unknown_migrations=unknown,
    )


def file_kind(path: Path) -> str:
    """POSTGRESQL or SQLITE by the file's first bytes; BackupError for anything else."""
    if not path.is_file():
        raise BackupError(_("%(path)s: no such file") % {"path": path})
    with path.open("rb") as file:
        start = file.read(64)
    for kind, magic in MAGIC.items():
        if start.startswith(magic):
            return kind
    if start.startswith(PLAIN_SQL_DUMP):
        raise BackupError(
            _(
                "%(path)s is a plain SQL dump, not a backup made by `mittaristo backup`: "
                "restore it into an empty database with psql"
            )
            % {"path": path}
        )
    raise BackupError(
        _(
            "%(path)s is not a backup made by `mittaristo backup` (neither a PostgreSQL "
            "custom-format dump nor an SQLite database)"
        )
        % {"path": path}
    )


def _kind_of(connection) -> str:
    if connection.vendor == "postgresql":
        return POSTGRESQL
    if connection.vendor == "sqlite":
        if _database_name(connection) in ("", ":memory:") or "mode=memory" in str(
            connection.settings_dict["NAME"]
        ):
            raise BackupError(_("the database is in memory: there is nothing to back up"))
        return SQLITE
    raise BackupError(
        _("backup and restore support PostgreSQL and SQLite, not %(vendor)s")
        % {"vendor": connection.vendor}
    )


def _database_name(connection) -> str:
    return str(connection.settings_dict["NAME"] or "")


def _mismatch(path: Path, found: str, kind: str) -> str:
    if found == POSTGRESQL:
        return _(
            "%(path)s is a PostgreSQL dump, but this installation's database is SQLite: "
            "restore it with DATABASE_URL pointing at an empty PostgreSQL database"
        ) % {"path": path}
    return _(
        "%(path)s is an SQLite database file, but this installation's database is PostgreSQL: "
        "a backup restores into the kind of database it was made from"
    ) % {"path": path}


# PostgreSQL


def _pg_environment(settings_dict: dict) -> dict[str, str]:
    """The connection for libpq's tools in their environment: nothing on the command line."""
    env = dict(os.environ)
    options = settings_dict.get("OPTIONS") or {}
    values = {
        "PGHOST": settings_dict.get("HOST"),
        "PGPORT": settings_dict.get("PORT"),
        "PGUSER": settings_dict.get("USER"),
        "PGDATABASE": settings_dict.get("NAME"),
        "PGPASSWORD": settings_dict.get("PASSWORD"),
        "PGSERVICE": options.get("service"),
        "PGPASSFILE": options.get("passfile"),
        "PGSSLMODE": options.get("sslmode"),
        "PGSSLROOTCERT": options.get("sslrootcert"),
        "PGSSLCERT": options.get("sslcert"),
        "PGSSLKEY": options.get("sslkey"),
    }
    env.update({name: str(value) for name, value in values.items() if value not in (None, "")})
    return env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(
            _(
                "%(tool)s was not found: install PostgreSQL's client tools of the server's "
                "version or newer (Debian and Ubuntu: apt install postgresql-client) and make "
                "sure %(tool)s is on the PATH"
            )
            % {"tool": name}
        )
    return found


def _tool_major(tool: str) -> int:
    """The major version of a PostgreSQL client tool ("pg_dump (PostgreSQL) 15.20 …" → 15)."""
    answer = subprocess.run([tool, "--version"], capture_output=True, text=True, timeout=30)
    match = re.search(r"\(PostgreSQL\)\s+(\d+)", answer.stdout)
    if answer.returncode or not match:
        raise BackupError(
            _("%(tool)s --version did not answer with a PostgreSQL version: %(answer)s")
            % {"tool": tool, "answer": (answer.stdout + answer.stderr).strip()[:200]}
        )
    return int(match.group(1))


def _server_major(connection) -> int:
    connection.ensure_connection()
    return connection.pg_version // 10000


def _failure(tool: str, answer: subprocess.CompletedProcess) -> BackupError:
    lines = [line for line in answer.stderr.splitlines() if line.strip()]
    return BackupError(
        _("%(tool)s failed (exit status %(status)s): %(error)s")
        % {
            "tool": Path(tool).name,
            "status": answer.returncode,
            "error": " / ".join(lines[-5:]) or _("no message"),
        }
    )


def _postgresql_backup(connection, partial: Path) -> None:
    tool = _tool("pg_dump")
    client, server = _tool_major(tool), _server_major(connection)
    if client < server:
        raise BackupError(
            _(
                "pg_dump %(client)s cannot back up a PostgreSQL %(server)s server: install the "
                "client tools of version %(server)s or newer (Debian and Ubuntu: apt install "
                "postgresql-client-%(server)s) and put them first on the PATH"
            )
            % {"client": client, "server": server}
        )
    answer = subprocess.run(
        [tool, "--format=custom", f"--file={partial}"],
        env=_pg_environment(connection.settings_dict),
        capture_output=True,
        text=True,
    )
    if answer.returncode:
        raise _failure(tool, answer)


@dataclass(frozen=True)
class _Contents:
    dumped_from: int  # the server's major version the dump was made from
    tables: set[str]


def _pg_contents(tool: str, path: Path) -> _Contents:
    """What pg_restore's table of contents says the dump holds; BackupError if it cannot."""
    answer = subprocess.run([tool, "--list", str(path)], capture_output=True, text=True)
    if answer.returncode:
        raise BackupError(
            _("%(path)s could not be read by %(tool)s: %(error)s")
            % {"path": path, "tool": Path(tool).name, "error": answer.stderr.strip()[:300]}
        )
    version = re.search(r"Dumped from database version:\s*(\d+)", answer.stdout)
    # "217; 1259 16390 TABLE public auth_group postgres": id; class, oid, type, schema, name
    # (and "TABLE DATA public auth_group postgres" for its rows).
    tables = set(
        re.findall(r"^\d+; \d+ \d+ TABLE (?!DATA )\S+ (\S+) ", answer.stdout, re.MULTILINE)
    )
    return _Contents(dumped_from=int(version.group(1)) if version else 0, tables=tables)


def _postgresql_restore(connection, path: Path, *, clean: bool) -> tuple[int, list[str]]:
    tool = _tool("pg_restore")
    contents = _pg_contents(tool, path)
    server = _server_major(connection)
    if contents.dumped_from > server:
        raise BackupError(
            _(
                "%(path)s was made from PostgreSQL %(dumped)s; this server is %(server)s: "
                "restore it into a server of version %(dumped)s or newer"
            )
            % {"path": path, "dumped": contents.dumped_from, "server": server}
        )
    present = connection.introspection.table_names(include_views=True)
    if present and not clean:
        raise BackupError(_not_empty(connection, len(present)))
    # Tables the backup does not have (a later release's, made by `migrate` here) would stay
    # behind a clean restore and break the next migrate: they go first.
    dropped = sorted(set(connection.introspection.table_names()) - contents.tables) if clean else []
    if dropped:
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {', '.join(map(quote, dropped))} CASCADE")
    connection.close()
    # One transaction: a dump that fails halfway leaves the database as it was. The objects
    # become the connecting user's (the app's), whatever role owned them where the dump was
    # made; grants to other roles are not restored (docs/operations.md).
    arguments = [tool, "--single-transaction", "--exit-on-error", "--no-owner", "--no-privileges"]
    if clean:
        arguments += ["--clean", "--if-exists"]
    arguments += [f"--dbname={connection.settings_dict['NAME']}", str(path)]
    answer = subprocess.run(
        arguments, env=_pg_environment(connection.settings_dict), capture_output=True, text=True
    )
    if answer.returncode:
        raise _failure(tool, answer)
    return len(contents.tables), dropped


def _not_empty(connection, count: int) -> str:
    return _(
        "the database %(name)s is not empty (%(count)s tables): restore into an empty database "
        "(e.g. createdb, or a new SQLite file), or give --clean to replace everything in it"
    ) % {"name": _database_name(connection), "count": count}


# SQLite


def _sqlite_backup(connection, partial: Path) -> None:
    source_path = Path(_database_name(connection))
    if not source_path.is_file():
        raise BackupError(_("the database file %(path)s does not exist") % {"path": source_path})
    source = sqlite3.connect(f"{source_path.resolve().as_uri()}?mode=ro", uri=True)
    target = sqlite3.connect(partial)
    try:
        # The online backup API copies a consistent database while others read and write it.
        source.backup(target)
    except sqlite3.Error as error:
        raise BackupError(_("the SQLite backup failed: %(error)s") % {"error": error}) from error
    finally:
        target.close()
        source.close()


def _sqlite_tables(database: sqlite3.Connection) -> list[str]:
    rows = database.execute(
        "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
        "AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    return [name for (name,) in rows]


def _sqlite_restore(connection, path: Path, *, clean: bool) -> tuple[int, list[str]]:
    source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        check = source.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise BackupError(
                _("%(path)s is a damaged SQLite file: %(error)s") % {"path": path, "error": check}
            )
        tables = _sqlite_tables(source)
        connection.close()
        target = sqlite3.connect(_database_name(connection))
        try:
            present = _sqlite_tables(target)
            if present and not clean:
                raise BackupError(_not_empty(connection, len(present)))
            # Replaces the whole database at once, under its write lock: every table goes,
            # those the backup does not have too.
            source.backup(target)
        finally:
            target.close()
    except sqlite3.DatabaseError as error:
        raise BackupError(
            _("%(path)s could not be restored: %(error)s") % {"path": path, "error": error}
        ) from error
    finally:
        source.close()
    return len(tables), sorted(set(present) - set(tables))


def _migrations(connection) -> tuple[int, int]:
    """Migrations the code has that the restored database lacks, and the other way round."""
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    applied = {
        key for key in executor.loader.applied_migrations if key[0] in executor.loader.migrated_apps
    }
    unknown = applied - set(executor.loader.disk_migrations)
    return len(plan), len(unknown)
