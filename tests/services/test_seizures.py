"""Inspections and seizures: what is recorded, what is refused, and the audit trail they leave."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal

import pytest
from custody_kit import lines, photo, seized
from gate_kit import GateSetup, arrival
from lifecycle_kit import checked
from sqlalchemy import func, select

from borderdesk.domain.crossing import CrossingStatus
from borderdesk.domain.custody import (
    InspectionForm,
    InspectionKind,
    InspectionResult,
    ItemKind,
    SeizedLine,
    SeizureForm,
)
from borderdesk.domain.evidence import EvidenceKind
from borderdesk.domain.officer import Role
from borderdesk.errors import PermissionDenied, UserInputError
from borderdesk.services.crossing_lifecycle import release_hold
from borderdesk.services.crossings import get_crossing, register_arrival
from borderdesk.services.evidence import attach_evidence
from borderdesk.services.inspections import inspections_of_crossing, record_inspection
from borderdesk.services.seizures import (
    get_seizure,
    record_seizure,
    seizure_items,
    seizures_of_crossing,
)
from borderdesk.storage.models import AuditEvent, Seizure, SeizureLine


def test_a_seizure_keeps_its_lines_seals_findings_and_photos(gate: GateSetup) -> None:
    made = seized(gate)
    record = made.seizure
    assert [line.unit for _id, line in record.lines] == ["TIN", "KGM"]
    assert record.lines[1][1].quantity == Decimal("35.5")
    assert record.lines[1][1].hs_code == "240220" and record.lines[1][1].currency == "USD"
    assert record.finding_rules == ("UNDECLARED_LINE", "BRAND_WATCH")
    assert record.evidence_sha256 == (made.sha256,)
    assert record.seal_nos == ("HQ-778812",)
    assert record.crossing_reference == made.crossing.reference
    assert record.officer == gate.actor(Role.CUSTOMS_OFFICER).full_name
    police = gate.actor(Role.POLICE_OFFICER)
    assert get_seizure(gate.db, police, record.seizure_id) == record
    assert seizures_of_crossing(gate.db, police, made.crossing.crossing_id) == [record]
    with gate.db.session() as session:
        event = session.scalars(select(AuditEvent)
                                .where(AuditEvent.action == "seizure.recorded")).one()
    payload = json.loads(event.payload)
    assert payload["evidence_sha256"] == [made.sha256]
    assert [line["quantity"] for line in payload["lines"]] == ["120", "35.5"]


def test_a_seizure_holds_the_crossing_until_a_supervisor_releases_it(gate: GateSetup) -> None:
    made = seized(gate)
    customs = gate.actor(Role.CUSTOMS_OFFICER)
    held = get_crossing(gate.db, customs, made.crossing.crossing_id)
    assert held.status is CrossingStatus.HELD
    assert "Hàng giả, không khai báo" in held.entries[-1].what
    with pytest.raises(PermissionDenied, match="release a held crossing"):
        release_hold(gate.db, customs, held.crossing_id, "Phần hàng còn lại được thông quan")
    released = release_hold(gate.db, gate.actor(Role.SUPERVISOR), held.crossing_id,
                            "Phần hàng còn lại được thông quan")
    assert released.status is CrossingStatus.RELEASED
    assert released.entries[-1].what.endswith("Note: Phần hàng còn lại được thông quan")
    # A released truck has gone: a seizure from it is refused, and nothing is written.
    with pytest.raises(UserInputError, match="closed"):
        record_seizure(gate.db, customs, SeizureForm(
            crossing_id=held.crossing_id, lines=lines()[:1],
            reason="Phát hiện thêm khi kiểm tra sau", storage_location="Kho tang vật số 2"))
    assert len(seizures_of_crossing(gate.db, customs, held.crossing_id)) == 1
    assert get_crossing(gate.db, customs, held.crossing_id).status is CrossingStatus.RELEASED


def test_seizure_lines_become_goods_items_referencing_their_line_ids(gate: GateSetup) -> None:
    record = seized(gate).seizure
    items = seizure_items(record)
    assert [item.kind for item in items] == [ItemKind.GOODS, ItemKind.GOODS]
    assert [item.reference for item in items] == [str(line_id) for line_id, _l in record.lines]
    assert items[0].seal_no == "HQ-B001" and items[0].quantity == Decimal(120)


def test_an_inspection_is_recorded_and_listed(gate: GateSetup) -> None:
    customs = gate.actor(Role.CUSTOMS_OFFICER)
    crossing = register_arrival(gate.db, gate.actor(Role.BORDER_GUARD), arrival())
    with pytest.raises(UserInputError, match="does not allow you to record an inspection"):
        record_inspection(gate.db, customs, InspectionForm(
            crossing.crossing_id, InspectionKind.DOCUMENTS, InspectionResult.CLEAR))
    checked(gate.db, customs, crossing.crossing_id)
    with pytest.raises(PermissionDenied):
        record_inspection(gate.db, gate.actor(Role.BORDER_GUARD), InspectionForm(
            crossing.crossing_id, InspectionKind.DOCUMENTS, InspectionResult.CLEAR))
    done = record_inspection(gate.db, customs, InspectionForm(
        crossing.crossing_id, InspectionKind.DOCUMENTS, InspectionResult.CLEAR, " ok "))
    assert done.notes == "ok" and done.officer == customs.full_name
    assert inspections_of_crossing(gate.db, customs, crossing.crossing_id) == [done]
    # A green crossing whose papers are in order goes.
    assert get_crossing(gate.db, customs, crossing.crossing_id).status is CrossingStatus.RELEASED


@pytest.mark.parametrize(("change", "message"), [
    ({"lines": ()}, "at least one line"),
    ({"reason": "  "}, "why the goods are seized"),
    ({"storage_location": ""}, "where the seized goods are kept"),
    ({"finding_rules": ("NOT_A_RULE",)}, "'NOT_A_RULE' is not a rule id"),
    ({"evidence_sha256": ("0" * 64,)}, "is not evidence of this crossing"),
    ({"lines": (SeizedLine("Thuốc lá", Decimal(0), "KGM"),)}, "above zero"),
    ({"lines": (SeizedLine("Thuốc lá", Decimal(-3), "KGM"),)}, "above zero"),
    ({"lines": (SeizedLine("Thuốc lá", Decimal(3), "bushel"),)}, "unknown unit 'bushel'"),
    ({"lines": (SeizedLine("", Decimal(3), "KGM"),)}, "describe the goods"),
    ({"lines": (SeizedLine("x", Decimal(3), "KGM", hs_code="12"),)}, "not 4 to 10 digits"),
    ({"lines": (SeizedLine("x", Decimal(3), "KGM", declared_value=Decimal(5)),)},
     "needs a currency"),
    ({"seal_nos": ("bad seal!",)}, "is not a seal number"),
])
def test_a_bad_seizure_is_refused_and_nothing_is_written(
    gate: GateSetup, change: dict[str, object], message: str
) -> None:
    customs = gate.actor(Role.CUSTOMS_OFFICER)
    crossing = register_arrival(gate.db, gate.actor(Role.BORDER_GUARD), arrival())
    form = SeizureForm(crossing_id=crossing.crossing_id, lines=lines(), reason="Hàng giả",
                       storage_location="Kho 2")
    with pytest.raises(UserInputError, match=message):
        record_seizure(gate.db, customs, replace(form, **change))  # type: ignore[arg-type]
    with gate.db.session() as session:
        assert session.scalar(select(func.count()).select_from(Seizure)) == 0
        assert session.scalar(select(func.count()).select_from(SeizureLine)) == 0


def test_a_photo_of_another_crossing_does_not_document_a_seizure(gate: GateSetup) -> None:
    customs = gate.actor(Role.CUSTOMS_OFFICER)
    guard = gate.actor(Role.BORDER_GUARD)
    here = register_arrival(gate.db, guard, arrival())
    there = register_arrival(gate.db, guard, arrival("74C-555.55"))
    sha = attach_evidence(gate.db, customs, there.crossing_id, photo((1, 2, 3)),
                          EvidenceKind.CARGO).sha256
    with pytest.raises(UserInputError, match="not evidence of this crossing"):
        record_seizure(gate.db, customs, SeizureForm(
            crossing_id=here.crossing_id, lines=lines(), reason="r", storage_location="Kho",
            evidence_sha256=(sha,)))


def test_border_guards_and_supervisors_may_not_seize(gate: GateSetup) -> None:
    crossing = register_arrival(gate.db, gate.actor(Role.BORDER_GUARD), arrival())
    form = SeizureForm(crossing_id=crossing.crossing_id, lines=lines(), reason="r",
                       storage_location="Kho")
    for role in (Role.BORDER_GUARD, Role.SUPERVISOR, Role.ADMINISTRATOR):
        with pytest.raises(PermissionDenied):
            record_seizure(gate.db, gate.actor(role), form)
    # Police and market control seize too (goods found after the customs check).
    assert record_seizure(gate.db, gate.actor(Role.MARKET_CONTROL_OFFICER), form).lines
