"""The databases and folders BorderDesk creates are readable by the workstation's user only."""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from borderdesk import paths
from borderdesk.storage.engine import Database, embedded_url


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def loose_umask() -> Iterator[None]:
    """The umask of a typical desktop session: files 0644, folders 0755 unless asked otherwise."""
    before = os.umask(0o022)
    yield
    os.umask(before)


def _write(db: Database) -> None:
    with db.session() as session:
        session.execute(text("CREATE TABLE IF NOT EXISTS drivers (document_no TEXT)"))
        session.execute(text("INSERT INTO drivers VALUES ('045123456789')"))


@pytest.mark.usefixtures("loose_umask")
def test_the_embedded_database_its_wal_and_shm_and_the_folders_are_private() -> None:
    db = Database(embedded_url())
    try:
        _write(db)
        database = paths.embedded_database()
        wal, shm = (database.with_name(database.name + end) for end in ("-wal", "-shm"))
        # The WAL and SHM exist while a connection is open: SQLite gave them the file's mode.
        assert wal.exists() and shm.exists()
        assert {p.name: _mode(p) for p in (database, wal, shm)} == {
            database.name: 0o600, wal.name: 0o600, shm.name: 0o600}
    finally:
        db.dispose()
    folders = (paths.data_dir(), paths.config_dir(), paths.log_dir(), paths.cache_dir())
    assert [_mode(folder) for folder in folders] == [0o700] * 4


@pytest.mark.usefixtures("loose_umask")
def test_a_db_file_in_a_new_folder_is_created_private(tmp_path: Path) -> None:
    database = tmp_path / "gates" / "laobao" / "gate.sqlite3"
    db = Database(f"sqlite:///{database}")
    try:
        _write(db)
    finally:
        db.dispose()
    assert _mode(database) == 0o600 and _mode(database.parent) == 0o700


@pytest.mark.usefixtures("loose_umask")
def test_an_existing_database_open_to_others_is_closed_when_opened_and_it_is_logged(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    database = tmp_path / "old.sqlite3"
    db = Database(f"sqlite:///{database}")
    try:
        _write(db)
    finally:
        db.dispose()
    # What an older BorderDesk left behind.
    for path in (database, database.with_name(database.name + "-wal")):
        if path.exists():
            path.chmod(0o644)
    caplog.set_level(logging.WARNING, logger="borderdesk.files")
    db = Database(f"sqlite:///{database}")
    try:
        _write(db)
    finally:
        db.dispose()
    assert _mode(database) == 0o600
    assert f"The database {database} was readable by other accounts (mode 644)" in caplog.text


@pytest.mark.usefixtures("loose_umask")
def test_a_borderdesk_folder_an_older_version_left_open_is_closed(hermetic_home: Path) -> None:
    (hermetic_home / "log").mkdir(parents=True)
    (hermetic_home / "log").chmod(0o755)
    assert _mode(paths.log_dir()) == 0o700


def test_a_database_of_another_account_is_opened_and_the_log_says_it_stays_open(
        tmp_path: Path, caplog: pytest.LogCaptureFixture,
        monkeypatch: pytest.MonkeyPatch) -> None:
    database = tmp_path / "shared.sqlite3"
    database.touch(mode=0o644)
    database.chmod(0o644)

    def not_ours(self: Path, mode: int) -> None:
        raise PermissionError(1, "Operation not permitted", str(self))

    monkeypatch.setattr(Path, "chmod", not_ours)
    caplog.set_level(logging.WARNING, logger="borderdesk.files")
    db = Database(f"sqlite:///{database}")
    try:
        _write(db)
    finally:
        db.dispose()
    assert "belongs to another account: it cannot be made private" in caplog.text
