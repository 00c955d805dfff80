"""What the sending of a handoff signs besides its rows: names, the crossing, the evidence files.

A handoff leaves the gate in a bundle (``services.bundles``) that carries
exactly what its ``handoff.sent`` event signed. So the event records, as
they stood when the handoff was sent, the officers' names, the crossing the
receiving gate will create, and the facts of each evidence file it will
store (media type, size in pixels, kind, when and where it was taken).
"""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.orm import Session

from borderdesk.custody.bundle_content import crossing_json, evidence_json
from borderdesk.domain.bundle import BundleContainer, BundleCrossing, BundleEvidence
from borderdesk.domain.custody import ItemKind
from borderdesk.storage.models import (
    Crossing,
    Evidence,
    EvidenceBlob,
    Gate,
    Handoff,
    HandoffItem,
    Officer,
    SeizureEvidence,
)


def _name(session: Session, officer_id: UUID | None) -> str:
    if officer_id is None:
        return ""
    return session.scalar(select(Officer.full_name).where(Officer.id == officer_id)) or ""


def crossing_facts(session: Session, crossing_id: UUID) -> BundleCrossing:
    """The crossing as a bundle carries it, with its gate's code and name."""
    crossing = session.get(Crossing, crossing_id)
    assert crossing is not None  # the handoff's foreign key guarantees it
    gate = session.get(Gate, crossing.gate_id)
    assert gate is not None
    return BundleCrossing(
        crossing_id=crossing.id, reference=crossing.reference, gate_code=gate.code,
        gate_name=gate.name, direction=crossing.direction, lane=crossing.lane,
        arrived_at=crossing.arrived_at, status=crossing.status, channel=crossing.channel,
        tractor_plate=crossing.tractor_plate, tractor_country=crossing.tractor_country,
        trailer_plate=crossing.trailer_plate, trailer_country=crossing.trailer_country,
        driver_name=crossing.driver_name, driver_document_no=crossing.driver_document_no,
        driver_nationality=crossing.driver_nationality, carrier_name=crossing.carrier_name,
        note=crossing.note,
        containers=tuple(BundleContainer(c.container_no, tuple(c.seal_nos.split()))
                         for c in crossing.containers))


def evidence_facts(session: Session, handoff: Handoff, items: Sequence[HandoffItem]
                   ) -> list[BundleEvidence]:
    """The handoff's files (its evidence items, its seizure's photos) and what is known of each."""
    shas = {item.reference for item in items if item.kind == ItemKind.EVIDENCE.value}
    if handoff.seizure_id is not None:
        shas.update(session.scalars(select(SeizureEvidence.blob_sha256)
                                    .where(SeizureEvidence.seizure_id == handoff.seizure_id)))
    facts = []
    for sha256 in sorted(shas):
        blob = session.get(EvidenceBlob, sha256)
        if blob is None:
            continue
        attached = session.scalars(
            select(Evidence).where(Evidence.blob_sha256 == sha256,
                                   Evidence.crossing_id == handoff.crossing_id)
            .order_by(Evidence.captured_at).limit(1)).first()
        facts.append(BundleEvidence(
            sha256=sha256, media_type=blob.media_type, width=blob.width, height=blob.height,
            kind=attached.kind if attached else "",
            captured_at=attached.captured_at if attached else None,
            source=attached.source if attached else ""))
    return facts


def sending_facts(session: Session, handoff: Handoff, items: Sequence[HandoffItem]
                  ) -> dict[str, object]:
    """The part of the ``handoff.sent`` payload that a bundle of the handoff will carry."""
    return {
        "from_officer": _name(session, handoff.created_by),
        "to_officer": _name(session, handoff.to_officer_id),
        "crossing": crossing_json(crossing_facts(session, handoff.crossing_id))
        if handoff.crossing_id else None,
        "evidence": evidence_json(evidence_facts(session, handoff, items)),
    }
