"""``borderdesk --version``, ``init`` and ``demo`` end to end, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from cli_kit import DEMO_DATE, DEMO_PASSWORD, Cli, Result
from sqlalchemy import select
from stdnum import iso6346

from borderdesk.custody.chain import GENESIS, event_hash, stored_event_fields
from borderdesk.storage.engine import Database
from borderdesk.storage.migrate import current_revision, head_revision
from borderdesk.storage.models import AuditEvent, Gate, Workstation


def _queue(cli: Cli, url: str, day: str, *extra: str) -> Result:
    return cli("queue", "--db", url, "--date", day, "--limit", "1000", "--json", *extra,
               BORDERDESK_USER="supervisor1", BORDERDESK_PASSWORD=DEMO_PASSWORD)


def _content(cli: Cli, url: str) -> list[tuple[object, ...]]:
    """What an officer sees of the demo: everything but the generated ids and references."""
    rows = []
    for day in ("2026-01-14", DEMO_DATE):
        result = _queue(cli, url, day, "--ascending")
        assert result.code == 0, result.stderr
        rows += [
            (r["arrived_at"], r["tractor_plate"], r["trailer_plate"], tuple(r["containers"]),
             r["driver_name"], r["carrier_name"], r["direction"], r["lane"], r["status"],
             r["channel"], r["registered_by"])
            for r in result.json()["rows"]
        ]
    return rows


def test_version_is_printed(cli: Cli) -> None:
    result = cli("--version")
    assert result.code == 0
    assert result.stdout.strip() == "borderdesk 0.1.0"


def test_init_twice_creates_then_keeps_the_schema(cli: Cli, db_url: str) -> None:
    first = cli("init", "--db", db_url, "--no-roles")
    second = cli("init", "--db", db_url, "--no-roles", "--gate", "laobao", "--gate-name", "Lao Bảo",
                 "--lanes", "1,2,3")
    third = cli("init", "--db", db_url, "--no-roles", "--gate", "LAOBAO", "--gate-name", "Lao Bảo")

    assert (first.code, second.code, third.code) == (0, 0, 0), first.stderr + second.stderr
    assert "Created" in first.stdout
    assert "up to date" in second.stdout and "up to date" in third.stdout
    db = Database(db_url)
    try:
        assert current_revision(db) == head_revision()
        with db.session() as session:
            gates = session.scalars(select(Gate)).all()
            assert [(g.code, g.lanes) for g in gates] == [("LAOBAO", "1,2,3")]
            assert len(session.scalars(select(Workstation)).all()) == 1
    finally:
        db.dispose()


def test_init_without_gate_name_is_refused(cli: Cli, db_url: str) -> None:
    result = cli("init", "--db", db_url, "--no-roles", "--gate", "LAOBAO")
    assert result.code == 2
    assert len(result.error_lines) == 1 and "--gate-name" in result.stderr
    assert "Traceback" not in result.stderr


def test_demo_seeds_a_realistic_gate_once(cli: Cli, demo_url: str) -> None:
    again = cli("demo", "--db", demo_url, "--date", DEMO_DATE)
    assert again.code == 0 and "already" in again.stdout

    content = _content(cli, demo_url)
    assert 180 <= len(content) <= 220
    statuses = Counter(row[8] for row in content)
    channels = Counter(row[9] for row in content)
    assert {"arrived", "documents", "released", "held", "cancelled"} <= set(statuses)
    assert statuses["cancelled"] == 1
    assert channels["green"] > channels["yellow"] > channels["red"] > 0
    containers = [c for row in content for c in row[3]]
    assert len(containers) > 100 and all(iso6346.is_valid(c) for c in containers)
    # Regular trucks come back: recall has something to remember.
    plates = Counter(row[1] for row in content)
    assert sum(1 for n in plates.values() if n >= 2) >= 25
    assert any(row[1].startswith("74C-") for row in content)
    assert any(row[2] and not row[2][:2].isdigit() for row in content)  # Lao/Thai trailers


def test_demo_audit_chains_link_up(demo_url: str) -> None:
    db = Database(demo_url)
    try:
        with db.session() as session:
            events = session.scalars(
                select(AuditEvent).order_by(AuditEvent.workstation_id, AuditEvent.seq)
            ).all()
    finally:
        db.dispose()
    assert len(events) > 500
    previous: dict[object, tuple[int, str]] = {}
    for event in events:
        seq, prev_hash = previous.get(event.workstation_id, (0, GENESIS))
        assert (event.seq, event.prev_hash) == (seq + 1, prev_hash)
        assert event.hash == event_hash(prev_hash, stored_event_fields(event))
        previous[event.workstation_id] = (event.seq, event.hash)
    assert len(previous) == 3  # the booth, the customs desk and this workstation


def test_demo_is_the_same_for_the_same_date(cli: Cli, demo_url: str, tmp_path: Path) -> None:
    other = f"sqlite:///{tmp_path / 'other.sqlite3'}"
    assert cli("demo", "--db", other, "--date", DEMO_DATE).code == 0
    assert _content(cli, demo_url) == _content(cli, other)


def test_demo_refuses_a_future_date(cli: Cli, db_url: str) -> None:
    result = cli("demo", "--db", db_url, "--date", "2999-01-01")
    assert result.code == 2 and len(result.error_lines) == 1
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("command", [["init"], ["queue", "--as", "guard1"], ["demo"]])
def test_unreachable_database_is_one_line_without_password(cli: Cli, command: list[str]) -> None:
    url = "postgresql+psycopg://u:secret@127.0.0.1:1/x"
    result = cli(*command, "--db", url, BORDERDESK_PASSWORD="pw")
    assert result.code == 2
    assert len(result.error_lines) == 1, result.stderr
    assert "127.0.0.1" in result.stderr and "cannot be reached" in result.stderr
    assert "secret" not in result.stderr + result.stdout
    assert "Traceback" not in result.stderr


def test_database_without_schema_asks_for_init(cli: Cli, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    result = cli("queue", "--db", url, "--as", "guard1", BORDERDESK_PASSWORD="pw")
    assert result.code == 2
    assert len(result.error_lines) == 1 and "borderdesk init" in result.stderr


def test_usage_errors_exit_2(cli: Cli) -> None:
    for args in (["queue", "--limit", "many"], ["nonsense"], ["arrival", "register"]):
        result = cli(*args)
        assert result.code == 2, args
        assert "Traceback" not in result.stderr


def test_init_upgrades_an_older_sqlite_database_and_says_where_the_copy_is(
    cli: Cli, tmp_path: Path
) -> None:
    from alembic import command
    from alembic.config import Config

    from borderdesk.paths import migrations_dir

    path = tmp_path / "old.sqlite3"
    db = Database(f"sqlite:///{path}")
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
    db.dispose()

    result = cli("init", "--db", f"sqlite:///{path}")

    assert result.code == 0, result.stderr
    copy_line = next(line for line in result.stdout.splitlines() if "copy" in line)
    copy = Path(copy_line.rsplit(": ", 1)[1])
    assert copy.exists() and copy.parent == tmp_path and copy != path
    assert "Upgraded" in result.stdout
