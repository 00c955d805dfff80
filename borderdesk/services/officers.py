"""Officer accounts: the administrator's work."""

from __future__ import annotations

from uuid import UUID

from borderdesk.domain.officer import Actor, NewOfficer, OfficerSummary
from borderdesk.storage.engine import Database


def list_officers(db: Database, actor: Actor) -> list[OfficerSummary]:
    """Every officer of the actor's gate, active or not, by username."""
    raise NotImplementedError


def create_officer(db: Database, actor: Actor, new: NewOfficer) -> OfficerSummary:
    """Create an account. Raises InvalidForm (username taken, short password...)."""
    raise NotImplementedError


def set_officer_active(db: Database, actor: Actor, officer_id: UUID, active: bool) -> OfficerSummary:
    """Disable or re-enable an account; an administrator cannot disable themself."""
    raise NotImplementedError


def reset_password(db: Database, actor: Actor, officer_id: UUID, new_password: str) -> None:
    """Set a new password; it also clears a failed-login lock."""
    raise NotImplementedError
