"""A workstation whose clock was set back cannot write the past on the gate's server.

On PostgreSQL an audit event takes the server's time and keeps the
workstation's beside it (both covered by the hash); on the embedded database,
which is the workstation, there is only its clock. An officer whose computer
is off by more than a few minutes is told so at login.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from gate_kit import GateSetup, arrival

from borderdesk.domain.officer import Role
from borderdesk.services import audit, crossings, workstation_clock
from borderdesk.services.audit_verify import verify_chains

HOUR = timedelta(hours=1)


def _set_back(monkeypatch: pytest.MonkeyPatch, module: object, by: timedelta) -> None:
    monkeypatch.setattr(module, "utc_now", lambda: datetime.now(UTC) - by)


def test_a_clock_set_back_an_hour_does_not_date_the_event(
    gate: GateSetup, monkeypatch: pytest.MonkeyPatch,
) -> None:
    crossings.register_arrival(gate.db, gate.actor(Role.BORDER_GUARD), arrival("74C-123.45"))
    _set_back(monkeypatch, audit, HOUR)
    before = datetime.now(UTC)
    guard = gate.actor(Role.BORDER_GUARD)
    with gate.db.session() as session:
        event = audit.append_event(
            session, workstation_id=guard.workstation_id, officer_id=guard.officer_id,
            action="crossing.noted", entity="crossing", entity_id="x", payload={})
    if gate.db.backend == "postgresql":
        assert abs(event.at - before) < timedelta(seconds=30)
        assert event.workstation_at is not None
        assert abs(event.workstation_at - (before - HOUR)) < timedelta(seconds=30)
    else:
        assert abs(event.at - (before - HOUR)) < timedelta(seconds=30)
        assert event.workstation_at is None
    # Both clocks are covered by the hash: the chain verifies, and a changed one would not.
    assert verify_chains(gate.db).intact


@pytest.mark.parametrize("off_by", [timedelta(minutes=10), -timedelta(minutes=75)])
def test_an_officer_is_told_at_login_that_the_clock_is_off(
    gate: GateSetup, monkeypatch: pytest.MonkeyPatch, off_by: timedelta,
) -> None:
    assert workstation_clock.clock_warning(gate.db) == ""
    _set_back(monkeypatch, workstation_clock, -off_by)
    warning = workstation_clock.clock_warning(gate.db)
    if gate.db.backend == "sqlite":
        assert warning == ""  # the embedded database's clock is this computer's
        return
    minutes = round(abs(off_by).total_seconds() / 60)
    side = "ahead of" if off_by > timedelta(0) else "behind"
    assert f"clock is {minutes} minutes {side} the gate's server" in warning
