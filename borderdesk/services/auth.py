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
def decoy_hash() -> str:
    """A hash no password matches: checking an unknown username against it takes as long as
    a known one, so the time of a refusal does not tell which usernames exist."""
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


def wrong_credentials() -> LoginRefused:
    """The one refusal for a wrong password, an unknown username and a locked account.

    One message for the three, so a refusal never tells which usernames exist;
    the lock is named for everyone.
    """
    return LoginRefused(
        _("Wrong username or password. {n} failed logins lock an account for {minutes} "
          "minutes.").format(n=MAX_FAILURES, minutes=int(LOCK_DURATION.total_seconds() // 60))
    )


def _refusal(
    session: Session, *, officer: Officer, password: str, workstation_id: UUID, now: datetime,
) -> LoginRefused | None:
    """Record and return why ``password`` does not open ``officer``'s account, or None.

    The login record keeps what really happened (``refused_locked``, ``failed``,
    ``refused_disabled``) for the supervisor; the officer at the keyboard reads
    the same words for a lock as for a wrong password.
    """
    record = partial(
        _record, session, workstation_id=workstation_id, username=officer.username,
        officer=officer, now=now,
    )
    # The hash is checked even for a locked account: a refusal takes as long either way.
    matches = password_matches(officer.password_hash, password)
    if officer_locked_until(session, officer, now) is not None:
        record("refused_locked")
        return wrong_credentials()
    if not matches:
        record("failed")
        return wrong_credentials()
    if not officer.active:
        record("refused_disabled")
        return LoginRefused(_("This account is disabled. Ask an administrator."))
    return None


def log_in(db: Database, workstation: WorkstationIdentity, username: str, password: str) -> Actor:
    """Check the credentials and record the login (or the failure).

    Raises:
        LoginRefused: a wrong password, an unknown username or an account
            locked after 5 failures (one message for the three), or, once
            the password is right, a disabled account or another gate's.
    """
    now = clock()
    name = normalize_username(username)
    refusal: LoginRefused | None = None
    with db.session() as session:
        officer = session.scalars(select(Officer).where(Officer.username == name)).one_or_none()
        record = partial(
            _record, session, workstation_id=workstation.workstation_id, username=name,
            officer=officer, now=now,
        )
        if officer is None:
            password_matches(decoy_hash(), password)
            record("failed")
            refusal = wrong_credentials()
        else:
            refusal = _refusal(
                session, officer=officer, password=password,
                workstation_id=workstation.workstation_id, now=now,
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


def confirm_officer(db: Database, username: str, password: str, workstation_id: UUID) -> Actor:
    """Check an officer's credentials and write nothing: headquarters' read-only database.

    Headquarters holds every gate's officers by replication and no row may be
    written there, so nothing is recorded and a failure counts nowhere; a lock
    recorded at the officer's own gate holds here too. Usernames are unique
    within a gate only: the gates' officers of that username are tried in turn.

    Args:
        workstation_id: the computer asking (it is no workstation of any gate).

    Raises:
        LoginRefused: the same one message for a wrong password, an unknown
            username, a locked or a disabled account.
    """
    now = clock()
    name = normalize_username(username)
    with db.session() as session:
        candidates = session.scalars(
            select(Officer).where(Officer.username == name).order_by(Officer.gate_id)
        ).all()
        if not candidates:
            password_matches(decoy_hash(), password)
        for officer in candidates:
            if (password_matches(officer.password_hash, password) and officer.active
                    and officer_locked_until(session, officer, now) is None):
                return Actor(
                    officer_id=officer.id, username=officer.username,
                    full_name=officer.full_name, role=Role(officer.role),
                    gate_id=officer.gate_id, workstation_id=workstation_id,
                )
    raise wrong_credentials()


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
            refusal = wrong_credentials()
        else:
            refusal = _refusal(
                session, officer=officer, password=password,
                workstation_id=actor.workstation_id, now=now,
            )
            if refusal is None:
                _record(
                    session, "session_unlocked", workstation_id=actor.workstation_id,
                    username=officer.username, officer=officer, now=now,
                )
    if refusal is not None:
        raise refusal
