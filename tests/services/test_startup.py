"""Opening a gate's database at start, as the window and the command line both do: reached,
at this BorderDesk's schema, with its gate; on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from borderdesk.config import default_settings, with_changes
from borderdesk.errors import EnvironmentProblem
from borderdesk.services import startup
from borderdesk.services.workstations import create_gate
from borderdesk.storage.engine import Database, redact

GATE_NAME = "Cửa khẩu Quốc tế Lao Bảo"


def test_a_database_behind_is_refused_unless_it_may_be_upgraded(db_url: str) -> None:
    with pytest.raises(EnvironmentProblem, match="run 'borderdesk init --db URL'") as refused:
        startup.open_at_schema(db_url, upgrade=False)
    assert redact(db_url) in str(refused.value)
    opened = startup.open_at_schema(db_url, upgrade=True)
    try:
        assert startup.schema_is_current(opened.db)
        assert opened.copy_before_upgrade is None  # a new database holds nothing to keep
    finally:
        opened.db.dispose()
    # At the schema now: opened as it is, with nothing to upgrade.
    startup.open_at_schema(db_url, upgrade=False).db.dispose()


def test_the_gate_is_present_once_created_whatever_the_case_typed(db: Database) -> None:
    assert not startup.gate_present(db, "LAOBAO")
    create_gate(db, "LAOBAO", GATE_NAME)
    assert startup.gate_present(db, " laobao ")
    assert not startup.gate_present(db, "HUUNGHI")


def test_only_a_sqlite_file_not_named_for_the_command_upgrades_itself(tmp_path: Path) -> None:
    own_file = f"sqlite:///{tmp_path / 'gate.sqlite3'}"
    assert startup.upgrades_when_behind(own_file)
    assert not startup.upgrades_when_behind(own_file, named_for_this_command=True)
    assert not startup.upgrades_when_behind("postgresql://gate@server.example/border")


def test_an_unreachable_database_is_named_with_its_password_hidden() -> None:
    with pytest.raises(EnvironmentProblem, match="cannot be reached") as problem:
        startup.open_database("postgresql+psycopg://gate:s3cr3t@127.0.0.1:1/border")
    assert "postgresql+psycopg://gate:***@127.0.0.1:1/border" in str(problem.value)
    assert "s3cr3t" not in str(problem.value)


def test_a_gate_database_is_prepared_at_the_schema_with_its_gate_and_no_demo(
        db_url: str) -> None:
    settings = with_changes(default_settings(), database_url=db_url)
    if db_url.startswith("sqlite"):
        # This workstation's own file is upgraded; the demo gate goes only into the embedded one.
        expected = "has no gate LAOBAO"
    else:
        # A server shared by several workstations is upgraded once, by 'borderdesk init'.
        expected = "run 'borderdesk init --db URL'"
    with pytest.raises(EnvironmentProblem, match=expected):
        startup.prepare_workstation(settings)

    opened = startup.open_at_schema(db_url, upgrade=True)
    try:
        create_gate(opened.db, "LAOBAO", GATE_NAME)
    finally:
        opened.db.dispose()
    prepared = startup.prepare_workstation(settings)
    try:
        assert not prepared.seeded
        assert prepared.workstation.gate_name == GATE_NAME
        assert prepared.workstation.workstation_id == settings.workstation_id
    finally:
        prepared.db.dispose()


def test_the_first_start_on_the_embedded_database_seeds_the_demo_gate_once() -> None:
    settings = default_settings()
    first = startup.prepare_workstation(settings)
    try:
        assert first.seeded
        assert first.workstation.gate_code == "LAOBAO"
        assert startup.gate_present(first.db, "LAOBAO")
    finally:
        first.db.dispose()
    second = startup.prepare_workstation(settings)
    try:
        assert not second.seeded
        assert second.workstation == first.workstation
    finally:
        second.db.dispose()
