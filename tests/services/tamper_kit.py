"""Test kit: changing the audit table behind the application's back, as someone with full
database rights could, after switching off the append-only trigger."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from uuid import UUID

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Connection, delete, insert, select, update

from borderdesk.custody.chain import GENESIS, event_hash, stored_event_fields
from borderdesk.custody.signing import sign
from borderdesk.storage.engine import Database
from borderdesk.storage.models import AuditEvent

AUDIT = AuditEvent.__table__


@contextmanager
def behind_the_back(db: Database) -> Iterator[Connection]:
    """A connection on which the audit table takes UPDATE and DELETE, committed at the end."""
    with db.engine.begin() as connection:
        if db.backend == "sqlite":
            connection.exec_driver_sql("DROP TRIGGER IF EXISTS audit_events_no_update")
            connection.exec_driver_sql("DROP TRIGGER IF EXISTS audit_events_no_delete")
        else:
            connection.exec_driver_sql(
                "ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only")
        yield connection


def rows(connection: Connection, workstation_id: UUID) -> list[Any]:
    """The workstation's events in seq order."""
    return list(connection.execute(
        select(AUDIT).where(AUDIT.c.workstation_id == workstation_id).order_by(AUDIT.c.seq)))


def row_at(connection: Connection, workstation_id: UUID, seq: int) -> Any:
    return connection.execute(select(AUDIT).where(
        AUDIT.c.workstation_id == workstation_id, AUDIT.c.seq == seq)).one()


def fields_of(row: Any, **changes: object) -> dict[str, object]:
    fields = stored_event_fields(row)
    return {**fields, **changes}


def set_seq(connection: Connection, workstation_id: UUID, old: int, new: int) -> None:
    connection.execute(update(AUDIT).where(AUDIT.c.workstation_id == workstation_id,
                                           AUDIT.c.seq == old).values(seq=new))


def edit(connection: Connection, workstation_id: UUID, seq: int, **values: object) -> None:
    connection.execute(update(AUDIT).where(AUDIT.c.workstation_id == workstation_id,
                                           AUDIT.c.seq == seq).values(**values))


def remove(connection: Connection, workstation_id: UUID, *seqs: int) -> None:
    connection.execute(delete(AUDIT).where(AUDIT.c.workstation_id == workstation_id,
                                           AUDIT.c.seq.in_(seqs)))


def make_room(connection: Connection, workstation_id: UUID, seq: int) -> None:
    """Shift every event from ``seq`` on one place up (in two steps: seq is unique)."""
    later = AUDIT.c.workstation_id == workstation_id
    connection.execute(update(AUDIT).where(later, AUDIT.c.seq >= seq)
                       .values(seq=-(AUDIT.c.seq + 1)))
    connection.execute(update(AUDIT).where(later, AUDIT.c.seq < 0).values(seq=-AUDIT.c.seq))


def insert_forged(connection: Connection, workstation_id: UUID, seq: int, prev_hash: str,
                  event_id: UUID, template: Any) -> None:
    """A made-up event, hashed correctly (anyone can), but signed by nobody."""
    fields = fields_of(template, id=event_id, seq=seq, action="crossing.released",
                       payload='{"note":"forged"}')
    connection.execute(insert(AUDIT).values(
        id=event_id, workstation_id=workstation_id, seq=seq, at=template.at,
        officer_id=template.officer_id, action="crossing.released", entity=template.entity,
        entity_id=template.entity_id, payload='{"note":"forged"}', prev_hash=prev_hash,
        hash=event_hash(prev_hash, fields), signature=""))


def rewrite(connection: Connection, workstation_id: UUID, key: Ed25519PrivateKey | None,
            change: Callable[[Any], dict[str, object]] = lambda _row: {},
            start: int = 1) -> None:
    """Rewrite the chain from ``start`` on: ``change`` edits columns of a row, every hash and
    link is recomputed, and every event signed with ``key`` (None: without the key, the old
    signatures are left in place)."""
    prev = GENESIS if start == 1 else row_at(connection, workstation_id, start - 1).hash
    for row in rows(connection, workstation_id):
        if row.seq < start:
            continue
        values = change(row)
        digest = event_hash(prev, fields_of(row, **values))
        signature = sign(key, digest.encode()) if key else row.signature
        connection.execute(update(AUDIT).where(AUDIT.c.id == row.id).values(
            **values, prev_hash=prev, hash=digest, signature=signature))
        prev = digest
