"""Reading a manifest from a crossing's evidence, and the officer's corrections as new versions.

The evidence may be a photo, a scan, a PDF (its text layer read exactly, or
OCR), an XLSX workbook or a CSV file: ``ocr.manifest_file`` decides by its
bytes. OCR takes seconds a page: the evidence is loaded in one short transaction,
read with no transaction open, and the result saved in another, so other
workstations are never held up by a reading.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from borderdesk.access.permissions import Action, require
from borderdesk.domain.crossing import CrossingAction
from borderdesk.domain.manifest import Manifest, ManifestLine, ManifestSource
from borderdesk.domain.officer import Actor
from borderdesk.errors import ConcurrentChange, UserInputError
from borderdesk.i18n import N_, _
from borderdesk.ocr.engine import OcrEngine
from borderdesk.ocr.manifest_file import TEXT_LAYER, read_manifest_file
from borderdesk.ocr.pipeline import DocumentReading
from borderdesk.services.audit import append_event
from borderdesk.services.crossing_lifecycle import claim
from borderdesk.services.evidence import crossing_at_gate
from borderdesk.services.workstations import gate_of
from borderdesk.storage.engine import Database
from borderdesk.storage.models import Crossing, Evidence, EvidenceBlob
from borderdesk.storage.models import Manifest as ManifestRow
from borderdesk.storage.models import ManifestLine as ManifestLineRow
from borderdesk.storage.models.base import new_id, utc_now


@dataclass(frozen=True)
class ManifestRecord:
    """A saved manifest version.

    Attributes:
        reading: the pages and word boxes, when this version was just read
            by OCR; None for a correction or a manifest loaded later.
    """

    manifest_id: UUID
    version: int
    manifest: Manifest
    reading: DocumentReading | None = None


def _row_values(manifest: Manifest) -> dict[str, object]:
    # OCR may read anything: clip to the columns' sizes rather than fail on PostgreSQL.
    source = manifest.source or ManifestSource()
    engine = f"{source.engine} {source.engine_version}".strip()
    return {
        "document_no": manifest.document_no[:64], "document_date": manifest.date,
        "consignor": manifest.consignor, "consignee": manifest.consignee,
        "vehicle_plate": manifest.vehicle_plate[:32], "container_no": manifest.container_no[:11],
        "seal_no": manifest.seal_no[:64], "engine": engine[:64],
        "languages": source.languages[:32], "confidence": dict(manifest.confidence),
    }


def _line_row(manifest_id: UUID, line: ManifestLine, stamp: dict[str, object]) -> ManifestLineRow:
    return ManifestLineRow(
        id=new_id(), manifest_id=manifest_id, line_no=line.line_no, hs_code=line.hs_code[:10],
        description=line.description, quantity=line.quantity, unit=line.unit[:8],
        gross_weight_kg=line.gross_weight_kg, value=line.value, currency=line.currency[:3],
        origin_country=line.origin_country[:2] if line.origin_country else None,
        confidence=dict(line.confidence), **stamp,
    )


NEWER_VERSION = N_("Another officer saved a newer version of this manifest: reopen it.")
READ_SAVE_ATTEMPTS = 3
"""A reading saved while others save versions of the same crossing takes the next free number."""


def newest_version(
    session: Session, actor: Actor, manifest_id: UUID
) -> tuple[ManifestRow, Crossing]:
    """The manifest version an officer is about to supersede, and its crossing.

    Raises:
        UserInputError: no such manifest at the officer's gate.
        ConcurrentChange: it is no longer the crossing's newest version.
    """
    gate = gate_of(session, actor)
    previous = session.get(ManifestRow, manifest_id)
    crossing = session.get(Crossing, previous.crossing_id) if previous else None
    if previous is None or crossing is None or crossing.gate_id != gate.id:
        raise UserInputError(_("There is no such manifest at this gate."))
    newest = session.scalar(select(func.max(ManifestRow.version))
                            .where(ManifestRow.crossing_id == previous.crossing_id))
    if newest != previous.version:
        raise ConcurrentChange(_(NEWER_VERSION))
    return previous, crossing


def save_version(session: Session, actor: Actor, crossing_id: UUID, manifest: Manifest, *,
                 sha256: str | None, supersedes: ManifestRow | None, action: str,
                 extra: Mapping[str, object] | None = None) -> ManifestRow:
    """Add ``manifest`` as the crossing's next version, with its audit event ``action``.

    ``extra`` goes into the event's payload beside the version's own facts (what
    an acceptance confirmed, say).
    """
    claim(session, actor, crossing_id, CrossingAction.READ_MANIFEST)
    now = utc_now()
    stamp: dict[str, object] = {"workstation_id": actor.workstation_id,
                                "created_by": actor.officer_id, "created_at": now}
    row = ManifestRow(
        id=new_id(), crossing_id=crossing_id,
        version=(supersedes.version + 1) if supersedes else 1,
        supersedes_id=supersedes.id if supersedes else None,
        source_image_sha256=sha256, **_row_values(manifest), **stamp,
    )
    session.add(row)
    try:
        session.flush()
    except IntegrityError:
        # uq_manifests_crossing_version: another workstation saved this version first.
        raise ConcurrentChange(_(NEWER_VERSION)) from None
    session.add_all(_line_row(row.id, line, stamp) for line in manifest.lines)
    session.flush()
    append_event(
        session, workstation_id=actor.workstation_id, officer_id=actor.officer_id,
        action=action, entity="manifest", entity_id=str(row.id),
        payload={"crossing_id": str(crossing_id), "version": row.version,
                 "supersedes_id": str(supersedes.id) if supersedes else None,
                 "sha256": sha256, "lines": len(manifest.lines), **(extra or {})},
        at=now,
    )
    return row


def latest_row(session: Session, crossing_id: UUID) -> ManifestRow | None:
    """The crossing's newest manifest version row, or None."""
    return session.scalars(
        select(ManifestRow).where(ManifestRow.crossing_id == crossing_id)
        .order_by(ManifestRow.version.desc(), ManifestRow.created_at.desc()).limit(1)
    ).first()


def read_manifest(  # noqa: PLR0917 - the shared contract's signature
    db: Database, actor: Actor, crossing_id: UUID, sha256: str,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    *, languages: str = "vie+eng", tesseract_cmd: str = "tesseract",
    engine: OcrEngine | None = None,
) -> ManifestRecord:
    """Read a document attached to a crossing and save what was read as a new version.

    Raises:
        PermissionDenied: the role may not read manifests.
        UserInputError: the evidence is not attached to this crossing, or unreadable.
        EnvironmentProblem: tesseract or a language is missing.
        OperationCancelled: ``cancelled`` said so; nothing is saved.
    """
    require(actor.role, Action.READ_MANIFEST)
    with db.session() as session:
        crossing_at_gate(session, actor, crossing_id)
        found = session.execute(
            select(EvidenceBlob.content, Evidence.source)
            .join(Evidence, Evidence.blob_sha256 == EvidenceBlob.sha256)
            .where(Evidence.crossing_id == crossing_id, EvidenceBlob.sha256 == sha256)
            .limit(1)
        ).first()
        content, source = (found[0], found[1]) if found is not None else (None, "")
        attached = content is not None or session.scalar(
            select(Evidence.id).where(Evidence.crossing_id == crossing_id,
                                      Evidence.blob_sha256 == sha256).limit(1)) is not None
    if not attached:
        raise UserInputError(_("That document is not attached to this crossing."))
    if content is None:
        # Offline, the copy holds the records of other workstations' photos, not their bytes.
        raise UserInputError(_("That document is kept on the gate's server, which cannot be "
                               "reached now; read it once the server is back."))
    # No transaction is open while tesseract runs.
    reading = read_manifest_file(bytes(content), source or "", languages=languages,
                                 tesseract_cmd=tesseract_cmd, progress=progress,
                                 cancelled=cancelled, engine=engine)
    for attempt in range(READ_SAVE_ATTEMPTS):
        try:
            with db.session() as session:
                crossing_at_gate(session, actor, crossing_id)
                latest = latest_row(session, crossing_id)
                row = save_version(session, actor, crossing_id, reading.manifest,
                                   sha256=sha256, supersedes=latest, action="manifest.read")
                return ManifestRecord(row.id, row.version, reading.manifest, reading)
        except ConcurrentChange:
            # A reading edits no version: it is simply the newest, so take the next number.
            if attempt + 1 == READ_SAVE_ATTEMPTS:
                raise
    raise AssertionError("unreachable")  # the loop returns or raises


def save_manifest(db: Database, actor: Actor, crossing_id: UUID,
                  manifest: Manifest) -> ManifestRecord:
    """Save a manifest typed or exported elsewhere (manifest JSON) as the crossing's next version.

    Raises:
        PermissionDenied: the role may not read manifests.
        UserInputError: no such crossing at this gate, or a closed crossing.
        ConcurrentChange: another workstation saved a version at the same moment.
    """
    require(actor.role, Action.READ_MANIFEST)
    with db.session() as session:
        row = save_version(session, actor, crossing_id, manifest, sha256=None,
                           supersedes=latest_row(session, crossing_id), action="manifest.entered")
        return ManifestRecord(row.id, row.version, manifest_of(session, row))


def save_correction(db: Database, actor: Actor, manifest_id: UUID,
                    manifest: Manifest) -> ManifestRecord:
    """Save the officer's corrected manifest as the next version; the read one is kept.

    Raises:
        UserInputError: no such manifest at this gate.
        ConcurrentChange: someone saved a newer version first.
    """
    require(actor.role, Action.READ_MANIFEST)
    with db.session() as session:
        previous, crossing = newest_version(session, actor, manifest_id)
        row = save_version(session, actor, crossing.id, manifest,
                           sha256=previous.source_image_sha256, supersedes=previous,
                           action="manifest.corrected")
        return ManifestRecord(row.id, row.version, manifest_of(session, row))


def _decimal(value: object) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def engine_and_version(stored: str) -> tuple[str, str]:
    """The reader's name and version from the one column that keeps both ("tesseract 5.3.0",
    "xlsx 3.1.5", "pdf text layer 0.11.11": the one name with spaces in it)."""
    if stored == TEXT_LAYER or stored.startswith(TEXT_LAYER + " "):
        return TEXT_LAYER, stored.removeprefix(TEXT_LAYER).strip()
    engine, _sep, version = stored.partition(" ")
    return engine, version


def manifest_of(session: Session, row: ManifestRow) -> Manifest:
    """A stored manifest version as the domain Manifest (what the checks and the review read)."""
    lines = session.scalars(
        select(ManifestLineRow).where(ManifestLineRow.manifest_id == row.id)
        .order_by(ManifestLineRow.line_no, ManifestLineRow.id)
    ).all()
    engine, version = engine_and_version(row.engine)
    return Manifest(
        document_no=row.document_no, date=row.document_date, consignor=row.consignor,
        consignee=row.consignee, vehicle_plate=row.vehicle_plate,
        container_no=row.container_no, seal_no=row.seal_no,
        lines=tuple(
            ManifestLine(
                line_no=line.line_no, description=line.description, hs_code=line.hs_code,
                quantity=_decimal(line.quantity), unit=line.unit,
                gross_weight_kg=_decimal(line.gross_weight_kg), value=_decimal(line.value),
                currency=line.currency, origin_country=line.origin_country,
                confidence=dict(line.confidence or {}),
            )
            for line in lines
        ),
        confidence=dict(row.confidence or {}),
        source=ManifestSource(image_sha256=row.source_image_sha256 or "", engine=engine,
                              engine_version=version, languages=row.languages),
    )


def latest_manifest(db: Database, actor: Actor, crossing_id: UUID) -> ManifestRecord | None:
    """The newest manifest version of a crossing, or None when none was read."""
    require(actor.role, Action.VIEW_CROSSING)
    with db.session() as session:
        crossing_at_gate(session, actor, crossing_id)
        row = latest_row(session, crossing_id)
        if row is None:
            return None
        return ManifestRecord(row.id, row.version, manifest_of(session, row))
