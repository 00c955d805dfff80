"""Test kit: crossings declared with chosen discrepancies and traders, checked, inspected,
seized and overridden through the services, for counting hit rates by hand."""

from __future__ import annotations

import json
from decimal import Decimal
from uuid import UUID

from gate_kit import GateSetup, arrival
from lifecycle_kit import DECLARATION, MANIFEST
from sqlalchemy import select

from borderdesk.documents.manifest_json import manifest_from_dict
from borderdesk.domain.crossing import Channel
from borderdesk.domain.custody import (
    InspectionForm,
    InspectionKind,
    InspectionResult,
    SeizedLine,
    SeizureForm,
)
from borderdesk.domain.officer import Role
from borderdesk.json_input import load_json
from borderdesk.services.checks import parse_declaration_bytes, run_check, save_declaration
from borderdesk.services.crossings import register_arrival
from borderdesk.services.inspections import record_inspection
from borderdesk.services.manifests import save_manifest
from borderdesk.services.overrides import override_channel
from borderdesk.services.seizures import record_seizure
from borderdesk.storage.models import CheckRun

ABC = ("Cong ty TNHH ABC", "0101234567")
XYZ = ("Cong ty CP XYZ", "0309999999")
QUANTITY = "QUANTITY_MISMATCH"
VALUE = "VALUE_MISMATCH"


def declared(gate: GateSetup, n: int, trader: tuple[str, str] = ABC,
             rules: tuple[str, ...] = ()) -> UUID:
    """Truck ``n`` (the test plate) declared by ``trader`` and checked; the declaration
    differs from the manifest so that the checks find ``rules`` (quantity and/or value of
    its first line): yellow for one, red for both, green for none."""
    customs = gate.actor(Role.CUSTOMS_OFFICER)
    crossing = register_arrival(gate.db, gate.actor(Role.BORDER_GUARD), arrival())
    data = json.loads(DECLARATION.read_text(encoding="utf-8"))
    data["trader"] = {"name": trader[0], "tax_code": trader[1]}
    if QUANTITY in rules:
        data["lines"][0]["quantity"] = 1500
    if VALUE in rules:
        data["lines"][0]["value"] = 1000.0
    save_declaration(gate.db, customs, crossing.crossing_id,
                     parse_declaration_bytes(json.dumps(data).encode(), "declaration.json"))
    save_manifest(gate.db, customs, crossing.crossing_id, manifest_from_dict(
        load_json(MANIFEST.read_text(encoding="utf-8")), source_name=MANIFEST.name))
    record = run_check(gate.db, customs, crossing.crossing_id)
    found = {f.rule.value for f in record.result.findings}
    assert found == set(rules), (n, found)
    return crossing.crossing_id


def inspected(gate: GateSetup, crossing_id: UUID, kind: InspectionKind,
              result: InspectionResult, confirmed: tuple[str, ...] = ()) -> UUID:
    """Record an inspection by the customs officer; returns its id."""
    return record_inspection(gate.db, gate.actor(Role.CUSTOMS_OFFICER), InspectionForm(
        crossing_id, kind, result, "test inspection", confirmed)).inspection_id


def seized(gate: GateSetup, crossing_id: UUID, confirmed: tuple[str, ...]) -> None:
    """A physical inspection that ends in a seizure confirming ``confirmed``."""
    inspection = inspected(gate, crossing_id, InspectionKind.PHYSICAL, InspectionResult.SEIZURE)
    record_seizure(gate.db, gate.actor(Role.CUSTOMS_OFFICER), SeizureForm(
        crossing_id=crossing_id, lines=(SeizedLine("Rice crackers", Decimal(300), "BAG"),),
        reason="Undeclared bags", storage_location="Kho 2", finding_rules=confirmed,
        inspection_id=inspection))


def overridden(gate: GateSetup, crossing_id: UUID, channel: Channel) -> UUID:
    """The customs officer overrides the channel; returns the override's id."""
    override_channel(gate.db, gate.actor(Role.CUSTOMS_OFFICER), crossing_id, channel,
                     "test: sent this way")
    with gate.db.session() as session:
        return session.scalars(
            select(CheckRun.id).where(CheckRun.crossing_id == crossing_id,
                                      CheckRun.overrides_id.is_not(None))
            .order_by(CheckRun.created_at.desc(), CheckRun.id.desc()).limit(1)).one()
