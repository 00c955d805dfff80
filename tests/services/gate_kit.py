"""Test kit: a gate with a workstation and one officer of every role; arrival forms."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from borderdesk.access.passwords import hash_password
from borderdesk.config import Settings
from borderdesk.custody.security_state import password_sha256
from borderdesk.domain.crossing import ArrivalForm, ContainerEntry, Direction
from borderdesk.domain.gate import WorkstationIdentity
from borderdesk.domain.officer import Actor, Role
from borderdesk.services.audit import append_event
from borderdesk.services.workstations import attach_workstation, create_gate
from borderdesk.storage.engine import Database
from borderdesk.storage.models import Officer
from borderdesk.storage.models.base import new_id

PASSWORD = "laobao2026"
LANES = ("1", "2", "3", "4", "5", "6")


@cache
def _password_hash() -> str:
    # argon2 is slow on purpose: hash the shared test password once per run.
    return hash_password(PASSWORD)


@dataclass(frozen=True)
class GateSetup:
    """A gate, a workstation attached to it and an officer of every role."""

    db: Database
    workstation: WorkstationIdentity
    officers: dict[Role, Actor]

    def actor(self, role: Role) -> Actor:
        """The officer of ``role``, logged in at this gate's workstation."""
        return self.officers[role]

    def at_workstation(self, workstation: WorkstationIdentity, role: Role) -> Actor:
        """The officer of ``role`` working at another workstation of the gate."""
        return replace(self.officers[role], workstation_id=workstation.workstation_id)


def attach(db: Database, name: str, gate_code: str = "LAOBAO") -> WorkstationIdentity:
    """Attach a new workstation called ``name`` to the gate."""
    return attach_workstation(
        db, Settings(workstation_id=new_id(), workstation_name=name, gate_code=gate_code)
    )


def make_gate(db: Database, code: str = "LAOBAO", prefix: str = "") -> GateSetup:
    """Create the gate, attach a workstation and insert one officer per role."""
    create_gate(db, code, "Cửa khẩu Quốc tế Lao Bảo", lanes=LANES)
    workstation = attach(db, f"{code}-BOOTH-1", code)
    officers: dict[Role, Actor] = {}
    with db.session() as session:
        for role in Role:
            officer = Officer(
                gate_id=workstation.gate_id,
                username=f"{prefix}{role.value}",
                full_name=f"Officer {role.value.replace('_', ' ').title()}",
                role=role.value,
                password_hash=_password_hash(),
                workstation_id=workstation.workstation_id,
            )
            session.add(officer)
            session.flush()
            # As services.officers records an account: `audit verify` replays officers from it.
            append_event(session, workstation_id=workstation.workstation_id, officer_id=None,
                         action="officer.created", entity="officer", entity_id=str(officer.id),
                         payload={"username": officer.username, "role": officer.role,
                                  "gate": code,
                                  "password_sha256": password_sha256(officer.password_hash)})
            officers[role] = Actor(
                officer_id=officer.id,
                username=officer.username,
                full_name=officer.full_name,
                role=role,
                gate_id=workstation.gate_id,
                workstation_id=workstation.workstation_id,
            )
    return GateSetup(db, workstation, officers)



def earlier_today(minutes_ago: float, zone: str = "Asia/Ho_Chi_Minh") -> datetime:
    """``minutes_ago`` before now, kept within the gate's today and in the same order.

    In the first hour of the gate's day, "40 minutes ago" is yesterday, and a
    test that reads today's queue would miss it: the offsets (up to 60
    minutes) are squeezed into the part of today that has passed.
    """
    now = datetime.now(UTC)
    local_zone = ZoneInfo(zone)
    midnight = datetime.combine(now.astimezone(local_zone).date(), time(), local_zone)
    elapsed = now - midnight
    if elapsed > timedelta(minutes=61):
        return now - timedelta(minutes=minutes_ago)
    return midnight + elapsed * (1 - minutes_ago / 61)


def arrival(plate: str = "74C-123.45", **changes: object) -> ArrivalForm:
    """A valid arrival form of a Vietnamese truck with one container, arriving now."""
    form = ArrivalForm(
        direction=Direction.IMPORT,
        lane="2",
        tractor_plate=plate,
        arrived_at=earlier_today(1),
        trailer_plate="74R-004.21",
        containers=(ContainerEntry("CSQU3054383", ("A123456",)),),
        driver_name="Nguyễn Văn An",
        driver_document_no="045123456789",
        driver_nationality="VN",
        carrier_name="Công ty TNHH Vận tải Quảng Trị",
    )
    return replace(form, **changes)  # type: ignore[arg-type]
