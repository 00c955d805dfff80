"""The audit chain: every write appends a linked event; two processes lose nothing."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import defaultdict
from uuid import UUID

import pytest
from gate_kit import GateSetup, arrival, attach
from sqlalchemy import func, select

from borderdesk.custody.chain import GENESIS, event_hash, stored_event_fields
from borderdesk.domain.officer import Role
from borderdesk.services import crossings
from borderdesk.storage.engine import Database
from borderdesk.storage.models import AuditEvent, Crossing

PER_PROCESS = 50

# Each process registers its crossings as one officer at one workstation.
WORKER = """
import json, sys
from dataclasses import asdict
from uuid import UUID
from borderdesk.domain.officer import Actor, Role
from borderdesk.services import crossings
from borderdesk.storage.engine import Database
sys.path.insert(0, sys.argv[3])
from gate_kit import arrival

url, actor = sys.argv[1], json.loads(sys.argv[2])
actor = Actor(UUID(actor["officer_id"]), actor["username"], actor["full_name"],
              Role(actor["role"]), UUID(actor["gate_id"]), UUID(actor["workstation_id"]))
db = Database(url)
for i in range(int(sys.argv[4])):
    crossings.register_arrival(db, actor, arrival(f"74C-{int(sys.argv[5]) + i:05d}"))
db.dispose()
"""


def chains(db: Database) -> dict[UUID, list[AuditEvent]]:
    by_workstation: dict[UUID, list[AuditEvent]] = defaultdict(list)
    with db.session() as session:
        for event in session.scalars(
            select(AuditEvent).order_by(AuditEvent.workstation_id, AuditEvent.seq)
        ):
            by_workstation[event.workstation_id].append(event)
    return by_workstation


def assert_chain_intact(events: list[AuditEvent]) -> None:
    prev = GENESIS
    for seq, event in enumerate(events, start=1):
        assert event.seq == seq
        assert event.prev_hash == prev
        assert event.hash == event_hash(prev, stored_event_fields(event))
        prev = event.hash


def test_each_workstation_has_its_own_intact_chain(gate: GateSetup) -> None:
    second = attach(gate.db, "BOOTH-2")
    guard = gate.actor(Role.BORDER_GUARD)
    for i in range(3):
        crossings.register_arrival(gate.db, guard, arrival(f"74C-{i:05d}"))
    crossings.register_arrival(
        gate.db, gate.at_workstation(second, Role.BORDER_GUARD), arrival("74C-999.99")
    )
    by_workstation = chains(gate.db)
    # attached, key registered, an officer of every role created, 3 arrivals
    assert len(by_workstation[gate.workstation.workstation_id]) == 5 + len(Role)
    # attached, key registered, the booth witnessed, 1 arrival
    assert len(by_workstation[second.workstation_id]) == 4
    for events in by_workstation.values():
        assert_chain_intact(events)


@pytest.mark.slow
@pytest.mark.parametrize("same_workstation", [False, True], ids=["two-workstations", "one"])
def test_two_processes_registering_at_once_lose_nothing(
    gate: GateSetup, same_workstation: bool
) -> None:
    from pathlib import Path

    second = gate.workstation if same_workstation else attach(gate.db, "BOOTH-2")
    actors = [gate.actor(Role.BORDER_GUARD), gate.at_workstation(second, Role.BORDER_GUARD)]
    url = gate.db.url.render_as_string(hide_password=False)
    kit = str(Path(__file__).parent)
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, url,
             json.dumps({k: str(v) for k, v in vars(actor).items()}), kit,
             str(PER_PROCESS), str(10000 + 1000 * n)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for n, actor in enumerate(actors)
    ]
    for process in processes:
        _out, err = process.communicate(timeout=240)
        assert process.returncode == 0, err
    with gate.db.session() as session:
        assert session.scalar(select(func.count()).select_from(Crossing)) == 2 * PER_PROCESS
        events = session.scalar(select(func.count()).select_from(AuditEvent))
    assert events is not None and events >= 2 * PER_PROCESS
    for events_of_one in chains(gate.db).values():
        assert_chain_intact(events_of_one)
