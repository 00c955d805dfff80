"""This workstation's local copy of the gate: what it works from while the server is away.

The copy has BorderDesk's own schema (the same migrations), holds the gate,
its officers and watch lists, the recent queue with its documents, checks
and handoffs, and the head of this workstation's audit chain, so that the
same services run on it unchanged. Two tables of its own hold the queue of
saves made while offline and the facts of the last copy taken.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Integer,
    MetaData,
    Select,
    String,
    Table,
    Text,
    delete,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session

from borderdesk.domain.offline import QueuedState
from borderdesk.errors import EnvironmentProblem
from borderdesk.i18n import _
from borderdesk.storage.engine import Database
from borderdesk.storage.models.base import Base, UTCDateTime, utc_now
from borderdesk.storage.offline.apply import apply_leniently
from borderdesk.storage.offline.changes import ChangeSet, encode

log = logging.getLogger("borderdesk.offline")

local_metadata = MetaData()

queued_saves = Table(
    "queued_saves", local_metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("queued_at", UTCDateTime(), nullable=False),
    Column("officer_id", String(36)),
    Column("action", String(64), nullable=False, default=""),
    Column("entity", String(32), nullable=False, default=""),
    Column("entity_id", String(64), nullable=False, default=""),
    Column("changes", Text, nullable=False),
    # Captured from a commit whose answer never came: the server may hold it already.
    Column("uncertain", Boolean, nullable=False, default=False),
    Column("state", String(16), nullable=False, default="queued"),
    Column("detail", Text, nullable=False, default=""),
    Column("settled_at", UTCDateTime()),
)
"""Saves made while offline, in the order they were made, with how their replay went."""

snapshot_facts = Table(
    "snapshot_facts", local_metadata,
    Column("key", String(32), primary_key=True),
    Column("value", Text, nullable=False),
)

QUEUED, SENT, ALREADY_THERE, CONFLICT, SETTLED = (state.value for state in QueuedState)

# Copied whole: small, and every service needs them (a check offline runs with the gate's
# scoring settings and draws with its selection key, as it would online).
WHOLE_TABLES = frozenset({"gates", "workstations", "officers", "watch_list_entries",
                          "trusted_keys", "scoring_settings", "selection_keys"})
# Never copied: the server's own history (audit chains, logins) and photo bytes.
NOT_COPIED = frozenset({"audit_events", "login_events", "evidence_blobs"})
RECENT = timedelta(hours=72)
ServerRows = list[tuple[Table, list[dict[str, Any]]]]
OPEN_STATUSES = ("arrived", "documents", "inspection", "held")


@dataclass(frozen=True)
class QueuedSave:
    """One row of the queue, as the replay and the officer's list read it."""

    seq: int
    queued_at: datetime
    officer_id: str | None
    action: str
    entity: str
    entity_id: str
    changes: str
    uncertain: bool
    state: str
    detail: str
    settled_at: datetime | None


def _lock_exclusively(handle: int) -> bool:
    """Lock the open file ``handle`` for this process alone; False when another holds it."""
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(handle, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


class LocalStore:
    """The SQLite file of one workstation's copy and queue."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.db = Database(f"sqlite:///{path}", foreign_keys=False)
        self._prepared = False
        self._claim: int | None = None

    def claim(self) -> None:
        """Take the copy for this process, for as long as it runs (or until ``release``).

        Two BorderDesk processes on one copy would both send its queue and both
        continue the workstation's audit chain from the same head.

        Raises:
            EnvironmentProblem: another process on this computer has the copy.
        """
        if self._claim is not None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(self.path.with_name(self.path.name + ".lock"),
                         os.O_CREAT | os.O_RDWR, 0o600)
        if not _lock_exclusively(handle):
            os.close(handle)
            raise EnvironmentProblem(_(
                "Another BorderDesk on this computer is already working on this gate's "
                "offline copy ({path}). Close it first: both would send the same saves."
            ).format(path=self.path))
        self._claim = handle

    def release(self) -> None:
        """Let another process take the copy."""
        if self._claim is not None:
            os.close(self._claim)  # closing the file lets its lock go
            self._claim = None

    def prepare(self) -> None:
        """Create or upgrade the copy's schema (idempotent)."""
        if self._prepared:
            return
        from borderdesk.storage.migrate import upgrade

        upgrade(self.db)
        # The copy holds officers' password hashes and the gate's records: like every SQLite
        # file BorderDesk opens, it and its WAL/SHM are this user's only (storage.engine).
        local_metadata.create_all(self.db.engine)
        self._prepared = True

    @contextmanager
    def connection(self) -> Iterator[Connection]:
        """One transaction on the copy."""
        self.prepare()
        with self.db.engine.begin() as connection:
            yield connection

    # ---- The queue
    def enqueue(self, session_or_connection: Session | Connection, change_set: ChangeSet, *,
                officer_id: UUID | None, uncertain: bool = False) -> None:
        """Add a save to the queue inside the caller's transaction on the copy."""
        events = change_set.audit_events()
        first = events[0].values if events else {}
        statement = insert(queued_saves).values(
            queued_at=utc_now(),
            officer_id=str(officer_id or first.get("officer_id") or "") or None,
            action=str(first.get("action", "")), entity=str(first.get("entity", "")),
            entity_id=str(first.get("entity_id", "")), changes=encode(change_set),
            uncertain=uncertain, state=QUEUED, detail="",
        )
        session_or_connection.execute(statement)

    def enqueue_applied(self, change_set: ChangeSet, *, uncertain: bool) -> None:
        """Write a change set the server may not have into the copy, and queue it."""
        with self.connection() as connection:
            apply_leniently(connection, change_set)
            self.enqueue(connection, change_set, officer_id=None, uncertain=uncertain)

    def mirror(self, change_set: ChangeSet) -> None:
        """Write a change set the server took into the copy, so the copy stays current."""
        with self.connection() as connection:
            apply_leniently(connection, change_set)

    def waiting(self) -> list[QueuedSave]:
        """The saves not yet replayed, oldest first."""
        return self._saves(queued_saves.c.state == QUEUED)

    def waiting_count(self) -> int:
        """How many saves wait for the server."""
        with self.connection() as connection:
            return int(connection.scalar(
                select(func.count()).select_from(queued_saves)
                .where(queued_saves.c.state == QUEUED)) or 0)

    def count_by_state(self) -> dict[str, int]:
        """How many saves are in each state (``QueuedState`` values)."""
        with self.connection() as connection:
            rows = connection.execute(select(queued_saves.c.state, func.count())
                                      .group_by(queued_saves.c.state))
            return {state: int(count) for state, count in rows}

    def waiting_entities(self) -> frozenset[str]:
        """The ids of the records the waiting saves wrote (their audit events' entities)."""
        with self.connection() as connection:
            return frozenset(connection.scalars(
                select(queued_saves.c.entity_id).where(queued_saves.c.state == QUEUED)))

    def all_saves(self) -> list[QueuedSave]:
        """Every save ever queued here, oldest first, without its rows (``changes`` is empty).

        The list is read for the officer's screens, polled every few seconds;
        the rows (photos among them) are read only to be replayed.
        """
        return self._saves(None, with_changes=False)

    def _saves(self, condition: Any, *, with_changes: bool = True) -> list[QueuedSave]:
        columns = [c for c in queued_saves.columns if with_changes or c.name != "changes"]
        query: Select[Any] = select(*columns).order_by(queued_saves.c.seq)
        if condition is not None:
            query = query.where(condition)
        with self.connection() as connection:
            return [QueuedSave(**{"changes": "", **row})
                    for row in connection.execute(query).mappings()]

    def settle(self, seq: int, state: str, detail: str = "") -> None:
        """Record how the replay of one save went.

        Once the server holds a save, its rows (photos among them) are dropped
        from the queue; the line stays in the officer's list of what was sent.
        """
        values: dict[str, Any] = {"state": state, "detail": detail, "settled_at": utc_now()}
        if state in {SENT, ALREADY_THERE}:
            values["changes"] = "[]"
        with self.connection() as connection:
            connection.execute(update(queued_saves).where(queued_saves.c.seq == seq)
                               .values(**values))

    def note_refusal(self, seq: int, detail: str) -> None:
        """Keep the server's refusal of a save still waiting, before its audit events go out."""
        with self.connection() as connection:
            connection.execute(update(queued_saves).where(queued_saves.c.seq == seq)
                               .values(detail=detail))

    # ---- The copy of the gate
    def fact(self, key: str) -> str | None:
        """One fact about the last copy taken (``taken_at``, ``server``)."""
        with self.connection() as connection:
            return connection.scalar(select(snapshot_facts.c.value)
                                     .where(snapshot_facts.c.key == key))

    def taken_at(self) -> datetime | None:
        """When the copy was last refreshed from the server."""
        text = self.fact("taken_at")
        return datetime.fromisoformat(text) if text else None

    def read_server(self, server: Database, workstation_id: UUID | None) -> ServerRows:
        """What a refresh copies, read from the server in one consistent snapshot.

        Read apart from writing the copy, so saves going to the server meanwhile
        (which also write into the copy) do not wait for the server's answer.
        """
        since = utc_now() - RECENT
        read = server.engine.connect()
        try:
            if server.backend == "postgresql":
                read = read.execution_options(isolation_level="REPEATABLE READ")
            with read.begin():
                return list(_server_rows(read, since, workstation_id))
        finally:
            read.close()

    def replace_with(self, rows: ServerRows, server_name: str) -> int:
        """Replace the copy with rows ``read_server`` read; return how many.

        The copy's audit events are kept: this workstation's own, written
        into it by a save made after the read, stay its chain head.

        Raises:
            RuntimeError: when saves still wait in the queue (they would be lost).
        """
        if self.waiting_count():
            raise RuntimeError("the copy holds saves not yet replayed")
        copied = 0
        with self.connection() as local:
            for table, table_rows in rows:
                if table.name != "audit_events":
                    local.execute(delete(table))
                if table_rows:
                    local.execute(_copy_insert(table), table_rows)
                    copied += len(table_rows)
            for key, value in (("taken_at", utc_now().isoformat()), ("server", server_name)):
                local.execute(delete(snapshot_facts).where(snapshot_facts.c.key == key))
                local.execute(insert(snapshot_facts).values(key=key, value=value))
        log.info("local copy %s refreshed: %d rows", self.path, copied)
        return copied


def _copy_insert(table: Table) -> Any:
    return sqlite.insert(table).on_conflict_do_nothing()


def _server_rows(read: Connection, since: datetime, workstation_id: UUID | None,
                 ) -> Iterator[tuple[Table, list[dict[str, Any]]]]:
    chosen: dict[str, Select[Any]] = {}
    for table in Base.metadata.sorted_tables:
        if table.name == "audit_events":
            if workstation_id is None:
                continue
            head = (select(table).where(table.c.workstation_id == workstation_id)
                    .order_by(table.c.seq.desc()).limit(1))
            yield table, [dict(r) for r in read.execute(head).mappings()]
            continue
        if table.name in NOT_COPIED:
            continue
        if table.name in WHOLE_TABLES:
            yield table, [dict(r) for r in read.execute(select(table)).mappings()]
            continue
        if table.name == "crossings":
            condition: Any = or_(table.c.arrived_at >= since,
                                 table.c.status.in_(OPEN_STATUSES))
        else:
            parents = [(fk.parent, chosen[fk.column.table.name])
                       for fk in table.foreign_keys
                       if fk.column.table.name in chosen and fk.column.table is not table]
            if not parents:
                continue
            condition = or_(*(column.in_(ids) for column, ids in parents))
        chosen[table.name] = select(table.c.id).where(condition)
        yield table, [dict(r) for r in read.execute(select(table).where(condition)).mappings()]
