"""Appending to the audit chain: one hash-linked sequence of events per workstation.

Every service write calls ``append_event`` inside its own transaction, so the
event and the change it records are committed together or not at all. Each
event is signed with the workstation's Ed25519 key when this computer holds
it (``custody.keystore``), so even someone with full rights on the database
cannot rewrite a chain and sign it again.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from borderdesk.custody.chain import GENESIS, canonical_json, event_fields, event_hash
from borderdesk.custody.keystore import workstation_key
from borderdesk.custody.signing import sign
from borderdesk.domain.custody import ChainHead
from borderdesk.storage.models import AuditEvent, Workstation
from borderdesk.storage.models.base import new_id, utc_now


def _chain_lock_key(workstation_id: UUID) -> int:
    """The advisory-lock key of a workstation's chain: its id's last (random) 63 bits."""
    return workstation_id.int & ((1 << 63) - 1)


def append_event(
    session: Session,
    *,
    workstation_id: UUID,
    officer_id: UUID | None,
    action: str,
    entity: str,
    entity_id: str,
    payload: Mapping[str, object],
    at: datetime | None = None,
) -> AuditEvent:
    """Append one event to the chain of ``workstation_id``.

    On PostgreSQL the event's time is the server's clock and the workstation's
    (``at`` or its own now) is kept beside it in ``workstation_at``; on the
    embedded database, which is the workstation, there is only its clock.

    The event gets the next ``seq`` of its workstation and links to the hash
    of the previous event (``GENESIS`` for the first), and is signed (the
    signature covers the hash, so it covers every field and the link). A
    workstation without a key on this computer appends unsigned events; once
    it has a registered key, verification reports those as ``BAD_SIGNATURE``.

    Two sessions of one workstation are serialised: on PostgreSQL by a
    transaction-level advisory lock keyed by the workstation, on SQLite by the
    write lock every transaction takes at ``BEGIN IMMEDIATE``.
    """
    if session.get_bind().dialect.name == "postgresql":
        # An advisory lock, not a row lock: locking the workstation's row needs UPDATE on
        # workstations, which the workstations' role does not have (docs/security.md).
        session.execute(select(func.pg_advisory_xact_lock(_chain_lock_key(workstation_id))))
    last = session.execute(
        select(AuditEvent.seq, AuditEvent.hash)
        .where(AuditEvent.workstation_id == workstation_id)
        .order_by(AuditEvent.seq.desc())
        .limit(1)
    ).first()
    seq, prev_hash = (last.seq + 1, last.hash) if last else (1, GENESIS)
    workstation_at = (at or utc_now()).astimezone(UTC)
    server_at = server_clock(session)
    event_id = new_id()
    payload_json = canonical_json(payload)
    fields = event_fields(
        event_id=event_id,
        workstation_id=workstation_id,
        seq=seq,
        # A workstation whose clock was set back would otherwise write the past.
        at=server_at or workstation_at,
        officer_id=officer_id,
        action=action,
        entity=entity,
        entity_id=entity_id,
        payload=payload_json,
        workstation_at=workstation_at if server_at else None,
    )
    digest = event_hash(prev_hash, fields)
    key = workstation_key(workstation_id)
    signature = sign(key, digest.encode("ascii")) if key is not None else ""
    # The hashed fields are the row's own columns, so the row is built from them.
    event = AuditEvent(**fields, prev_hash=prev_hash, hash=digest, signature=signature)
    session.add(event)
    # Flushed now so that the next event of this transaction reads this one as the last.
    session.flush()
    return event


def server_clock(session: Session) -> datetime | None:
    """The gate server's clock now (PostgreSQL), or None for the embedded database."""
    if session.get_bind().dialect.name != "postgresql":
        return None
    now: datetime = session.execute(select(func.clock_timestamp())).scalar_one()
    return now.astimezone(UTC)


def chain_heads(session: Session, gate_id: UUID | None = None) -> tuple[ChainHead, ...]:
    """The last event of every workstation's chain (of one gate, when given), by name.

    Printed on shift reports and handoff receipts, a head pins the record:
    ``audit verify --checkpoint`` later proves nothing before it changed.
    """
    last = (
        select(AuditEvent.workstation_id, func.max(AuditEvent.seq).label("seq"))
        .group_by(AuditEvent.workstation_id)
        .subquery()
    )
    query = (
        select(Workstation.id, Workstation.name, AuditEvent.seq, AuditEvent.hash)
        .join(last, last.c.workstation_id == Workstation.id)
        .join(AuditEvent, (AuditEvent.workstation_id == last.c.workstation_id)
              & (AuditEvent.seq == last.c.seq))
        .order_by(Workstation.name, Workstation.id)
    )
    if gate_id is not None:
        query = query.where(Workstation.gate_id == gate_id)
    return tuple(
        ChainHead(workstation_id=row.id, workstation_name=row.name, seq=row.seq, hash=row.hash)
        for row in session.execute(query)
    )
