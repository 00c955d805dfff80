"""The gate's scoring settings in its database: versions, supervisors only, every change audited."""

from __future__ import annotations

import json
import threading

import pytest
from gate_kit import GateSetup
from sqlalchemy import select

from borderdesk import paths
from borderdesk.domain.officer import Role
from borderdesk.errors import ConcurrentChange, PermissionDenied, UserInputError
from borderdesk.services.scoring_settings import (
    current_settings,
    set_setting,
    settings_history,
    settings_in_force,
)
from borderdesk.storage.models import AuditEvent, ScoringSettings


def test_a_new_gate_starts_from_the_shipped_settings_as_version_1(gate: GateSetup) -> None:
    (paths.config_dir() / "scoring.toml").unlink()  # the suite's own: no random picks
    shown = current_settings(gate.db, gate.actor(Role.CUSTOMS_OFFICER))
    assert shown.version == 1
    assert shown.value("channel.red_from") == 60
    assert shown.value("selectivity.random_rate") == "0.05"
    assert shown.value("channel.red_on_high") == ["PROHIBITED_GOODS", "FLAGGED_PARTY"]
    version, settings = settings_in_force(gate.db, gate.actor(Role.SUPERVISOR))
    assert version == 1 and settings.thresholds.red_from == 60


def test_a_workstations_own_file_changes_only_the_keys_it_names(gate: GateSetup) -> None:
    (paths.config_dir() / "scoring.toml").write_text(
        "[channel]\nred_from = 70\n[selectivity]\nrandom_rate = 0.1\n", encoding="utf-8")
    shown = current_settings(gate.db, gate.actor(Role.SUPERVISOR))
    assert (shown.value("channel.red_from"), shown.value("channel.yellow_from")) == (70, 20)
    assert shown.value("selectivity.random_rate") == "0.1"
    assert shown.value("rule_factors.PROHIBITED_GOODS") == "2.5"


def test_a_supervisor_changes_one_key_with_a_reason_as_a_new_audited_version(
        gate: GateSetup) -> None:
    supervisor = gate.actor(Role.SUPERVISOR)
    changed = set_setting(gate.db, supervisor, "rule_factors.HS_MISMATCH", "1.25",
                          "HS misdeclaration confirmed at 3 of 4 inspections")
    assert (changed.version, changed.value("rule_factors.HS_MISMATCH")) == (2, "1.25")
    assert changed.officer == supervisor.full_name
    version, settings = settings_in_force(gate.db, supervisor)
    assert version == 2
    assert str(settings.weights.rule_factors["HS_MISMATCH"]) == "1.25"  # type: ignore[index]
    set_setting(gate.db, supervisor, "channel.red_on_high", "PROHIBITED_GOODS", "pilot")
    history = settings_history(gate.db, supervisor)
    assert [v.version for v in history] == [3, 2, 1]
    assert history[0].changed_key == "channel.red_on_high"
    assert history[0].value("channel.red_on_high") == ["PROHIBITED_GOODS"]
    with gate.db.session() as session:
        events = session.scalars(select(AuditEvent).where(AuditEvent.action == "scoring.changed")
                                 .order_by(AuditEvent.at)).all()
        payloads = [json.loads(e.payload) for e in events]
        assert [(p["key"], p["from"], p["to"]) for p in payloads] == [
            ("rule_factors.HS_MISMATCH", None, "1.25"),
            ("channel.red_on_high", ["PROHIBITED_GOODS", "FLAGGED_PARTY"], ["PROHIBITED_GOODS"]),
        ]


@pytest.mark.parametrize(("key", "value", "says"), [
    ("channel.red_from", "10", "not allowed"),          # below yellow_from
    ("channel.red_from", "sixty", "takes a number"),
    ("channel.red_from", "60.5", "not allowed"),
    ("selectivity.random_rate", "1.5", "not allowed"),  # a share above 1
    ("selectivity.random_rate", "-0.1", "not allowed"),
    ("rule_factors.NOT_A_RULE", "2", "no setting"),
    ("channel", "2", "no setting"),
    ("channel.red_on_high", "PROHIBITED_GOODS, NOPE", "not allowed"),
    ("tolerances.weight_pct", "1e999", "not allowed"),
    ("channel.red_from", "60", "already"),
    ("x" * 500, "1", "no setting"),
])
def test_bad_changes_are_refused_and_nothing_is_stored(
        gate: GateSetup, key: str, value: str, says: str) -> None:
    supervisor = gate.actor(Role.SUPERVISOR)
    with pytest.raises(UserInputError, match=says):
        set_setting(gate.db, supervisor, key, value, "trying")
    assert current_settings(gate.db, supervisor).version == 1


def test_only_supervisors_change_settings_and_a_reason_is_required(gate: GateSetup) -> None:
    for role in (Role.CUSTOMS_OFFICER, Role.BORDER_GUARD, Role.ADMINISTRATOR):
        with pytest.raises(PermissionDenied):
            set_setting(gate.db, gate.actor(role), "channel.red_from", "70", "mine")
    with pytest.raises(PermissionDenied):
        current_settings(gate.db, gate.actor(Role.BORDER_GUARD))
    with pytest.raises(UserInputError, match="reason"):
        set_setting(gate.db, gate.actor(Role.SUPERVISOR), "channel.red_from", "70", "  ")


def test_two_supervisors_changing_at_once_make_one_version_each_or_are_told(
        gate: GateSetup) -> None:
    supervisor = gate.actor(Role.SUPERVISOR)
    settings_in_force(gate.db, supervisor)
    outcomes: list[str] = []
    start = threading.Barrier(2)

    def change(value: str) -> None:
        start.wait()
        try:
            set_setting(gate.db, supervisor, "channel.red_from", value, "at once",
                        expected_version=1)
            outcomes.append("stored")
        except ConcurrentChange:
            outcomes.append("refused")

    threads = [threading.Thread(target=change, args=(v,)) for v in ("70", "80")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "stored"]
    with gate.db.session() as session:
        assert session.scalars(select(ScoringSettings.version)
                               .order_by(ScoringSettings.version)).all() == [1, 2]


def test_a_version_stored_before_a_release_added_keys_shows_and_changes_them(
        gate: GateSetup) -> None:
    supervisor = gate.actor(Role.SUPERVISOR)
    with gate.db.session() as session:
        session.add(ScoringSettings(gate_id=supervisor.gate_id, version=1,
                                    settings={"channel": {"yellow_from": 20, "red_from": 60}},
                                    changed_key="", reason="",
                                    workstation_id=supervisor.workstation_id))
    shown = current_settings(gate.db, supervisor)
    assert shown.value("history.window_days") == 180
    changed = set_setting(gate.db, supervisor, "history.window_days", "90", "shorter memory")
    assert (changed.version, changed.value("history.window_days")) == (2, 90)
    assert settings_in_force(gate.db, supervisor)[1].history.window_days == 90
