"""Registering this workstation with the gate's database."""

from __future__ import annotations

from borderdesk.config import Settings
from borderdesk.domain.gate import WorkstationIdentity
from borderdesk.storage.engine import Database


def attach_workstation(db: Database, settings: Settings) -> WorkstationIdentity:
    """Register the workstation of ``settings`` with its gate (idempotent) and describe it.

    Raises:
        EnvironmentProblem: when the database has no gate ``settings.gate_code``
            (tell the officer to run ``borderdesk demo`` or ``borderdesk init --gate``).
    """
    raise NotImplementedError


def create_gate(db: Database, code: str, name: str, timezone: str = "Asia/Ho_Chi_Minh",
                lanes: tuple[str, ...] = ("1", "2", "3", "4")) -> None:
    """Create a gate when no gate of that code exists (idempotent)."""
    raise NotImplementedError
