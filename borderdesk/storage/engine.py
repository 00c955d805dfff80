"""Opening the database: the embedded SQLite file or the gate's PostgreSQL server."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from borderdesk import paths
from borderdesk.errors import EnvironmentProblem, PermissionDenied, UserInputError
from borderdesk.i18n import _
from borderdesk.private_files import private_database
from borderdesk.reasons import reason_for

log = logging.getLogger("borderdesk.storage")

SQLITE_BUSY_TIMEOUT_MS = 10_000
INSUFFICIENT_PRIVILEGE = "42501"
"""PostgreSQL's SQLSTATE for a statement the login's grants do not allow."""


def embedded_url() -> str:
    """The URL of the embedded database in the per-user data folder."""
    return f"sqlite:///{paths.embedded_database()}"


def parse_url(url: str) -> URL:
    """Parse a database URL, accepting ``postgresql://`` as psycopg 3.

    Raises:
        UserInputError: when the text is no database URL BorderDesk can use.
    """
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise UserInputError(_("'{url}' is not a database URL.").format(url=url)) from None
    if parsed.drivername in {"postgresql", "postgres"}:
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() not in {"sqlite", "postgresql"}:
        raise UserInputError(
            _("Database '{url}' is neither SQLite nor PostgreSQL.").format(url=redact(url))
        )
    return parsed


def redact(url: str | URL) -> str:
    """The URL with its password hidden, fit for a dialog or a log line."""
    try:
        parsed = make_url(url) if isinstance(url, str) else url
    except ArgumentError:
        return "<invalid database URL>"
    return parsed.render_as_string(hide_password=True)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any, *, foreign_keys: bool = True) -> None:
    # Pragmas are per connection, so every new connection gets them here.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.close()


def _sqlite_begin_immediate(conn: Any) -> None:
    # Take the write lock at BEGIN: two workstations never deadlock on a lock upgrade.
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def _database_file(url: URL) -> Path | None:
    """The file of a SQLite URL; None for an in-memory database or a ``file:`` URI."""
    name = url.database
    if not name or name == ":memory:" or name.startswith("file:"):
        return None
    return Path(name)


def create_database_engine(url: str | URL, *, foreign_keys: bool = True) -> Engine:
    """An engine for ``url`` with BorderDesk's connection settings.

    ``foreign_keys=False`` is for a workstation's local copy, which holds
    only part of the gate's records (photos it never saw, for one).
    """
    parsed = parse_url(url) if isinstance(url, str) else url
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(parsed, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
        database = _database_file(parsed)
        if database is not None:
            # Before every connection SQLite opens: a new file is created 0600 in a 0700 folder
            # (its WAL and SHM take its mode), an existing one open to others is closed.
            event.listen(engine, "do_connect",
                         lambda _d, _r, _a, _k: private_database(database))
        event.listen(engine, "connect",
                     lambda c, r: _sqlite_pragmas(c, r, foreign_keys=foreign_keys))
        # pysqlite's own transaction handling is off so that BEGIN IMMEDIATE is ours.
        event.listen(
            engine, "connect", lambda c, _r: setattr(c, "isolation_level", None)
        )
        event.listen(engine, "begin", _sqlite_begin_immediate)
        return engine
    return create_engine(
        parsed,
        pool_pre_ping=True,
        pool_size=5,
        connect_args={
            "connect_timeout": 5, "application_name": "borderdesk",
            # A server that vanishes without closing the connection (a cut cable)
            # is noticed within seconds instead of the system's two hours.
            "keepalives": 1, "keepalives_idle": 5, "keepalives_interval": 2,
            "keepalives_count": 3, "tcp_user_timeout": 15_000,
        },
    )


def refuse_nul_text(session: Session, _context: object, _instances: object) -> None:
    """Refuse text holding a NUL character before anything is written, on both backends.

    PostgreSQL cannot store it and fails the whole transaction with a driver
    error; SQLite would store it, and the copy and the server would disagree. A
    NUL typed or pasted by an officer (a reason, a note, a name) is a user's
    mistake: one clear refusal, nothing saved.

    Raises:
        UserInputError: a text holds a NUL character.
    """
    for instance in (*session.new, *session.dirty):
        for attribute in inspect(instance).mapper.column_attrs:
            value = getattr(instance, attribute.key, None)
            if isinstance(value, str) and "\x00" in value:
                raise UserInputError(_("A text you entered holds a NUL character (an invisible "
                                       "control character): remove it and try again."))


class Database:
    """One database and the sessions opened on it."""

    def __init__(self, url: str | URL, *, foreign_keys: bool = True) -> None:
        self.url = parse_url(url) if isinstance(url, str) else url
        self.engine = create_database_engine(self.url, foreign_keys=foreign_keys)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        event.listen(self._sessions, "before_flush", refuse_nul_text)

    @property
    def display_url(self) -> str:
        """The URL with its password hidden."""
        return redact(self.url)

    @property
    def backend(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.url.get_backend_name()

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in one transaction, committed on success and rolled back on error.

        Raises:
            EnvironmentProblem: when the database cannot be reached or is locked.
        """
        with self._sessions() as session:
            try:
                with session.begin():
                    yield session
            except DBAPIError as error:
                if error.connection_invalidated or _is_operational(error):
                    raise EnvironmentProblem(
                        _("The database {url} cannot be reached: {reason}").format(
                            url=self.display_url, reason=reason_for(error)
                        )
                    ) from error
                if getattr(error.orig, "sqlstate", None) == INSUFFICIENT_PRIVILEGE:
                    # The server's grants, not BorderDesk, stopped it (docs/security.md).
                    raise PermissionDenied(
                        _("The database login {user} may not make this change: {reason}").format(
                            user=self.url.username or "", reason=reason_for(error))
                    ) from error
                raise

    def ping(self) -> None:
        """Open a connection once.

        Raises:
            EnvironmentProblem: when the database cannot be reached or is locked.
        """
        try:
            with self.engine.connect() as connection:
                connection.exec_driver_sql("SELECT 1")
        except DBAPIError as error:
            raise EnvironmentProblem(
                _("The database {url} cannot be reached: {reason}").format(
                    url=self.display_url, reason=reason_for(error)
                )
            ) from error

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


def _is_operational(error: DBAPIError) -> bool:
    return type(error).__name__ in {"OperationalError", "InterfaceError"}
