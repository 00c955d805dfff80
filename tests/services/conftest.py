"""A gate to work at: its workstation and one officer of every role, on each backend; and a
gate's PostgreSQL server with a workstation working through outages."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from gate_kit import GateSetup, make_gate
from offline_kit import OfflineGate, open_gate

from borderdesk.storage.engine import Database
from tests.conftest import PG_SKIP_REASON, PG_URL, drop_pg_database, make_pg_database


@pytest.fixture
def gate(db: Database) -> GateSetup:
    """The Lao Bao gate on a fresh database of each backend."""
    return make_gate(db)


@pytest.fixture
def site(tmp_path: Path) -> Iterator[OfflineGate]:
    """A gate on a fresh PostgreSQL database and a workstation with its copy refreshed."""
    if not PG_URL:
        pytest.skip(PG_SKIP_REASON)
    url, name = make_pg_database()
    opened = open_gate(url, tmp_path / "copy.sqlite3")
    try:
        yield opened
    finally:
        opened.db.dispose()
        opened.db.local.db.dispose()
        opened.server.dispose()
        drop_pg_database(name)
