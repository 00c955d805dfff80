"""Test kit for the custody screens: a crossing with a sealed container, handoffs sent to it."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, datetime

from PIL import Image

from borderdesk.config import Settings
from borderdesk.domain.crossing import ArrivalForm, ContainerEntry, CrossingDetail, Direction
from borderdesk.domain.custody import Agency, HandoffForm, HandoffItemForm, HandoffRecord, ItemKind
from borderdesk.domain.evidence import EvidenceKind
from borderdesk.domain.officer import Actor
from borderdesk.services import crossings, evidence, handoffs, workstations
from borderdesk.storage.models.base import new_id

CONTAINER = "CSQU3054383"
SEAL = "VN2611842"


def arrival(gate, plate: str = "74C-123.45") -> CrossingDetail:
    """A lorry with one sealed container, registered by the border guard."""
    form = ArrivalForm(direction=Direction.IMPORT, lane="1", tractor_plate=plate,
                       arrived_at=datetime.now(UTC), driver_name="Lê Văn Tài",
                       driver_document_no="045089001234",
                       containers=(ContainerEntry(CONTAINER, (SEAL,)),))
    return crossings.register_arrival(gate.db, gate.actor_for("guard1"), form)


def photo(gate, crossing_id, shade: int = 90) -> str:
    """Attach a small cargo photo; its SHA-256."""
    image = Image.new("RGB", (320, 200), (shade, 120, 160))
    out = io.BytesIO()
    image.save(out, format="PNG")
    item = evidence.attach_evidence(gate.db, gate.actor_for("guard1"), crossing_id,
                                    out.getvalue(), EvidenceKind.CARGO, source="cargo.png")
    return item.sha256


def send(gate, crossing: CrossingDetail, *, to: Agency = Agency.CUSTOMS,
         actor: Actor | None = None, note: str = "Lorry and sealed container",
         extra: tuple[HandoffItemForm, ...] = ()) -> HandoffRecord:
    """The guard hands the lorry and its container to ``to``."""
    items = (
        HandoffItemForm(ItemKind.VEHICLE, f"Tractor {crossing.tractor_plate}",
                        reference=crossing.tractor_plate),
        HandoffItemForm(ItemKind.CONTAINER, f"Container {CONTAINER}", reference=CONTAINER,
                        seal_no=SEAL),
        *extra,
    )
    form = HandoffForm(to_agency=to, items=items, crossing_id=crossing.crossing_id, note=note)
    return handoffs.send_handoff(gate.db, actor or gate.actor_for("guard1"), form)


def other_workstation_actor(gate, username: str) -> Actor:
    """The officer ``username`` working at a second workstation of the gate."""
    other = workstations.attach_workstation(gate.db, Settings(
        workstation_id=new_id(), workstation_name="BD-TEST-2", gate_code="LAOBAO"))
    return replace(gate.actor_for(username), workstation_id=other.workstation_id)
