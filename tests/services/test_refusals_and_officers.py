"""The services refuse what a role may not do, writing nothing; administrators keep accounts."""

from __future__ import annotations

import pytest
from gate_kit import PASSWORD, GateSetup, arrival, attach, make_gate
from sqlalchemy import func, select

from borderdesk.domain.crossing import QueueFilter
from borderdesk.domain.officer import NewOfficer, Role
from borderdesk.errors import InvalidForm, LoginRefused, PermissionDenied, UserInputError
from borderdesk.services import auth, crossings, officers
from borderdesk.storage.models import AuditEvent, Crossing, Officer


def rows(gate: GateSetup) -> tuple[int, int, int]:
    with gate.db.session() as session:
        return tuple(  # type: ignore[return-value]
            int(session.scalar(select(func.count()).select_from(m)) or 0)
            for m in (Crossing, Officer, AuditEvent)
        )


@pytest.mark.parametrize("role", [r for r in Role if r != Role.BORDER_GUARD])
def test_only_border_guards_register_arrivals(gate: GateSetup, role: Role) -> None:
    before = rows(gate)
    with pytest.raises(PermissionDenied, match="may not register an arrival"):
        crossings.register_arrival(gate.db, gate.actor(role), arrival())
    assert rows(gate) == before


@pytest.mark.parametrize("role", [r for r in Role if r != Role.ADMINISTRATOR])
def test_only_administrators_create_officers(gate: GateSetup, role: Role) -> None:
    before = rows(gate)
    new = NewOfficer("guard9", "Lê Văn Chín", Role.BORDER_GUARD, "password-9")
    with pytest.raises(PermissionDenied, match="may not manage officers"):
        officers.create_officer(gate.db, gate.actor(role), new)
    assert rows(gate) == before


def test_administrators_see_no_goods_and_guards_move_no_crossings(gate: GateSetup) -> None:
    from borderdesk.services.crossing_lifecycle import cancel_crossing

    with pytest.raises(PermissionDenied):
        crossings.query_queue(gate.db, gate.actor(Role.ADMINISTRATOR), QueueFilter())
    detail = crossings.register_arrival(gate.db, gate.actor(Role.BORDER_GUARD), arrival())
    before = rows(gate)
    for role in (Role.BORDER_GUARD, Role.POLICE_OFFICER, Role.MARKET_CONTROL_OFFICER,
                 Role.ADMINISTRATOR):
        with pytest.raises(PermissionDenied):
            cancel_crossing(gate.db, gate.actor(role), detail.crossing_id, "không cần")
    assert rows(gate) == before


def test_an_officer_of_another_gate_is_refused_here(db: object) -> None:
    lao_bao = make_gate(db)  # type: ignore[arg-type]
    cha_lo = make_gate(db, "CHALO", prefix="cl_")  # type: ignore[arg-type]
    stranger = lao_bao.at_workstation(cha_lo.workstation, Role.BORDER_GUARD)
    with pytest.raises(PermissionDenied, match=r"this workstation's gate"):
        crossings.register_arrival(lao_bao.db, stranger, arrival())
    with pytest.raises(LoginRefused, match="another gate"):
        auth.log_in(lao_bao.db, cha_lo.workstation, "border_guard", PASSWORD)


def test_administrator_creates_disables_and_lists_officers(gate: GateSetup) -> None:
    admin = gate.actor(Role.ADMINISTRATOR)
    created = officers.create_officer(gate.db, admin, NewOfficer(
        " Guard9 ", "Lê  Văn Chín", Role.BORDER_GUARD, "password-9", "BG-009"))
    assert (created.username, created.full_name, created.active) == ("guard9", "Lê Văn Chín", True)
    assert auth.log_in(gate.db, gate.workstation, "guard9", "password-9").role == Role.BORDER_GUARD
    with pytest.raises(InvalidForm) as taken:
        officers.create_officer(gate.db, admin, NewOfficer(
            "guard9", "X Y", Role.BORDER_GUARD, "password-9"))
    assert taken.value.fields == {"username": "The username guard9 is taken."}
    with pytest.raises(InvalidForm) as bad:
        officers.create_officer(gate.db, admin, NewOfficer("g", "", Role.BORDER_GUARD, "short"))
    assert set(bad.value.fields) == {"username", "full_name", "password"}
    disabled = officers.set_officer_active(gate.db, admin, created.officer_id, False)
    assert not disabled.active
    listed = officers.list_officers(gate.db, admin)
    assert [o.username for o in listed] == sorted(o.username for o in listed)
    assert {o.username: o.active for o in listed}["guard9"] is False
    with gate.db.session() as session:
        actions = set(session.scalars(
            select(AuditEvent.action).where(AuditEvent.officer_id == admin.officer_id)
        ))
    assert {"officer.created", "officer.disabled"} <= actions


def test_an_administrator_cannot_disable_themself(gate: GateSetup) -> None:
    admin = gate.actor(Role.ADMINISTRATOR)
    with pytest.raises(UserInputError, match="your own account"):
        officers.set_officer_active(gate.db, admin, admin.officer_id, False)


def test_attaching_a_workstation_twice_is_one_workstation(gate: GateSetup) -> None:
    from borderdesk.config import Settings
    from borderdesk.errors import EnvironmentProblem
    from borderdesk.services.workstations import attach_workstation

    settings = Settings(workstation_id=gate.workstation.workstation_id,
                        workstation_name=gate.workstation.workstation_name)
    assert attach_workstation(gate.db, settings) == gate.workstation
    assert gate.workstation.lanes == ("1", "2", "3", "4", "5", "6")
    with pytest.raises(EnvironmentProblem, match="no gate NOWHERE"):
        attach(gate.db, "X", "NOWHERE")
