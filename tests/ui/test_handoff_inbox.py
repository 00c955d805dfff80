"""The handoff inbox: oldest first with overdue marked, accept with a checklist, dispute,
return, a clear message when another workstation answered first, and the pending count
in the main window that follows another workstation within 5 s."""

from __future__ import annotations

import zipfile
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from borderdesk.config import default_settings, with_changes
from borderdesk.domain.custody import (
    Agency,
    HandoffItemForm,
    HandoffState,
    ItemConfirmation,
    ItemKind,
)
from borderdesk.services import bundles, handoffs, keys
from borderdesk.storage.engine import Database
from borderdesk.storage.migrate import upgrade
from borderdesk.storage.models import Handoff
from borderdesk.ui.dialogs.handoff_reply_dialog import AcceptDialog, DisputeDialog, ReturnDialog
from borderdesk.ui.models.handoff_models import InboxColumn
from borderdesk.ui.pages.handoff_inbox_page import HandoffInboxPage
from tests.ui.conftest import build_gate
from tests.ui.handoff_kit import arrival, other_workstation_actor, photo, send

pytestmark = pytest.mark.qt_log_ignore(
    r"This plugin does not support (propagateSizeHints|raise)\(\)"
)


def open_inbox(qtbot, gate, who="customs1"):
    page = HandoffInboxPage(gate.session_for(who))
    qtbot.addWidget(page)
    page.resize(1280, 760)
    page.show()
    qtbot.waitUntil(lambda: page.model.rowCount() > 0 or page.empty_label.isVisibleTo(page),
                    timeout=10_000)
    return page


def choose_first(qtbot, page):
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: page.detail.record is not None, timeout=10_000)
    return page.detail.record


def backdate(gate, handoff_id, minutes):
    with gate.db.session() as session:
        session.execute(update(Handoff).where(Handoff.id == handoff_id).values(
            created_at=datetime.now(UTC) - timedelta(minutes=minutes)))


def test_the_inbox_lists_pending_handoffs_oldest_first_and_marks_the_overdue(qtbot, qtmodeltester,
                                                                              ui_gate):
    ui_gate.settings = with_changes(ui_gate.settings, handoff_overdue_minutes=30)
    newer = send(ui_gate, arrival(ui_gate, "74C-111.11"), note="newer")
    older = send(ui_gate, arrival(ui_gate, "74C-222.22"), note="older")
    send(ui_gate, arrival(ui_gate, "74C-333.33"), to=Agency.POLICE)  # not customs'
    backdate(ui_gate, newer.summary.handoff_id, 10)
    backdate(ui_gate, older.summary.handoff_id, 95)

    page = open_inbox(qtbot, ui_gate)
    qtmodeltester.check(page.model)
    assert [page.model.row_at(r).note for r in range(page.model.rowCount())] == [
        "older", "newer"]
    waiting = page.model.index(0, InboxColumn.WAITING).data()
    assert "overdue" in waiting and "1 h 35 min" in waiting
    assert "overdue" not in page.model.index(1, InboxColumn.WAITING).data()
    assert page.model.index(0, 0).data(0x8)  # BackgroundRole: the row is marked
    assert page.model.index(1, 0).data(0x8) is None
    record = choose_first(qtbot, page)
    assert record.summary.note == "older"
    assert page.detail.items_model.rowCount() == 2
    assert page.accept_button.isEnabled() and page.dispute_button.isEnabled()


def test_accepting_needs_the_confirmation_and_records_a_broken_seal_on_its_item(qtbot,
                                                                               ui_gate):
    sent = send(ui_gate, arrival(ui_gate))
    page = open_inbox(qtbot, ui_gate)
    choose_first(qtbot, page)
    page.accept_chosen()
    dialog = page.dialog
    assert isinstance(dialog, AcceptDialog)
    assert dialog.checklist.rowCount() == 2

    dialog.ok_button.click()  # the confirmation box is not ticked
    assert dialog.isVisible() and "confirm" in dialog.error.text()
    container_row = next(r for r, i in enumerate(sent.items) if i.seal_no)
    dialog.checklist.set_checked(container_row, seal_intact=False)
    dialog.confirm.setChecked(True)
    assert "1 item will be recorded with a discrepancy" in dialog.warning.text()
    dialog.ok_button.click()  # an unticked box needs a remark
    assert dialog.isVisible() and "remark" in dialog.error.text()
    assert handoffs.get_handoff(ui_gate.db, ui_gate.actor_for("customs1"),
                                sent.summary.handoff_id).summary.state == HandoffState.PENDING

    dialog.checklist.set_checked(container_row, seal_intact=False,
                                 remark="Seal VN2611842 cut and retied")
    with qtbot.waitSignal(page.sig_answered, timeout=10_000):
        dialog.ok_button.click()
    assert not dialog.isVisible()
    assert "Accepted" in page.banner.text()
    stored = handoffs.get_handoff(ui_gate.db, ui_gate.actor_for("customs1"),
                                  sent.summary.handoff_id)
    assert stored.summary.state == HandoffState.ACCEPTED
    container = next(i for i in stored.items if i.seal_no)
    vehicle = next(i for i in stored.items if not i.seal_no)
    assert container.confirmation is not None and not container.confirmation.seal_intact
    assert container.confirmation.remark == "Seal VN2611842 cut and retied"
    assert vehicle.confirmation is not None and not vehicle.confirmation.discrepancy
    qtbot.waitUntil(lambda: page.model.rowCount() == 0, timeout=10_000)  # no longer pending
    assert not page.accept_button.isEnabled()


def test_dispute_names_the_items_in_question_and_return_needs_a_reason(qtbot, ui_gate):
    disputed = send(ui_gate, arrival(ui_gate, "74C-111.11"), note="to dispute")
    returned = send(ui_gate, arrival(ui_gate, "74C-222.22"), note="to return")
    page = open_inbox(qtbot, ui_gate)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: page.detail.record is not None
                    and page.detail.record.summary.note == "to dispute")
    page.dispute_chosen()
    dialog = page.dialog
    assert isinstance(dialog, DisputeDialog)
    dialog.reason.setPlainText("Container number differs from the declaration")
    dialog.ok_button.click()
    assert dialog.isVisible() and "Untick" in dialog.error.text()  # no item in question
    row = next(r for r, i in enumerate(disputed.items) if i.seal_no)
    dialog.checklist.set_checked(row, count_ok=False, remark="Container MSKU0000000 on the lorry")
    with qtbot.waitSignal(page.sig_answered, timeout=10_000):
        dialog.ok_button.click()

    page.show_combo.setCurrentIndex(1)  # every state: the disputed one stays listed
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    page.choose(returned.summary.handoff_id)
    qtbot.waitUntil(lambda: page.detail.record.summary.note == "to return")
    page.return_chosen()
    dialog = page.dialog
    assert isinstance(dialog, ReturnDialog)
    dialog.ok_button.click()
    assert dialog.isVisible() and dialog.error.isVisibleTo(dialog)
    dialog.reason.setText("Not for customs: a police matter")
    with qtbot.waitSignal(page.sig_answered, timeout=10_000):
        dialog.ok_button.click()

    customs = ui_gate.actor_for("customs1")
    stored = handoffs.get_handoff(ui_gate.db, customs, disputed.summary.handoff_id)
    assert stored.summary.state == HandoffState.DISPUTED
    assert stored.history[-1].reason == "Container number differs from the declaration"
    in_question = [i for i in stored.items if i.confirmation is not None]
    assert [i.seal_no for i in in_question] == ["VN2611842"]
    assert not in_question[0].confirmation.count_ok
    stored = handoffs.get_handoff(ui_gate.db, customs, returned.summary.handoff_id)
    assert stored.summary.state == HandoffState.RETURNED
    assert stored.history[-1].reason == "Not for customs: a police matter"


def test_another_workstation_accepting_first_gets_a_clear_message(qtbot, ui_gate):
    sent = send(ui_gate, arrival(ui_gate))
    page = open_inbox(qtbot, ui_gate)
    choose_first(qtbot, page)
    page.accept_chosen()
    dialog = page.dialog
    dialog.confirm.setChecked(True)
    elsewhere = other_workstation_actor(ui_gate, "customs1")
    handoffs.accept_handoff(ui_gate.db, elsewhere, sent.summary.handoff_id,
                            [ItemConfirmation(i.item_id) for i in sent.items])
    dialog.ok_button.click()
    qtbot.waitUntil(page.banner.isVisible, timeout=10_000)
    assert "Another workstation answered this handoff first" in page.banner.text()
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: page.detail.record.summary.state == HandoffState.ACCEPTED,
                    timeout=10_000)
    assert not page.accept_button.isEnabled()
    stored = handoffs.get_handoff(ui_gate.db, elsewhere, sent.summary.handoff_id)
    assert len([e for e in stored.history if e.state == HandoffState.ACCEPTED]) == 1


def test_the_main_window_counts_pending_handoffs_sent_from_another_workstation(
        qtbot, ui_gate, open_main_window):
    window = open_main_window(ui_gate.session_for("customs1"))
    watch = window.handoff_watch
    qtbot.waitUntil(lambda: watch.pending == 0, timeout=5_000)
    assert "handoffs" in window.area_keys()
    crossing = arrival(ui_gate)
    guard_elsewhere = other_workstation_actor(ui_gate, "guard1")
    send(ui_gate, crossing, actor=guard_elsewhere)
    qtbot.waitUntil(lambda: watch.pending == 1, timeout=5_000)
    assert "Handoffs pending for Customs: 1" in watch.status_label.text()
    item = window.navigation.item(window.area_keys().index("handoffs"))
    assert item.text() == "Handoff inbox (1)"
    inbox = window.pages["handoffs"]
    qtbot.waitUntil(lambda: inbox.model.rowCount() == 1, timeout=5_000)


def test_a_supervisor_has_no_inbox_and_no_count(qtbot, ui_gate, open_main_window):
    window = open_main_window(ui_gate.session_for("supervisor1"))
    assert window.handoff_watch is None
    assert "handoffs" not in window.area_keys()
    assert "audit" in window.area_keys()


# ---- Signed bundles from another gate


@pytest.fixture
def other_gate(tmp_path):
    """Another gate on its own database: its border guard sends and exports a handoff."""
    settings = with_changes(default_settings(), workstation_name="CT-BOOTH-1",
                            database_url=f"sqlite:///{tmp_path / 'other.sqlite3'}")
    db = Database(settings.database_url)
    upgrade(db)
    gate = build_gate(db, settings)
    yield gate
    db.dispose()


def exported_bundle(other_gate, tmp_path):
    crossing = arrival(other_gate)
    sha = photo(other_gate, crossing.crossing_id)
    guard = other_gate.actor_for("guard1")
    sent = send(other_gate, crossing, extra=(
        HandoffItemForm(ItemKind.EVIDENCE, "Cargo photo", reference=sha),))
    out = tmp_path / "bundle.zip"
    bundles.export_handoff(other_gate.db, guard, sent.summary.handoff_id, out)
    return out, sent, sha


def trust(other_gate, gate):
    public = keys.own_public_key(other_gate.db, other_gate.actor_for("guard1"))
    keys.trust_key(gate.db, gate.actor_for("admin"), "Cầu Treo border guard", "gate", public)


def test_a_bundle_from_another_gate_is_verified_and_lands_in_the_inbox(qtbot, ui_gate,
                                                                       other_gate, tmp_path):
    path, sent, _sha = exported_bundle(other_gate, tmp_path)
    trust(other_gate, ui_gate)
    page = open_inbox(qtbot, ui_gate)
    assert page.model.rowCount() == 0
    with qtbot.waitSignal(page.transfer.sig_imported, timeout=20_000):
        page.import_bundle(path)
    assert "verified and imported" in page.transfer.message_box.text()
    page.transfer.message_box.close()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    assert page.model.row_at(0).handoff_id == sent.summary.handoff_id
    qtbot.waitUntil(lambda: page.detail.record is not None
                    and page.detail.record.imported_from != "", timeout=10_000)
    assert "Imported from a signed bundle" in page.detail.facts.text()


def test_a_tampered_bundle_is_refused_with_the_reason_and_nothing_is_imported(
        qtbot, ui_gate, other_gate, tmp_path):
    path, _sent, sha = exported_bundle(other_gate, tmp_path)
    trust(other_gate, ui_gate)
    swapped = tmp_path / "swapped.zip"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(swapped, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == f"evidence/{sha}":
                data = data[:-8] + b"tampered"
            target.writestr(info, data)
    page = open_inbox(qtbot, ui_gate)
    with qtbot.waitSignal(page.transfer.sig_refused, timeout=20_000) as refused:
        page.import_bundle(swapped)
    box = page.transfer.message_box
    assert box.isVisible() and box.windowTitle() == "Bundle refused"
    assert "nothing was imported" in box.text()
    assert f"evidence/{sha}" in box.informativeText() == refused.args[0]
    box.close()
    customs = ui_gate.actor_for("customs1")
    every = frozenset(HandoffState)
    assert handoffs.inbox(ui_gate.db, customs, states=every) == []
    assert page.model.rowCount() == 0
