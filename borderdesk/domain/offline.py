"""Working offline: where saves go, and what the replay of a save came to."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime


class Connectivity(enum.StrEnum):
    """Where this workstation's saves go right now."""

    ONLINE = "online"
    """To the gate's server."""
    OFFLINE = "offline"
    """To this workstation's local copy and its queue."""
    REPLAYING = "replaying"
    """The server is back and the queue is being sent to it."""


class QueuedState(enum.StrEnum):
    """How far one save made offline got."""

    QUEUED = "queued"
    """Waiting for the server."""
    SENT = "sent"
    """Written to the server by the replay."""
    ALREADY_THERE = "already"
    """The server had it already (its commit went through just as the line was cut)."""
    CONFLICT = "conflict"
    """The server refused it: somebody changed the record meanwhile. The officer decides."""
    SETTLED = "settled"
    """A conflict the officer has looked at and closed."""


@dataclass(frozen=True)
class ConflictColumn:
    """One column of a refused record: as seen here, as written here, as the server has it."""

    name: str
    seen: str
    ours: str
    theirs: str


@dataclass(frozen=True)
class ReplayConflict:
    """Why the server refused a save, with both versions of the record."""

    table: str
    record_id: str
    reason: str
    columns: tuple[ConflictColumn, ...]
    settled_by: str | None = None
    """For a handoff settled elsewhere: who accepted, disputed or returned it."""
    settled_at: datetime | None = None


@dataclass(frozen=True)
class QueuedSaveView:
    """One save made offline, as the officer's list shows it."""

    seq: int
    queued_at: datetime
    action: str
    """The audit action (``crossing.registered``, ``handoff.sent`` ...)."""
    what: str
    """The action in the officer's words."""
    entity: str
    entity_id: str
    state: QueuedState
    uncertain: bool
    settled_at: datetime | None
    conflict: ReplayConflict | None


@dataclass(frozen=True)
class OfflineStatus:
    """What the status bar shows."""

    connectivity: Connectivity
    waiting: int
    """Saves waiting for the server."""
    open_conflicts: int
    """Refused saves the officer has not yet settled."""
    copy_taken_at: datetime | None
    """When the local copy (the last known state of the gate) was taken."""
