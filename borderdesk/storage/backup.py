"""The mechanics of a backup on each backend: SQLite's online backup API, pg_dump, pg_restore.

Nothing here knows what a backup file looks like (``services.backups`` does);
this module copies databases, counts their rows and says whether one is empty.
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from sqlalchemy import Connection, inspect, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError

from borderdesk.errors import EnvironmentProblem, UserInputError
from borderdesk.i18n import _
from borderdesk.storage.engine import Database, create_database_engine, redact

log = logging.getLogger("borderdesk.storage")

POSTGRESQL_CLIENT_PACKAGE = "postgresql-client"
TOOL_TIMEOUT_S = 6 * 3600
"""A gate's database with years of photos takes a while; a hung tool does not wait for ever."""


# ---- Counting what a database holds


def count_rows(connection: Connection) -> dict[str, int]:
    """Rows per table, of every table the database has (not only the ones this version knows)."""
    preparer = connection.dialect.identifier_preparer
    return {
        name: int(connection.execute(
            text(f"SELECT count(*) FROM {preparer.quote(name)}")).scalar_one())
        for name in sorted(inspect(connection).get_table_names())
    }


def evidence_totals(connection: Connection) -> tuple[int, int]:
    """How many evidence files the database holds, and their bytes."""
    row = connection.execute(
        text("SELECT count(*), coalesce(sum(length(content)), 0) FROM evidence_blobs")
    ).one()
    return int(row[0]), int(row[1])


def sqlite_file(url: URL) -> Path | None:
    """The file of a SQLite URL; None for another backend or an in-memory database."""
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(str(url.database))


# ---- SQLite


def integrity_problem(path: Path) -> str:
    """What ``PRAGMA integrity_check`` finds wrong with a SQLite file; "" when it is sound."""
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
            rows = connection.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as error:
        return str(error)
    found = [str(row[0]) for row in rows]
    return "" if found == ["ok"] else "; ".join(found[:3])


def copy_sqlite(source: Path, target: Path) -> None:
    """Copy a live SQLite database with the online backup API, then check the copy.

    The copy is taken in one step under a read transaction, so it is one
    consistent moment of the database even while workstations write to it
    (in WAL mode they are not held up); the copy is then checked with
    ``PRAGMA integrity_check``.

    Raises:
        UserInputError: there is no database file at ``source``.
        EnvironmentProblem: the copy failed or is not sound.
    """
    if not source.is_file():
        raise UserInputError(_("There is no database at {path}.").format(path=source))
    try:
        with closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True,
                                     timeout=30)) as src, \
                closing(sqlite3.connect(target)) as dst:
            # pages=-1: one step, so no writer can slip in between pages.
            src.backup(dst)
    except sqlite3.Error as error:
        raise EnvironmentProblem(_("Copying the database {path} failed: {reason}").format(
            path=source, reason=error)) from error
    problem = integrity_problem(target)
    if problem:
        raise EnvironmentProblem(_("The copy of {path} is not sound: {reason}").format(
            path=source, reason=problem))


def sqlite_has_tables(path: Path) -> bool:
    """Whether a SQLite file holds any table (a missing or empty file holds none)."""
    if not path.exists() or path.stat().st_size == 0:
        return False
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
            found = connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError:
        # Not even a database: something is there that a restore must not overwrite.
        return True
    return bool(found and found[0])


def place_file(source: Path, target: Path) -> None:
    """Put ``source`` at ``target`` in one step, never over a database that appeared meanwhile.

    Raises:
        UserInputError: ``target`` holds something else than an empty file.
    """
    if target.exists():
        if target.stat().st_size != 0:
            raise UserInputError(_("{path} is not empty: restore only into an empty "
                                   "database.").format(path=target))
        os.replace(source, target)
        return
    try:
        # A hard link fails when the name exists: no window where a new database is overwritten.
        os.link(source, target)
    except FileExistsError:
        raise UserInputError(_("{path} is not empty: restore only into an empty "
                               "database.").format(path=target)) from None
    except OSError:
        os.replace(source, target)
        return
    source.unlink()


# ---- PostgreSQL


def pg_tool(name: str) -> str:
    """The path of ``pg_dump`` or ``pg_restore``.

    Raises:
        EnvironmentProblem: the tool is not on PATH.
    """
    found = shutil.which(name)
    if found is None:
        raise EnvironmentProblem(
            _("{tool} was not found: install PostgreSQL's client tools (the package {package}) "
              "and try again.").format(tool=name, package=POSTGRESQL_CLIENT_PACKAGE))
    return found


def _libpq(url: URL) -> tuple[str, dict[str, str]]:
    """A libpq URI without the password, and the environment that carries the password."""
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _run_tool(args: list[str], url: URL, what: str) -> None:
    uri, env = _libpq(url)
    command = [arg.replace("{uri}", uri) for arg in args]
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True,
                              stdin=subprocess.DEVNULL, timeout=TOOL_TIMEOUT_S, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise EnvironmentProblem(_("{what} of {url} failed: {reason}").format(
            what=what, url=redact(url), reason=error)) from error
    if done.returncode != 0:
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        log.info("%s failed: %s", args[0], done.stderr)
        raise EnvironmentProblem(_("{what} of {url} failed: {reason}").format(
            what=what, url=redact(url), reason=lines[0] if lines else done.returncode))


@contextmanager
def pg_snapshot(db: Database) -> Iterator[tuple[Connection, str]]:
    """A read-only repeatable-read transaction and the id of its exported snapshot.

    ``pg_dump --snapshot`` dumps exactly what this transaction sees, so the
    counts taken here describe the dump, whatever the workstations write meanwhile.
    """
    with db.engine.connect() as plain:
        connection = plain.execution_options(isolation_level="REPEATABLE READ")
        with connection.begin():
            connection.exec_driver_sql("SET TRANSACTION READ ONLY")
            snapshot = str(connection.exec_driver_sql("SELECT pg_export_snapshot()").scalar_one())
            yield connection, snapshot


def pg_dump(url: URL, out: Path, snapshot: str) -> None:
    """Dump the database in pg_dump's custom format, as of ``snapshot``.

    Raises:
        EnvironmentProblem: pg_dump is missing or failed (e.g. older than the server).
    """
    _run_tool([pg_tool("pg_dump"), "--format=custom", f"--snapshot={snapshot}",
               f"--file={out}", "--dbname={uri}"], url, _("pg_dump"))


def pg_dump_readable(dump: Path) -> str:
    """Why pg_restore cannot read a dump's table of contents; "" when it can."""
    try:
        done = subprocess.run([pg_tool("pg_restore"), "--list", str(dump)], capture_output=True,
                              text=True, stdin=subprocess.DEVNULL, timeout=600, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        return str(error)
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    return "" if done.returncode == 0 else (lines[0] if lines else str(done.returncode))


def pg_restore(url: URL, dump: Path) -> None:
    """Restore a custom-format dump into an empty database in one transaction.

    Ownership and grants are not restored (the restoring role owns the
    tables); the gate's roles get their rights again as docs/deploy.md shows.
    On any error nothing is kept: the database stays empty.

    Raises:
        EnvironmentProblem: pg_restore is missing or failed.
    """
    _run_tool([pg_tool("pg_restore"), "--single-transaction", "--exit-on-error", "--no-owner",
               "--no-privileges", "--dbname={uri}", str(dump)], url, _("pg_restore"))


def pg_user_objects(url: URL) -> int:
    """How many tables, views, sequences and functions the database has outside the catalogs.

    Raises:
        EnvironmentProblem: the database cannot be reached.
    """
    engine = create_database_engine(url)
    try:
        with engine.connect() as connection:
            return int(connection.execute(text(
                "SELECT (SELECT count(*) FROM pg_class c JOIN pg_namespace n "
                "        ON n.oid = c.relnamespace "
                "        WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') "
                "          AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
                "          AND n.nspname NOT LIKE 'pg_toast%') "
                "     + (SELECT count(*) FROM pg_proc p JOIN pg_namespace n "
                "        ON n.oid = p.pronamespace "
                "        WHERE n.nspname NOT IN ('pg_catalog', 'information_schema'))"
            )).scalar_one())
    except DBAPIError as error:
        raise EnvironmentProblem(_("The database {url} cannot be reached: {reason}").format(
            url=redact(url), reason=str(error.orig).strip().splitlines()[0])) from error
    finally:
        engine.dispose()


def known_revisions() -> set[str]:
    """Every migration this version of BorderDesk ships (a backup from a newer one is not)."""
    from alembic.script import ScriptDirectory

    from borderdesk import paths

    return {script.revision for script in
            ScriptDirectory(str(paths.migrations_dir())).walk_revisions()}
