"""Test kit: a workstation's chain grown to hundreds of signed events in one go, and the ways
someone with full database rights could break it in the middle."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

from sqlalchemy import func, insert, select, update

from borderdesk.custody.chain import canonical_json, event_fields, event_hash, stored_event_fields
from borderdesk.custody.keystore import workstation_key
from borderdesk.custody.signing import sign
from borderdesk.storage.engine import Database
from borderdesk.storage.models import AuditEvent
from borderdesk.storage.models.base import new_id

AUDIT = AuditEvent.__table__


def grow_chain(db: Database, workstation_id: UUID, events: int) -> None:
    """Append signed ``crossing.registered`` events until the chain holds ``events``, written
    straight into the table as ``services.audit`` would have appended them."""
    key = workstation_key(workstation_id)
    assert key is not None
    with db.session() as session:
        head = session.execute(
            select(AuditEvent.seq, AuditEvent.hash, AuditEvent.at)
            .where(AuditEvent.workstation_id == workstation_id)
            .order_by(AuditEvent.seq.desc()).limit(1)).one()
    seq, prev, at = head.seq, head.hash, max(head.at, datetime.now(UTC) - timedelta(days=1))
    rows = []
    for seq in range(seq + 1, events + 1):  # noqa: B020 - the chain continues from its head
        event_id = new_id()
        at += timedelta(seconds=1)
        fields = event_fields(event_id=event_id, workstation_id=workstation_id, seq=seq, at=at,
                              officer_id=None, action="crossing.registered", entity="crossing",
                              entity_id=str(event_id),
                              payload=canonical_json({"plate": f"74C-{seq:05d}"}))
        digest = event_hash(prev, fields)
        rows.append({**fields, "prev_hash": prev, "hash": digest,
                     "signature": sign(key, digest.encode("ascii"))})
        prev = digest
    with db.engine.begin() as connection:
        connection.execute(insert(AuditEvent), rows)


def count(db: Database, workstation_id: UUID) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(AuditEvent)
                              .where(AuditEvent.workstation_id == workstation_id)) or 0


def _behind_the_back(db: Database, workstation_id: UUID, seq: int, **values: object) -> None:
    with db.engine.begin() as connection:
        if db.backend == "sqlite":
            connection.exec_driver_sql("DROP TRIGGER IF EXISTS audit_events_no_update")
        else:
            connection.exec_driver_sql(
                "ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only")
        connection.execute(update(AUDIT).where(AUDIT.c.workstation_id == workstation_id,
                                               AUDIT.c.seq == seq).values(**values))


def corrupt_signature(db: Database, workstation_id: UUID, seq: int) -> UUID:
    """Flip one hex digit of event ``seq``'s signature; returns the event's id."""
    with db.session() as session:
        event_id, signature = session.execute(
            select(AuditEvent.id, AuditEvent.signature).where(
                AuditEvent.workstation_id == workstation_id, AuditEvent.seq == seq)).one()
    flipped = ("1" if signature[10] == "0" else "0").join((signature[:10], signature[11:]))
    _behind_the_back(db, workstation_id, seq, signature=flipped)
    return UUID(str(event_id))


def relink(db: Database, workstation_id: UUID, seq: int) -> None:
    """Point event ``seq`` at a made-up predecessor, re-hashed and re-signed with the
    workstation's own key: the event is self-consistent, only its link is wrong."""
    key = workstation_key(workstation_id)
    assert key is not None
    with db.session() as session:
        row = session.execute(select(AUDIT).where(AUDIT.c.workstation_id == workstation_id,
                                                  AUDIT.c.seq == seq)).one()
    prev = "ab" * 32
    digest = event_hash(prev, stored_event_fields(row))
    _behind_the_back(db, workstation_id, seq, prev_hash=prev, hash=digest,
                     signature=sign(key, digest.encode("ascii")))
