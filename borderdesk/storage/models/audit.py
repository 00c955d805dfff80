"""The audit chain: one hash-linked sequence of events per workstation."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from borderdesk.storage.models.base import Base, new_id, utc_now


class AuditEvent(Base):
    """Every write made through the services appends one; nothing ever changes one.

    ``hash`` is the SHA-256 of ``prev_hash`` and the canonical JSON of the
    other fields, so a changed, missing, inserted or reordered event breaks
    the chain of its workstation.
    """

    __tablename__ = "audit_events"

    id: Mapped[UUID] = mapped_column(primary_key=True, default=new_id)
    workstation_id: Mapped[UUID] = mapped_column(ForeignKey("workstations.id"))
    seq: Mapped[int]
    at: Mapped[datetime] = mapped_column(default=utc_now)
    """When the event happened: the server's clock on PostgreSQL, the workstation's on SQLite."""
    workstation_at: Mapped[datetime | None]
    """The workstation's clock at the event, kept beside ``at`` when ``at`` is the server's."""
    officer_id: Mapped[UUID | None] = mapped_column(ForeignKey("officers.id"))
    action: Mapped[str] = mapped_column(String(48))
    entity: Mapped[str] = mapped_column(String(48))
    entity_id: Mapped[str] = mapped_column(String(64))
    payload: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    signature: Mapped[str] = mapped_column(String(128), default="")
    """Ed25519 signature (hex) of ``hash`` by the workstation key, kept outside the database."""

    __table_args__ = (UniqueConstraint("workstation_id", "seq", name="uq_audit_events_ws_seq"),)
