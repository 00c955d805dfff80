"""The crossing's lifecycle through the services: no action quietly undoes another."""

from __future__ import annotations

import threading
from decimal import Decimal
from uuid import UUID

import pytest
from gate_kit import GateSetup, arrival
from lifecycle_kit import checked
from sqlalchemy import func, select

from borderdesk.domain.crossing import Channel, CrossingAction, CrossingStatus
from borderdesk.domain.custody import (
    InspectionForm,
    InspectionKind,
    InspectionResult,
    SeizedLine,
    SeizureForm,
)
from borderdesk.domain.officer import Role
from borderdesk.errors import BorderDeskError, ConcurrentChange, PermissionDenied, UserInputError
from borderdesk.services.checks import latest_check, run_check
from borderdesk.services.crossing_lifecycle import (
    actions_open,
    cancel_crossing,
    release_hold,
)
from borderdesk.services.crossings import get_crossing, register_arrival
from borderdesk.services.inspections import inspections_of_crossing, record_inspection
from borderdesk.services.overrides import approve_override, override_channel
from borderdesk.services.seizures import record_seizure
from borderdesk.storage.models import AuditEvent, CheckRun, CrossingStatusChange


def _truck(gate: GateSetup) -> UUID:
    return register_arrival(gate.db, gate.actor(Role.BORDER_GUARD), arrival()).crossing_id


def _seize(gate: GateSetup, crossing_id: UUID, role: Role = Role.CUSTOMS_OFFICER) -> None:
    record_seizure(gate.db, gate.actor(role), SeizureForm(
        crossing_id=crossing_id, reason="Hàng giả nhãn hiệu", storage_location="Kho 2",
        lines=(SeizedLine("Sữa bột giả nhãn", Decimal(40), "TIN"),)))


def _inspect(gate: GateSetup, crossing_id: UUID, kind: InspectionKind,
             result: InspectionResult, *rules: str) -> None:
    record_inspection(gate.db, gate.actor(Role.CUSTOMS_OFFICER),
                      InspectionForm(crossing_id, kind, result, finding_rules=rules))


def _state(gate: GateSetup, crossing_id: UUID) -> tuple[CrossingStatus, Channel | None]:
    shown = get_crossing(gate.db, gate.actor(Role.SUPERVISOR), crossing_id)
    return shown.status, shown.channel


def _rows(gate: GateSetup) -> tuple[int, int, int]:
    with gate.db.session() as session:
        return tuple(int(session.scalar(select(func.count()).select_from(model)) or 0)
                     for model in (AuditEvent, CheckRun, CrossingStatusChange))  # type: ignore[return-value]


def test_rerunning_the_checks_on_a_held_crossing_keeps_the_hold_and_the_override(
    gate: GateSetup,
) -> None:
    customs = gate.actor(Role.CUSTOMS_OFFICER)
    crossing_id = _truck(gate)
    checked(gate.db, customs, crossing_id)
    override_channel(gate.db, customs, crossing_id, Channel.YELLOW, "tip from the hotline")
    _seize(gate, crossing_id)
    assert _state(gate, crossing_id) == (CrossingStatus.HELD, Channel.YELLOW)
    again = run_check(gate.db, customs, crossing_id)
    assert again.result.channel is Channel.GREEN, "the new run stands beside the override"
    assert again.override is not None and again.override.channel is Channel.YELLOW
    assert again.override.reason == "tip from the hotline"
    assert again.channel is Channel.YELLOW
    assert _state(gate, crossing_id) == (CrossingStatus.HELD, Channel.YELLOW)
    shown = latest_check(gate.db, customs, crossing_id)
    assert shown is not None and shown.check_run_id == again.check_run_id
    assert shown.override == again.override


def test_a_hold_is_lifted_only_by_a_supervisors_release_with_a_reason(gate: GateSetup) -> None:
    customs, supervisor = gate.actor(Role.CUSTOMS_OFFICER), gate.actor(Role.SUPERVISOR)
    crossing_id = _truck(gate)
    checked(gate.db, customs, crossing_id, Channel.RED)
    _seize(gate, crossing_id, Role.POLICE_OFFICER)
    # An inspection of a held crossing is recorded; it stays held.
    _inspect(gate, crossing_id, InspectionKind.PHYSICAL, InspectionResult.CLEAR)
    assert _state(gate, crossing_id) == (CrossingStatus.HELD, Channel.RED)
    before = _rows(gate)
    for refused in (
        # Nor does a lower channel: it could not even be approved while the hold stands.
        lambda: override_channel(gate.db, customs, crossing_id, Channel.GREEN,
                                 "documents in order"),
        lambda: cancel_crossing(gate.db, supervisor, crossing_id, "gone"),
        lambda: release_hold(gate.db, customs, crossing_id, "goods handed to police"),
        lambda: release_hold(gate.db, supervisor, crossing_id, "   "),
        lambda: release_hold(gate.db, supervisor, crossing_id, "x" * 100_000),
    ):
        with pytest.raises(BorderDeskError):
            refused()
    assert _rows(gate) == before, "a refused action writes nothing"
    assert _state(gate, crossing_id)[0] is CrossingStatus.HELD
    released = release_hold(gate.db, supervisor, crossing_id, "Hàng vi phạm đã giao công an")
    assert released.status is CrossingStatus.RELEASED
    with pytest.raises(UserInputError, match="closed"):
        release_hold(gate.db, supervisor, crossing_id, "again")


def test_a_release_of_a_crossing_that_is_not_held_is_refused(gate: GateSetup) -> None:
    crossing_id = _truck(gate)
    before = _rows(gate)
    with pytest.raises(UserInputError, match="does not allow you to release the hold"):
        release_hold(gate.db, gate.actor(Role.SUPERVISOR), crossing_id, "no reason to hold")
    assert _rows(gate) == before


def test_an_override_is_never_to_the_channel_in_force_and_needs_a_check(gate: GateSetup) -> None:
    customs = gate.actor(Role.CUSTOMS_OFFICER)
    crossing_id = _truck(gate)
    with pytest.raises(UserInputError, match="does not allow you to override"):
        override_channel(gate.db, customs, crossing_id, Channel.RED, "suspicious")
    checked(gate.db, customs, crossing_id)
    with pytest.raises(UserInputError, match="Green channel is in force already"):
        override_channel(gate.db, customs, crossing_id, Channel.GREEN, "fine")
    override_channel(gate.db, customs, crossing_id, Channel.RED, "seal tampered")
    assert _state(gate, crossing_id) == (CrossingStatus.INSPECTION, Channel.RED)
    # Easing the channel waits for a supervisor, and does not call off the inspection under way.
    eased = override_channel(gate.db, customs, crossing_id, Channel.YELLOW,
                             "seal re-checked: intact")
    assert _state(gate, crossing_id) == (CrossingStatus.INSPECTION, Channel.RED)
    assert eased.override_id is not None
    approve_override(gate.db, gate.actor(Role.SUPERVISOR), eased.override_id)
    assert _state(gate, crossing_id) == (CrossingStatus.INSPECTION, Channel.YELLOW)


def test_inspections_conclude_the_crossing(gate: GateSetup) -> None:
    customs = gate.actor(Role.CUSTOMS_OFFICER)
    red = _truck(gate)
    checked(gate.db, customs, red, Channel.RED)
    with pytest.raises(UserInputError, match="only a physical inspection"):
        _inspect(gate, red, InspectionKind.DOCUMENTS, InspectionResult.CLEAR)
    with pytest.raises(UserInputError, match="Only a discrepancy confirms findings"):
        _inspect(gate, red, InspectionKind.PHYSICAL, InspectionResult.CLEAR, "PLATE_MISMATCH")
    with pytest.raises(UserInputError, match="Unknown rule"):
        _inspect(gate, red, InspectionKind.PHYSICAL, InspectionResult.DISCREPANCY, "NO_SUCH")
    assert inspections_of_crossing(gate.db, customs, red) == []
    _inspect(gate, red, InspectionKind.PHYSICAL, InspectionResult.DISCREPANCY,
             "QUANTITY_MISMATCH", "QUANTITY_MISMATCH")
    [found] = inspections_of_crossing(gate.db, customs, red)
    assert found.finding_rules == ("QUANTITY_MISMATCH",)
    assert _state(gate, red)[0] is CrossingStatus.INSPECTION
    _inspect(gate, red, InspectionKind.PHYSICAL, InspectionResult.CLEAR)
    assert _state(gate, red)[0] is CrossingStatus.RELEASED

    yellow = register_arrival(gate.db, gate.actor(Role.BORDER_GUARD),
                              arrival("74C-555.55")).crossing_id
    checked(gate.db, customs, yellow)
    _inspect(gate, yellow, InspectionKind.DOCUMENTS, InspectionResult.DISCREPANCY)
    assert _state(gate, yellow)[0] is CrossingStatus.INSPECTION, "papers wrong: open the truck"


def test_cancelling_needs_a_reason_and_a_role_and_closes_the_crossing(gate: GateSetup) -> None:
    crossing_id = _truck(gate)
    with pytest.raises(PermissionDenied):
        cancel_crossing(gate.db, gate.actor(Role.BORDER_GUARD), crossing_id, "twice")
    with pytest.raises(UserInputError, match="reason"):
        cancel_crossing(gate.db, gate.actor(Role.SUPERVISOR), crossing_id, "")
    cancel_crossing(gate.db, gate.actor(Role.SUPERVISOR), crossing_id, "registered twice")
    customs = gate.actor(Role.CUSTOMS_OFFICER)
    with pytest.raises(UserInputError, match="closed"):
        checked(gate.db, customs, crossing_id)
    assert actions_open(gate.db, customs, crossing_id) == {CrossingAction.ATTACH_EVIDENCE}


def test_the_window_is_offered_exactly_what_each_role_may_do(gate: GateSetup) -> None:
    crossing_id = _truck(gate)
    customs = gate.actor(Role.CUSTOMS_OFFICER)
    assert actions_open(gate.db, customs, crossing_id) == {
        CrossingAction.DECLARE, CrossingAction.READ_MANIFEST, CrossingAction.ATTACH_EVIDENCE,
        CrossingAction.CHECK, CrossingAction.SEIZE, CrossingAction.CANCEL}
    checked(gate.db, customs, crossing_id)
    assert CrossingAction.OVERRIDE in actions_open(gate.db, customs, crossing_id)
    _seize(gate, crossing_id)
    assert actions_open(gate.db, gate.actor(Role.SUPERVISOR), crossing_id) == {
        CrossingAction.RELEASE_HOLD}
    assert CrossingAction.RELEASE_HOLD not in actions_open(gate.db, customs, crossing_id)


def test_seizure_and_release_at_two_workstations_at_once_one_wins(gate: GateSetup) -> None:
    """Police seize again while the supervisor releases: whichever comes second is told."""
    customs = gate.actor(Role.CUSTOMS_OFFICER)
    crossing_id = _truck(gate)
    checked(gate.db, customs, crossing_id, Channel.RED)
    _seize(gate, crossing_id)
    version = get_crossing(gate.db, customs, crossing_id).version
    start = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def act(name: str, action: object) -> None:
        start.wait()
        try:
            action()  # type: ignore[operator]
            outcomes[name] = "done"
        except BorderDeskError as error:
            outcomes[name] = error

    threads = [
        threading.Thread(target=act, args=("seize", lambda: _seize(
            gate, crossing_id, Role.POLICE_OFFICER))),
        threading.Thread(target=act, args=("release", lambda: release_hold(
            gate.db, gate.actor(Role.SUPERVISOR), crossing_id, "handed over",
            expected_version=version))),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    status = _state(gate, crossing_id)[0]
    if outcomes["release"] == "done":
        # The release came first: the truck has gone, the second seizure was refused.
        assert isinstance(outcomes["seize"], UserInputError), outcomes
        assert status is CrossingStatus.RELEASED
    else:
        # The seizure came first: the supervisor is told who changed it and when.
        assert outcomes["seize"] == "done", outcomes
        assert isinstance(outcomes["release"], ConcurrentChange), outcomes
        assert gate.actor(Role.POLICE_OFFICER).full_name in str(outcomes["release"])
        assert status is CrossingStatus.HELD


def test_a_nul_character_in_any_text_is_refused_on_both_backends(gate: GateSetup) -> None:
    """PostgreSQL cannot store a NUL and SQLite can: both refuse it alike, nothing written."""
    crossing_id = _truck(gate)
    before = _rows(gate)
    with pytest.raises(UserInputError, match="NUL character"):
        cancel_crossing(gate.db, gate.actor(Role.SUPERVISOR), crossing_id, "tip\x00off")
    with pytest.raises(UserInputError, match="NUL character"):
        register_arrival(gate.db, gate.actor(Role.BORDER_GUARD),
                         arrival(driver_name="Lê Văn\x00Tài"))
    assert _rows(gate) == before
    assert _state(gate, crossing_id)[0] is CrossingStatus.ARRIVED


def test_a_stale_version_names_who_moved_the_crossing_not_who_added_a_photo(
    gate: GateSetup,
) -> None:
    from custody_kit import photo

    from borderdesk.domain.evidence import EvidenceKind
    from borderdesk.services.evidence import attach_evidence

    customs, supervisor = gate.actor(Role.CUSTOMS_OFFICER), gate.actor(Role.SUPERVISOR)
    crossing_id = _truck(gate)
    version = get_crossing(gate.db, supervisor, crossing_id).version
    checked(gate.db, customs, crossing_id)
    # A guard photographs the truck afterwards: a photo only adds, it moves nothing.
    attach_evidence(gate.db, gate.actor(Role.BORDER_GUARD), crossing_id, photo(),
                    EvidenceKind.CARGO)
    with pytest.raises(ConcurrentChange, match=f"^{customs.full_name} changed this crossing"):
        cancel_crossing(gate.db, supervisor, crossing_id, "registered twice",
                        expected_version=version)
