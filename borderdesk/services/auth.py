"""Logging in and out, failed-login lockout and the idle session lock.

Every login, failure, refusal, logout and session lock is a ``LoginEvent`` row
and an audit event. A refusal is committed before it is raised, so a failed
attempt counts even though the caller sees an error.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import cache, partial
from uuid import UUID
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from borderdesk.access.lockout import LOCK_DURATION, MAX_FAILURES, locked_until
from borderdesk.access.passwords import hash_password, password_matches
from borderdesk.domain.gate import WorkstationIdentity
from borderdesk.domain.officer import Actor, Role
from borderdesk.errors import LoginRefused
from borderdesk.i18n import _
from borderdesk.services.audit import append_event
from borderdesk.storage.engine import Database
from borderdesk.storage.models import Gate, LoginEvent, Officer
from borderdesk.storage.models.base import utc_now

clock: Callable[[], datetime] = utc_now
"""The current time; tests replace it to step through a lockout."""

_SUCCESS_KINDS = ("login", "session_unlocked")


def normalize_username(username: str) -> str:
    """Usernames are kept lowercase without surrounding spaces."""
    return username.strip().lower()[:64]


@cache
def _decoy_hash() -> str:
    # Checking an unknown username against a real hash takes as long as a known one,
    # so the time of a refusal does not tell which usernames exist.
    return hash_password("decoy-password-never-matches")


def officer_locked_until(session: Session, officer: Officer, now: datetime) -> datetime | None:
    """When the officer's failed-login lock ends, or None when the account is not locked.

    Only failures after the last successful login and the last password
    change (a reset clears the lock) count.
    """
    last_success = session.scalar(
        select(func.max(LoginEvent.at)).where(
            LoginEvent.username == officer.username, LoginEvent.kind.in_(_SUCCESS_KINDS)
        )
    )
    # A lock runs 15 minutes from the fifth of five failures made within 15 minutes:
    # no failure older than twice that can still matter.
    oldest = now - 2 * LOCK_DURATION
    since = max(t for t in (last_success, officer.password_changed_at, oldest) if t)
    failures = session.scalars(
        select(LoginEvent.at)
        .where(
            LoginEvent.username == officer.username,
            LoginEvent.kind == "failed",
            LoginEvent.at > since,
        )
        .order_by(LoginEvent.at)
    ).all()
    return locked_until(failures, now)


def _record(
    session: Session,
    kind: str,
    *,
    workstation_id: UUID,
    username: str,
    officer: Officer | None,
    now: datetime,
) -> None:
    officer_id = officer.id if officer else None
    session.add(LoginEvent(
        at=now, username=username, officer_id=officer_id, workstation_id=workstation_id, kind=kind
    ))
    append_event(
        session,
        workstation_id=workstation_id,
        officer_id=officer_id,
        action=f"login.{kind}",
        entity="officer",
        entity_id=str(officer_id) if officer_id else username,
        payload={"username": username},
        at=now,
    )


def _wrong_credentials() -> LoginRefused:
    return LoginRefused(_("Wrong username or password."))


def _locked(until: datetime, zone: ZoneInfo) -> LoginRefused:
    return LoginRefused(
        _("This account is locked after {n} failed logins. Try again after {time}.").format(
            n=MAX_FAILURES, time=until.astimezone(zone).strftime("%H:%M")
        )
    )


def _refusal(
    session: Session, *, officer: Officer, password: str, workstation_id: UUID, zone: ZoneInfo,
    now: datetime,
) -> LoginRefused | None:
    """Record and return why ``password`` does not open ``officer``'s account, or None."""
    record = partial(
        _record, session, workstation_id=workstation_id, username=officer.username,
        officer=officer, now=now,
    )
    until = officer_locked_until(session, officer, now)
    if until is not None:
        record("refused_locked")
        return _locked(until, zone)
    if not password_matches(officer.password_hash, password):
        record("failed")
        until = officer_locked_until(session, officer, now)
        return _locked(until, zone) if until is not None else _wrong_credentials()
    if not officer.active:
        record("refused_disabled")
        return LoginRefused(_("This account is disabled. Ask an administrator."))
    return None


def log_in(db: Database, workstation: WorkstationIdentity, username: str, password: str) -> Actor:
    """Check the credentials and record the login (or the failure).

    Raises:
        LoginRefused: wrong username or password (one message for both), a
            disabled account, or an account locked after 5 failures (the
            message says until when, in the gate's local time).
    """
    now = clock()
    name = normalize_username(username)
    zone = ZoneInfo(workstation.gate_timezone)
    refusal: LoginRefused | None = None
    with db.session() as session:
        officer = session.scalars(select(Officer).where(Officer.username == name)).one_or_none()
        record = partial(
            _record, session, workstation_id=workstation.workstation_id, username=name,
            officer=officer, now=now,
        )
        if officer is None:
            password_matches(_decoy_hash(), password)
            record("failed")
            refusal = _wrong_credentials()
        else:
            refusal = _refusal(
                session, officer=officer, password=password,
                workstation_id=workstation.workstation_id, zone=zone, now=now,
            )
            if refusal is None and officer.gate_id != workstation.gate_id:
                record("refused_gate")
                refusal = LoginRefused(_("Your account belongs to another gate."))
            if refusal is None:
                record("login")
                actor = Actor(
                    officer_id=officer.id,
                    username=officer.username,
                    full_name=officer.full_name,
                    role=Role(officer.role),
                    gate_id=officer.gate_id,
                    workstation_id=workstation.workstation_id,
                )
    if refusal is not None:
        raise refusal
    return actor


def _record_for(db: Database, actor: Actor, kind: str) -> None:
    with db.session() as session:
        officer = session.get(Officer, actor.officer_id)
        _record(
            session, kind, workstation_id=actor.workstation_id, username=actor.username,
            officer=officer, now=clock(),
        )


def log_out(db: Database, actor: Actor) -> None:
    """Record the logout."""
    _record_for(db, actor, "logout")


def lock_session(db: Database, actor: Actor) -> None:
    """Record that the idle session locked itself."""
    _record_for(db, actor, "session_locked")


def unlock_session(db: Database, actor: Actor, password: str) -> None:
    """Unlock the idle-locked session with the same officer's password.

    Raises:
        LoginRefused: wrong password (counts as a failure), disabled or locked account.
    """
    now = clock()
    refusal: LoginRefused | None = None
    with db.session() as session:
        officer = session.get(Officer, actor.officer_id)
        gate = session.get(Gate, actor.gate_id)
        if officer is None or gate is None:
            refusal = _wrong_credentials()
        else:
            zone = ZoneInfo(gate.timezone)
            refusal = _refusal(
                session, officer=officer, password=password,
                workstation_id=actor.workstation_id, zone=zone, now=now,
            )
            if refusal is None:
                _record(
                    session, "session_unlocked", workstation_id=actor.workstation_id,
                    username=officer.username, officer=officer, now=now,
                )
    if refusal is not None:
        raise refusal
