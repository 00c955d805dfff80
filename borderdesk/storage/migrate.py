"""Creating and upgrading the schema through Alembic, safely for the embedded database.

Before an embedded SQLite database is migrated, a copy is taken with
SQLite's online backup API; when the migration fails, the copy is put back,
so the officer's data is exactly as it was.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.exc import SQLAlchemyError

from borderdesk import paths
from borderdesk.errors import EnvironmentProblem
from borderdesk.i18n import _
from borderdesk.reasons import reason_for
from borderdesk.storage.engine import Database

log = logging.getLogger("borderdesk.storage")


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(paths.migrations_dir()))
    return config


def head_revision() -> str:
    """The newest migration shipped with this version of BorderDesk."""
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def current_revision(db: Database) -> str | None:
    """The migration the database is at, or None for an empty database."""
    with db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def _sqlite_file(db: Database) -> Path | None:
    if db.backend != "sqlite" or db.url.database in (None, "", ":memory:"):
        return None
    return Path(str(db.url.database))


def _copy_sqlite(source: Path, target: Path) -> None:
    # The copy holds what the database holds (officers' password hashes; a workstation's
    # offline copy is mode 600): it is never readable by more people than the original.
    mode = source.stat().st_mode & 0o777
    os.close(os.open(target, os.O_CREAT | os.O_WRONLY, mode))
    target.chmod(mode)
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    # sqlite3's context manager commits but does not close.
    src.close()
    dst.close()


def upgrade(db: Database) -> str | None:
    """Bring the database to the newest migration.

    Returns:
        The path of the copy taken before migrating an existing embedded
        database, or None when no copy was needed.

    Raises:
        EnvironmentProblem: when the migration fails (the embedded database
            is restored from its copy first).
    """
    db.ping()
    before = current_revision(db)
    target = head_revision()
    if before == target:
        return None
    sqlite_file = _sqlite_file(db)
    copy: Path | None = None
    if sqlite_file is not None and before is not None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        copy = sqlite_file.with_name(f"{sqlite_file.name}.before-{target}-{stamp}")
        _copy_sqlite(sqlite_file, copy)
        log.info("copied %s to %s before migrating from %s", sqlite_file, copy, before)
    config = _config()
    try:
        with db.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except (SQLAlchemyError, OSError) as error:
        log.exception("migration from %s to %s failed", before, target)
        if copy is not None and sqlite_file is not None:
            db.dispose()
            _copy_sqlite(copy, sqlite_file)
            log.info("restored %s from %s", sqlite_file, copy)
        raise EnvironmentProblem(
            _("Upgrading the database {url} failed; it was left as it was: {reason}").format(
                url=db.display_url, reason=reason_for(error)
            )
        ) from error
    log.info("database %s migrated from %s to %s", db.display_url, before, target)
    return str(copy) if copy else None
