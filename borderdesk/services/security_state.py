"""Reading the security tables and their signed record, for ``audit verify``.

The replay and the comparison are pure (``custody.security_state``); this
module reads what they need in one short transaction, one snapshot: the
security events of every chain in the order they happened, and the rows of
``officers``, ``trusted_keys`` and ``workstations`` as they are.
"""

from __future__ import annotations

from collections.abc import Mapping
from uuid import UUID

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from borderdesk.custody.security_state import (
    SECURITY_ACTIONS,
    KeyRow,
    OfficerRow,
    RecordedState,
    SecurityEvent,
    SecurityRows,
    WorkstationRow,
    compare,
    replay,
)
from borderdesk.domain.custody import StateFinding
from borderdesk.storage.engine import Database
from borderdesk.storage.models import AuditEvent, Gate, Officer, TrustedKey, Workstation


def read_security(db: Database) -> tuple[RecordedState, SecurityRows]:
    """The security state the signed chains record (events in time order) and the security
    tables as they are, read in one snapshot.

    One snapshot because a row and the event that records it are committed
    together: read apart, an account created in between would show as a row
    no event created, or an event whose row is gone. (SQLite: the transaction
    holds the database; PostgreSQL: REPEATABLE READ.)
    """
    with db.session() as session:
        if session.get_bind().dialect.name == "postgresql":
            session.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"))
        events = session.execute(
            select(AuditEvent.workstation_id, AuditEvent.action, AuditEvent.entity_id,
                   AuditEvent.payload)
            .where(AuditEvent.action.in_(sorted(SECURITY_ACTIONS)))
            .order_by(AuditEvent.at, AuditEvent.workstation_id, AuditEvent.seq)
        ).all()
        recorded = replay(SecurityEvent(row.workstation_id, row.action, row.entity_id,
                                        row.payload) for row in events)
        return recorded, _security_rows(session)


def _security_rows(session: Session) -> SecurityRows:
    """The security tables as they are now, gates as codes."""
    officers = [
        OfficerRow(officer_id=row.id, username=row.username, gate=row.code, role=row.role,
                   active=row.active, password_hash=row.password_hash)
        for row in session.execute(
            select(Officer.id, Officer.username, Gate.code, Officer.role, Officer.active,
                   Officer.password_hash).outerjoin(Gate, Gate.id == Officer.gate_id))
    ]
    keys = [KeyRow(public_key=row.public_key, kind=row.kind, revoked=row.revoked_at is not None)
            for row in session.execute(
                select(TrustedKey.public_key, TrustedKey.kind, TrustedKey.revoked_at))]
    workstations = [
        WorkstationRow(
            workstation_id=row.id, name=row.name, gate=row.code or "",
            public_key=row.public_key,
            has_events=session.scalar(select(AuditEvent.id).where(
                AuditEvent.workstation_id == row.id).limit(1)) is not None)
        for row in session.execute(
            select(Workstation.id, Workstation.name, Gate.code, Workstation.public_key)
            .outerjoin(Gate, Gate.id == Workstation.gate_id))
    ]
    return SecurityRows(officers=officers, keys=keys, workstations=workstations)


def state_findings(recorded: RecordedState, rows: SecurityRows, *,
                   gate_code: str | None = None,
                   pins: Mapping[UUID, str] | None = None) -> list[StateFinding]:
    """Every row of the security tables that the chains do not record as it is.

    Args:
        gate_code: only the findings about this gate (and the database-wide
            ones: trusted keys), for a supervisor's verification.
        pins: the keys this computer pinned for this database's workstations.
    """
    found = compare(recorded, rows, pins)
    if gate_code is None:
        return found
    return [finding for finding in found if not finding.gates or gate_code in finding.gates]
