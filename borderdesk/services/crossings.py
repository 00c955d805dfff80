"""Arrivals and the crossing queue."""

from __future__ import annotations

from uuid import UUID

from borderdesk.domain.crossing import (
    ArrivalForm,
    CrossingDetail,
    QueueFilter,
    QueuePage,
    VehicleRecall,
)
from borderdesk.domain.officer import Actor
from borderdesk.storage.engine import Database


def register_arrival(db: Database, actor: Actor, form: ArrivalForm) -> CrossingDetail:
    """Validate and save an arriving vehicle; it is in the queue when this returns.

    Raises:
        PermissionDenied: the actor's role may not register arrivals.
        InvalidForm: with ``fields`` naming each wrong field and why (a wrong
            container check digit names the digit it should be).
    """
    raise NotImplementedError


def recall_vehicle(db: Database, actor: Actor, plate: str) -> VehicleRecall | None:
    """What the gate remembers of the truck with this tractor plate, or None."""
    raise NotImplementedError


def query_queue(
    db: Database, actor: Actor, queue_filter: QueueFilter, offset: int = 0, limit: int = 100
) -> QueuePage:
    """A page of the gate's crossings matching the filter, sorted, with counts per status."""
    raise NotImplementedError


def get_crossing(db: Database, actor: Actor, crossing_id: UUID) -> CrossingDetail:
    """One crossing with what happened at each stage. Raises UserInputError when unknown."""
    raise NotImplementedError


def queue_marker(db: Database, actor: Actor) -> str:
    """A cheap token that changes whenever a crossing of the gate is added or changes state.

    The queue polls it and reloads only when it changed.
    """
    raise NotImplementedError
