"""Fixtures every test shares: a hermetic home, no unexpected error in the log, and fresh
databases on SQLite and PostgreSQL."""

from __future__ import annotations

import os

# pytest-qt aborts the whole run without a display: offscreen before anything imports Qt.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

import logging
import re
import uuid
from collections.abc import Callable, Generator, Iterator
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from borderdesk import i18n
from borderdesk.storage.engine import Database
from borderdesk.storage.migrate import upgrade

# The same examples on every run and machine: a property test that fails in CI
# fails on the developer's machine too, and the coverage floor does not wobble.
hypothesis_settings.register_profile("borderdesk", derandomize=True, database=None)
hypothesis_settings.load_profile("borderdesk")

# tests/ui/test_no_silent_failure.py runs pytest on generated test files.
pytest_plugins = ("pytester",)

PG_URL = os.environ.get("BORDERDESK_TEST_PG_URL", "")

PG_SKIP_REASON = "BORDERDESK_TEST_PG_URL is not set: PostgreSQL tests skipped"


class ErrorLog(logging.Handler):
    """Keeps every ERROR and CRITICAL record of the ``borderdesk`` loggers logged during a test.

    A handler on the logger, not ``caplog``: it sees records from Qt worker threads and from
    callbacks run by qtbot's event loop as well as from the test's own thread.
    """

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []
        self.allowed: list[re.Pattern[str]] = []
        self.expected: list[re.Pattern[str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def unexpected(self) -> list[logging.LogRecord]:
        """The records no ``allow_errors`` marker or ``expect_errors`` call accounts for."""
        patterns = self.allowed + self.expected
        return [r for r in self.records
                if not any(p.search(_full_text(r)) for p in patterns)]

    def missing(self) -> list[re.Pattern[str]]:
        """The patterns given to ``expect_errors`` that no record matched."""
        return [p for p in self.expected
                if not any(p.search(_full_text(r)) for r in self.records)]

    def take_unexpected(self) -> str:
        """Describe the unexpected records and forget them (each is reported once)."""
        found = self.unexpected()
        self.records = [r for r in self.records if r not in found]
        return "\n".join(f"{r.levelname} {r.name} [{r.threadName}]: {_full_text(r)}" for r in found)


def _full_text(record: logging.LogRecord) -> str:
    text = record.getMessage()
    if record.exc_info and record.exc_info[1] is not None:
        error = record.exc_info[1]
        text += f"\n{type(error).__name__}: {error}"
    return text


_ERROR_LOG = pytest.StashKey[ErrorLog]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, object, object]:
    """Fail the test itself when an unexpected error was logged while it ran."""
    result = yield
    error_log = item.stash.get(_ERROR_LOG, None)
    if error_log is not None and (found := error_log.take_unexpected()):
        pytest.fail(f"borderdesk logged an error this test did not expect:\n{found}",
                    pytrace=False)
    return result


@pytest.fixture(autouse=True)
def no_unexpected_errors(request: pytest.FixtureRequest) -> Iterator[ErrorLog]:
    """Fail any test during which a ``borderdesk`` logger logged an ERROR it did not expect.

    A bug in a background task is only logged (``TaskRunner.report``); without this a test
    whose query raised would still pass. A test that expects an error says so:
    ``@pytest.mark.allow_errors("pattern", ...)`` lets matching errors through, the
    ``expect_errors("pattern")`` fixture also fails the test when no such error came.
    Defined before the other autouse fixtures so it is torn down after them and after
    qtbot: errors logged while they close windows and finish tasks count too.
    """
    error_log = ErrorLog()
    for marker in request.node.iter_markers("allow_errors"):
        error_log.allowed.extend(re.compile(pattern) for pattern in marker.args)
    logger = logging.getLogger("borderdesk")
    level = logger.level
    if not logger.isEnabledFor(logging.ERROR):
        logger.setLevel(logging.ERROR)
    logger.addHandler(error_log)
    request.node.stash[_ERROR_LOG] = error_log
    try:
        yield error_log
        if "qapp" in request.fixturenames:
            # A task that ended while the fixtures closed (ui_gate waits for its runners)
            # has its answer queued for the GUI thread: deliver it while it still counts.
            from PySide6.QtCore import QCoreApplication

            QCoreApplication.processEvents()
    finally:
        logger.removeHandler(error_log)
        logger.setLevel(level)
        del request.node.stash[_ERROR_LOG]
    found = error_log.take_unexpected()
    if found:
        pytest.fail(f"borderdesk logged an error this test did not expect:\n{found}",
                    pytrace=False)
    if missing := error_log.missing():
        pytest.fail("expected an error matching "
                    + ", ".join(repr(p.pattern) for p in missing) + "; none was logged",
                    pytrace=False)


@pytest.fixture
def expect_errors(no_unexpected_errors: ErrorLog) -> Callable[[str], None]:
    """``expect_errors("pattern")``: this test must log an ERROR matching the regular
    expression ``pattern`` (searched in the message and the exception's text)."""
    return lambda pattern: no_unexpected_errors.expected.append(re.compile(pattern))


@pytest.fixture(autouse=True)
def hermetic_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Settings, data and logs of every test live under its own temporary folder."""
    home = tmp_path / "home"
    monkeypatch.setenv("BORDERDESK_HOME", str(home))
    # No random picks unless a test asks for them: at the shipped 5 %, any test that
    # expects a green channel would fail one run in twenty. A gate starts from this file.
    (home / "config").mkdir(parents=True)
    (home / "config").chmod(0o700)  # as BorderDesk makes its folders: this user's only
    (home / "config" / "scoring.toml").write_text("[selectivity]\nrandom_rate = 0\n",
                                                  encoding="utf-8")
    monkeypatch.delenv("BORDERDESK_DB_URL", raising=False)
    monkeypatch.delenv("BORDERDESK_LANG", raising=False)
    i18n.set_language("en")
    yield home
    i18n.set_language("en")


def make_pg_database() -> tuple[str, str]:
    """Create an empty PostgreSQL database on the test server; returns (url, name)."""
    name = f"bd_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(make_url(PG_URL), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(PG_URL).set(database=name).render_as_string(hide_password=False), name


def drop_pg_database(name: str) -> None:
    """Drop a database made by ``make_pg_database``, closing what still uses it."""
    admin = create_engine(make_url(PG_URL), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(
            text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
            {"n": name},
        )
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty database: a SQLite file, then a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'gate.sqlite3'}"
        return
    if not PG_URL:
        pytest.skip(PG_SKIP_REASON)
    url, name = make_pg_database()
    try:
        yield url
    finally:
        drop_pg_database(name)


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    """A migrated, empty database on each backend."""
    database = Database(db_url)
    upgrade(database)
    yield database
    database.dispose()
