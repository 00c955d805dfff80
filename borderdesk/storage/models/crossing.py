"""Crossings: a truck's passage through the gate, its containers and its status history."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from borderdesk.storage.models.base import Base, Stamped


class Crossing(Stamped, Base):
    """One arrival of a vehicle at the gate.

    ``status`` and ``channel`` are the current state kept for the queue's
    indexes; ``CrossingStatusChange`` rows are the history they come from.
    Plates are also kept normalised (letters and digits only) so that a
    search is an index lookup, not a scan.
    """

    __tablename__ = "crossings"

    gate_id: Mapped[UUID] = mapped_column(ForeignKey("gates.id"))
    reference: Mapped[str] = mapped_column(String(32))
    direction: Mapped[str] = mapped_column(String(16))
    lane: Mapped[str] = mapped_column(String(16))
    arrived_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str | None] = mapped_column(String(8))
    tractor_plate: Mapped[str] = mapped_column(String(32))
    tractor_plate_norm: Mapped[str] = mapped_column(String(32))
    tractor_country: Mapped[str] = mapped_column(String(2))
    trailer_plate: Mapped[str] = mapped_column(String(32), default="")
    trailer_plate_norm: Mapped[str] = mapped_column(String(32), default="")
    trailer_country: Mapped[str] = mapped_column(String(2), default="")
    driver_name: Mapped[str] = mapped_column(String(200), default="")
    driver_document_no: Mapped[str] = mapped_column(String(32), default="")
    driver_nationality: Mapped[str] = mapped_column(String(2), default="")
    carrier_name: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    note_phrase: Mapped[dict[str, object] | None] = mapped_column(
        JSON(none_as_null=True), nullable=True)
    """A note BorderDesk wrote (a crossing imported from another gate's bundle), as a
    phrase said in each reader's language; None for an officer's own note."""
    version: Mapped[int] = mapped_column(default=1)

    containers: Mapped[list[CrossingContainer]] = relationship(
        order_by="CrossingContainer.position", lazy="selectin"
    )

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's own API
    __table_args__ = (
        # Status last: the queue's counts per status for a date range come from the index alone.
        Index("ix_crossings_gate_arrived_status", "gate_id", "arrived_at", "status"),
        Index("ix_crossings_gate_status_arrived", "gate_id", "status", "arrived_at"),
        Index("ix_crossings_gate_channel_arrived", "gate_id", "channel", "arrived_at"),
        Index("ix_crossings_tractor_plate_norm", "tractor_plate_norm", "arrived_at"),
        Index("ix_crossings_trailer_plate_norm", "trailer_plate_norm", "arrived_at"),
        Index("ix_crossings_reference", "reference"),
    )


class CrossingContainer(Stamped, Base):
    """A container on a crossing's truck, with its seals as registered at arrival."""

    __tablename__ = "crossing_containers"

    crossing_id: Mapped[UUID] = mapped_column(ForeignKey("crossings.id"))
    position: Mapped[int]
    container_no: Mapped[str] = mapped_column(String(11))
    seal_nos: Mapped[str] = mapped_column(String(200), default="")
    """Seal numbers separated by spaces."""

    __table_args__ = (
        Index("ix_crossing_containers_container_no", "container_no"),
        Index("ix_crossing_containers_crossing", "crossing_id"),
    )


class CrossingStatusChange(Stamped, Base):
    """A crossing moved to a status (and perhaps a channel): the queue's history."""

    __tablename__ = "crossing_status_changes"

    crossing_id: Mapped[UUID] = mapped_column(ForeignKey("crossings.id"), index=True)
    status: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str | None] = mapped_column(String(8))
    stage: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
    """The note as its writer read it (what older rows and the audit chain hold)."""
    note_phrase: Mapped[dict[str, object] | None] = mapped_column(
        JSON(none_as_null=True), nullable=True)
    """A note BorderDesk wrote, as a phrase said in each reader's language; None for an
    officer's own words and for rows written before phrases."""

    # The queue marker counts the recent changes through it.
    __table_args__ = (Index("ix_crossing_status_changes_created_at", "created_at"),)
