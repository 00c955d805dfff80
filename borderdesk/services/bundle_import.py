"""Writing a verified bundle's handoff into this database, inside the caller's transaction.

Decisions (``docs/bundles.md``): records keep the ids they had at the
exporting gate (UUIDv7, unique across systems), so the same handoff cannot be
imported twice by two different bundles. The crossing is linked by its id
when this database knows it, else created at the importing gate with the
exporting gate's reference and a note saying where it came from, so the
receiving officers can open it, its photos and its custody timeline. The
rows are stamped with the importing workstation, which places the handoff in
this gate's inbox; the other gate's officers have no account here, so the
rows name no officer (their names stay in the bundle and the audit event).
"""

from __future__ import annotations

from typing import TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from borderdesk.capture.images import JPEG, PDF, PNG, TIFF, sniff_media_type
from borderdesk.custody.bundle import OpenedBundle
from borderdesk.custody.bundle_content import BundleContent, read_content
from borderdesk.custody.bundle_zip import refused as _refuse
from borderdesk.documents.spreadsheet import CSV, XLSX, spreadsheet_kind
from borderdesk.domain.bundle import BundleCrossing
from borderdesk.domain.crossing import Channel, CrossingStatus, Direction
from borderdesk.domain.custody import HandoffState
from borderdesk.domain.evidence import EvidenceKind
from borderdesk.domain.officer import Actor
from borderdesk.domain.phrase import Phrase
from borderdesk.errors import BundleRefused
from borderdesk.i18n import N_, _
from borderdesk.rules.identifiers import normalize_plate
from borderdesk.services.evidence import store_blob
from borderdesk.storage.models import (
    AuditEvent,
    Crossing,
    CrossingContainer,
    Evidence,
    Gate,
    Handoff,
    HandoffItem,
    HandoffItemConfirmation,
    HandoffStateChange,
)
from borderdesk.storage.models.base import Base, new_id, utc_now

_M = TypeVar("_M", bound=Base)
STORED_TYPES = frozenset({JPEG, PNG, TIFF, PDF, XLSX, CSV})
"""The media types BorderDesk stores evidence in (``capture.images``, ``documents.spreadsheet``)."""


def _fitted(model: type[_M], **values: object) -> _M:
    """A row of ``model``, refused when a text is longer than its column holds."""
    columns = model.__table__.columns
    for name, value in values.items():
        length = getattr(columns[name].type, "length", None)
        if isinstance(value, str) and length is not None and len(value) > length:
            raise _refuse(_("'{field}' is longer than {length} characters."),
                          field=f"{model.__tablename__}.{name}", length=length)
    return model(**values)


def _imported_on(session: Session, actor: Actor, handoff: Handoff) -> str:
    """When a handoff was imported here, in the gate's time, from its audit event."""
    at = session.scalar(select(AuditEvent.at).where(
        AuditEvent.action == "handoff.imported", AuditEvent.entity_id == str(handoff.id)))
    zone = session.scalar(select(Gate.timezone).where(Gate.id == actor.gate_id)) or "UTC"
    return at.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M") if at else "?"


def _check_new(session: Session, actor: Actor, bundle: OpenedBundle,
               content: BundleContent) -> None:
    earlier = session.scalars(select(Handoff).where(Handoff.imported_from == bundle.sha256)
                              ).first()
    if earlier is not None:
        raise BundleRefused(_("This bundle was already imported on {time}; nothing was imported "
                              "again.").format(time=_imported_on(session, actor, earlier)))
    existing = session.get(Handoff, content.handoff.handoff_id)
    if existing is not None and existing.imported_from:
        raise BundleRefused(_("This handoff was already imported on {time} from another bundle; "
                              "nothing was imported again.").format(
            time=_imported_on(session, actor, existing)))
    if existing is not None:
        raise BundleRefused(_("This handoff was made in this database; nothing was imported."))
    states = [event.state for event in content.handoff.history]
    if states[0] is not HandoffState.PENDING or states[-1] is not content.handoff.state:
        raise _refuse(_("its handoff's history does not lead to its state."))


def _crossing(session: Session, actor: Actor, crossing: BundleCrossing,
              bundle_sha256: str) -> Crossing:
    known = session.get(Crossing, crossing.crossing_id)
    if known is not None:
        if known.reference != crossing.reference:
            raise _refuse(_("its crossing {reference} has the id of crossing {known} here."),
                          reference=crossing.reference, known=known.reference)
        return known
    try:
        status, direction = CrossingStatus(crossing.status), Direction(crossing.direction)
        channel = Channel(crossing.channel) if crossing.channel else None
    except ValueError:
        raise _refuse(_("its crossing has an unknown status, direction or channel.")) from None
    where = {"gate": crossing.gate_code, "name": crossing.gate_name,
             "sha256": bundle_sha256[:16]}
    imported = Phrase(N_("Imported from gate {gate} ({name}), bundle {sha256}."), where)
    # The sending officer's note is their own words; the line BorderDesk adds is said in
    # the reader's language.
    phrase = Phrase(N_("{note}\nImported from gate {gate} ({name}), bundle {sha256}."),
                    {"note": crossing.note, **where}) if crossing.note else imported
    stamp = {"workstation_id": actor.workstation_id, "created_by": None,
             "created_at": crossing.arrived_at}
    row = _fitted(
        Crossing, id=crossing.crossing_id, gate_id=actor.gate_id, reference=crossing.reference,
        direction=direction.value, lane=crossing.lane, arrived_at=crossing.arrived_at,
        status=status.value, channel=channel.value if channel else None,
        tractor_plate=crossing.tractor_plate,
        tractor_plate_norm=normalize_plate(crossing.tractor_plate),
        tractor_country=crossing.tractor_country, trailer_plate=crossing.trailer_plate,
        trailer_plate_norm=normalize_plate(crossing.trailer_plate),
        trailer_country=crossing.trailer_country, driver_name=crossing.driver_name,
        driver_document_no=crossing.driver_document_no,
        driver_nationality=crossing.driver_nationality, carrier_name=crossing.carrier_name,
        note="\n".join(part for part in (crossing.note, imported.render()) if part),
        note_phrase=phrase.to_json(), **stamp)
    session.add(row)
    session.flush()
    session.add_all(_fitted(CrossingContainer, id=new_id(), crossing_id=row.id, position=n,
                            container_no=c.container_no, seal_nos=" ".join(c.seal_nos), **stamp)
                    for n, c in enumerate(crossing.containers, start=1))
    return row


def _media_type(sha256: str, said: str, data: bytes) -> str:
    """The file's media type from its own bytes: one BorderDesk stores, and the one it was said.

    ``said`` is empty for a file whose sending did not sign its facts.
    """
    where = _("its evidence file {sha256}").format(sha256=sha256[:16])
    if said and said not in STORED_TYPES:
        raise _refuse(_("{where} says media type {media_type}, which BorderDesk does not "
                        "store."), where=where, media_type=said[:64])
    sniffed = sniff_media_type(data) or spreadsheet_kind(data, ".csv" if said == CSV else "")
    if sniffed is None:
        raise _refuse(_("{where} is not a JPEG, PNG, TIFF or PDF file."), where=where)
    if said and said != sniffed:
        raise _refuse(_("{where} says media type {media_type} but its bytes are {sniffed}."),
                      where=where, media_type=said, sniffed=sniffed)
    return sniffed


def _evidence(session: Session, actor: Actor, bundle: OpenedBundle, content: BundleContent,
              crossing_id: object) -> None:
    facts = {e.sha256: e for e in content.evidence}
    unfiled = sorted(set(facts) - {listed.sha256 for listed in bundle.files})
    if unfiled:
        raise _refuse(_("it lacks the evidence file {sha256} that bundle.json describes."),
                      sha256=unfiled[0][:16])
    for listed in bundle.files:
        fact = facts.get(listed.sha256)
        if fact is None:
            raise _refuse(_("bundle.json says nothing of the file {name}."), name=listed.name)
        data = bundle.read_file(listed)
        store_blob(session, data, listed.sha256,
                   media_type=_media_type(listed.sha256, fact.media_type, data),
                   width=fact.width, height=fact.height, exif_taken_at=None)
        if crossing_id is None or fact.kind not in set(EvidenceKind):
            continue
        attached = session.scalar(select(Evidence.id).where(
            Evidence.crossing_id == crossing_id, Evidence.blob_sha256 == listed.sha256))
        if attached is None:
            session.add(_fitted(
                Evidence, id=new_id(), crossing_id=crossing_id, blob_sha256=listed.sha256,
                kind=fact.kind, captured_at=fact.captured_at or utc_now(), source=fact.source,
                workstation_id=actor.workstation_id, created_by=None, created_at=utc_now()))


def write_import(session: Session, actor: Actor, bundle: OpenedBundle) -> Handoff:
    """Write the verified bundle's crossing, handoff, items and evidence; return the handoff.

    Raises:
        BundleRefused: a bundle or a handoff imported before, a malformed or
            too long field, a crossing id known here under another reference.
    """
    content = read_content(bundle.manifest)
    _check_new(session, actor, bundle, content)
    sent = content.handoff
    crossing = _crossing(session, actor, content.crossing, bundle.sha256) \
        if content.crossing is not None else None
    now = utc_now()
    stamp = {"workstation_id": actor.workstation_id, "created_by": None}
    handoff = _fitted(
        Handoff, id=sent.handoff_id, crossing_id=crossing.id if crossing else None,
        seizure_id=None, inspection_id=None, imported_from=bundle.sha256,
        from_agency=sent.from_agency.value, to_agency=sent.to_agency.value, to_officer_id=None,
        note=sent.note, state=sent.state.value, created_at=sent.sent_at, **stamp)
    session.add(handoff)
    session.flush()
    session.add_all(_fitted(
        HandoffItem, id=item.item_id, handoff_id=handoff.id, kind=item.kind.value,
        description=item.description, reference=item.reference, quantity=item.quantity,
        unit=item.unit, hs_code=item.hs_code, seal_no=item.seal_no, created_at=sent.sent_at,
        **stamp) for item in sent.items)
    session.flush()
    last_change = None
    for event in sent.history:
        last_change = HandoffStateChange(id=new_id(), handoff_id=handoff.id,
                                         state=event.state.value, reason=event.reason,
                                         created_at=event.at, **stamp)
        session.add(last_change)
    session.flush()
    if last_change is not None and last_change.state != HandoffState.PENDING.value:
        session.add_all(HandoffItemConfirmation(
            id=new_id(), state_change_id=last_change.id, item_id=item.item_id,
            count_ok=item.confirmation.count_ok, seal_intact=item.confirmation.seal_intact,
            remark=item.confirmation.remark, created_at=now, **stamp)
            for item in sent.items if item.confirmation is not None)
    _evidence(session, actor, bundle, content, crossing.id if crossing else None)
    session.flush()
    return handoff
