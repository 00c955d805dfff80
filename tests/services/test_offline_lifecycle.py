"""Offline work meets the lifecycle: an action made on the copy against a crossing that moved on
the server meanwhile comes back as a conflict, never as a change to the moved crossing."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from uuid import UUID

import pytest
from gate_kit import arrival, attach
from lifecycle_kit import checked
from offline_kit import OfflineGate, count

from borderdesk.domain.crossing import Channel, CrossingStatus
from borderdesk.domain.custody import SeizedLine, SeizureForm, SeizureRecord
from borderdesk.domain.officer import Actor, Role
from borderdesk.domain.offline import QueuedState
from borderdesk.services.audit_verify import verify_chains
from borderdesk.services.checks import run_check
from borderdesk.services.crossing_lifecycle import release_hold
from borderdesk.services.crossings import get_crossing, register_arrival
from borderdesk.services.offline import queued_saves, replay_queue
from borderdesk.services.seizures import record_seizure
from borderdesk.storage.engine import Database
from borderdesk.storage.models import CheckRun, Seizure
from borderdesk.storage.offline.gate_database import through_outage

pytestmark = [pytest.mark.pg]


def _seize(db: Database, actor: Actor, crossing_id: UUID) -> SeizureRecord:
    return record_seizure(db, actor, SeizureForm(
        crossing_id=crossing_id, reason="Phát hiện thêm hàng cấm", storage_location="Kho 2",
        lines=(SeizedLine("Pháo hoa", Decimal(4), "CTN"),)))


def test_a_seizure_made_offline_on_a_crossing_released_meanwhile_is_a_conflict(
        site: OfflineGate) -> None:
    online = replace(site.gate, db=site.server)
    customs, police = site.gate.actor(Role.CUSTOMS_OFFICER), site.gate.actor(Role.POLICE_OFFICER)
    crossing = register_arrival(site.server, site.gate.actor(Role.BORDER_GUARD), arrival())
    checked(site.server, customs, crossing.crossing_id, Channel.RED)
    _seize(site.server, customs, crossing.crossing_id)
    site.db.refresh_copy()

    site.db.go_offline()
    through_outage(lambda: _seize(site.db, police, crossing.crossing_id))
    # Meanwhile, on the server, the supervisor lets the truck go from another workstation
    # (this one is offline: an event of its own chain on the server would take the place
    # in the chain that the queued save's events hold).
    elsewhere = online.at_workstation(attach(site.server, "LAOBAO-OFFICE"), Role.SUPERVISOR)
    release_hold(site.server, elsewhere, crossing.crossing_id, "Hàng đã giao công an")

    report = replay_queue(site.db)

    assert report is not None and (report.conflicts, report.finished) == (1, True)
    (save,) = queued_saves(site.db)
    assert save.state is QueuedState.CONFLICT and save.action == "seizure.recorded"
    assert count(site.server, Seizure) == 1, "no seizure lands on a released crossing"
    assert get_crossing(site.server, customs, crossing.crossing_id).status is (
        CrossingStatus.RELEASED)
    assert verify_chains(site.server).problems == ()


def test_a_check_rerun_offline_never_lifts_a_hold_made_on_the_server(site: OfflineGate) -> None:
    customs = site.gate.actor(Role.CUSTOMS_OFFICER)
    crossing = register_arrival(site.server, site.gate.actor(Role.BORDER_GUARD), arrival())
    checked(site.server, customs, crossing.crossing_id, Channel.RED)
    site.db.refresh_copy()

    site.db.go_offline()
    runs_before = count(site.server, CheckRun)
    through_outage(lambda: run_check(site.db, customs, crossing.crossing_id))
    # Meanwhile the police seize at their own workstation, on the server.
    _seize(site.server, site.gate.at_workstation(attach(site.server, "LAOBAO-POLICE"),
                                                 Role.POLICE_OFFICER), crossing.crossing_id)

    report = replay_queue(site.db)

    assert report is not None and report.conflicts == 1
    assert count(site.server, CheckRun) == runs_before
    assert get_crossing(site.server, customs, crossing.crossing_id).status is CrossingStatus.HELD
