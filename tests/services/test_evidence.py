"""Evidence on a crossing: content-addressed, idempotent, bad files refused with nothing stored."""

from __future__ import annotations

import io
import threading

import pytest
from gate_kit import GateSetup, arrival, attach
from PIL import Image
from sqlalchemy import func, select

from borderdesk.domain.evidence import EvidenceKind
from borderdesk.domain.officer import Role
from borderdesk.errors import PermissionDenied, UserInputError
from borderdesk.services.crossings import register_arrival
from borderdesk.services.evidence import (
    attach_evidence,
    evidence_bytes,
    list_evidence,
    thumbnail_png,
)
from borderdesk.storage.models import AuditEvent, Evidence, EvidenceBlob


def photo(colour: tuple[int, int, int] = (10, 120, 200)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (320, 240), colour).save(out, format="JPEG")
    return out.getvalue()


def _count(gate: GateSetup, model: type) -> int:
    with gate.db.session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_the_same_photo_attached_twice_is_stored_once(gate: GateSetup) -> None:
    guard = gate.actor(Role.BORDER_GUARD)
    crossing = register_arrival(gate.db, guard, arrival())
    data = photo()
    first = attach_evidence(gate.db, guard, crossing.crossing_id, data, EvidenceKind.PLATE,
                            source="camera 1")
    second = attach_evidence(gate.db, guard, crossing.crossing_id, data, EvidenceKind.FRONT)
    assert first.sha256 == second.sha256 and first.evidence_id != second.evidence_id
    assert (first.media_type, first.width, first.height) == ("image/jpeg", 320, 240)
    assert _count(gate, EvidenceBlob) == 1 and _count(gate, Evidence) == 2
    items = list_evidence(gate.db, guard, crossing.crossing_id)
    assert [i.kind for i in items] == [EvidenceKind.PLATE, EvidenceKind.FRONT]
    assert items[0].officer_name == guard.full_name
    assert evidence_bytes(gate.db, guard, first.sha256) == data
    assert Image.open(io.BytesIO(thumbnail_png(gate.db, guard, first.sha256, 64))).size == (64, 48)
    with gate.db.session() as session:
        payloads = session.scalars(
            select(AuditEvent.payload).where(AuditEvent.action == "evidence.attached")).all()
    assert len(payloads) == 2 and all(first.sha256 in str(p) for p in payloads)


def test_two_workstations_attaching_the_same_photo_at_once_store_one_blob(
        gate: GateSetup) -> None:
    other = attach(gate.db, "LAOBAO-BOOTH-2")
    guards = [gate.actor(Role.BORDER_GUARD), gate.at_workstation(other, Role.BORDER_GUARD)]
    crossing = register_arrival(gate.db, guards[0], arrival())
    data = photo((200, 10, 10))
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def attach_one(index: int) -> None:
        start.wait()
        try:
            attach_evidence(gate.db, guards[index], crossing.crossing_id, data, EvidenceKind.REAR)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=attach_one, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert _count(gate, EvidenceBlob) == 1 and _count(gate, Evidence) == 2


def test_a_bad_file_is_refused_and_nothing_is_stored(gate: GateSetup) -> None:
    guard = gate.actor(Role.BORDER_GUARD)
    crossing = register_arrival(gate.db, guard, arrival())
    events = _count(gate, AuditEvent)
    for data in (b"", b"not a photo", photo()[:200]):
        with pytest.raises(UserInputError):
            attach_evidence(gate.db, guard, crossing.crossing_id, data, EvidenceKind.CARGO,
                            source="x.jpg")
    assert _count(gate, EvidenceBlob) == 0 and _count(gate, AuditEvent) == events


def test_a_supervisor_may_not_attach_evidence(gate: GateSetup) -> None:
    crossing = register_arrival(gate.db, gate.actor(Role.BORDER_GUARD), arrival())
    with pytest.raises(PermissionDenied):
        attach_evidence(gate.db, gate.actor(Role.SUPERVISOR), crossing.crossing_id, photo(),
                        EvidenceKind.SEAL)
