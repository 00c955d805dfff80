"""Declarations and manifests, each versioned: a correction is a new version row."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from sqlalchemy import JSON, ForeignKey, Index, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from borderdesk.storage.models.base import Base, Stamped


class Declaration(Stamped, Base):
    """An electronic customs declaration as received or typed; ``raw`` keeps the input."""

    __tablename__ = "declarations"

    crossing_id: Mapped[UUID | None] = mapped_column(ForeignKey("crossings.id"), index=True)
    version: Mapped[int] = mapped_column(default=1)
    supersedes_id: Mapped[UUID | None] = mapped_column(ForeignKey("declarations.id"))
    declaration_no: Mapped[str] = mapped_column(String(32))
    type: Mapped[str] = mapped_column(String(16))
    declared_at: Mapped[datetime]
    trader_name: Mapped[str] = mapped_column(String(300))
    trader_tax_code: Mapped[str] = mapped_column(String(32), default="")
    vehicle_plate: Mapped[str] = mapped_column(String(32), default="")
    container_no: Mapped[str] = mapped_column(String(11), default="")
    seal_no: Mapped[str] = mapped_column(String(64), default="")
    co_form: Mapped[str | None] = mapped_column(String(16))
    co_number: Mapped[str | None] = mapped_column(String(64))
    co_issued_at: Mapped[date | None]
    co_origin_country: Mapped[str | None] = mapped_column(String(2))
    source_format: Mapped[str] = mapped_column(String(8), default="json")
    raw: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)

    __table_args__ = (
        Index("ix_declarations_no_version", "declaration_no", "version"),
        # A trader's record is read at every check (services.trader_history).
        Index("ix_declarations_trader_tax_code", "trader_tax_code", "crossing_id"),
    )


class DeclarationLine(Stamped, Base):
    """One goods line of a declaration version."""

    __tablename__ = "declaration_lines"

    declaration_id: Mapped[UUID] = mapped_column(ForeignKey("declarations.id"), index=True)
    line_no: Mapped[int]
    hs_code: Mapped[str] = mapped_column(String(10))
    description: Mapped[str] = mapped_column(Text)
    quantity: Mapped[float] = mapped_column(Numeric(18, 3))
    unit: Mapped[str] = mapped_column(String(8))
    gross_weight_kg: Mapped[float | None] = mapped_column(Numeric(18, 3))
    value: Mapped[float | None] = mapped_column(Numeric(18, 2))
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    origin_country: Mapped[str | None] = mapped_column(String(2))
    preference: Mapped[str | None] = mapped_column(String(16))
    cost: Mapped[dict[str, float] | None] = mapped_column(JSON)


class Manifest(Stamped, Base):
    """A manifest as OCR read it (version 1) or as an officer corrected it (later versions)."""

    __tablename__ = "manifests"
    # Two officers saving at once must not both make version N+1: the second is
    # refused as a concurrent change, never stored beside the first.
    __table_args__ = (
        Index("uq_manifests_crossing_version", "crossing_id", "version", unique=True),
    )

    crossing_id: Mapped[UUID | None] = mapped_column(ForeignKey("crossings.id"), index=True)
    version: Mapped[int] = mapped_column(default=1)
    supersedes_id: Mapped[UUID | None] = mapped_column(ForeignKey("manifests.id"))
    document_no: Mapped[str] = mapped_column(String(64), default="")
    document_date: Mapped[date | None]
    consignor: Mapped[str] = mapped_column(Text, default="")
    consignee: Mapped[str] = mapped_column(Text, default="")
    vehicle_plate: Mapped[str] = mapped_column(String(32), default="")
    container_no: Mapped[str] = mapped_column(String(11), default="")
    seal_no: Mapped[str] = mapped_column(String(64), default="")
    source_image_sha256: Mapped[str | None] = mapped_column(
        ForeignKey("evidence_blobs.sha256")
    )
    engine: Mapped[str] = mapped_column(String(64), default="")
    languages: Mapped[str] = mapped_column(String(32), default="")
    confidence: Mapped[dict[str, float]] = mapped_column(JSON, default=dict)


class ManifestLine(Stamped, Base):
    """One goods line of a manifest version, with the confidence of each field."""

    __tablename__ = "manifest_lines"

    manifest_id: Mapped[UUID] = mapped_column(ForeignKey("manifests.id"), index=True)
    line_no: Mapped[int]
    hs_code: Mapped[str] = mapped_column(String(10), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    quantity: Mapped[float | None] = mapped_column(Numeric(18, 3))
    unit: Mapped[str] = mapped_column(String(8), default="")
    gross_weight_kg: Mapped[float | None] = mapped_column(Numeric(18, 3))
    value: Mapped[float | None] = mapped_column(Numeric(18, 2))
    currency: Mapped[str] = mapped_column(String(3), default="")
    origin_country: Mapped[str | None] = mapped_column(String(2))
    confidence: Mapped[dict[str, float]] = mapped_column(JSON, default=dict)
