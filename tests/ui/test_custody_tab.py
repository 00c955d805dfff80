"""The Custody tab of a crossing: inspection, seizure, handoffs from the crossing and from a
seizure, the custody timeline with evidence, and a signed bundle export."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from borderdesk.domain.crossing import Channel, CrossingStatus
from borderdesk.domain.custody import (
    Agency,
    HandoffState,
    InspectionResult,
    ItemConfirmation,
    ItemKind,
)
from borderdesk.services import handoffs, inspections, seizures
from borderdesk.ui.crossing.crossing_window import CrossingWindow
from borderdesk.ui.dialogs.handoff_dialog import HandoffDialog
from borderdesk.ui.dialogs.inspection_dialog import InspectionDialog
from borderdesk.ui.dialogs.seizure_dialog import SeizureDialog
from tests.lifecycle_kit import checked
from tests.ui.handoff_kit import CONTAINER, arrival, photo, send

pytestmark = pytest.mark.qt_log_ignore(
    r"This plugin does not support (propagateSizeHints|raise)\(\)"
)


def open_custody(qtbot, gate, crossing_id, who):
    window = CrossingWindow(gate.session_for(who), crossing_id)
    qtbot.addWidget(window)
    window.resize(1200, 820)
    window.show()
    tab = window.custody_tab
    window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.facts is not None, timeout=10_000)
    return window, tab


def wait_dialog(qtbot, tab, kind):
    qtbot.waitUntil(lambda: isinstance(tab.dialog, kind), timeout=10_000)
    return tab.dialog


def ok(dialog):
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()


def test_customs_inspects_seizes_and_hands_the_seizure_to_the_police(qtbot, ui_gate):
    crossing = arrival(ui_gate)
    sha = photo(ui_gate, crossing.crossing_id)
    # The lifecycle inspects a crossing that went through the checks to a channel.
    checked(ui_gate.db, ui_gate.actor_for("customs1"), crossing.crossing_id, Channel.RED)
    window, tab = open_custody(qtbot, ui_gate, crossing.crossing_id, "customs1")
    assert window.tabs.tabText(window.tabs.indexOf(tab)) == "Custody"
    customs = ui_gate.actor_for("customs1")

    tab.record_inspection()
    dialog = wait_dialog(qtbot, tab, InspectionDialog)
    dialog.result_combo.setCurrentIndex(dialog.result_combo.findData(
        InspectionResult.SEIZURE.value))
    dialog.notes.setPlainText("40 cartons of milk powder behind the declared goods")
    with qtbot.waitSignal(tab.sig_changed, timeout=10_000):
        ok(dialog)
    [inspection] = inspections.inspections_of_crossing(ui_gate.db, customs, crossing.crossing_id)
    assert inspection.result == InspectionResult.SEIZURE

    tab.seize_goods()
    dialog = wait_dialog(qtbot, tab, SeizureDialog)
    assert dialog.inspection.currentData() == str(inspection.inspection_id)
    dialog.set_line(0, "Infant milk formula, 800 g tins", "190110", "40", "ctn", "BAG-0001")
    dialog.reason.setPlainText("Undeclared goods found at the physical inspection")
    dialog.seals.setText("VN2611842")
    dialog.tick(dialog.photos, sha)
    ok(dialog)  # no storage location: refused, the dialog stays open
    qtbot.waitUntil(dialog.error.isVisible, timeout=10_000)
    assert "kept" in dialog.error.text()
    dialog.set_line(1, "Milk", "", "many", "CTN")
    ok(dialog)
    assert "seized line 2: the quantity is not a number." in dialog.error.text()
    dialog.remove_line()
    dialog.storage.setText("Customs store B, cage 4")
    with qtbot.waitSignal(tab.sig_changed, timeout=10_000):
        ok(dialog)
    [seizure] = seizures.seizures_of_crossing(ui_gate.db, customs, crossing.crossing_id)
    assert seizure.inspection_id == inspection.inspection_id
    assert seizure.evidence_sha256 == (sha,) and seizure.storage_location.endswith("cage 4")
    assert [line.unit for _id, line in seizure.lines] == ["CTN"]
    qtbot.waitUntil(lambda: tab.facts is not None and len(tab.facts.seizures) == 1)
    assert tab.records.count() == 2
    # The seizure holds the truck: the overview says so with the seizure's reason.
    qtbot.waitUntil(lambda: window.overview.detail is not None
                    and window.overview.detail.status is CrossingStatus.HELD, timeout=10_000)
    assert window.overview.detail.entries[-1].what.endswith(
        "Undeclared goods found at the physical inspection")

    tab.hand_over_seizure()
    dialog = wait_dialog(qtbot, tab, HandoffDialog)
    assert dialog.agency_combo.currentData() == Agency.POLICE.value
    ticked = [r for r in dialog.item_rows() if r.checkState() == Qt.CheckState.Checked]
    assert len(ticked) == 1  # the seizure's one line of goods, ticked for us
    dialog.note.setPlainText("Seized milk powder for the police")
    with qtbot.waitSignal(tab.sig_changed, timeout=10_000):
        ok(dialog)
    [sent] = handoffs.handoffs_of_crossing(ui_gate.db, customs, crossing.crossing_id)
    assert sent.seizure_id == seizure.seizure_id and sent.summary.to_agency == Agency.POLICE
    assert [(i.kind, i.seal_no) for i in sent.items] == [(ItemKind.GOODS, "BAG-0001")]
    qtbot.waitUntil(lambda: tab.handoff_list.count() == 1, timeout=10_000)
    assert "Customs → Police: Pending" in tab.handoff_list.item(0).text()

    # The same goods cannot go out twice: the dialog says why and stays open.
    tab.hand_over_seizure()
    dialog = wait_dialog(qtbot, tab, HandoffDialog)
    ok(dialog)
    qtbot.waitUntil(dialog.error.isVisible, timeout=10_000)
    assert "already being handed over" in dialog.error.text()
    if shots := os.environ.get("BORDERDESK_SCREENSHOTS"):
        dialog.grab().save(os.path.join(shots, "handoff-refused-en.png"))
    dialog.reject()
    assert len(handoffs.handoffs_of_crossing(ui_gate.db, customs, crossing.crossing_id)) == 1


def test_a_guard_hands_over_the_lorry_and_a_photo_and_sees_the_custody_pass(qtbot, ui_gate):
    crossing = arrival(ui_gate)
    sha = photo(ui_gate, crossing.crossing_id)
    _window, tab = open_custody(qtbot, ui_gate, crossing.crossing_id, "guard1")
    assert not tab.seize_button.isVisibleTo(tab) and not tab.inspect_button.isVisibleTo(tab)

    tab.hand_over()
    dialog = wait_dialog(qtbot, tab, HandoffDialog)
    assert Agency.BORDER_GUARD.value not in [dialog.agency_combo.itemData(i)
                                             for i in range(dialog.agency_combo.count())]
    ok(dialog)  # nothing ticked
    assert dialog.isVisible() and "Tick at least one item" in dialog.error.text()
    dialog.tick(ItemKind.VEHICLE, ItemKind.CONTAINER, ItemKind.EVIDENCE)
    dialog.officer.setText("nobody-here")
    ok(dialog)  # no such officer of customs: refused by the service, shown here
    qtbot.waitUntil(lambda: dialog.error.isVisible() and "nobody-here" in dialog.error.text(),
                    timeout=10_000)
    dialog.officer.setText("customs1")
    with qtbot.waitSignal(tab.sig_changed, timeout=10_000):
        ok(dialog)
    guard = ui_gate.actor_for("guard1")
    [sent] = handoffs.handoffs_of_crossing(ui_gate.db, guard, crossing.crossing_id)
    assert sorted(i.kind for i in sent.items) == sorted(
        [ItemKind.VEHICLE, ItemKind.CONTAINER, ItemKind.EVIDENCE])
    assert next(i for i in sent.items if i.kind == ItemKind.CONTAINER).reference == CONTAINER
    assert sent.summary.to_officer

    handoffs.accept_handoff(ui_gate.db, ui_gate.actor_for("customs1"), sent.summary.handoff_id,
                            [ItemConfirmation(i.item_id) for i in sent.items])
    tab.reload()
    qtbot.waitUntil(lambda: tab.detail.record is not None
                    and tab.detail.record.summary.state == HandoffState.ACCEPTED, timeout=10_000)
    spans = tab.timeline_model.rows
    assert [s.agency for s in spans][-1] == Agency.CUSTOMS
    assert spans[-1].until is None and "still holds it" in tab.timeline_model.index(
        len(spans) - 1, 2).data()
    assert sha in tab.detail.thumbnails
    qtbot.waitUntil(lambda: tab.detail.thumbnails[sha].pixmap() is not None
                    and not tab.detail.thumbnails[sha].pixmap().isNull(), timeout=10_000)


def test_a_handoff_is_exported_as_a_signed_bundle_with_its_hash(qtbot, ui_gate, tmp_path):
    crossing = arrival(ui_gate)
    send(ui_gate, crossing)
    _window, tab = open_custody(qtbot, ui_gate, crossing.crossing_id, "guard1")
    qtbot.waitUntil(lambda: tab.detail.record is not None, timeout=10_000)
    out = tmp_path / "handoff.zip"
    with qtbot.waitSignal(tab.transfer.sig_exported, timeout=20_000) as exported:
        tab.transfer.export(tab.detail.record.summary.handoff_id,
                            tab.detail.record.summary.reference, out)
    info = exported.args[0]
    assert out.is_file() and info.path == out
    box = tab.transfer.message_box
    assert isinstance(box, QMessageBox) and info.sha256 in box.text()
    box.close()


def test_a_slow_older_reload_does_not_bring_back_what_was_before(qtbot, ui_gate, monkeypatch):
    """Reads run two at a time: the facts of the latest reload stay, whichever read ends last."""
    import threading

    from borderdesk.ui.crossing import custody_tab

    crossing = arrival(ui_gate)
    _window, tab = open_custody(qtbot, ui_gate, crossing.crossing_id, "guard1")
    sent = send(ui_gate, crossing)
    release = threading.Event()
    real_load = custody_tab.load_facts
    calls = []

    def load(db, actor, crossing_id):
        calls.append(crossing_id)
        if len(calls) == 1:  # the older read: it saw the handoff pending, and ends last
            facts = real_load(db, actor, crossing_id)
            release.wait(10)
            return facts
        # The newer read ends first; the older one a moment later.
        threading.Timer(0.3, release.set).start()
        return real_load(db, actor, crossing_id)

    monkeypatch.setattr(custody_tab, "load_facts", load)
    tab.reload()
    qtbot.waitUntil(lambda: len(calls) == 1, timeout=10_000)
    handoffs.accept_handoff(ui_gate.db, ui_gate.actor_for("customs1"), sent.summary.handoff_id,
                            [ItemConfirmation(i.item_id) for i in sent.items])
    with qtbot.waitSignal(tab.sig_loaded, timeout=10_000):
        tab.reload()
    qtbot.waitUntil(release.is_set, timeout=10_000)
    for runner in ui_gate.runners:
        runner.wait_for_done()
    qtbot.wait(50)  # the older read's result is delivered now, and must be dropped
    assert tab.facts.handoffs[-1].summary.state == HandoffState.ACCEPTED


def test_a_pending_handoff_is_offered_in_the_timeline_and_the_sender_still_holds(qtbot,
                                                                               ui_gate):
    crossing = arrival(ui_gate)
    sent = send(ui_gate, crossing)  # the guard offers the lorry to customs
    _window, tab = open_custody(qtbot, ui_gate, crossing.crossing_id, "customs1")
    model = tab.timeline_model
    guard = ui_gate.actor_for("guard1").full_name
    texts = [[model.index(r, c).data() for c in range(3)] for r in range(model.rowCount())]
    assert texts[0][0] == f"Held by Border guard ({guard})"
    assert texts[0][2] == "still holds it"
    assert texts[1][0] == f"Offered to Customs by {guard}, not yet accepted"
    assert texts[1][2] == "not yet accepted"
    assert not model.index(1, 0).data(Qt.ItemDataRole.FontRole).bold()

    customs = ui_gate.actor_for("customs1")
    handoffs.accept_handoff(ui_gate.db, customs, sent.summary.handoff_id,
                            [ItemConfirmation(i.item_id) for i in sent.items])
    tab.reload()
    qtbot.waitUntil(lambda: model.rowCount() == 2 and model.row_at(1).state
                    == HandoffState.ACCEPTED, timeout=10_000)
    assert model.index(1, 0).data() == f"Held by Customs ({customs.full_name})"
    assert model.index(1, 2).data() == "still holds it"
    assert model.index(0, 2).data() != "still holds it"  # the guard's custody ended


def test_an_inspection_shows_what_it_confirmed_and_what_no_finding_predicted(qtbot, ui_gate):
    from borderdesk.domain.custody import InspectionForm, InspectionKind

    crossing = arrival(ui_gate)
    customs = ui_gate.actor_for("customs1")
    checked(ui_gate.db, customs, crossing.crossing_id, Channel.YELLOW)
    inspections.record_inspection(ui_gate.db, customs, InspectionForm(
        crossing.crossing_id, InspectionKind.DOCUMENTS, InspectionResult.DISCREPANCY,
        finding_rules=("QUANTITY_MISMATCH",), unpredicted="Invoice re-used from 2 Dec"))
    _window, tab = open_custody(qtbot, ui_gate, crossing.crossing_id, "customs1")
    text = tab.records.item(0).text()
    assert "Confirmed: QUANTITY_MISMATCH" in text
    assert "Found beyond the findings: Invoice re-used from 2 Dec" in text
