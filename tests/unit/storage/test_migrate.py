"""Schema creation and upgrade, and what happens to the embedded database when one fails."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from borderdesk import paths
from borderdesk.errors import EnvironmentProblem
from borderdesk.storage.engine import Database
from borderdesk.storage.migrate import current_revision, head_revision, upgrade
from borderdesk.storage.models import Base

BROKEN = '''
"""a migration that fails halfway"""
import sqlalchemy as sa
from alembic import op

revision = "9999"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("half_done", sa.Column("id", sa.Integer, primary_key=True))
    op.execute("INSERT INTO no_such_table VALUES (1)")


def downgrade() -> None:
    pass
'''


def test_upgrade_creates_the_schema_the_models_describe(db: Database) -> None:
    assert current_revision(db) == head_revision()
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_upgrade_twice_changes_nothing(db: Database) -> None:
    assert upgrade(db) is None
    assert current_revision(db) == head_revision()


def test_failed_migration_leaves_embedded_database_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, expect_errors: Callable[[str], None]
) -> None:
    expect_errors(r"migration from \w+ to 9999 failed")  # logged with its traceback
    file = tmp_path / "gate.sqlite3"
    db = Database(f"sqlite:///{file}")
    upgrade(db)
    with db.engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO gates (id, code, name, country, timezone, lanes, created_at) "
            "VALUES ('00000000000000000000000000000001', 'LAOBAO', 'Lao Bảo', 'VN', "
            "'Asia/Ho_Chi_Minh', '1,2', '2026-11-25 00:00:00')"
        )
    db.dispose()
    file.chmod(0o600)

    head = head_revision()
    migrations = tmp_path / "db"
    shutil.copytree(paths.migrations_dir(), migrations)
    (migrations / "versions" / "9999_broken.py").write_text(
        BROKEN.format(head=head), encoding="utf-8"
    )
    monkeypatch.setattr(paths, "migrations_dir", lambda: migrations)

    db = Database(f"sqlite:///{file}")
    with pytest.raises(EnvironmentProblem, match="left as it was"):
        upgrade(db)
    db.dispose()

    with sqlite3.connect(file) as connection:
        tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
        gates = connection.execute("SELECT code, name FROM gates").fetchall()
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    connection.close()
    assert "half_done" not in tables
    assert gates == [("LAOBAO", "Lao Bảo")]
    assert revision == (head,)
    copies = list(tmp_path.glob("gate.sqlite3.before-9999-*"))
    assert len(copies) == 1, "the copy taken before migrating is kept"
    # Password hashes are in it: no more readable than the database itself.
    assert copies[0].stat().st_mode & 0o777 == 0o600
    assert file.stat().st_mode & 0o777 == 0o600


def test_unreachable_database_is_an_environment_problem_with_hidden_password() -> None:
    db = Database("postgresql+psycopg://officer:s3cret@127.0.0.1:1/gate")
    with pytest.raises(EnvironmentProblem) as error:
        upgrade(db)
    assert "s3cret" not in str(error.value)
    assert "127.0.0.1:1/gate" in str(error.value)


def test_workbooks_stored_under_the_old_made_up_type_get_their_registered_name(
    db_url: str,
) -> None:
    from alembic import command
    from sqlalchemy import text

    from borderdesk.documents.spreadsheet import XLSX
    from borderdesk.storage.migrate import _config

    database = Database(db_url)
    try:
        config = _config()
        with database.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "0006")
        with database.engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO evidence_blobs (sha256, size, media_type, stored_at, content) "
                "VALUES ('ab', 2, 'application/x-xlsx', CURRENT_TIMESTAMP, :content)"),
                {"content": b"PK"})
        upgrade(database)
        with database.engine.connect() as connection:
            stored = connection.execute(text("SELECT media_type FROM evidence_blobs")).scalars()
            assert list(stored) == [XLSX]
    finally:
        database.dispose()
