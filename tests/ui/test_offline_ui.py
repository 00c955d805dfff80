"""Working through an outage, as the officer sees it: the status bar says offline with the
queue, the crossing queue says it is the last copy, the queue is sent back when the server
answers, and a conflict is shown with both versions and settled with a note.

Real PostgreSQL server, a real SQLite local copy, real widgets. The cut is
``go_offline()`` (what a lost connection switches to); the server stays
reachable, so the connectivity watch replays as soon as it polls.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from borderdesk.config import default_settings, save_settings, with_changes
from borderdesk.domain.custody import HandoffState, ItemConfirmation
from borderdesk.domain.offline import Connectivity, QueuedState
from borderdesk.errors import EnvironmentProblem
from borderdesk.services import auth, handoffs
from borderdesk.services.audit_verify import verify_chains
from borderdesk.services.offline import offline_status, queued_saves
from borderdesk.services.startup import offline_copy_path, prepare_workstation
from borderdesk.storage.engine import Database
from borderdesk.storage.migrate import upgrade
from borderdesk.storage.models import AuditEvent, Crossing
from borderdesk.storage.offline.gate_database import GateDatabase
from borderdesk.ui.crossing.custody_tab import CustodyTab
from borderdesk.ui.dialogs.handoff_reply_dialog import AcceptDialog
from borderdesk.ui.dialogs.reason_dialog import SettleDialog
from borderdesk.ui.models.handoff_models import InboxColumn
from borderdesk.ui.models.offline_models import QueueColumn
from tests.conftest import PG_SKIP_REASON, PG_URL, drop_pg_database, make_pg_database
from tests.ui.conftest import PASSWORD, UiGate, build_gate
from tests.ui.handoff_kit import arrival, other_workstation_actor, send

pytestmark = [
    pytest.mark.pg,
    pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)\(\)"),
]

WAIT_MS = 20_000
CLOSED = "postgresql+psycopg://postgres@127.0.0.1:1/border"
"""A server nobody answers on."""


@dataclass
class ServerGate:
    """The gate on the server (plain database) and this workstation's view of it (with a copy)."""

    server: UiGate
    here: UiGate

    @property
    def db(self) -> GateDatabase:
        assert isinstance(self.here.db, GateDatabase)
        return self.here.db


@pytest.fixture
def server_gate(qapp: object, tmp_path: Path) -> Iterator[ServerGate]:
    if not PG_URL:
        pytest.skip(PG_SKIP_REASON)
    url, name = make_pg_database()
    plain = Database(url)
    try:
        upgrade(plain)
        settings = with_changes(default_settings(), workstation_name="BD-TEST-1",
                                database_url=url, language="en")
        save_settings(settings)
        server = build_gate(plain, settings)
        db = GateDatabase(url, tmp_path / "offline.sqlite3",
                          workstation_id=settings.workstation_id)
        here = UiGate(db=db, settings=settings, workstation=server.workstation,
                      actors=dict(server.actors))
        yield ServerGate(server, here)
        for runner in [*here.runners, *server.runners]:
            runner.wait_for_done()
        db.dispose()
        db.local.db.dispose()
    finally:
        plain.dispose()
        drop_pg_database(name)


def crossings_on_server(gate: ServerGate) -> list[str]:
    with gate.server.db.session() as session:
        return list(session.scalars(select(Crossing.tractor_plate)))


def fill_arrival(page) -> None:
    page.tractor_plate.setText("74C12345")
    page.containers[0][0].setText("CSQU3054383")
    page.containers[0][1].setText("A123456")
    page.driver_name.setText("Nguyen Van Tai")
    page.driver_document_no.setText("038012345678")


def test_an_arrival_registered_offline_waits_in_the_queue_and_is_sent_back(
        qtbot, server_gate, open_main_window) -> None:
    server_gate.db.refresh_copy()
    window = open_main_window(server_gate.here.session_for("guard1"))
    status, watch = window.connectivity_status, window.connectivity_watch
    assert window.area_keys() == ["queue", "arrival", "handoffs", "offline"]
    qtbot.waitUntil(lambda: watch.status is not None, timeout=WAIT_MS)
    assert status.isVisible() and status.text() == "Online" and status.kind() == ""

    server_gate.db.go_offline()  # the line to the server is cut
    qtbot.waitUntil(lambda: status.text() == "Offline — 0 saves queued", timeout=WAIT_MS)
    window.show_area("arrival")
    page = window.pages["arrival"]
    fill_arrival(page)
    with qtbot.waitSignal(page.sig_arrival_registered, timeout=WAIT_MS):
        page.save()

    qtbot.waitUntil(lambda: status.text() == "Offline — 1 save queued", timeout=WAIT_MS)
    assert status.kind() == "offline"
    queue = window.pages["queue"]
    assert window.current_area() == "arrival", "the guard stays at the form for the next truck"
    window.show_area("queue")
    assert queue.offline_label.isVisible()
    assert queue.offline_label.text().startswith("Offline: the gate's queue as of ")
    assert "(this workstation's copy); your saves since then are included" in \
        queue.offline_label.text()
    qtbot.waitUntil(lambda: queue.model.rowCount() == 1, timeout=WAIT_MS)
    assert crossings_on_server(server_gate) == []

    watch.timer.setInterval(50)  # the server answers: the next poll sends the queue
    qtbot.waitUntil(lambda: status.text() == "Online", timeout=WAIT_MS)
    assert crossings_on_server(server_gate) == ["74C-123.45"]
    assert not queue.offline_label.isVisible()
    offline_page = window.pages["offline"]
    qtbot.waitUntil(lambda: offline_page.model.rowCount() == 1 and offline_page.model.index(
        0, QueueColumn.STATE).data() == "sent", timeout=WAIT_MS)
    assert offline_page.model.index(0, QueueColumn.WHAT).data() == "Arrival registered"
    assert verify_chains(server_gate.server.db).intact


def test_a_handoff_accepted_offline_and_elsewhere_is_a_conflict_settled_with_a_note(
        qtbot, server_gate, open_main_window) -> None:
    server = server_gate.server
    sent = send(server, arrival(server))  # guard -> customs, pending on the server
    server_gate.db.refresh_copy()
    window = open_main_window(server_gate.here.session_for("customs1"))
    status, watch = window.connectivity_status, window.connectivity_watch
    qtbot.waitUntil(lambda: watch.status is not None, timeout=WAIT_MS)

    server_gate.db.go_offline()
    qtbot.waitUntil(lambda: status.kind() == "offline", timeout=WAIT_MS)
    window.show_area("handoffs")
    inbox = window.pages["handoffs"]
    qtbot.waitUntil(lambda: inbox.model.rowCount() == 1, timeout=WAIT_MS)
    inbox.table.selectRow(0)
    qtbot.waitUntil(lambda: inbox.detail.record is not None, timeout=WAIT_MS)
    inbox.accept_chosen()
    dialog = inbox.dialog
    assert isinstance(dialog, AcceptDialog)
    dialog.confirm.setChecked(True)
    with qtbot.waitSignal(inbox.sig_answered, timeout=WAIT_MS):
        dialog.ok_button.click()
    qtbot.waitUntil(lambda: status.text() == "Offline — 1 save queued", timeout=WAIT_MS)
    inbox.show_combo.setCurrentIndex(1)  # every state
    qtbot.waitUntil(lambda: inbox.model.rowCount() == 1 and inbox.model.index(
        0, InboxColumn.STATE).data() == "Accepted — not yet delivered", timeout=WAIT_MS)

    # Meanwhile the same handoff is accepted at another customs workstation, on the server.
    elsewhere = other_workstation_actor(server, "customs1")
    handoffs.accept_handoff(server.db, elsewhere, sent.summary.handoff_id,
                            [ItemConfirmation(item.item_id) for item in sent.items])

    watch.timer.setInterval(50)
    qtbot.waitUntil(lambda: status.text() == "1 conflict needs your decision", timeout=WAIT_MS)
    assert status.kind() == "conflict"
    status.click()
    assert window.current_area() == "offline"
    page = window.pages["offline"]
    qtbot.waitUntil(lambda: page.chosen() is not None
                    and page.chosen().state == QueuedState.CONFLICT, timeout=WAIT_MS)
    assert page.model.index(0, QueueColumn.WHAT).data() == "Handoff accepted"
    assert page.model.index(0, QueueColumn.STATE).data() == "conflict"
    assert page.reason_label.isVisible() and page.reason_label.text()
    headers = [page.conflict_model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)]
    assert headers == ["Field", "As seen here", "As written here", "As the server has it"]
    state = next(r for r in page.conflict_model.rows if r.name == "State")
    assert (state.seen, state.ours, state.theirs) == ("Pending", "Accepted", "Accepted")
    assert page.settle_button.isEnabled()

    page.settle_chosen()
    settle = page.dialog
    assert isinstance(settle, SettleDialog)
    settle.buttons.accepted.emit()  # OK with no note
    assert settle.isVisible() and "Write what was done" in settle.error.text()
    settle.note.setPlainText("Accepted at BD-TEST-2 first; the lorry is with customs.")
    with qtbot.waitSignal(page.sig_settled, timeout=WAIT_MS):
        settle.buttons.accepted.emit()
    assert not settle.isVisible()
    qtbot.waitUntil(lambda: status.text() == "Online", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and page.model.index(
        0, QueueColumn.STATE).data() == "settled", timeout=WAIT_MS)
    assert not page.settle_button.isEnabled()

    with server.db.session() as session:
        notes = [json.loads(e.payload).get("note") for e in session.scalars(
            select(AuditEvent).where(AuditEvent.action == "replay.conflict_settled"))]
        accepted = session.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "handoff.accepted"))
    assert notes == ["Accepted at BD-TEST-2 first; the lorry is with customs."]
    assert accepted == 2  # both officers' acceptances are in their chains
    stored = handoffs.get_handoff(server.db, elsewhere, sent.summary.handoff_id)
    assert stored.summary.state == HandoffState.ACCEPTED
    assert verify_chains(server.db).intact



def test_a_server_start_attaches_and_takes_a_copy_then_an_unreachable_server_starts_offline(
        server_gate) -> None:
    settings = server_gate.here.settings
    prepared = prepare_workstation(settings)
    try:
        assert isinstance(prepared.db, GateDatabase)
        assert prepared.db.connectivity is Connectivity.ONLINE
        assert prepared.db.local.taken_at() is not None
        assert prepared.workstation == server_gate.here.workstation
        # A second BorderDesk started on this computer meanwhile is told why it cannot.
        with pytest.raises(EnvironmentProblem, match="already working on this gate's offline"):
            prepare_workstation(settings)
    finally:
        prepared.db.dispose()

    # The same workstation, its server now behind a closed port, with the copy taken before.
    cut = with_changes(settings, database_url=CLOSED)
    shutil.copy(offline_copy_path(settings.database_url, settings),
                offline_copy_path(CLOSED, cut))
    prepared = prepare_workstation(cut)
    try:
        assert prepared.db.connectivity is Connectivity.OFFLINE
        assert prepared.workstation == server_gate.here.workstation
        actor = auth.log_in(prepared.db, prepared.workstation, "guard1", PASSWORD)
        assert actor.username == "guard1"
        assert offline_status(prepared.db).waiting == 1  # the login, kept for the server
        assert [s.what for s in queued_saves(prepared.db)] == ["Logged in"]
    finally:
        prepared.db.dispose()


def test_an_unreachable_server_without_a_copy_is_the_database_problem(server_gate) -> None:
    cut = with_changes(server_gate.here.settings, database_url=CLOSED)
    with pytest.raises(EnvironmentProblem, match="cannot be reached"):
        prepare_workstation(cut)


def test_a_handoff_sent_offline_is_marked_not_yet_delivered_in_the_custody_tab(
        qtbot, server_gate) -> None:
    crossing = arrival(server_gate.server)
    server_gate.db.refresh_copy()
    server_gate.db.go_offline()
    sent = send(server_gate.here, crossing)  # the guard hands over while the line is cut
    tab = CustodyTab(server_gate.here.session_for("guard1"), crossing.crossing_id)
    qtbot.addWidget(tab)
    with qtbot.waitSignal(tab.sig_loaded, timeout=WAIT_MS):
        tab.show()
    assert tab.facts is not None
    assert [r.summary.handoff_id for r in tab.facts.handoffs] == [sent.summary.handoff_id]
    assert tab.handoff_list.item(0).text().endswith("— not yet delivered")
