"""Inspections, seizures and handoffs between agencies; states are appended, not edited."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import ForeignKey, Index, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from borderdesk.storage.models.base import Base, Stamped


class Inspection(Stamped, Base):
    """A documents or physical inspection of a crossing."""

    __tablename__ = "inspections"

    crossing_id: Mapped[UUID] = mapped_column(ForeignKey("crossings.id"), index=True)
    check_run_id: Mapped[UUID | None] = mapped_column(ForeignKey("check_runs.id"))
    kind: Mapped[str] = mapped_column(String(16))
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    result: Mapped[str] = mapped_column(String(16), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    finding_rules: Mapped[str] = mapped_column(Text, default="", server_default="")
    """Rule ids of the findings the inspection confirmed, separated by spaces."""
    unpredicted: Mapped[str] = mapped_column(Text, default="", server_default="")
    """A violation found that no finding predicted, in the officer's words."""


class Seizure(Stamped, Base):
    """Goods seized at an inspection, where they are kept and under which seals."""

    __tablename__ = "seizures"

    crossing_id: Mapped[UUID] = mapped_column(ForeignKey("crossings.id"), index=True)
    inspection_id: Mapped[UUID | None] = mapped_column(ForeignKey("inspections.id"))
    storage_location: Mapped[str] = mapped_column(String(200), default="")
    seal_nos: Mapped[str] = mapped_column(String(200), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    finding_rules: Mapped[str] = mapped_column(Text, default="")
    """Rule ids of the findings that justify the seizure, separated by spaces."""


class SeizureEvidence(Stamped, Base):
    """A photo that documents a seizure, by the SHA-256 of its untouched original."""

    __tablename__ = "seizure_evidence"

    seizure_id: Mapped[UUID] = mapped_column(ForeignKey("seizures.id"), index=True)
    blob_sha256: Mapped[str] = mapped_column(ForeignKey("evidence_blobs.sha256"))


class SeizureLine(Stamped, Base):
    """One line of seized goods."""

    __tablename__ = "seizure_lines"

    seizure_id: Mapped[UUID] = mapped_column(ForeignKey("seizures.id"), index=True)
    description: Mapped[str] = mapped_column(Text)
    hs_code: Mapped[str] = mapped_column(String(10), default="")
    quantity: Mapped[float] = mapped_column(Numeric(18, 3))
    unit: Mapped[str] = mapped_column(String(8))
    declared_value: Mapped[float | None] = mapped_column(Numeric(18, 2))
    currency: Mapped[str] = mapped_column(String(3), default="")
    bag_seal_no: Mapped[str] = mapped_column(String(64), default="")


class Handoff(Stamped, Base):
    """A handover from one agency to another; its state lives in ``HandoffStateChange``."""

    __tablename__ = "handoffs"

    crossing_id: Mapped[UUID | None] = mapped_column(ForeignKey("crossings.id"), index=True)
    seizure_id: Mapped[UUID | None] = mapped_column(ForeignKey("seizures.id"))
    inspection_id: Mapped[UUID | None] = mapped_column(ForeignKey("inspections.id"))
    imported_from: Mapped[str] = mapped_column(String(64), default="")
    """SHA-256 of the signed bundle this handoff was imported from; empty when made here."""
    from_agency: Mapped[str] = mapped_column(String(24))
    to_agency: Mapped[str] = mapped_column(String(24))
    to_officer_id: Mapped[UUID | None] = mapped_column(ForeignKey("officers.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(16), default="pending")
    """Current state, projected from the state changes for the inbox's index."""

    __table_args__ = (Index("ix_handoffs_to_agency_state", "to_agency", "state", "created_at"),)


class HandoffItem(Stamped, Base):
    """One item handed over: the vehicle, a container, a goods line, a photo, a document."""

    __tablename__ = "handoff_items"

    handoff_id: Mapped[UUID] = mapped_column(ForeignKey("handoffs.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    description: Mapped[str] = mapped_column(Text)
    reference: Mapped[str] = mapped_column(String(128), default="")
    """A container number, a seal, an evidence SHA-256 or a seizure line id."""
    quantity: Mapped[float | None] = mapped_column(Numeric(18, 3))
    unit: Mapped[str] = mapped_column(String(8), default="")
    hs_code: Mapped[str] = mapped_column(String(10), default="")
    seal_no: Mapped[str] = mapped_column(String(64), default="")


class HandoffStateChange(Stamped, Base):
    """Pending, accepted, disputed or returned: appended, with the receiver's remarks."""

    __tablename__ = "handoff_state_changes"

    handoff_id: Mapped[UUID] = mapped_column(ForeignKey("handoffs.id"), index=True)
    state: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text, default="")
    item_id: Mapped[UUID | None] = mapped_column(ForeignKey("handoff_items.id"))


class HandoffItemConfirmation(Stamped, Base):
    """The receiver's check of one item when accepting or disputing: count, seal, remark."""

    __tablename__ = "handoff_item_confirmations"

    state_change_id: Mapped[UUID] = mapped_column(ForeignKey("handoff_state_changes.id"),
                                                  index=True)
    item_id: Mapped[UUID] = mapped_column(ForeignKey("handoff_items.id"), index=True)
    count_ok: Mapped[bool] = mapped_column(default=True)
    seal_intact: Mapped[bool] = mapped_column(default=True)
    remark: Mapped[str] = mapped_column(Text, default="")


class TrustedKey(Stamped, Base):
    """An Ed25519 public key of another gate, agency or workstation an administrator trusts.

    Signed handoff bundles are accepted only from these keys (and this
    gate's own workstations). Revoking appends ``revoked_at``; rows stay.
    """

    __tablename__ = "trusted_keys"

    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))
    """gate, agency or workstation."""
    public_key: Mapped[str] = mapped_column(String(64), unique=True)
    """The raw 32-byte public key, hex."""
    revoked_at: Mapped[datetime | None]
