"""What an officer can hand over or seize from one crossing, read in one go off the GUI thread.

The handoff and seizure dialogs are built from a ``CustodyChoices``: the
vehicle, its containers, the evidence photos, the inspections and seizures
and the findings of the latest check.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID
from zoneinfo import ZoneInfo

from borderdesk.domain.crossing import CrossingDetail
from borderdesk.domain.custody import (
    HandoffItemForm,
    InspectionRecord,
    ItemKind,
    SeizureRecord,
)
from borderdesk.domain.evidence import EvidenceItem, kind_label
from borderdesk.domain.findings import Finding
from borderdesk.domain.officer import Actor
from borderdesk.i18n import _
from borderdesk.services import checks, crossings, evidence, inspections, seizures
from borderdesk.storage.engine import Database
from borderdesk.ui.kit.gate_time import full_time_text


@dataclass(frozen=True)
class CustodyChoices:
    """One crossing's things that can change hands."""

    crossing: CrossingDetail
    photos: tuple[EvidenceItem, ...]
    inspections: tuple[InspectionRecord, ...]
    seizures: tuple[SeizureRecord, ...]
    findings: tuple[Finding, ...]
    """Findings of the latest check (empty when none ran)."""

    def vehicle_items(self) -> tuple[HandoffItemForm, ...]:
        """The tractor, the trailer and each container, as handoff items."""
        crossing = self.crossing
        items = [HandoffItemForm(ItemKind.VEHICLE, _("Tractor {plate}").format(
            plate=crossing.tractor_plate), reference=crossing.tractor_plate)]
        if crossing.trailer_plate:
            items.append(HandoffItemForm(ItemKind.VEHICLE, _("Trailer {plate}").format(
                plate=crossing.trailer_plate), reference=crossing.trailer_plate))
        items += [HandoffItemForm(ItemKind.CONTAINER, _("Container {number}").format(
            number=c.container_no), reference=c.container_no, seal_no=", ".join(c.seal_nos))
            for c in crossing.containers]
        return tuple(items)

    def photo_items(self, zone: ZoneInfo) -> tuple[HandoffItemForm, ...]:
        """Each evidence photo or scan, referenced by its SHA-256."""
        def kind_text(item: EvidenceItem) -> str:
            text = kind_label(item.kind)
            return text[:1].upper() + text[1:]

        return tuple(HandoffItemForm(ItemKind.EVIDENCE, _("{kind} of {at}").format(
            kind=kind_text(p), at=full_time_text(p.captured_at, zone)),
            reference=p.sha256) for p in self.photos)

    def seizure_items(self, seizure: SeizureRecord) -> tuple[HandoffItemForm, ...]:
        """The goods lines of a seizure."""
        return seizures.seizure_items(seizure)


def load_choices(db: Database, actor: Actor, crossing_id: UUID) -> CustodyChoices:
    """Read everything of the crossing the dialogs offer (run off the GUI thread)."""
    latest = checks.latest_check(db, actor, crossing_id)
    return CustodyChoices(
        crossing=crossings.get_crossing(db, actor, crossing_id),
        photos=tuple(evidence.list_evidence(db, actor, crossing_id)),
        inspections=tuple(inspections.inspections_of_crossing(db, actor, crossing_id)),
        seizures=tuple(seizures.seizures_of_crossing(db, actor, crossing_id)),
        findings=latest.result.findings if latest is not None else (),
    )
