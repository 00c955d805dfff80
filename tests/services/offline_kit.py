"""Test kit: a gate on the real PostgreSQL server, a workstation with its local copy, real cuts."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from gate_kit import GateSetup, make_gate
from sqlalchemy import event, func, select, text
from sqlalchemy.engine import Engine

from borderdesk.storage.engine import Database
from borderdesk.storage.migrate import upgrade
from borderdesk.storage.offline.gate_database import GateDatabase


@dataclass(frozen=True)
class OfflineGate:
    """The server (``server``, never cut) and this workstation's view of it (``gate.db``)."""

    server: Database
    db: GateDatabase
    gate: GateSetup


def open_gate(url: str, copy_path: Path) -> OfflineGate:
    """Make a gate on the server at ``url`` and a workstation that can work offline."""
    server = Database(url)
    upgrade(server)
    gate = make_gate(server)
    db = GateDatabase(url, copy_path, workstation_id=gate.workstation.workstation_id)
    db.refresh_copy()
    return OfflineGate(server, db, replace(gate, db=db))


def count(db: Database, model: Any, *conditions: Any) -> int:
    """Rows of ``model`` on ``db`` meeting ``conditions``."""
    with db.session() as session:
        return int(session.scalar(select(func.count()).select_from(model).where(*conditions))
                   or 0)


def terminate(server: Database, pid: int) -> None:
    """End one server backend, as a cut cable or a restarted server would."""
    with server.engine.connect() as connection:
        connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})


@contextmanager
def cut_at(engine: Engine, server: Database, when: Callable[[str], bool]) -> Iterator[list[str]]:
    """Cut the connection the first time a statement ``when`` accepts is about to run.

    Yields the statements cut at (one at most), so a test can see the cut happened.
    """
    cut: list[str] = []

    def before(conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if not cut and when(statement):
            cut.append(statement)
            terminate(server, conn.connection.dbapi_connection.info.backend_pid)

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield cut
    finally:
        event.remove(engine, "before_cursor_execute", before)
