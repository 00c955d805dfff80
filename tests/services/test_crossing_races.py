"""Two workstations acting on one crossing (or one handoff) at the same moment.

Each workstation has its own ``Database`` (its own connections, as two
computers pointed at one server have). Whichever order the two land in, one
wins and the other is told who changed the record first (or that its status
no longer allows the action), and nothing is half-done. Each race runs a few
rounds, one workstation or the other starting a little late in some rounds,
so that both orders happen (run locally, every order of every race was seen).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from decimal import Decimal
from uuid import UUID

import pytest
from custody_kit import all_ok, seized
from gate_kit import GateSetup, arrival, attach
from lifecycle_kit import checked
from sqlalchemy import func, select

from borderdesk.domain.crossing import Channel, CrossingStatus
from borderdesk.domain.custody import (
    Agency,
    HandoffForm,
    HandoffState,
    InspectionForm,
    InspectionKind,
    InspectionResult,
    SeizedLine,
    SeizureForm,
)
from borderdesk.domain.officer import Actor, NewOfficer, Role
from borderdesk.errors import BorderDeskError, ConcurrentChange, UserInputError
from borderdesk.services.checks import latest_check, run_check
from borderdesk.services.crossing_lifecycle import release_hold
from borderdesk.services.crossings import get_crossing, register_arrival
from borderdesk.services.handoffs import (
    accept_handoff,
    get_handoff,
    return_handoff,
    send_handoff,
)
from borderdesk.services.officers import create_officer
from borderdesk.services.overrides import override_channel
from borderdesk.services.seizures import record_seizure, seizure_items
from borderdesk.storage.engine import Database
from borderdesk.storage.models import (
    AuditEvent,
    CheckRun,
    CrossingStatusChange,
    HandoffStateChange,
    Inspection,
    Seizure,
)

ROUNDS = 4
Outcome = object  # "done" or the BorderDeskError it raised


@dataclass(frozen=True)
class TwoDesks:
    """The gate, and a second workstation on its own connections to the same database."""

    gate: GateSetup
    other_db: Database
    other: Callable[[Role], Actor]


@pytest.fixture
def desks(gate: GateSetup, db_url: str) -> Iterator[TwoDesks]:
    other_db = Database(db_url)
    station = attach(gate.db, "LAOBAO-BOOTH-2")
    try:
        yield TwoDesks(gate, other_db, lambda role: gate.at_workstation(station, role))
    finally:
        other_db.dispose()


def _race(first: Callable[[], object], second: Callable[[], object],
          late: tuple[float, float]) -> tuple[Outcome, Outcome]:
    """Run both at once (each ``late`` seconds after the barrier); their outcomes."""
    start = threading.Barrier(2)
    outcomes: list[Outcome] = [None, None]

    def act(slot: int, action: Callable[[], object], delay: float) -> None:
        start.wait(timeout=30)
        time.sleep(delay)
        try:
            action()
            outcomes[slot] = "done"
        except BorderDeskError as error:
            outcomes[slot] = error

    threads = [threading.Thread(target=act, args=(0, first, late[0])),
               threading.Thread(target=act, args=(1, second, late[1]))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a workstation hung"
    return outcomes[0], outcomes[1]


def _delay(round_no: int) -> tuple[float, float]:
    # A check reads the crossing, runs the rules with no transaction open, then writes:
    # the last schedule lets it finish before the other workstation starts.
    return ((0.0, 0.0), (0.03, 0.0), (0.0, 0.03), (0.0, 0.3))[round_no % 4]


def _count(db: Database, model: type, *where: object) -> int:
    with db.session() as session:
        return int(session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def _events(db: Database, action: str) -> int:
    return _count(db, AuditEvent, AuditEvent.action == action)


def _second_customs_officer(gate: GateSetup) -> Actor:
    summary = create_officer(gate.db, gate.actor(Role.ADMINISTRATOR), NewOfficer(
        "customs2", "Trần Thị Hải Quan", Role.CUSTOMS_OFFICER, "laobao2026-second"))
    first = gate.actor(Role.CUSTOMS_OFFICER)
    return Actor(officer_id=summary.officer_id, username="customs2",
                 full_name="Trần Thị Hải Quan", role=Role.CUSTOMS_OFFICER,
                 gate_id=first.gate_id, workstation_id=first.workstation_id)


def _truck(gate: GateSetup, round_no: int) -> UUID:
    return register_arrival(gate.db, gate.actor(Role.BORDER_GUARD),
                            arrival(f"74C-{100 + round_no}.45")).crossing_id


def test_check_and_override_at_once_lose_neither_the_run_nor_the_override(
        desks: TwoDesks) -> None:
    gate = desks.gate
    customs, other_customs = gate.actor(Role.CUSTOMS_OFFICER), _second_customs_officer(gate)
    other = replace(other_customs,
                    workstation_id=desks.other(Role.CUSTOMS_OFFICER).workstation_id)
    for round_no in range(ROUNDS):
        crossing_id = _truck(gate, round_no)
        before = checked(gate.db, customs, crossing_id).channel
        assert before is not Channel.RED
        version = get_crossing(gate.db, customs, crossing_id).version
        runs, overrides = _count(gate.db, CheckRun, CheckRun.crossing_id == crossing_id,
                                 CheckRun.overrides_id.is_(None)), 0
        check, override = _race(
            lambda: run_check(gate.db, customs, crossing_id),  # noqa: B023 - joined in the round
            lambda: override_channel(desks.other_db, other, crossing_id,  # noqa: B023
                                     Channel.RED, "tip from the hotline",
                                     expected_version=version),  # noqa: B023
            _delay(round_no))
        assert "done" in (check, override), (check, override)
        for outcome, by in ((check, other.full_name), (override, customs.full_name)):
            if outcome != "done":
                assert isinstance(outcome, ConcurrentChange), outcome
                assert by in str(outcome), outcome
        runs_now = _count(gate.db, CheckRun, CheckRun.crossing_id == crossing_id,
                          CheckRun.overrides_id.is_(None))
        overrides = _count(gate.db, CheckRun, CheckRun.crossing_id == crossing_id,
                           CheckRun.overrides_id.is_not(None))
        assert runs_now == runs + (check == "done"), "no orphan or missing check run"
        assert overrides == (override == "done")
        shown = get_crossing(gate.db, customs, crossing_id)
        latest = latest_check(gate.db, customs, crossing_id)
        assert latest is not None
        if override == "done":
            # Whichever came second, the override stays in force beside the newer run.
            assert (shown.status, shown.channel, latest.channel) == (
                CrossingStatus.INSPECTION, Channel.RED, Channel.RED)
        else:
            assert (shown.status, shown.channel) == (CrossingStatus.DOCUMENTS, before)


def test_a_seizure_and_a_release_at_once_never_leave_goods_seized_from_a_gone_truck(
        desks: TwoDesks) -> None:
    gate = desks.gate
    customs, supervisor = gate.actor(Role.CUSTOMS_OFFICER), gate.actor(Role.SUPERVISOR)
    police = desks.other(Role.POLICE_OFFICER)
    for round_no in range(ROUNDS):
        crossing_id = _truck(gate, round_no)
        checked(gate.db, customs, crossing_id, Channel.RED)
        _seize(gate.db, customs, crossing_id)
        version = get_crossing(gate.db, customs, crossing_id).version
        seizures = _count(gate.db, Seizure, Seizure.crossing_id == crossing_id)
        moves = _count(gate.db, CrossingStatusChange,
                       CrossingStatusChange.crossing_id == crossing_id)
        release, seize = _race(
            lambda: release_hold(gate.db, supervisor, crossing_id,  # noqa: B023
                                 "goods handed to police", expected_version=version),  # noqa: B023
            lambda: _seize(desks.other_db, police, crossing_id),  # noqa: B023
            _delay(round_no))
        status = get_crossing(gate.db, customs, crossing_id).status
        seizures_now = _count(gate.db, Seizure, Seizure.crossing_id == crossing_id)
        if release == "done":
            assert isinstance(seize, UserInputError) and "closed" in str(seize), seize
            assert status is CrossingStatus.RELEASED
            assert seizures_now == seizures, "no seizure on a released crossing"
        else:
            assert seize == "done", (release, seize)
            assert isinstance(release, ConcurrentChange), release
            assert police.full_name in str(release), release
            assert status is CrossingStatus.HELD
            assert seizures_now == seizures + 1
        assert _count(gate.db, CrossingStatusChange,
                      CrossingStatusChange.crossing_id == crossing_id) == moves + (
            release == "done"), "one move for the release, none for a seizure of a held truck"


def _seize(db: Database, actor: Actor, crossing_id: UUID) -> None:
    record_seizure(db, actor, SeizureForm(
        crossing_id=crossing_id, reason="Hàng giả nhãn hiệu", storage_location="Kho 2",
        lines=(SeizedLine("Sữa bột giả nhãn", Decimal(40), "TIN"),)))


def test_accept_and_return_of_one_handoff_at_once_settle_it_once(desks: TwoDesks) -> None:
    gate = desks.gate
    police_here, police_there = gate.actor(Role.POLICE_OFFICER), desks.other(Role.POLICE_OFFICER)
    for round_no in range(ROUNDS):
        made = seized(gate, f"74C-{200 + round_no}.45")
        handoff = send_handoff(gate.db, gate.actor(Role.CUSTOMS_OFFICER), HandoffForm(
            to_agency=Agency.POLICE, items=seizure_items(made.seizure),
            seizure_id=made.seizure.seizure_id))
        handoff_id = handoff.summary.handoff_id
        accept, give_back = _race(
            lambda: accept_handoff(gate.db, police_here, handoff_id,  # noqa: B023
                                   all_ok(handoff)),  # noqa: B023
            lambda: return_handoff(desks.other_db, police_there, handoff_id,  # noqa: B023
                                   "wrong storage seal"),
            _delay(round_no))
        assert sorted(o == "done" for o in (accept, give_back)) == [False, True], (
            accept, give_back)
        loser = give_back if accept == "done" else accept
        assert isinstance(loser, ConcurrentChange), loser
        assert police_here.full_name in str(loser)
        won = HandoffState.ACCEPTED if accept == "done" else HandoffState.RETURNED
        assert get_handoff(gate.db, police_here, handoff_id).summary.state is won
        assert _count(gate.db, HandoffStateChange,
                      HandoffStateChange.handoff_id == handoff_id) == 2, "pending, then one"
        assert _events(gate.db, "handoff.accepted") + _events(gate.db, "handoff.returned") \
            == round_no + 1
        # The goods have one holder: the police after an acceptance, customs after a return.
        again = Agency.MARKET_CONTROL
        sender = police_here if won is HandoffState.ACCEPTED else gate.actor(
            Role.CUSTOMS_OFFICER)
        send_handoff(gate.db, sender, HandoffForm(
            to_agency=again, items=seizure_items(made.seizure),
            seizure_id=made.seizure.seizure_id))


def test_a_clear_inspection_and_a_seizure_at_once_never_release_seized_goods(
        desks: TwoDesks) -> None:
    gate = desks.gate
    customs = gate.actor(Role.CUSTOMS_OFFICER)
    police = desks.other(Role.POLICE_OFFICER)
    for round_no in range(ROUNDS):
        crossing_id = _truck(gate, round_no)
        checked(gate.db, customs, crossing_id, Channel.RED)
        inspected, seize = _race(
            lambda: record_inspection_clear(gate.db, customs, crossing_id),  # noqa: B023
            lambda: _seize(desks.other_db, police, crossing_id),  # noqa: B023
            _delay(round_no))
        status = get_crossing(gate.db, customs, crossing_id).status
        seizures = _count(gate.db, Seizure, Seizure.crossing_id == crossing_id)
        inspections = _count(gate.db, Inspection, Inspection.crossing_id == crossing_id)
        if seize == "done":
            # Seized first: the inspection, recorded after, moves nothing; or it was refused.
            assert status is CrossingStatus.HELD and seizures == 1
            assert inspections == (inspected == "done")
        else:
            assert inspected == "done", (inspected, seize)
            assert isinstance(seize, UserInputError) and "closed" in str(seize), seize
            assert status is CrossingStatus.RELEASED
            assert (seizures, inspections) == (0, 1), "no seizure on a released crossing"


def record_inspection_clear(db: Database, actor: Actor, crossing_id: UUID) -> None:
    """A physical inspection that found the cargo in order."""
    from borderdesk.services.inspections import record_inspection

    record_inspection(db, actor, InspectionForm(crossing_id, InspectionKind.PHYSICAL,
                                                InspectionResult.CLEAR, "opened, all in order"))
