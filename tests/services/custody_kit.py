"""Test kit: a crossing with a photo, an inspection and a seizure, ready to hand over."""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal

from gate_kit import GateSetup, arrival
from lifecycle_kit import checked
from PIL import Image

from borderdesk.domain.crossing import Channel, CrossingDetail
from borderdesk.domain.custody import (
    Agency,
    HandoffForm,
    HandoffItemForm,
    HandoffRecord,
    InspectionForm,
    InspectionKind,
    InspectionResult,
    ItemConfirmation,
    ItemKind,
    SeizedLine,
    SeizureForm,
    SeizureRecord,
)
from borderdesk.domain.evidence import EvidenceKind
from borderdesk.domain.officer import Role
from borderdesk.services.crossings import register_arrival
from borderdesk.services.evidence import attach_evidence
from borderdesk.services.inspections import record_inspection
from borderdesk.services.seizures import record_seizure


def photo(colour: tuple[int, int, int] = (10, 120, 200)) -> bytes:
    """A small JPEG; another colour gives another SHA-256."""
    out = io.BytesIO()
    Image.new("RGB", (160, 120), colour).save(out, format="JPEG")
    return out.getvalue()


@dataclass(frozen=True)
class Seized:
    """A crossing, the photo of its cargo and the seizure made at its inspection."""

    crossing: CrossingDetail
    sha256: str
    seizure: SeizureRecord


def lines() -> tuple[SeizedLine, ...]:
    """Two lines of seized goods."""
    return (
        SeizedLine("Sữa bột giả nhãn hiệu, hộp 800 g", Decimal(120), "TIN", hs_code="190110",
                   bag_seal_no="HQ-B001"),
        SeizedLine("Thuốc lá điếu không tem", Decimal("35.5"), "kg", hs_code="2402.20",
                   declared_value=Decimal(900), currency="usd"),
    )


def seized(gate: GateSetup, plate: str = "74C-123.45") -> Seized:
    """Register a truck, photograph its cargo, send it to the red channel, inspect it and
    seize two lines of goods."""
    guard, customs = gate.actor(Role.BORDER_GUARD), gate.actor(Role.CUSTOMS_OFFICER)
    crossing = register_arrival(gate.db, guard, arrival(plate))
    sha = attach_evidence(gate.db, customs, crossing.crossing_id, photo(),
                          EvidenceKind.CARGO).sha256
    checked(gate.db, customs, crossing.crossing_id, Channel.RED)
    inspection = record_inspection(gate.db, customs, InspectionForm(
        crossing.crossing_id, InspectionKind.PHYSICAL, InspectionResult.SEIZURE, "Cargo opened"))
    seizure = record_seizure(gate.db, customs, SeizureForm(
        crossing_id=crossing.crossing_id, lines=lines(), reason="Hàng giả, không khai báo",
        storage_location="Kho tang vật số 2", seal_nos=("HQ-778812",),
        finding_rules=("UNDECLARED_LINE", "brand_watch"), evidence_sha256=(sha.upper(),),
        inspection_id=inspection.inspection_id))
    return Seized(crossing, sha, seizure)


def vehicle_handoff(gate: GateSetup, crossing: CrossingDetail, to: Agency = Agency.CUSTOMS,
                    note: str = "") -> HandoffRecord:
    """The border guard hands the truck and its container to ``to``."""
    from borderdesk.services.handoffs import send_handoff

    return send_handoff(gate.db, gate.actor(Role.BORDER_GUARD), HandoffForm(
        to_agency=to, crossing_id=crossing.crossing_id, note=note, items=(
            HandoffItemForm(ItemKind.VEHICLE, "Đầu kéo", reference=crossing.tractor_plate),
            HandoffItemForm(ItemKind.CONTAINER, "Container 40'", reference="CSQU3054383",
                            seal_no="A123456"),
        )))


def all_ok(record: HandoffRecord) -> tuple[ItemConfirmation, ...]:
    """Every item counted and its seal intact."""
    return tuple(ItemConfirmation(item.item_id) for item in record.items)
