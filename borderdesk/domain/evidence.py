"""Evidence: photos, scans and PDFs attached to a crossing, addressed by their SHA-256."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from borderdesk.i18n import N_, _


class EvidenceKind(enum.StrEnum):
    """What a piece of evidence shows."""

    PLATE = "plate"
    FRONT = "front"
    REAR = "rear"
    CARGO = "cargo"
    SEAL = "seal"
    DOCUMENT = "document"


_KIND_LABELS = {
    EvidenceKind.PLATE: N_("plate"),
    EvidenceKind.FRONT: N_("front"),
    EvidenceKind.REAR: N_("rear"),
    EvidenceKind.CARGO: N_("cargo"),
    EvidenceKind.SEAL: N_("seal"),
    EvidenceKind.DOCUMENT: N_("document"),
}


def kind_label(kind: EvidenceKind) -> str:
    """The officer-facing name of a kind, in the active language."""
    return _(_KIND_LABELS[kind])


@dataclass(frozen=True)
class EvidenceItem:
    """One attachment of a blob to a crossing.

    Attributes:
        evidence_id: the attachment's id (one blob may be attached several times).
        sha256: the blob's address.
        media_type: image/jpeg, image/png, image/tiff or application/pdf.
        size: bytes.
        width, height: pixels (first page at 300 dpi for a PDF), or None.
        exif_taken_at: when the camera says it took the photo, or None.
        captured_at: when the officer captured or imported it (aware UTC).
        officer_name: who attached it.
        source: the camera or file it came from.
    """

    evidence_id: UUID
    crossing_id: UUID
    sha256: str
    kind: EvidenceKind
    media_type: str
    size: int
    width: int | None
    height: int | None
    exif_taken_at: datetime | None
    captured_at: datetime
    officer_name: str
    source: str = ""
