"""Registering this workstation with the gate's database."""

from __future__ import annotations

from uuid import UUID
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.orm import Session

from borderdesk.config import Settings
from borderdesk.domain.gate import WorkstationIdentity
from borderdesk.domain.officer import Actor
from borderdesk.errors import (
    AdministratorLoginNeeded,
    EnvironmentProblem,
    PermissionDenied,
    UserInputError,
)
from borderdesk.i18n import _
from borderdesk.services.audit import append_event
from borderdesk.services.workstation_registry import witness_workstations
from borderdesk.storage.admin_login import require_security_writes
from borderdesk.storage.engine import Database
from borderdesk.storage.models import Gate, Officer, Workstation


def gate_lanes(gate: Gate) -> tuple[str, ...]:
    """The lanes of a gate, in the order they were configured."""
    return tuple(lane.strip() for lane in gate.lanes.split(",") if lane.strip())


def _identity(workstation: Workstation, gate: Gate) -> WorkstationIdentity:
    return WorkstationIdentity(
        workstation_id=workstation.id,
        workstation_name=workstation.name,
        gate_id=gate.id,
        gate_code=gate.code,
        gate_name=gate.name,
        gate_timezone=gate.timezone,
        lanes=gate_lanes(gate),
    )


def attach_workstation(db: Database, settings: Settings) -> WorkstationIdentity:
    """Register the workstation of ``settings`` with its gate (idempotent) and describe it.

    A new workstation, a renamed one or one moved to another gate is recorded
    in its audit chain. A workstation without a signing key gets one, its
    public half registered (``services.keys.register_workstation_key``).

    Raises:
        EnvironmentProblem: when the database has no gate ``settings.gate_code``
            (tell the officer to run ``borderdesk demo`` or ``borderdesk init --gate``).
    """
    code = settings.gate_code.strip().upper()
    with db.session() as session:
        gate = session.scalars(select(Gate).where(Gate.code == code)).one_or_none()
        if gate is None:
            raise EnvironmentProblem(
                _(
                    "The database {url} has no gate {code}. Run 'borderdesk demo' "
                    "or 'borderdesk init --gate {code}' first."
                ).format(url=db.display_url, code=code)
            )
        workstation = session.get(Workstation, settings.workstation_id)
        action = ""
        if workstation is None or workstation.gate_id != gate.id \
                or workstation.name != settings.workstation_name or not workstation.public_key:
            _require_administrators(session, settings, gate)
        if workstation is None:
            workstation = Workstation(
                id=settings.workstation_id, name=settings.workstation_name, gate_id=gate.id
            )
            session.add(workstation)
            session.flush()
            action = "workstation.attached"
        elif workstation.gate_id != gate.id or workstation.name != settings.workstation_name:
            workstation.gate_id = gate.id
            workstation.name = settings.workstation_name
            action = "workstation.changed"
        if action:
            append_event(
                session,
                workstation_id=workstation.id,
                officer_id=None,
                action=action,
                entity="workstation",
                entity_id=str(workstation.id),
                payload={"name": workstation.name, "gate": gate.code},
            )
        # Imported here: the keys service checks gates with this module's gate_of.
        from borderdesk.services.keys import register_workstation_key

        register_workstation_key(session, workstation.id)
        witness_workstations(session, workstation.id)  # the others, in this chain
        return _identity(workstation, gate)


def _require_administrators(session: Session, settings: Settings, gate: Gate) -> None:
    # Which machines sign the gate's record is the administrators' to say (docs/security.md).
    try:
        require_security_writes(session)
    except AdministratorLoginNeeded:
        raise AdministratorLoginNeeded(_(
            "This workstation ({name}) is not registered at gate {code} as it is set up here "
            "(its name, its gate and its signing key). An administrator registers it on this "
            "computer: 'borderdesk workstation register' (it asks for the administrators' "
            "database password).").format(
                name=settings.workstation_name, code=gate.code)) from None


def known_workstation(db: Database, settings: Settings) -> WorkstationIdentity:
    """This workstation as the database already knows it, without writing anything.

    Used when the gate's server is away and the window starts on the local
    copy: attaching (a write) would only wait in the queue.

    Raises:
        EnvironmentProblem: the database does not know this workstation at its gate.
    """
    with db.session() as session:
        workstation = session.get(Workstation, settings.workstation_id)
        gate = session.scalars(
            select(Gate).where(Gate.code == settings.gate_code.strip().upper())).one_or_none()
        if workstation is None or gate is None or workstation.gate_id != gate.id:
            raise EnvironmentProblem(_(
                "The gate's server {url} cannot be reached, and this workstation's copy "
                "does not know it at gate {code}.").format(url=db.display_url,
                                                          code=settings.gate_code))
        return _identity(workstation, gate)


def create_gate(db: Database, code: str, name: str, timezone: str = "Asia/Ho_Chi_Minh",
                lanes: tuple[str, ...] = ("1", "2", "3", "4")) -> None:
    """Create a gate when no gate of that code exists (idempotent).

    A gate exists before any workstation does, so its creation has no audit
    chain to go into; the workstations attached to it start theirs.

    Raises:
        UserInputError: an empty code or name, an unknown time zone or no lanes.
    """
    code = code.strip().upper()
    clean_lanes = tuple(lane.strip() for lane in lanes if lane.strip())
    if not code or not name.strip():
        raise UserInputError(_("A gate needs a code and a name."))
    if not clean_lanes or any("," in lane for lane in clean_lanes):
        raise UserInputError(_("A gate needs at least one lane; lane names hold no commas."))
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise UserInputError(_("Unknown time zone '{zone}'.").format(zone=timezone)) from None
    with db.session() as session:
        if session.scalars(select(Gate.id).where(Gate.code == code)).first() is not None:
            return
        require_security_writes(session)
        session.add(
            Gate(code=code, name=name.strip(), timezone=timezone, lanes=",".join(clean_lanes))
        )


def gate_of(session: Session, actor: Actor) -> Gate:
    """The gate of the actor's workstation, after checking the officer may act there.

    Raises:
        PermissionDenied: the account is disabled or belongs to another gate
            than the workstation.
    """
    workstation = session.get(Workstation, actor.workstation_id)
    officer = session.get(Officer, actor.officer_id)
    if workstation is None or officer is None or workstation.gate_id != actor.gate_id \
            or officer.gate_id != actor.gate_id:
        raise PermissionDenied(_("Your account does not belong to this workstation's gate."))
    if not officer.active:
        raise PermissionDenied(_("Your account is disabled. Ask an administrator."))
    gate = session.get(Gate, actor.gate_id)
    assert gate is not None  # the workstation's foreign key guarantees it
    return gate


def workstation_name(session: Session, workstation_id: UUID) -> str:
    """The name of a workstation, or an empty text when unknown."""
    workstation = session.get(Workstation, workstation_id)
    return workstation.name if workstation else ""
