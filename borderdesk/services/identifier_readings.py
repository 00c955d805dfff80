"""Reading a plate or a container number from a photo, to offer to the officer.

The readings are candidates ranked by validity (Vietnamese plate format,
ISO 6346 check digit) and votes; nothing is written from them: the officer
types or confirms what is right.
"""

from __future__ import annotations

from dataclasses import dataclass

from borderdesk.access.permissions import Action, require
from borderdesk.domain.officer import Actor
from borderdesk.ocr.containers import ContainerCandidate, read_container
from borderdesk.ocr.engine import default_engine
from borderdesk.ocr.pipeline import document_pages
from borderdesk.ocr.plates import PlateCandidate, read_plate
from borderdesk.services.evidence import evidence_bytes
from borderdesk.storage.engine import Database

MAX_CANDIDATES = 5


@dataclass(frozen=True)
class IdentifierReading:
    """Plate and container-number candidates read from one photo, best first."""

    plates: tuple[PlateCandidate, ...]
    containers: tuple[ContainerCandidate, ...]


def read_identifiers(
    db: Database, actor: Actor, sha256: str, tesseract_cmd: str = "tesseract"
) -> IdentifierReading:
    """Plate and container candidates from a photo of the crossing's evidence.

    No database transaction is held while tesseract reads.

    Raises:
        PermissionDenied: the role may not attach evidence.
        UserInputError: no such evidence, or not an image that can be read.
    """
    require(actor.role, Action.ATTACH_EVIDENCE)
    # The first page only: rendering a PDF's other pages would be work for nothing.
    image = next(document_pages(evidence_bytes(db, actor, sha256)).images)
    engine = default_engine(tesseract_cmd)
    return IdentifierReading(
        plates=tuple(read_plate(image, engine)[:MAX_CANDIDATES]),
        containers=tuple(read_container(image, engine)[:MAX_CANDIDATES]),
    )
