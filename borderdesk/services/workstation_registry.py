"""Each workstation witnesses the others: chains cannot vanish or move unseen.

A workstation's own chain records where it is and which key it signs with;
delete that chain with its row, or move the row to another gate, and its own
record goes with it. So when a workstation attaches (every start), it appends
to its chain one signed ``workstations.witnessed`` event listing the other
workstations of the database it sees that its chain has not recorded yet, or
not as they are now (another name, gate or key); nothing when nothing
changed. ``audit verify`` replays these records with everything else
(``custody.security_state``): a witnessed workstation whose row or chain is
gone, or whose row names another gate or key, is named.
"""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select
from sqlalchemy.orm import Session

from borderdesk.custody.security_state import (
    WITNESSED,
    RecordedWorkstation,
    SecurityEvent,
    replay,
)
from borderdesk.services.audit import append_event
from borderdesk.storage.models import AuditEvent, Gate, Workstation


def witness_workstations(session: Session, workstation_id: UUID) -> int:
    """Record in ``workstation_id``'s chain the other workstations it has not recorded as
    they are now.

    Returns:
        How many workstations the new event lists (0: none was appended).
    """
    recorded = replay(
        SecurityEvent(workstation_id, WITNESSED, str(workstation_id), payload)
        for payload in session.scalars(
            select(AuditEvent.payload)
            .where(AuditEvent.workstation_id == workstation_id, AuditEvent.action == WITNESSED)
            .order_by(AuditEvent.seq))
    ).workstations
    others = session.execute(
        select(Workstation.id, Workstation.name, Gate.code, Workstation.public_key)
        .join(Gate, Gate.id == Workstation.gate_id)
        .where(Workstation.id != workstation_id)
        .order_by(Workstation.id)
    ).all()
    seen = [
        {"id": str(other.id), "name": other.name, "gate": other.code,
         "public_key": other.public_key}
        for other in others
        if recorded.get(other.id) != RecordedWorkstation(
            name=other.name, gate=other.code, public_key=other.public_key or None)
    ]
    if seen:
        append_event(session, workstation_id=workstation_id, officer_id=None, action=WITNESSED,
                     entity="workstation", entity_id=str(workstation_id),
                     payload={"workstations": seen})
    return len(seen)
