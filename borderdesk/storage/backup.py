"""The mechanics of a backup on each backend: SQLite's online backup API, pg_dump, pg_restore.

Nothing here knows what a backup file looks like (``services.backups`` does);
this module copies databases, counts their rows and says whether one is empty.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Iterable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from uuid import UUID

from sqlalchemy import Connection, inspect, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError

from borderdesk.errors import EnvironmentProblem, UserInputError
from borderdesk.i18n import _, ngettext
from borderdesk.private_files import private_database
from borderdesk.reasons import reason_for, tool_failed
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
        return reason_for(error)
    found = [str(row[0]) for row in rows]
    if found == ["ok"]:
        return ""
    # SQLite's own lines ("Page 5 is never used") are for whoever repairs the file.
    log.info("integrity_check of %s: %s", path, "; ".join(found[:20]))
    return ngettext("its integrity check found {count} problem",
                    "its integrity check found {count} problems", len(found)).format(
        count=len(found))


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
    private_database(target)
    try:
        with closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True,
                                     timeout=30)) as src, \
                closing(sqlite3.connect(target)) as dst:
            # pages=-1: one step, so no writer can slip in between pages.
            src.backup(dst)
    except sqlite3.Error as error:
        raise EnvironmentProblem(_("Copying the database {path} failed: {reason}").format(
            path=source, reason=reason_for(error))) from error
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
            what=what, url=redact(url), reason=reason_for(error))) from error
    if done.returncode != 0:
        raise EnvironmentProblem(_("{what} of {url} failed: {reason}").format(
            what=what, url=redact(url),
            reason=tool_failed(Path(args[0]).name, done.returncode, done.stderr)))


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
        return reason_for(error)
    if done.returncode == 0:
        return ""
    return tool_failed("pg_restore", done.returncode, done.stderr)


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
            url=redact(url), reason=reason_for(error))) from error
    finally:
        engine.dispose()


# ---- What a dump says about one workstation's key, read before anything is restored


@dataclass(frozen=True)
class KeyRecord:
    """What a database dump holds about one workstation and its signing key."""

    workstation_name: str | None
    """None when the dump has no such workstation."""
    public_key: str
    """The key its row holds."""
    registered: tuple[str, ...]
    """The keys its chain's key-registration events name (one, in a sound database)."""
    database_id: UUID | None
    """The dumped database's own id (``database_identity``); None before migration 0005."""


def _registered(payloads: Iterable[str | None]) -> tuple[str, ...]:
    keys = []
    for payload in payloads:
        try:
            data = json.loads(payload or "")
        except ValueError:
            data = None
        keys.append(str(data.get("public_key", "")) if isinstance(data, dict) else "")
    return tuple(keys)


def sqlite_key_record(dump: Path, workstation_id: UUID, action: str) -> KeyRecord:
    """The workstation's row and key registrations in a SQLite dump, read without changing it."""
    # SQLAlchemy keeps a UUID in SQLite as 32 hex digits.
    ids = (workstation_id.hex, str(workstation_id))
    with closing(sqlite3.connect(f"file:{dump}?mode=ro", uri=True)) as connection:
        row = connection.execute(
            "SELECT name, public_key FROM workstations WHERE id IN (?, ?)", ids).fetchone()
        payloads = [str(found[0]) for found in connection.execute(
            "SELECT payload FROM audit_events WHERE workstation_id IN (?, ?) AND action = ?",
            (*ids, action))]
        identity = connection.execute(
            "SELECT name FROM sqlite_master WHERE name = 'database_identity'").fetchone()
        database = (connection.execute("SELECT id FROM database_identity").fetchone()
                    if identity else None)
    database_id = UUID(str(database[0])) if database else None
    if row is None:
        return KeyRecord(None, "", (), database_id)
    return KeyRecord(str(row[0]), str(row[1] or ""), _registered(payloads), database_id)


_COPY_ESCAPES = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}


def _copy_field(raw: str) -> str | None:
    """One field of COPY's text format: backslash escapes, and \\N for NULL."""
    if raw == "\\N":
        return None
    return re.sub(r"\\(.)", lambda m: _COPY_ESCAPES.get(m.group(1), m.group(1)), raw)


def pg_dump_rows(dump: Path, table: str, keep: str = "") -> list[dict[str, str | None]]:
    """The rows of one table in a custom-format dump, read by ``pg_restore`` into no database.

    Only the rows whose line holds ``keep`` are decoded and returned (a quick
    filter, so that a big table is streamed through, never held).

    Raises:
        EnvironmentProblem: pg_restore is missing or cannot read the dump.
    """
    command = [pg_tool("pg_restore"), "--data-only", f"--table={table}", "--file=-", str(dump)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          stdin=subprocess.DEVNULL, text=True, encoding="utf-8") as process:
        assert process.stdout is not None and process.stderr is not None
        columns: list[str] | None = None
        rows: list[dict[str, str | None]] = []
        # Every line is read, so that pg_restore never waits on a full pipe.
        for raw in process.stdout:
            line = raw.rstrip("\n")
            if columns is None:
                if line.startswith("COPY ") and line.endswith("FROM stdin;"):
                    inside = line[line.index("(") + 1:line.rindex(")")]
                    columns = [name.strip().strip('"') for name in inside.split(",")]
            elif line != "\\." and keep in line:
                rows.append(dict(zip(columns, map(_copy_field, line.split("\t")),
                                     strict=False)))
        errors = process.stderr.read()
    if process.returncode != 0:
        raise EnvironmentProblem(_("pg_restore cannot read {path}: {reason}").format(
            path=dump, reason=tool_failed("pg_restore", process.returncode, errors)))
    return rows


def pg_key_record(dump: Path, workstation_id: UUID, action: str) -> KeyRecord:
    """The workstation's row and key registrations in a pg_dump, without restoring it."""
    wanted = str(workstation_id)
    rows = [found for found in pg_dump_rows(dump, "workstations", wanted)
            if found.get("id") == wanted]
    row = rows[0] if rows else None
    payloads = [found.get("payload") for found in pg_dump_rows(dump, "audit_events", action)
                if found.get("workstation_id") == wanted and found.get("action") == action]
    identities = [found.get("id") for found in pg_dump_rows(dump, "database_identity")]
    database_id = UUID(str(identities[0])) if identities and identities[0] else None
    if row is None:
        return KeyRecord(None, "", (), database_id)
    return KeyRecord(str(row.get("name")), str(row.get("public_key") or ""),
                     _registered(payloads), database_id)


@dataclass(frozen=True)
class DumpedOfficer:
    """An account as a dump holds it: what checking a password there needs."""

    role: str
    password_hash: str
    active: bool


def dumped_officer(dump: Path, backend: str, username: str) -> DumpedOfficer | None:
    """The account ``username`` in a dump, read without restoring it; None when there is none."""
    if backend == "sqlite":
        with closing(sqlite3.connect(f"file:{dump}?mode=ro", uri=True)) as connection:
            row = connection.execute(
                "SELECT role, password_hash, active FROM officers WHERE username = ?",
                (username,)).fetchone()
        return DumpedOfficer(str(row[0]), str(row[1]), bool(row[2])) if row else None
    for found in pg_dump_rows(dump, "officers", username):
        if found.get("username") == username:
            return DumpedOfficer(str(found.get("role")), str(found.get("password_hash")),
                                 found.get("active") == "t")
    return None


def known_revisions() -> set[str]:
    """Every migration this version of BorderDesk ships (a backup from a newer one is not)."""
    from alembic.script import ScriptDirectory

    from borderdesk import paths

    return {script.revision for script in
            ScriptDirectory(str(paths.migrations_dir())).walk_revisions()}
