"""Logging in and out, failed-login lockout and the idle session lock."""

from __future__ import annotations

from borderdesk.domain.gate import WorkstationIdentity
from borderdesk.domain.officer import Actor
from borderdesk.storage.engine import Database


def log_in(db: Database, workstation: WorkstationIdentity, username: str, password: str) -> Actor:
    """Check the credentials and record the login (or the failure).

    Raises:
        LoginRefused: wrong username or password (one message for both), a
            disabled account, or an account locked after 5 failures (the
            message says until when, in the gate's local time).
    """
    raise NotImplementedError


def log_out(db: Database, actor: Actor) -> None:
    """Record the logout."""
    raise NotImplementedError


def lock_session(db: Database, actor: Actor) -> None:
    """Record that the idle session locked itself."""
    raise NotImplementedError


def unlock_session(db: Database, actor: Actor, password: str) -> None:
    """Unlock the idle-locked session with the same officer's password.

    Raises:
        LoginRefused: wrong password (counts as a failure), disabled or locked account.
    """
    raise NotImplementedError
