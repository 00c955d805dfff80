"""What an inspection found, recorded so the gate can learn from it: the findings it
confirmed, and a violation no finding predicted."""

from __future__ import annotations

import json
from uuid import UUID

import pytest
from gate_kit import GateSetup, arrival
from lifecycle_kit import checked
from sqlalchemy import select

from borderdesk.domain.crossing import Channel
from borderdesk.domain.custody import InspectionForm, InspectionKind, InspectionResult
from borderdesk.domain.officer import Role
from borderdesk.errors import UserInputError
from borderdesk.services.crossings import register_arrival
from borderdesk.services.inspections import inspections_of_crossing, record_inspection
from borderdesk.storage.models import AuditEvent, Inspection


def _yellow(gate: GateSetup) -> tuple[GateSetup, UUID]:
    crossing_id = register_arrival(gate.db, gate.actor(Role.BORDER_GUARD), arrival()).crossing_id
    checked(gate.db, gate.actor(Role.CUSTOMS_OFFICER), crossing_id, Channel.YELLOW)
    return gate, crossing_id


def test_a_violation_no_rule_predicted_is_stored_audited_and_shown(gate: GateSetup) -> None:
    _, crossing_id = _yellow(gate)
    customs = gate.actor(Role.CUSTOMS_OFFICER)
    form = InspectionForm(crossing_id, InspectionKind.DOCUMENTS, InspectionResult.DISCREPANCY,
                          notes="invoice re-used from an earlier shipment",
                          unpredicted="  Same invoice number as crossing of 2 Dec: re-used  ")
    recorded = record_inspection(gate.db, customs, form)
    assert recorded.unpredicted == "Same invoice number as crossing of 2 Dec: re-used"
    [shown] = inspections_of_crossing(gate.db, customs, crossing_id)
    assert shown.unpredicted == recorded.unpredicted
    with gate.db.session() as session:
        stored = session.scalars(select(Inspection)).one()
        assert stored.unpredicted == recorded.unpredicted
        event = session.scalars(select(AuditEvent)
                                .where(AuditEvent.action == "inspection.recorded")).one()
        assert json.loads(event.payload)["unpredicted"] == recorded.unpredicted


@pytest.mark.parametrize(("result", "text", "says"), [
    (InspectionResult.CLEAR, "something odd", "Only a discrepancy"),
    (InspectionResult.DISCREPANCY, "x" * 4001, "at most"),
])
def test_an_unpredicted_violation_needs_a_discrepancy_and_a_bounded_text(
        gate: GateSetup, result: InspectionResult, text: str, says: str) -> None:
    _, crossing_id = _yellow(gate)
    form = InspectionForm(crossing_id, InspectionKind.DOCUMENTS, result,
                          unpredicted=text)
    with pytest.raises(UserInputError, match=says):
        record_inspection(gate.db, gate.actor(Role.CUSTOMS_OFFICER), form)
    with gate.db.session() as session:
        assert session.scalars(select(Inspection)).all() == []
