"""Random selection at a gate: drawn once per crossing with the gate's key, never redrawn,
re-verifiable by a supervisor, and the red crossing's inspector drawn among those on shift."""

from __future__ import annotations

from dataclasses import replace
from uuid import UUID

import pytest
from gate_kit import PASSWORD, GateSetup, arrival
from lifecycle_kit import checked
from sqlalchemy import func, select, update

from borderdesk.access.passwords import hash_password
from borderdesk.domain.crossing import Channel
from borderdesk.domain.custody import InspectionForm, InspectionKind, InspectionResult
from borderdesk.domain.findings import Rule
from borderdesk.domain.officer import Actor, Role
from borderdesk.errors import PermissionDenied, UserInputError
from borderdesk.services.checks import run_check
from borderdesk.services.crossings import register_arrival
from borderdesk.services.inspections import record_inspection
from borderdesk.services.scoring_settings import set_setting
from borderdesk.services.selection import verify_draws
from borderdesk.storage.models import LoginEvent, Officer, SelectionDraw, SelectionKey


def _crossing(gate: GateSetup, plate: str = "74C-123.45") -> UUID:
    return register_arrival(gate.db, gate.actor(Role.BORDER_GUARD), arrival(plate)).crossing_id


def _rates(gate: GateSetup, rate: str, red_share: str = "0") -> None:
    supervisor = gate.actor(Role.SUPERVISOR)
    set_setting(gate.db, supervisor, "selectivity.random_rate", rate, "test: picking rate")
    set_setting(gate.db, supervisor, "selectivity.red_share", red_share, "test: red share")


def _draws(gate: GateSetup, crossing_id: UUID) -> list[tuple[str, str]]:
    with gate.db.session() as session:
        return [(d.purpose, d.outcome) for d in session.scalars(
            select(SelectionDraw).where(SelectionDraw.crossing_id == crossing_id)
            .order_by(SelectionDraw.created_at))]


def test_a_picked_green_crossing_goes_to_a_document_check_and_says_why(gate: GateSetup) -> None:
    _rates(gate, "1")
    customs = gate.actor(Role.CUSTOMS_OFFICER)
    crossing_id = _crossing(gate)
    record = checked(gate.db, customs, crossing_id)
    assert record.channel is Channel.YELLOW
    picked = [f for f in record.result.findings if f.rule is Rule.RANDOM_SELECTION]
    assert len(picked) == 1 and "at random" in picked[0].message
    assert record.result.score == sum(c.points for c in record.result.contributions)
    assert _draws(gate, crossing_id) == [("channel", "yellow")]


def test_the_draw_is_made_once_and_a_later_check_neither_undoes_nor_makes_a_pick(
        gate: GateSetup) -> None:
    customs = gate.actor(Role.CUSTOMS_OFFICER)
    unpicked = _crossing(gate)
    assert checked(gate.db, customs, unpicked).channel is Channel.GREEN   # rate 0 at its draw
    _rates(gate, "1")
    picked = _crossing(gate)
    assert checked(gate.db, customs, picked).channel is Channel.YELLOW
    set_setting(gate.db, gate.actor(Role.SUPERVISOR), "selectivity.random_rate", "0",
                "test: picking stopped")
    assert run_check(gate.db, customs, picked).channel is Channel.YELLOW, "never redrawn"
    assert run_check(gate.db, customs, unpicked).channel is Channel.GREEN, "never redrawn"
    assert _draws(gate, picked) == [("channel", "yellow")]
    assert _draws(gate, unpicked) == [("channel", "none")]


def test_a_supervisor_redoes_the_draws_and_sees_when_the_key_changed(gate: GateSetup) -> None:
    _rates(gate, "1")
    customs, supervisor = gate.actor(Role.CUSTOMS_OFFICER), gate.actor(Role.SUPERVISOR)
    crossing_id = _crossing(gate)
    checked(gate.db, customs, crossing_id)
    [draw] = verify_draws(gate.db, supervisor, crossing_id)
    assert draw.holds and (draw.recorded, draw.redone) == ("yellow", "yellow")
    with pytest.raises(PermissionDenied):
        verify_draws(gate.db, customs, crossing_id)

    # An insider with the database's owner login swaps the key to steer future draws.
    with gate.db.session() as session:
        session.execute(update(SelectionKey).values(secret=b"\x00" * 32))
    [draw] = verify_draws(gate.db, supervisor, crossing_id)
    assert not draw.holds and not draw.key_matches and draw.redone is None


def test_a_missing_key_is_made_again_and_old_draws_say_they_cannot_be_redone(
        gate: GateSetup) -> None:
    _rates(gate, "1")
    customs, supervisor = gate.actor(Role.CUSTOMS_OFFICER), gate.actor(Role.SUPERVISOR)
    before = _crossing(gate)
    checked(gate.db, customs, before)
    with gate.db.session() as session:
        key_id = session.scalar(select(SelectionKey.id))
    with gate.db.session() as session:
        session.execute(SelectionKey.__table__.delete().where(SelectionKey.id == key_id))
    after = _crossing(gate)
    assert checked(gate.db, customs, after).channel is Channel.YELLOW
    with gate.db.session() as session:
        assert session.scalar(select(func.count()).select_from(SelectionKey)) == 1
    assert not verify_draws(gate.db, supervisor, before)[0].holds
    assert verify_draws(gate.db, supervisor, after)[0].holds


def _second_customs_officer(gate: GateSetup) -> Actor:
    first = gate.actor(Role.CUSTOMS_OFFICER)
    with gate.db.session() as session:
        officer = Officer(gate_id=first.gate_id, username="customs_two", full_name="Trần Thị Hai",
                          role=Role.CUSTOMS_OFFICER.value, password_hash=hash_password(PASSWORD),
                          workstation_id=first.workstation_id)
        session.add(officer)
        session.flush()
        second = replace(first, officer_id=officer.id, username="customs_two",
                         full_name="Trần Thị Hai")
        for actor in (first, second):
            session.add(LoginEvent(username=actor.username, officer_id=actor.officer_id,
                                   workstation_id=actor.workstation_id, kind="login"))
    return second


def test_only_the_officer_drawn_records_the_physical_inspection_of_a_red_crossing(
        gate: GateSetup) -> None:
    _rates(gate, "1", red_share="1")
    second = _second_customs_officer(gate)
    first = gate.actor(Role.CUSTOMS_OFFICER)
    crossing_id = _crossing(gate)
    assert checked(gate.db, first, crossing_id).channel is Channel.RED
    [(_purpose, outcome)] = [d for d in _draws(gate, crossing_id) if d[0] == "inspector"]
    drawn, other = (first, second) if outcome == str(first.officer_id) else (second, first)
    form = InspectionForm(crossing_id, InspectionKind.PHYSICAL, InspectionResult.CLEAR,
                          notes="opened, counted")
    with pytest.raises(UserInputError, match=drawn.full_name):
        record_inspection(gate.db, other, form)
    assert record_inspection(gate.db, drawn, form).result is InspectionResult.CLEAR
    assert all(check.holds for check in verify_draws(gate.db, gate.actor(Role.SUPERVISOR),
                                                     crossing_id))


def test_with_nobody_logged_in_on_shift_no_inspector_is_drawn(gate: GateSetup) -> None:
    _rates(gate, "1", red_share="1")
    customs = gate.actor(Role.CUSTOMS_OFFICER)
    crossing_id = _crossing(gate)
    assert checked(gate.db, customs, crossing_id).channel is Channel.RED
    assert _draws(gate, crossing_id) == [("channel", "red")]
    form = InspectionForm(crossing_id, InspectionKind.PHYSICAL, InspectionResult.CLEAR)
    assert record_inspection(gate.db, customs, form).result is InspectionResult.CLEAR
