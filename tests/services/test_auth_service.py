"""Logging in: one message for a wrong password, an unknown username or a locked account;
lockout after 5 failures."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from gate_kit import PASSWORD, GateSetup
from sqlalchemy import select, update

from borderdesk.domain.officer import Role
from borderdesk.errors import LoginRefused, PermissionDenied
from borderdesk.services import auth, crossings, officers
from borderdesk.storage.models import AuditEvent, LoginEvent, Officer

T0 = datetime(2026, 11, 25, 1, 0, tzinfo=UTC)  # 08:00 at Lao Bao
REFUSED = "Wrong username or password. 5 failed logins lock an account for 15 minutes."


@pytest.fixture
def clock(gate: GateSetup, monkeypatch: pytest.MonkeyPatch) -> list[datetime]:
    """The services' clock, set by assigning ``clock[0]``; passwords were set the day before."""
    with gate.db.session() as session:
        session.execute(update(Officer).values(password_changed_at=T0 - timedelta(days=1)))
    now = [T0]
    monkeypatch.setattr(auth, "clock", lambda: now[0])
    return now


def kinds(gate: GateSetup, username: str) -> list[str]:
    with gate.db.session() as session:
        return list(session.scalars(
            select(LoginEvent.kind).where(LoginEvent.username == username).order_by(LoginEvent.at)
        ))


def test_login_returns_the_officer_and_is_recorded(gate: GateSetup) -> None:
    actor = auth.log_in(gate.db, gate.workstation, " Border_Guard ", PASSWORD)
    assert actor == gate.actor(Role.BORDER_GUARD)
    auth.lock_session(gate.db, actor)
    auth.unlock_session(gate.db, actor, PASSWORD)
    auth.log_out(gate.db, actor)
    assert kinds(gate, "border_guard") == ["login", "session_locked", "session_unlocked", "logout"]
    with gate.db.session() as session:
        actions = list(session.scalars(
            select(AuditEvent.action).where(AuditEvent.officer_id == actor.officer_id)
        ))
    assert sorted(actions) == sorted(
        ["login.login", "login.session_locked", "login.session_unlocked", "login.logout"]
    )


def test_unknown_user_and_wrong_password_get_the_same_message(gate: GateSetup) -> None:
    with pytest.raises(LoginRefused) as unknown:
        auth.log_in(gate.db, gate.workstation, "nobody", PASSWORD)
    with pytest.raises(LoginRefused) as wrong:
        auth.log_in(gate.db, gate.workstation, "border_guard", "not-the-password")
    assert str(unknown.value) == str(wrong.value) == REFUSED
    assert kinds(gate, "nobody") == ["failed"]
    assert kinds(gate, "border_guard") == ["failed"]


def test_a_locked_account_reads_like_an_unknown_username(
    gate: GateSetup, clock: list[datetime]
) -> None:
    for _ in range(5):
        with pytest.raises(LoginRefused):
            auth.log_in(gate.db, gate.workstation, "customs_officer", "guess-guess")
    with pytest.raises(LoginRefused) as locked:
        auth.log_in(gate.db, gate.workstation, "customs_officer", PASSWORD)
    with pytest.raises(LoginRefused) as unknown:
        auth.log_in(gate.db, gate.workstation, "no_such_officer", PASSWORD)
    # Byte for byte: nobody at the keyboard learns that customs_officer exists.
    assert str(locked.value).encode() == str(unknown.value).encode() == REFUSED.encode()
    # The supervisor's record still says what happened.
    assert kinds(gate, "customs_officer") == ["failed"] * 5 + ["refused_locked"]
    assert kinds(gate, "no_such_officer") == ["failed"]


def test_five_failures_lock_the_account_for_15_minutes(
    gate: GateSetup, clock: list[datetime]
) -> None:
    for _ in range(5):
        with pytest.raises(LoginRefused, match="Wrong username or password"):
            auth.log_in(gate.db, gate.workstation, "customs_officer", "guess-guess")
    clock[0] = T0 + timedelta(minutes=14)
    with pytest.raises(LoginRefused, match="Wrong username or password"):
        auth.log_in(gate.db, gate.workstation, "customs_officer", PASSWORD)
    clock[0] = T0 + timedelta(minutes=16)
    actor = auth.log_in(gate.db, gate.workstation, "customs_officer", PASSWORD)
    assert actor.role == Role.CUSTOMS_OFFICER
    assert kinds(gate, "customs_officer") == ["failed"] * 5 + ["refused_locked", "login"]


def test_spread_out_failures_lock_for_15_minutes_from_the_fifth(
    gate: GateSetup, clock: list[datetime]
) -> None:
    for minute in (0, 3, 6, 9, 12):
        clock[0] = T0 + timedelta(minutes=minute)
        with pytest.raises(LoginRefused, match="Wrong username or password"):
            auth.log_in(gate.db, gate.workstation, "police_officer", "guess-guess")
    # 08:20 is past the first failure + 15 minutes, but the lock runs from the fifth.
    clock[0] = T0 + timedelta(minutes=20)
    with pytest.raises(LoginRefused, match="Wrong username or password"):
        auth.log_in(gate.db, gate.workstation, "police_officer", PASSWORD)
    clock[0] = T0 + timedelta(minutes=28)
    actor = auth.log_in(gate.db, gate.workstation, "police_officer", PASSWORD)
    assert actor.username == "police_officer"
    assert kinds(gate, "police_officer") == ["failed"] * 5 + ["refused_locked", "login"]


def test_a_successful_login_forgives_earlier_failures(
    gate: GateSetup, clock: list[datetime]
) -> None:
    for _ in range(4):
        with pytest.raises(LoginRefused):
            auth.log_in(gate.db, gate.workstation, "supervisor", "guess-guess")
    clock[0] = T0 + timedelta(seconds=1)
    auth.log_in(gate.db, gate.workstation, "supervisor", PASSWORD)
    clock[0] = T0 + timedelta(seconds=2)
    with pytest.raises(LoginRefused, match="Wrong username or password"):
        auth.log_in(gate.db, gate.workstation, "supervisor", "guess-guess")


def test_a_password_reset_clears_the_lock(gate: GateSetup, clock: list[datetime]) -> None:
    for _ in range(5):
        with pytest.raises(LoginRefused):
            auth.log_in(gate.db, gate.workstation, "police_officer", "guess-guess")
    admin = gate.actor(Role.ADMINISTRATOR)
    listed = {o.username: o for o in officers.list_officers(gate.db, admin)}
    assert listed["police_officer"].locked_until == T0 + timedelta(minutes=15)
    clock[0] = T0 + timedelta(minutes=1)
    officers.reset_password(gate.db, admin, gate.actor(Role.POLICE_OFFICER).officer_id,
                            "new-password-1")
    clock[0] = T0 + timedelta(minutes=2)
    listed = {o.username: o for o in officers.list_officers(gate.db, admin)}
    assert listed["police_officer"].locked_until is None
    assert auth.log_in(gate.db, gate.workstation, "police_officer", "new-password-1")
    with pytest.raises(LoginRefused):
        auth.log_in(gate.db, gate.workstation, "police_officer", PASSWORD)


def test_a_disabled_account_is_refused_even_with_the_right_password(gate: GateSetup) -> None:
    guard = gate.actor(Role.BORDER_GUARD)
    officers.set_officer_active(gate.db, gate.actor(Role.ADMINISTRATOR), guard.officer_id, False)
    with pytest.raises(LoginRefused, match="disabled"):
        auth.log_in(gate.db, gate.workstation, "border_guard", PASSWORD)
    with pytest.raises(LoginRefused, match="Wrong username or password"):
        auth.log_in(gate.db, gate.workstation, "border_guard", "guess-guess")
    # A session still open elsewhere can do nothing more.
    with pytest.raises(PermissionDenied, match="disabled"):
        crossings.recall_vehicle(gate.db, guard, "74C-123.45")
    assert kinds(gate, "border_guard") == ["refused_disabled", "failed"]


def test_a_wrong_password_at_the_idle_lock_counts_as_a_failure(gate: GateSetup) -> None:
    actor = auth.log_in(gate.db, gate.workstation, "market_control_officer", PASSWORD)
    auth.lock_session(gate.db, actor)
    with pytest.raises(LoginRefused, match="Wrong username or password"):
        auth.unlock_session(gate.db, actor, "guess-guess")
    assert kinds(gate, "market_control_officer") == ["login", "session_locked", "failed"]


def test_headquarters_checks_an_officer_without_writing_and_honours_a_lock(
    gate: GateSetup, clock: list[datetime]
) -> None:
    def rows() -> tuple[int, int]:
        with gate.db.session() as session:
            return (len(session.scalars(select(LoginEvent.id)).all()),
                    len(session.scalars(select(AuditEvent.id)).all()))

    computer = gate.workstation.workstation_id
    before = rows()
    actor = auth.confirm_officer(gate.db, "Supervisor", PASSWORD, computer)
    assert (actor.username, actor.role) == ("supervisor", Role.SUPERVISOR)
    with pytest.raises(LoginRefused) as wrong:
        auth.confirm_officer(gate.db, "supervisor", "guess-guess", computer)
    with pytest.raises(LoginRefused) as unknown:
        auth.confirm_officer(gate.db, "nobody", PASSWORD, computer)
    assert str(wrong.value) == str(unknown.value) == REFUSED
    assert rows() == before  # headquarters is read only: nothing recorded
    for _ in range(5):  # at the officer's own gate
        with pytest.raises(LoginRefused):
            auth.log_in(gate.db, gate.workstation, "supervisor", "guess-guess")
    with pytest.raises(LoginRefused, match="Wrong username or password"):
        auth.confirm_officer(gate.db, "supervisor", PASSWORD, computer)
