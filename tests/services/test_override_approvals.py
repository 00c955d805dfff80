"""Four eyes on a lowered channel: raising is in force at once, lowering waits for a
supervisor who did not ask for it, and a request the crossing moved past cannot be approved."""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from decimal import Decimal
from uuid import UUID

import pytest
from gate_kit import GateSetup, arrival, attach
from lifecycle_kit import checked
from sqlalchemy import func, select

from borderdesk.domain.crossing import Channel, CrossingStatus
from borderdesk.domain.custody import (
    InspectionForm,
    InspectionKind,
    InspectionResult,
    SeizedLine,
    SeizureForm,
)
from borderdesk.domain.officer import Actor, NewOfficer, Role
from borderdesk.errors import (
    BorderDeskError,
    ConcurrentChange,
    PermissionDenied,
    UserInputError,
)
from borderdesk.services.checks import latest_check, run_check
from borderdesk.services.crossing_lifecycle import cancel_crossing, release_hold
from borderdesk.services.crossings import get_crossing, register_arrival
from borderdesk.services.inspections import record_inspection
from borderdesk.services.officers import create_officer
from borderdesk.services.overrides import (
    approve_override,
    override_channel,
    pending_overrides,
    refuse_override,
)
from borderdesk.services.seizures import record_seizure
from borderdesk.storage.engine import Database
from borderdesk.storage.models import AuditEvent, CheckRun, CrossingStatusChange, OverrideDecision


def _truck(gate: GateSetup, plate: str = "74C-123.45") -> UUID:
    return register_arrival(gate.db, gate.actor(Role.BORDER_GUARD), arrival(plate)).crossing_id


def _shown(gate: GateSetup, crossing_id: UUID) -> tuple[CrossingStatus, Channel | None]:
    detail = get_crossing(gate.db, gate.actor(Role.SUPERVISOR), crossing_id)
    return detail.status, detail.channel


def _rows(gate: GateSetup) -> tuple[int, ...]:
    with gate.db.session() as session:
        return tuple(int(session.scalar(select(func.count()).select_from(model)) or 0)
                     for model in (AuditEvent, CheckRun, CrossingStatusChange, OverrideDecision))


def second_supervisor(gate: GateSetup) -> Actor:
    """Another supervisor of the gate, at the same workstation."""
    summary = create_officer(gate.db, gate.actor(Role.ADMINISTRATOR), NewOfficer(
        "supervisor2", "Lê Văn Giám Sát", Role.SUPERVISOR, "laobao2026-second"))
    return replace(gate.actor(Role.SUPERVISOR), officer_id=summary.officer_id,
                   username="supervisor2", full_name="Lê Văn Giám Sát")


def _lowered(gate: GateSetup, start: Channel = Channel.RED,
             to: Channel = Channel.GREEN) -> tuple[UUID, UUID]:
    """A crossing in ``start`` with a request to lower it to ``to``; its id and the request's."""
    customs = gate.actor(Role.CUSTOMS_OFFICER)
    crossing_id = _truck(gate)
    checked(gate.db, customs, crossing_id, start)
    asked = override_channel(gate.db, customs, crossing_id, to, "giấy tờ đầy đủ, niêm phong tốt")
    assert asked.override_id is not None
    return crossing_id, asked.override_id


def test_raising_is_in_force_at_once_and_lowering_waits_for_a_supervisor(
        gate: GateSetup) -> None:
    customs = gate.actor(Role.CUSTOMS_OFFICER)
    crossing_id = _truck(gate)
    checked(gate.db, customs, crossing_id)
    raised = override_channel(gate.db, customs, crossing_id, Channel.RED, "tip from the hotline")
    assert (raised.state, raised.channel) == ("in_force", Channel.RED)
    assert _shown(gate, crossing_id) == (CrossingStatus.INSPECTION, Channel.RED)

    lowered = override_channel(gate.db, customs, crossing_id, Channel.GREEN, "seal intact")
    assert lowered.state == "pending" and lowered.override_id is not None
    assert lowered.channel is Channel.RED, "the channel in force stays until approval"
    assert _shown(gate, crossing_id) == (CrossingStatus.INSPECTION, Channel.RED)
    record = latest_check(gate.db, customs, crossing_id)
    assert record is not None and record.channel is Channel.RED
    assert record.override is not None and record.override.override_id == raised.override_id
    assert record.request is not None
    assert (record.request.state, record.request.channel, record.request.from_channel,
            record.request.officer_name) == ("pending", Channel.GREEN, Channel.RED,
                                              customs.full_name)
    inbox = pending_overrides(gate.db, gate.actor(Role.SUPERVISOR))
    assert [(p.override_id, p.from_channel, p.channel, p.asked_by, p.reason, p.own)
            for p in inbox] == [(lowered.override_id, Channel.RED, Channel.GREEN,
                                 customs.full_name, "seal intact", False)]
    assert (inbox[0].trader, inbox[0].plate) == ("Cong ty TNHH ABC", "74C-123.45")
    with gate.db.session() as session:
        requested = session.scalars(select(AuditEvent.action).where(
            AuditEvent.entity_id == str(crossing_id))).all()
    assert "check.override_requested" in requested


def test_a_supervisor_approves_and_the_lower_channel_is_in_force(gate: GateSetup) -> None:
    crossing_id, override_id = _lowered(gate, Channel.YELLOW, Channel.GREEN)
    assert _shown(gate, crossing_id) == (CrossingStatus.DOCUMENTS, Channel.YELLOW)
    supervisor = gate.actor(Role.SUPERVISOR)
    approved = approve_override(gate.db, supervisor, override_id, "đã xem hồ sơ")
    assert (approved.state, approved.channel) == ("in_force", Channel.GREEN)
    assert approved.override is not None and approved.override.decided_by == supervisor.full_name
    assert approved.request is None
    assert _shown(gate, crossing_id) == (CrossingStatus.DOCUMENTS, Channel.GREEN)
    assert pending_overrides(gate.db, supervisor) == []
    with gate.db.session() as session:
        events = session.scalars(select(AuditEvent.action).where(
            AuditEvent.entity_id == str(crossing_id)).order_by(AuditEvent.at)).all()
    assert events[-2:] == ["check.override_approved", "crossing.advanced"]
    # Re-running the checks (green) keeps the approved channel.
    again = run_check(gate.db, gate.actor(Role.CUSTOMS_OFFICER), crossing_id)
    assert again.channel is Channel.GREEN


def test_approving_red_to_green_keeps_the_inspection_under_way(gate: GateSetup) -> None:
    crossing_id, override_id = _lowered(gate)
    approve_override(gate.db, gate.actor(Role.SUPERVISOR), override_id)
    assert _shown(gate, crossing_id) == (CrossingStatus.INSPECTION, Channel.GREEN)


def test_a_refusal_keeps_the_channel_and_ends_the_request(gate: GateSetup) -> None:
    crossing_id, override_id = _lowered(gate)
    supervisor = gate.actor(Role.SUPERVISOR)
    with pytest.raises(UserInputError, match="Write why"):
        refuse_override(gate.db, supervisor, override_id, "  ")
    refused = refuse_override(gate.db, supervisor, override_id, "chưa đủ căn cứ")
    assert (refused.state, refused.channel) == ("refused", Channel.RED)
    assert refused.request is not None and refused.request.state == "refused"
    assert refused.request.decision_reason == "chưa đủ căn cứ"
    assert _shown(gate, crossing_id) == (CrossingStatus.INSPECTION, Channel.RED)
    assert pending_overrides(gate.db, supervisor) == []
    before = _rows(gate)
    with pytest.raises(ConcurrentChange, match="refused this lower channel first"):
        approve_override(gate.db, second_supervisor(gate), override_id)
    assert _rows(gate)[1:] == before[1:]


def test_no_one_but_another_supervisor_decides(gate: GateSetup) -> None:
    customs = gate.actor(Role.CUSTOMS_OFFICER)
    crossing_id, override_id = _lowered(gate)
    before = _rows(gate)
    for role in (Role.CUSTOMS_OFFICER, Role.BORDER_GUARD, Role.POLICE_OFFICER,
                 Role.MARKET_CONTROL_OFFICER, Role.ADMINISTRATOR):
        with pytest.raises(PermissionDenied, match="approve or refuse a lowered channel"):
            approve_override(gate.db, gate.actor(role), override_id)
        with pytest.raises(PermissionDenied):
            refuse_override(gate.db, gate.actor(role), override_id, "no")
    # The officer who asked, even holding a supervisor's role, never decides on it.
    himself = replace(customs, role=Role.SUPERVISOR)
    with pytest.raises(PermissionDenied, match="yourself"):
        approve_override(gate.db, himself, override_id)
    with pytest.raises(PermissionDenied, match="yourself"):
        refuse_override(gate.db, himself, override_id, "changed my mind")
    inbox = pending_overrides(gate.db, himself)
    assert [p.own for p in inbox] == [True]
    assert _rows(gate) == before, "a refused decision writes nothing"
    assert _shown(gate, crossing_id) == (CrossingStatus.INSPECTION, Channel.RED)


def test_an_unknown_or_raising_override_is_no_request(gate: GateSetup) -> None:
    customs, supervisor = gate.actor(Role.CUSTOMS_OFFICER), gate.actor(Role.SUPERVISOR)
    crossing_id = _truck(gate)
    raised = checked(gate.db, customs, crossing_id, Channel.RED)
    assert raised.override is not None and raised.override.override_id is not None
    for override_id in (raised.override.override_id, raised.check_run_id, crossing_id):
        with pytest.raises(UserInputError, match="no lowered channel"):
            approve_override(gate.db, supervisor, override_id)


@pytest.mark.parametrize("move", ["checks", "override", "inspection", "seizure", "cancel"])
def test_an_approval_after_the_crossing_moved_on_is_refused(gate: GateSetup, move: str) -> None:
    customs, supervisor = gate.actor(Role.CUSTOMS_OFFICER), gate.actor(Role.SUPERVISOR)
    crossing_id, override_id = _lowered(gate, Channel.RED, Channel.YELLOW)
    if move == "checks":
        run_check(gate.db, customs, crossing_id)
        problem = "moved on"
    elif move == "override":
        newer = override_channel(gate.db, customs, crossing_id, Channel.GREEN, "both papers")
        assert newer.state == "pending"
        assert [p.override_id for p in pending_overrides(gate.db, supervisor)] == [
            newer.override_id], "the newer request replaced the older one"
        problem = "newer override replaced"
    elif move == "inspection":
        record_inspection(gate.db, customs, InspectionForm(
            crossing_id, InspectionKind.PHYSICAL, InspectionResult.DISCREPANCY,
            finding_rules=()))
        problem = "moved on"
    elif move == "seizure":
        record_seizure(gate.db, customs, SeizureForm(
            crossing_id=crossing_id, reason="Hàng giả nhãn hiệu", storage_location="Kho 2",
            lines=(SeizedLine("Sữa bột giả nhãn", Decimal(40), "TIN"),)))
        problem = "held"
    else:
        cancel_crossing(gate.db, customs, crossing_id, "turned back")
        problem = "closed"
    shown = _shown(gate, crossing_id)
    before = _rows(gate)
    with pytest.raises(UserInputError, match=problem):
        approve_override(gate.db, supervisor, override_id)
    assert _rows(gate) == before
    assert _shown(gate, crossing_id) == shown
    assert override_id not in [p.override_id for p in pending_overrides(gate.db, supervisor)]


def test_a_pending_lowering_lifts_no_hold_and_releases_nothing(gate: GateSetup) -> None:
    customs, supervisor = gate.actor(Role.CUSTOMS_OFFICER), gate.actor(Role.SUPERVISOR)
    crossing_id, override_id = _lowered(gate)
    # Red stays in force: a desk check cannot clear the truck while the lowering waits.
    with pytest.raises(UserInputError, match="only a physical inspection"):
        record_inspection(gate.db, customs, InspectionForm(
            crossing_id, InspectionKind.DOCUMENTS, InspectionResult.CLEAR))
    record_seizure(gate.db, customs, SeizureForm(
        crossing_id=crossing_id, reason="Hàng giả nhãn hiệu", storage_location="Kho 2",
        lines=(SeizedLine("Sữa bột giả nhãn", Decimal(40), "TIN"),)))
    assert _shown(gate, crossing_id) == (CrossingStatus.HELD, Channel.RED)
    with pytest.raises(UserInputError, match="held"):
        approve_override(gate.db, supervisor, override_id)
    # On a held crossing a lower channel is not even asked for; a higher one still may be.
    with pytest.raises(UserInputError, match="raised, not lowered"):
        override_channel(gate.db, customs, crossing_id, Channel.YELLOW, "papers fine")
    assert _shown(gate, crossing_id) == (CrossingStatus.HELD, Channel.RED)
    released = release_hold(gate.db, supervisor, crossing_id, "Hàng vi phạm đã giao công an")
    assert released.status is CrossingStatus.RELEASED


def _at_once(approving: tuple[Database, Actor], refusing: tuple[Database, Actor],
             override_id: UUID, late: tuple[float, float]) -> list[object]:
    """One supervisor approves while another refuses, each on its own workstation."""
    outcomes: list[object] = [None, None]
    start = threading.Barrier(2)

    def decide(slot: int, db: Database, actor: Actor, delay: float) -> None:
        start.wait(timeout=30)
        time.sleep(delay)
        try:
            if slot == 0:
                approve_override(db, actor, override_id)
            else:
                refuse_override(db, actor, override_id, "not convinced")
            outcomes[slot] = "done"
        except BorderDeskError as error:
            outcomes[slot] = error

    threads = [threading.Thread(target=decide, args=(0, *approving, late[0])),
               threading.Thread(target=decide, args=(1, *refusing, late[1]))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a workstation hung"
    return outcomes


def test_two_supervisors_deciding_at_once_one_wins_the_other_is_told(
        gate: GateSetup, db_url: str) -> None:
    """Two workstations, each on its own connections: one decision is recorded, the other
    supervisor reads who decided first; whichever order they land in."""
    other_db = Database(db_url)
    station = attach(gate.db, "LAOBAO-BOOTH-2")
    try:
        first = gate.actor(Role.SUPERVISOR)
        second = replace(second_supervisor(gate), workstation_id=station.workstation_id)
        for round_no, late in enumerate(((0.0, 0.0), (0.03, 0.0), (0.0, 0.03), (0.0, 0.3))):
            crossing_id, override_id = _lowered(gate)
            outcomes = _at_once((gate.db, first), (other_db, second), override_id, late)
            assert outcomes.count("done") == 1, (round_no, outcomes)
            loser = next(o for o in outcomes if o != "done")
            winner = first if outcomes[0] == "done" else second
            assert isinstance(loser, ConcurrentChange), loser
            assert winner.full_name in str(loser) and "first" in str(loser)
            with gate.db.session() as session:
                decisions = session.scalars(select(OverrideDecision.decision).where(
                    OverrideDecision.override_id == override_id)).all()
            assert decisions == (["approved"] if winner is first else ["refused"])
            assert _shown(gate, crossing_id)[1] is (
                Channel.GREEN if winner is first else Channel.RED)
    finally:
        other_db.dispose()
