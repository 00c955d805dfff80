"""Who may do what at headquarters, and the gate's watch lists for a check: the permission table
decides, whatever face asks (the CLI's side: tests/cli, tests/deploy)."""

from __future__ import annotations

import pytest
from gate_kit import GateSetup

from borderdesk.domain.officer import Role
from borderdesk.errors import PermissionDenied
from borderdesk.services import headquarters
from borderdesk.services.watchlists import watch_lists_for_check


def test_only_administrators_manage_replication_and_an_officer_is_needed_once_there(
    gate: GateSetup,
) -> None:
    assert not headquarters.is_headquarters(gate.db)  # a gate's database subscribes to nothing
    assert headquarters.holds_officers(gate.db)
    for role in (Role.BORDER_GUARD, Role.SUPERVISOR):
        with pytest.raises(PermissionDenied, match="Your role may not manage headquarters'"):
            headquarters.gate_subscriptions(gate.db, gate.actor(role))
        with pytest.raises(PermissionDenied, match="Your role may not manage headquarters'"):
            headquarters.subscribe_gate(gate.db, gate.actor(role), "CHALO", "host=nowhere")
    # Nobody acting is the owner's bootstrap of an empty headquarters only.
    with pytest.raises(PermissionDenied, match="an administrator must act"):
        headquarters.subscribe_gate(gate.db, None, "CHALO", "host=nowhere")
    assert headquarters.gate_subscriptions(gate.db, gate.actor(Role.ADMINISTRATOR)) == []


def test_verifying_every_gate_needs_verify_audit(gate: GateSetup) -> None:
    with pytest.raises(PermissionDenied, match="Your role may not verify the audit chain"):
        headquarters.verify_every_gate(gate.db, gate.actor(Role.CUSTOMS_OFFICER))
    report = headquarters.verify_every_gate(gate.db, gate.actor(Role.SUPERVISOR))
    assert report.events > 0 and not report.problems


def test_the_gates_watch_lists_are_for_an_officer_who_runs_checks(gate: GateSetup) -> None:
    with pytest.raises(PermissionDenied, match="Your role may not run the cross-checks"):
        watch_lists_for_check(gate.db, gate.actor(Role.SUPERVISOR))
    assert watch_lists_for_check(gate.db, gate.actor(Role.CUSTOMS_OFFICER)).version
