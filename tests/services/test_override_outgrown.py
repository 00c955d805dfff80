"""An override stays in force across later checks only while they find no more risk than
the run it replaced: raising to yellow cannot keep a crossing out of red later."""

from __future__ import annotations

from uuid import UUID

from gate_kit import GateSetup, arrival
from lifecycle_kit import checked

from borderdesk.domain.crossing import Channel
from borderdesk.domain.officer import Role
from borderdesk.services.checks import latest_check, run_check
from borderdesk.services.crossings import get_crossing, register_arrival
from borderdesk.services.overrides import approve_override, override_channel
from borderdesk.services.scoring_settings import set_setting


def _truck(gate: GateSetup) -> UUID:
    return register_arrival(gate.db, gate.actor(Role.BORDER_GUARD), arrival()).crossing_id


def _everything_red(gate: GateSetup) -> None:
    supervisor = gate.actor(Role.SUPERVISOR)
    for key in ("channel.yellow_from", "channel.red_from"):
        set_setting(gate.db, supervisor, key, "0", "test: every check comes out red")


def test_a_raise_to_yellow_gives_way_when_a_later_check_comes_out_red(gate: GateSetup) -> None:
    customs = gate.actor(Role.CUSTOMS_OFFICER)
    crossing_id = _truck(gate)
    assert checked(gate.db, customs, crossing_id).channel is Channel.GREEN
    raised = override_channel(gate.db, customs, crossing_id, Channel.YELLOW, "driver nervous")
    assert raised.state == "in_force" and raised.channel is Channel.YELLOW
    assert run_check(gate.db, customs, crossing_id).channel is Channel.YELLOW, \
        "a check finding no more than the green it replaced keeps the raise"

    _everything_red(gate)
    record = run_check(gate.db, customs, crossing_id)
    assert (record.result.channel, record.channel, record.override) == (
        Channel.RED, Channel.RED, None)
    assert get_crossing(gate.db, customs, crossing_id).channel is Channel.RED
    later = latest_check(gate.db, customs, crossing_id)
    assert later is not None and later.channel is Channel.RED


def test_an_approved_lowering_holds_while_the_checks_find_what_it_was_decided_on(
        gate: GateSetup) -> None:
    _everything_red(gate)
    customs = gate.actor(Role.CUSTOMS_OFFICER)
    crossing_id = _truck(gate)
    assert checked(gate.db, customs, crossing_id).channel is Channel.RED
    asked = override_channel(gate.db, customs, crossing_id, Channel.GREEN,
                             "perishable fruit, trader on the green list")
    assert asked.state == "pending"
    approve_override(gate.db, gate.actor(Role.SUPERVISOR), asked.override_id,
                     "checked the trader's file")
    assert get_crossing(gate.db, customs, crossing_id).channel is Channel.GREEN
    assert run_check(gate.db, customs, crossing_id).channel is Channel.GREEN
