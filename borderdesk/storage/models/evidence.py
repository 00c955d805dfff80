"""Evidence: content-addressed blobs, never modified, and the records that attach them."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import JSON, ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from borderdesk.storage.models.base import Base, Stamped, utc_now


class EvidenceBlob(Base):
    """The original bytes of a photo, scan or PDF, addressed by their SHA-256."""

    __tablename__ = "evidence_blobs"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int]
    media_type: Mapped[str] = mapped_column(String(128))
    width: Mapped[int | None]
    height: Mapped[int | None]
    exif_taken_at: Mapped[datetime | None]
    stored_at: Mapped[datetime] = mapped_column(default=utc_now)
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)


class Evidence(Stamped, Base):
    """A blob attached to a crossing with a kind (plate, front, cargo, seal, document...)."""

    __tablename__ = "evidence"

    crossing_id: Mapped[UUID] = mapped_column(ForeignKey("crossings.id"), index=True)
    blob_sha256: Mapped[str] = mapped_column(ForeignKey("evidence_blobs.sha256"))
    kind: Mapped[str] = mapped_column(String(16))
    captured_at: Mapped[datetime]
    source: Mapped[str] = mapped_column(String(200), default="")


class EvidenceAnnotation(Stamped, Base):
    """A note or mark on a piece of evidence, kept apart from the untouched original."""

    __tablename__ = "evidence_annotations"

    evidence_id: Mapped[UUID] = mapped_column(ForeignKey("evidence.id"), index=True)
    text: Mapped[str] = mapped_column(Text, default="")
    shape: Mapped[dict[str, object] | None] = mapped_column(JSON)
