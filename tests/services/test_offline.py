"""Working through an outage: a workstation's local SQLite copy against the real PostgreSQL server.

Every cut here is real: the server backend of the workstation's connection
is terminated inside a save, inside a replay, or the COMMIT's answer is lost.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
import pytest
from custody_kit import all_ok, photo, vehicle_handoff
from gate_kit import PASSWORD, arrival, attach
from offline_kit import OfflineGate, count, cut_at
from sqlalchemy import select, text

from borderdesk.domain.custody import HandoffState
from borderdesk.domain.evidence import EvidenceKind
from borderdesk.domain.officer import Role
from borderdesk.domain.offline import Connectivity, QueuedState
from borderdesk.errors import EnvironmentProblem, LoginRefused, UserInputError
from borderdesk.services.audit_verify import verify_chains, verify_for
from borderdesk.services.auth import log_in
from borderdesk.services.bundles import export_handoff
from borderdesk.services.checks import read_declaration_file, run_check, save_declaration
from borderdesk.services.crossings import get_crossing, register_arrival
from borderdesk.services.evidence import attach_evidence, evidence_bytes
from borderdesk.services.handoff_receipts import handoff_receipt
from borderdesk.services.handoff_views import get_handoff, inbox
from borderdesk.services.handoffs import accept_handoff
from borderdesk.services.manifests import latest_manifest, read_manifest
from borderdesk.services.offline import (
    not_yet_delivered,
    offline_status,
    queued_saves,
    replay_queue,
    settle_conflict,
)
from borderdesk.services.shift_reports import build_shift_report
from borderdesk.storage.models import (
    AuditEvent,
    Crossing,
    EvidenceBlob,
    Handoff,
    HandoffStateChange,
    LoginEvent,
)
from borderdesk.storage.offline.gate_database import GateDatabase, ServerLost, through_outage

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit" / "ocr"))
from test_pipeline import _small_manifest_png

pytestmark = [pytest.mark.pg]
DATA = Path(__file__).resolve().parents[1] / "data" / "checks"


def _plates(site: OfflineGate) -> list[str]:
    with site.server.session() as session:
        return sorted(session.scalars(select(Crossing.tractor_plate)))


def _chains_intact(site: OfflineGate) -> None:
    report = verify_chains(site.server)
    assert report.problems == ()
    assert report.heads


def _register(site: OfflineGate, plate: str) -> Any:
    guard = site.gate.actor(Role.BORDER_GUARD)
    return through_outage(lambda: register_arrival(site.db, guard, arrival(plate)))


def test_saves_made_offline_reach_the_server_once_in_order_and_the_chain_continues(
        site: OfflineGate) -> None:
    _register(site, "74C-100.01")
    site.db.go_offline()
    offline = [_register(site, f"74C-200.0{n}") for n in range(1, 4)]

    assert _plates(site) == ["74C-100.01"]
    status = offline_status(site.db)
    assert (status.connectivity, status.waiting) == (Connectivity.OFFLINE, 3)
    # The officer reads back what was saved offline, from the copy.
    assert get_crossing(site.db, site.gate.actor(Role.BORDER_GUARD),
                        offline[0].crossing_id).tractor_plate == "74C-200.01"

    report = replay_queue(site.db)

    assert report is not None and (report.sent, report.conflicts, report.finished) == (3, 0, True)
    assert site.db.connectivity is Connectivity.ONLINE
    assert _plates(site) == ["74C-100.01", "74C-200.01", "74C-200.02", "74C-200.03"]
    # In order: the server's chain has the offline arrivals after the online one.
    with site.server.session() as session:
        entities = session.scalars(select(AuditEvent.entity_id)
                                   .where(AuditEvent.action == "crossing.registered")
                                   .order_by(AuditEvent.seq)).all()
    assert entities[-3:] == [str(c.crossing_id) for c in offline]
    _chains_intact(site)
    assert replay_queue(site.db) is None  # nothing left to send
    assert [s.state for s in queued_saves(site.db)] == [QueuedState.SENT] * 3


def test_a_cut_inside_a_save_runs_it_again_on_the_copy_and_the_server_gets_it_once(
        site: OfflineGate) -> None:
    with cut_at(site.db.engine, site.server,
                lambda sql: sql.lstrip().upper().startswith("INSERT INTO CROSSINGS")) as cut:
        saved = _register(site, "74C-300.01")

    assert cut, "the connection was not cut"
    assert site.db.connectivity is Connectivity.OFFLINE
    assert _plates(site) == []  # the server never committed the half-done save
    assert site.db.waiting_count() == 1

    replay_queue(site.db)

    assert _plates(site) == ["74C-300.01"]
    assert count(site.server, Crossing, Crossing.id == saved.crossing_id) == 1
    _chains_intact(site)


@pytest.mark.parametrize("commit_reached_server", [True, False])
def test_a_commit_whose_answer_never_came_is_neither_lost_nor_doubled(
        site: OfflineGate, monkeypatch: pytest.MonkeyPatch, commit_reached_server: bool) -> None:
    dialect = site.db.engine.dialect
    real_commit = dialect.do_commit
    calls: list[int] = []

    def lost_answer(pooled: Any) -> None:
        if not calls:
            calls.append(1)
            if commit_reached_server:
                real_commit(pooled)
            pooled.dbapi_connection.close()  # the line is down: the server answers nobody
            raise psycopg.OperationalError("server closed the connection unexpectedly")
        real_commit(pooled)

    monkeypatch.setattr(dialect, "do_commit", lost_answer)
    saved = _register(site, "74C-400.01")
    monkeypatch.setattr(dialect, "do_commit", real_commit)

    assert calls and site.db.connectivity is Connectivity.OFFLINE
    assert _plates(site) == (["74C-400.01"] if commit_reached_server else [])
    assert [s.uncertain for s in queued_saves(site.db)] == [True]

    report = replay_queue(site.db)

    assert report is not None
    assert (report.already_there, report.sent) == ((1, 0) if commit_reached_server else (0, 1))
    assert count(site.server, Crossing, Crossing.id == saved.crossing_id) == 1
    _chains_intact(site)


def test_a_cut_during_the_replay_stops_it_and_the_next_replay_finishes_without_doubling(
        site: OfflineGate) -> None:
    site.db.go_offline()
    for n in range(1, 5):
        _register(site, f"74C-500.0{n}")
    inserts: list[str] = []

    def third_crossing(sql: str) -> bool:
        if sql.lstrip().upper().startswith("INSERT INTO CROSSINGS"):
            inserts.append(sql)
        return len(inserts) == 3

    with cut_at(site.db.engine, site.server, third_crossing) as cut:
        first = replay_queue(site.db)

    assert cut
    assert first is not None and not first.finished and first.sent == 2
    assert site.db.connectivity is Connectivity.OFFLINE
    assert site.db.waiting_count() == 2

    second = replay_queue(site.db)

    assert second is not None and second.finished and second.sent == 2
    assert _plates(site) == [f"74C-500.0{n}" for n in range(1, 5)]
    _chains_intact(site)


def test_a_handoff_accepted_elsewhere_meanwhile_is_a_conflict_shown_with_both_versions(
        site: OfflineGate) -> None:
    crossing = register_arrival(site.server, site.gate.actor(Role.BORDER_GUARD),
                                arrival("74C-600.01"))
    online_gate = replace(site.gate, db=site.server)
    handoff = vehicle_handoff(online_gate, crossing)
    site.db.refresh_copy()
    customs = site.gate.actor(Role.CUSTOMS_OFFICER)
    elsewhere = site.gate.at_workstation(attach(site.server, "LAOBAO-CUSTOMS-2"),
                                         Role.CUSTOMS_OFFICER)

    site.db.go_offline()
    mine = through_outage(lambda: accept_handoff(site.db, customs, handoff.summary.handoff_id,
                                                 all_ok(handoff)))
    assert mine.summary.state is HandoffState.ACCEPTED  # as far as the copy knows
    accept_handoff(site.server, elsewhere, handoff.summary.handoff_id, all_ok(handoff))

    report = replay_queue(site.db)

    assert report is not None and (report.conflicts, report.finished) == (1, True)
    (save,) = queued_saves(site.db)
    assert save.state is QueuedState.CONFLICT and save.action == "handoff.accepted"
    assert save.conflict is not None
    assert "LAOBAO-CUSTOMS-2" not in save.conflict.reason  # names the officer, not the machine
    assert "Officer Customs Officer" in save.conflict.reason
    state = {c.name: c for c in save.conflict.columns}["State"]
    assert (state.seen, state.ours, state.theirs) == ("Pending", "Accepted", "Accepted")
    # The server keeps the other workstation's acceptance, and one state change only.
    handoff_id = handoff.summary.handoff_id
    assert get_handoff(site.server, customs, handoff_id).summary.state is HandoffState.ACCEPTED
    assert count(site.server, HandoffStateChange, HandoffStateChange.handoff_id == handoff_id,
                 HandoffStateChange.state == "accepted") == 1
    assert offline_status(site.db).open_conflicts == 1
    _chains_intact(site)

    with pytest.raises(UserInputError):
        settle_conflict(site.db, customs, save.seq, "  ")
    settle_conflict(site.db, customs, save.seq, "Accepted at lane 2 by my colleague; checked.")

    assert offline_status(site.db).open_conflicts == 0
    with site.server.session() as session:
        settled = session.scalars(select(AuditEvent.payload)
                                  .where(AuditEvent.action == "replay.conflict_settled")).all()
    assert len(settled) == 1 and "checked" in settled[0]
    _chains_intact(site)


def test_a_refused_save_whose_audit_events_were_cut_at_commit_stays_a_conflict(
        site: OfflineGate, monkeypatch: pytest.MonkeyPatch) -> None:
    crossing = register_arrival(site.server, site.gate.actor(Role.BORDER_GUARD),
                                arrival("74C-610.01"))
    handoff = vehicle_handoff(replace(site.gate, db=site.server), crossing)
    handoff_id = handoff.summary.handoff_id
    site.db.refresh_copy()
    customs = site.gate.actor(Role.CUSTOMS_OFFICER)
    site.db.go_offline()
    through_outage(lambda: accept_handoff(site.db, customs, handoff_id, all_ok(handoff)))
    elsewhere = site.gate.at_workstation(attach(site.server, "LAOBAO-CUSTOMS-3"),
                                         Role.CUSTOMS_OFFICER)
    accept_handoff(site.server, elsewhere, handoff_id, all_ok(handoff))
    dialect = site.db.engine.dialect
    real_commit = dialect.do_commit
    cut: list[int] = []

    def events_committed_answer_lost(pooled: Any) -> None:
        # The only COMMIT of this replay is the refused save's audit events.
        real_commit(pooled)
        if not cut:
            cut.append(1)
            pooled.dbapi_connection.close()
            raise psycopg.OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(dialect, "do_commit", events_committed_answer_lost)
    first = replay_queue(site.db)
    monkeypatch.setattr(dialect, "do_commit", real_commit)
    assert cut and first is not None and not first.finished

    second = replay_queue(site.db)

    # The events are on the server now, but the acceptance never was: still a conflict.
    assert second is not None and (second.conflicts, second.already_there) == (1, 0)
    (save,) = queued_saves(site.db)
    assert save.state is QueuedState.CONFLICT and save.conflict is not None
    assert count(site.server, HandoffStateChange, HandoffStateChange.handoff_id == handoff_id,
                 HandoffStateChange.state == "accepted") == 1
    _chains_intact(site)


def test_a_handoff_sent_offline_is_not_yet_delivered_until_the_replay(site: OfflineGate) -> None:
    crossing = register_arrival(site.db, site.gate.actor(Role.BORDER_GUARD),
                                arrival("74C-700.01"))
    site.db.go_offline()
    sent = through_outage(lambda: vehicle_handoff(site.gate, crossing))

    assert str(sent.summary.handoff_id) in not_yet_delivered(site.db)
    assert count(site.server, Handoff) == 0
    customs = site.gate.actor(Role.CUSTOMS_OFFICER)

    replay_queue(site.db)

    assert not_yet_delivered(site.db) == frozenset()
    assert [h.handoff_id for h in inbox(site.server, customs)] == [sent.summary.handoff_id]
    _chains_intact(site)


def test_a_photo_attached_offline_arrives_byte_for_byte(site: OfflineGate) -> None:
    guard = site.gate.actor(Role.BORDER_GUARD)
    crossing = register_arrival(site.db, guard, arrival("74C-800.01"))
    site.db.go_offline()
    data = photo((200, 30, 30))
    item = through_outage(lambda: attach_evidence(site.db, guard, crossing.crossing_id, data,
                                                  EvidenceKind.CARGO))
    assert evidence_bytes(site.db, guard, item.sha256) == data  # from the copy

    replay_queue(site.db)

    assert evidence_bytes(site.server, guard, item.sha256) == data
    assert count(site.server, EvidenceBlob) == 1
    _chains_intact(site)


def test_a_cut_between_saves_costs_nothing_the_next_save_reconnects(site: OfflineGate) -> None:
    _register(site, "74C-130.01")
    with site.server.engine.connect() as connection:
        # Every idle connection of this workstation dies, as when the server restarts.
        ended = connection.execute(text(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid() "
            "AND application_name = 'borderdesk' AND state = 'idle'")).scalars().all()
    assert any(ended)

    _register(site, "74C-130.02")

    assert site.db.connectivity is Connectivity.ONLINE and site.db.waiting_count() == 0
    assert _plates(site) == ["74C-130.01", "74C-130.02"]
    _chains_intact(site)


def test_manifests_are_read_offline_from_documents_this_workstation_holds(
        site: OfflineGate) -> None:
    customs = site.gate.actor(Role.CUSTOMS_OFFICER)
    guard = site.gate.actor(Role.BORDER_GUARD)
    crossing = register_arrival(site.db, guard, arrival("74C-140.01"))
    elsewhere = attach_evidence(site.server, customs, crossing.crossing_id, photo((1, 2, 3)),
                                EvidenceKind.CARGO)
    site.db.refresh_copy()
    site.db.go_offline()
    document = through_outage(lambda: attach_evidence(
        site.db, customs, crossing.crossing_id, _small_manifest_png(), EvidenceKind.DOCUMENT))

    record = through_outage(lambda: read_manifest(site.db, customs, crossing.crossing_id,
                                                  document.sha256))
    # A photo another workstation attached: its record is in the copy, its bytes are not.
    with pytest.raises(UserInputError, match="kept on the gate's server"):
        evidence_bytes(site.db, customs, elsewhere.sha256)

    assert [line.hs_code for line in record.manifest.lines] == ["190110", "090111"]
    replay_queue(site.db)
    on_server = latest_manifest(site.server, customs, crossing.crossing_id)
    assert on_server is not None and on_server.manifest_id == record.manifest_id
    _chains_intact(site)


def test_checks_run_offline_on_the_copied_watch_lists_and_say_which_version(
        site: OfflineGate) -> None:
    customs = site.gate.actor(Role.CUSTOMS_OFFICER)
    declaration = read_declaration_file(DATA / "declaration.json")

    def checked(plate: str) -> Any:
        crossing = register_arrival(site.db, site.gate.actor(Role.BORDER_GUARD), arrival(plate))
        through_outage(lambda: save_declaration(site.db, customs, crossing.crossing_id,
                                                declaration))
        return through_outage(lambda: run_check(site.db, customs, crossing.crossing_id))

    online = checked("74C-900.01")
    site.db.go_offline()
    offline = checked("74C-900.02")

    assert offline.result.watch_list_version == online.result.watch_list_version != ""
    assert offline.result.channel == online.result.channel
    replay_queue(site.db)
    assert count(site.server, Crossing) == 2
    _chains_intact(site)


def test_a_workstation_restarted_with_saves_waiting_starts_offline(site: OfflineGate) -> None:
    site.db.go_offline()
    _register(site, "74C-110.01")
    # While the first window runs, a second BorderDesk on the same copy is refused.
    with pytest.raises(EnvironmentProblem, match="already working on this gate's offline copy"):
        GateDatabase(site.db.url, site.db.local.path,
                     workstation_id=site.gate.workstation.workstation_id)
    site.db.dispose()  # the first window closes
    again = GateDatabase(site.db.url, site.db.local.path,
                         workstation_id=site.gate.workstation.workstation_id)
    try:
        assert again.connectivity is Connectivity.OFFLINE
        assert again.waiting_count() == 1
        assert replay_queue(again) is not None
    finally:
        again.dispose()
    assert _plates(site) == ["74C-110.01"]
    _chains_intact(site)


def test_an_officer_logs_in_offline_and_the_login_reaches_the_server(site: OfflineGate) -> None:
    site.db.go_offline()

    actor = through_outage(lambda: log_in(site.db, site.gate.workstation, "border_guard",
                                          PASSWORD))
    with pytest.raises(LoginRefused):
        through_outage(lambda: log_in(site.db, site.gate.workstation, "border_guard", "wrong"))

    assert actor.role is Role.BORDER_GUARD
    assert count(site.server, LoginEvent) == 0
    replay_queue(site.db)
    with site.server.session() as session:
        kinds = sorted(session.scalars(select(LoginEvent.kind)))
    assert kinds == ["failed", "login"]
    _chains_intact(site)


def test_a_server_lost_after_a_save_is_not_saved_twice(site: OfflineGate) -> None:
    guard = site.gate.actor(Role.BORDER_GUARD)

    def save_then_read() -> None:
        register_arrival(site.db, guard, arrival("74C-120.01"))
        raise ServerLost("the line went down after the save")

    with pytest.raises(EnvironmentProblem, match="Saved"):
        through_outage(save_then_read)
    assert _plates(site) == ["74C-120.01"]


def test_work_that_must_see_the_whole_gate_waits_for_the_server(
        site: OfflineGate, tmp_path: Path) -> None:
    guard = site.gate.actor(Role.BORDER_GUARD)
    supervisor = site.gate.actor(Role.SUPERVISOR)
    crossing = register_arrival(site.db, guard, arrival("74C-150.01"))
    handoff = vehicle_handoff(site.gate, crossing)
    site.db.go_offline()
    refusals = {
        "shift report": lambda: build_shift_report(
            site.db, supervisor, day=datetime.now(UTC).date(), shift="morning"),
        "audit verify": lambda: verify_for(site.db, supervisor),
        "receipt": lambda: handoff_receipt(site.db, guard, handoff.summary.handoff_id),
        "bundle": lambda: export_handoff(site.db, guard, handoff.summary.handoff_id,
                                         tmp_path / "h.bdhandoff"),
    }
    for what, call in refusals.items():
        with pytest.raises(EnvironmentProblem, match="needs the gate's server") as refused:
            call()
        assert isinstance(refused.value, EnvironmentProblem), what
    assert not (tmp_path / "h.bdhandoff").exists()
    replay_queue(site.db)
    assert verify_for(site.db, supervisor).problems == ()  # back online: it works again


def test_the_copy_is_readable_by_this_user_only(site: OfflineGate) -> None:
    assert site.db.local.path.stat().st_mode & 0o777 == 0o600


def test_a_copy_never_refreshed_refuses_to_record_offline(site: OfflineGate,
                                                          tmp_path: Path) -> None:
    fresh = GateDatabase(site.db.url, tmp_path / "never.sqlite3",
                         workstation_id=site.gate.workstation.workstation_id)
    try:
        fresh.go_offline()
        with pytest.raises(EnvironmentProblem, match="not up to date"):
            register_arrival(fresh, site.gate.actor(Role.BORDER_GUARD), arrival())
    finally:
        fresh.dispose()
