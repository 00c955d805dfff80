"""Officer accounts: the administrator's work."""

from __future__ import annotations

import re
from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from borderdesk.access.passwords import hash_password
from borderdesk.access.permissions import Action, require
from borderdesk.custody.security_state import password_sha256
from borderdesk.domain.gate import WorkstationIdentity
from borderdesk.domain.officer import Actor, NewOfficer, OfficerSummary, Role
from borderdesk.errors import InvalidForm, PermissionDenied, UserInputError
from borderdesk.i18n import _
from borderdesk.services import auth
from borderdesk.services.audit import append_event
from borderdesk.services.workstations import gate_of
from borderdesk.storage.admin_login import require_security_writes
from borderdesk.storage.engine import Database
from borderdesk.storage.models import Gate, Officer
from borderdesk.storage.offline.gate_database import require_server

_USERNAME = re.compile(r"^[a-z0-9._-]{3,64}$")
FULL_NAME_MIN, FULL_NAME_MAX = 2, 200
BADGE_MAX = 32


def _summary(session: Session, officer: Officer) -> OfficerSummary:
    return OfficerSummary(
        officer_id=officer.id,
        username=officer.username,
        full_name=officer.full_name,
        role=Role(officer.role),
        badge_no=officer.badge_no,
        active=officer.active,
        locked_until=auth.officer_locked_until(session, officer, auth.clock()),
        created_at=officer.created_at,
    )


def _officer_of_gate(session: Session, actor: Actor, officer_id: UUID) -> Officer:
    officer = session.get(Officer, officer_id)
    if officer is None or officer.gate_id != actor.gate_id:
        raise UserInputError(_("There is no such officer at this gate."))
    return officer


def list_officers(db: Database, actor: Actor) -> list[OfficerSummary]:
    """Every officer of the actor's gate, active or not, by username."""
    require(actor.role, Action.MANAGE_OFFICERS)
    with db.session() as session:
        gate_of(session, actor)
        officers = session.scalars(
            select(Officer).where(Officer.gate_id == actor.gate_id).order_by(Officer.username)
        ).all()
        return [_summary(session, officer) for officer in officers]


def _check_new(new: NewOfficer) -> tuple[NewOfficer, str]:
    fields: dict[str, str] = {}
    username = auth.normalize_username(new.username)
    if not _USERNAME.match(username):
        fields["username"] = _(
            "A username has 3 to 64 lowercase letters, digits, dots, dashes or underscores."
        )
    full_name = " ".join(new.full_name.split())
    if not FULL_NAME_MIN <= len(full_name) <= FULL_NAME_MAX:
        fields["full_name"] = _("A name has {low} to {high} characters.").format(
            low=FULL_NAME_MIN, high=FULL_NAME_MAX
        )
    try:
        role = Role(new.role)
    except ValueError:
        fields["role"] = _("Choose a role.")
        role = Role.BORDER_GUARD
    badge_no = new.badge_no.strip()
    if len(badge_no) > BADGE_MAX:
        fields["badge_no"] = _("A badge number has at most {n} characters.").format(n=BADGE_MAX)
    password_hash = ""
    try:
        password_hash = hash_password(new.password)
    except UserInputError as error:
        fields["password"] = str(error)
    if fields:
        raise InvalidForm(_("The officer was not created: correct the marked fields."), fields)
    return NewOfficer(username, full_name, role, new.password, badge_no), password_hash


def _gate_code(session: Session, gate_id: UUID) -> str:
    gate = session.get(Gate, gate_id)
    return gate.code if gate else ""


def _insert_officer(
    session: Session, *, gate_id: UUID, workstation_id: UUID, created_by: UUID | None,
    checked: NewOfficer, password_hash: str,
) -> Officer:
    now = auth.clock()
    officer = Officer(
        gate_id=gate_id,
        username=checked.username,
        full_name=checked.full_name,
        role=checked.role.value,
        badge_no=checked.badge_no,
        password_hash=password_hash,
        password_changed_at=now,
        created_at=now,
        workstation_id=workstation_id,
        created_by=created_by,
    )
    session.add(officer)
    session.flush()
    append_event(
        session,
        workstation_id=workstation_id,
        officer_id=created_by,
        action="officer.created",
        entity="officer",
        entity_id=str(officer.id),
        payload={
            "username": officer.username,
            "full_name": officer.full_name,
            "role": officer.role,
            "badge_no": officer.badge_no,
            # What `audit verify` replays the account from (custody.security_state).
            "gate": _gate_code(session, gate_id),
            "password_sha256": password_sha256(password_hash),
        },
    )
    return officer


def create_officer(db: Database, actor: Actor, new: NewOfficer) -> OfficerSummary:
    """Create an account. Raises InvalidForm (username taken, short password...)."""
    require(actor.role, Action.MANAGE_OFFICERS)
    require_server(db)  # who is who is the server's, never queued on a copy
    checked, password_hash = _check_new(new)
    taken = InvalidForm(
        _("The officer was not created: correct the marked fields."),
        {"username": _("The username {username} is taken.").format(username=checked.username)},
    )
    try:
        with db.session() as session:
            gate_of(session, actor)
            require_security_writes(session)
            if session.scalars(
                select(Officer.id).where(Officer.username == checked.username)
            ).first():
                raise taken
            officer = _insert_officer(
                session, gate_id=actor.gate_id, workstation_id=actor.workstation_id,
                created_by=actor.officer_id, checked=checked, password_hash=password_hash,
            )
            return _summary(session, officer)
    except IntegrityError:
        # Another workstation created the same username between our check and our insert.
        raise taken from None


def create_first_administrator(
    db: Database, workstation: WorkstationIdentity, new: NewOfficer
) -> OfficerSummary:
    """Create the first account of an empty database, an administrator, without a login.

    Raises:
        PermissionDenied: the database has officers already.
        UserInputError: ``new`` is not an administrator.
        InvalidForm: a field is wrong (as ``create_officer``).
    """
    if new.role is not Role.ADMINISTRATOR:
        raise UserInputError(_("The first officer must be an administrator."))
    checked, password_hash = _check_new(new)
    with db.session() as session:
        require_security_writes(session)
        if session.scalar(select(func.count()).select_from(Officer)):
            raise PermissionDenied(
                _("This database has officers already: an administrator adds the next ones.")
            )
        officer = _insert_officer(
            session, gate_id=workstation.gate_id, workstation_id=workstation.workstation_id,
            created_by=None, checked=checked, password_hash=password_hash,
        )
        return _summary(session, officer)


def set_officer_active(
    db: Database, actor: Actor, officer_id: UUID, active: bool
) -> OfficerSummary:
    """Disable or re-enable an account; an administrator cannot disable themself."""
    require(actor.role, Action.MANAGE_OFFICERS)
    require_server(db)  # who is who is the server's, never queued on a copy
    if officer_id == actor.officer_id and not active:
        raise UserInputError(_("You cannot disable your own account."))
    with db.session() as session:
        gate_of(session, actor)
        require_security_writes(session)
        officer = _officer_of_gate(session, actor, officer_id)
        if officer.active != active:
            officer.active = active
            append_event(
                session,
                workstation_id=actor.workstation_id,
                officer_id=actor.officer_id,
                action="officer.enabled" if active else "officer.disabled",
                entity="officer",
                entity_id=str(officer.id),
                payload={"username": officer.username},
            )
        return _summary(session, officer)


def reset_password(db: Database, actor: Actor, officer_id: UUID, new_password: str) -> None:
    """Set a new password; it also clears a failed-login lock."""
    require(actor.role, Action.MANAGE_OFFICERS)
    require_server(db)  # who is who is the server's, never queued on a copy
    try:
        password_hash = hash_password(new_password)
    except UserInputError as error:
        raise InvalidForm(str(error), {"password": str(error)}) from None
    with db.session() as session:
        gate_of(session, actor)
        require_security_writes(session)
        officer = _officer_of_gate(session, actor, officer_id)
        officer.password_hash = password_hash
        # Failed logins before this moment no longer count: the lock is cleared.
        officer.password_changed_at = auth.clock()
        append_event(
            session,
            workstation_id=actor.workstation_id,
            officer_id=actor.officer_id,
            action="officer.password_reset",
            entity="officer",
            entity_id=str(officer.id),
            payload={"username": officer.username,
                     "password_sha256": password_sha256(password_hash)},
        )
