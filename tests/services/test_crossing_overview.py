"""The crossing overview in one read: files, documents, the check in force, inspections,
seizures and handoffs, on each backend; refused to whoever may not see crossings."""

from __future__ import annotations

import pytest
from custody_kit import seized, vehicle_handoff
from gate_kit import GateSetup

from borderdesk.domain.crossing import Channel
from borderdesk.domain.custody import HandoffState
from borderdesk.domain.officer import Role
from borderdesk.errors import UserInputError
from borderdesk.services.crossing_overview import crossing_overview
from borderdesk.storage.models.base import new_id


def test_the_overview_counts_what_was_recorded_and_names_the_latest(gate: GateSetup) -> None:
    made = seized(gate)
    vehicle_handoff(gate, made.crossing)
    overview = crossing_overview(gate.db, gate.actor(Role.SUPERVISOR), made.crossing.crossing_id)
    assert [e.sha256 for e in overview.evidence] == [made.sha256]
    assert overview.declaration is not None and overview.declaration.version == 1
    assert overview.manifest is not None and overview.manifest.lines > 0
    assert overview.check is not None and overview.check.channel is Channel.RED
    assert len(overview.inspections) == 1
    assert [s.seizure_id for s in overview.seizures] == [made.seizure.seizure_id]
    assert [h.state for h in overview.handoffs] == [HandoffState.PENDING]
    assert overview.pending_handoffs == 1


def test_a_crossing_of_no_gate_of_ours_is_refused(gate: GateSetup) -> None:
    with pytest.raises(UserInputError):
        crossing_overview(gate.db, gate.actor(Role.SUPERVISOR), new_id())
