"""Attaching photos, scans, PDFs and spreadsheets to a crossing: content-addressed, never modified.

The bytes are checked (real type, fully decoded, no bombs; a spreadsheet
read whole within its limits) before any transaction opens; the blob is
inserted only if its SHA-256 is new, so the same photo attached twice, or
by two workstations at once, is stored once.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from borderdesk.access.permissions import Action, require
from borderdesk.capture.images import ImageFacts, inspect_image, sha256_hex, sniff_media_type
from borderdesk.capture.thumbnails import check_thumbnail_size, picture_thumbnail, thumbnail
from borderdesk.documents.spreadsheet import read_spreadsheet, spreadsheet_kind
from borderdesk.domain.crossing import CrossingAction
from borderdesk.domain.evidence import EvidenceItem, EvidenceKind
from borderdesk.domain.officer import Actor
from borderdesk.errors import UserInputError
from borderdesk.i18n import _
from borderdesk.services.audit import append_event
from borderdesk.services.crossing_lifecycle import claim
from borderdesk.services.workstations import gate_of
from borderdesk.storage.engine import Database
from borderdesk.storage.models import Crossing, Evidence, EvidenceBlob, Officer
from borderdesk.storage.models.base import new_id, utc_now


def crossing_at_gate(session: Session, actor: Actor, crossing_id: UUID) -> Crossing:
    """The crossing, if it belongs to the actor's gate.

    Raises:
        UserInputError: no such crossing at this gate.
    """
    gate = gate_of(session, actor)
    crossing = session.get(Crossing, crossing_id)
    if crossing is None or crossing.gate_id != gate.id:
        raise UserInputError(_("There is no such crossing at this gate."))
    return crossing


def store_blob(session: Session, data: bytes, sha256: str, *, media_type: str,
               width: int | None, height: int | None,
               exif_taken_at: datetime | None) -> bool:
    """Insert the blob unless its SHA-256 is there already; True when it was new.

    ``INSERT ... ON CONFLICT DO NOTHING`` on both backends: two workstations
    storing the same photo at once leave one row and neither fails.
    """
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(EvidenceBlob).values(
        sha256=sha256, size=len(data), media_type=media_type, width=width, height=height,
        exif_taken_at=exif_taken_at, stored_at=utc_now(), content=data,
    ).on_conflict_do_nothing(index_elements=["sha256"])
    result = session.execute(statement)
    return bool(getattr(result, "rowcount", 0))


def _item(evidence: Evidence, blob: EvidenceBlob, officer_name: str) -> EvidenceItem:
    return EvidenceItem(
        evidence_id=evidence.id, crossing_id=evidence.crossing_id, sha256=blob.sha256,
        kind=EvidenceKind(evidence.kind), media_type=blob.media_type, size=blob.size,
        width=blob.width, height=blob.height, exif_taken_at=blob.exif_taken_at,
        captured_at=evidence.captured_at, officer_name=officer_name, source=evidence.source,
    )


def inspect_evidence(data: bytes, name: str = "") -> ImageFacts:
    """What an evidence file is, checked whole: a photo, a scan, a PDF, an XLSX or a CSV file.

    Raises:
        UserInputError: one line naming the file: of no kind kept as evidence, damaged,
            a bomb, a spreadsheet beyond its limits ...
    """
    if sniff_media_type(data) is None and data:
        from borderdesk.ocr.manifest_file import refuse_unless_spreadsheet

        refuse_unless_spreadsheet(data, name)
        return ImageFacts(read_spreadsheet(data, name).media_type, None, None, None)
    return inspect_image(data, name)


def attach_evidence(  # noqa: PLR0917 - the shared contract's signature
    db: Database, actor: Actor, crossing_id: UUID, data: bytes, kind: EvidenceKind,
    source: str = "", captured_at: datetime | None = None,
) -> EvidenceItem:
    """Attach a photo, scan, PDF or spreadsheet (XLSX, CSV) to a crossing.

    Args:
        source: the camera or file name it came from.
        captured_at: when it was taken (aware; default now).

    Raises:
        PermissionDenied: the role may not attach evidence.
        UserInputError: a bad file (empty, not an image, PDF or spreadsheet, damaged,
            a bomb, an encrypted PDF ...) or an unknown crossing; nothing is stored.
    """
    require(actor.role, Action.ATTACH_EVIDENCE)
    kind = EvidenceKind(kind)
    facts = inspect_evidence(data, source)
    sha256 = sha256_hex(data)
    now = utc_now()
    with db.session() as session:
        claim(session, actor, crossing_id, CrossingAction.ATTACH_EVIDENCE)
        new_blob = store_blob(session, data, sha256, media_type=facts.media_type,
                              width=facts.width, height=facts.height,
                              exif_taken_at=facts.exif_taken_at)
        evidence = Evidence(
            id=new_id(), crossing_id=crossing_id, blob_sha256=sha256, kind=kind.value,
            captured_at=captured_at or now, source=source[:200], created_at=now,
            workstation_id=actor.workstation_id, created_by=actor.officer_id,
        )
        session.add(evidence)
        session.flush()
        append_event(
            session, workstation_id=actor.workstation_id, officer_id=actor.officer_id,
            action="evidence.attached", entity="evidence", entity_id=str(evidence.id),
            payload={"crossing_id": str(crossing_id), "sha256": sha256, "kind": kind.value,
                     "media_type": facts.media_type, "size": len(data), "new_blob": new_blob,
                     "source": evidence.source},
            at=now,
        )
        blob = session.get(EvidenceBlob, sha256)
        assert blob is not None  # inserted above or already there
        return _item(evidence, blob, actor.full_name)


def list_evidence(db: Database, actor: Actor, crossing_id: UUID) -> list[EvidenceItem]:
    """The evidence of a crossing, oldest first."""
    require(actor.role, Action.VIEW_CROSSING)
    with db.session() as session:
        crossing_at_gate(session, actor, crossing_id)
        rows = session.execute(
            select(Evidence, EvidenceBlob, Officer.full_name)
            .join(EvidenceBlob, EvidenceBlob.sha256 == Evidence.blob_sha256)
            .outerjoin(Officer, Officer.id == Evidence.created_by)
            .where(Evidence.crossing_id == crossing_id)
            .order_by(Evidence.captured_at, Evidence.id)
        ).all()
        return [_item(evidence, blob, name or "") for evidence, blob, name in rows]


def _blob_content(session: Session, actor: Actor, sha256: str) -> bytes:
    gate = gate_of(session, actor)
    content = session.scalar(
        select(EvidenceBlob.content)
        .join(Evidence, Evidence.blob_sha256 == EvidenceBlob.sha256)
        .join(Crossing, Crossing.id == Evidence.crossing_id)
        .where(EvidenceBlob.sha256 == sha256, Crossing.gate_id == gate.id)
        .limit(1)
    )
    if content is None:
        recorded = session.scalar(
            select(Evidence.id).join(Crossing, Crossing.id == Evidence.crossing_id)
            .where(Evidence.blob_sha256 == sha256, Crossing.gate_id == gate.id).limit(1))
        if recorded is not None:
            # Offline, the copy holds the records of other workstations' photos, not their bytes.
            raise UserInputError(_("This photo or document is kept on the gate's server, "
                                   "which cannot be reached now."))
        raise UserInputError(_("There is no such evidence at this gate."))
    return bytes(content)


def evidence_bytes(db: Database, actor: Actor, sha256: str) -> bytes:
    """The untouched original bytes of a piece of evidence of the actor's gate.

    Raises:
        UserInputError: no evidence with that SHA-256 at this gate.
    """
    require(actor.role, Action.VIEW_CROSSING)
    with db.session() as session:
        return _blob_content(session, actor, sha256)


def thumbnail_png(db: Database, actor: Actor, sha256: str, size: int = 240) -> bytes:
    """A PNG preview (longer side ``size``), cached on this workstation."""
    data = evidence_bytes(db, actor, sha256)
    if sniff_media_type(data) is None and spreadsheet_kind(data) is not None:
        return thumbnail(data, size, make=spreadsheet_picture)
    return thumbnail(data, size)


PREVIEW_ROWS = 60
"""Rows of a spreadsheet's first visible sheet drawn in its preview."""


def spreadsheet_picture(data: bytes, size: int) -> bytes:
    """A spreadsheet's preview: the top of its first visible sheet, drawn as it would print.

    Raises:
        UserInputError: the size is out of range or the spreadsheet does not read.
    """
    from PIL import Image

    from borderdesk.ocr.sheet_words import lay_out, picture_pages

    check_thumbnail_size(size)
    sheet = read_spreadsheet(data).sheets[0]
    page = picture_pages(lay_out(sheet.cells[:PREVIEW_ROWS]), PREVIEW_ROWS)[0]
    return picture_thumbnail(Image.fromarray(page.image), size)
