"""Officers of the gate and their roles."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from borderdesk.i18n import N_, _


class Role(enum.StrEnum):
    """What an officer is at the gate; the permission table keys on it."""

    BORDER_GUARD = "border_guard"
    CUSTOMS_OFFICER = "customs_officer"
    POLICE_OFFICER = "police_officer"
    MARKET_CONTROL_OFFICER = "market_control_officer"
    SUPERVISOR = "supervisor"
    ADMINISTRATOR = "administrator"


_ROLE_LABELS = {
    Role.BORDER_GUARD: N_("Border guard"),
    Role.CUSTOMS_OFFICER: N_("Customs officer"),
    Role.POLICE_OFFICER: N_("Police officer"),
    Role.MARKET_CONTROL_OFFICER: N_("Market-control officer"),
    Role.SUPERVISOR: N_("Supervisor"),
    Role.ADMINISTRATOR: N_("Administrator"),
}


def role_label(role: Role) -> str:
    """The officer-facing name of a role, in the active language."""
    return _(_ROLE_LABELS[role])


@dataclass(frozen=True)
class Actor:
    """The officer logged in at a workstation: who every service call acts as."""

    officer_id: UUID
    username: str
    full_name: str
    role: Role
    gate_id: UUID
    workstation_id: UUID


@dataclass(frozen=True)
class Credentials:
    """A username and the password typed for it, checked where no login can be recorded."""

    username: str
    password: str = field(repr=False)


@dataclass(frozen=True)
class OfficerSummary:
    """An officer as the administrator's list shows them."""

    officer_id: UUID
    username: str
    full_name: str
    role: Role
    badge_no: str
    active: bool
    locked_until: datetime | None
    created_at: datetime


@dataclass(frozen=True)
class NewOfficer:
    """What an administrator types to create an officer."""

    username: str
    full_name: str
    role: Role
    password: str
    badge_no: str = ""
