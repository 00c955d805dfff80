"""The keyboard in the windows: Ctrl+1...9 to the pages, Esc to close what has nothing unsaved."""

from __future__ import annotations

import io

from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from test_crossing_window import _arrival
from test_review_manifest import attach_page, open_review

from borderdesk.domain.evidence import EvidenceKind
from borderdesk.services import evidence
from borderdesk.ui.crossing.crossing_window import CrossingWindow


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (320, 200), (90, 120, 160)).save(out, format="PNG")
    return out.getvalue()


def _activate(qtbot, window) -> None:
    # A window shortcut only fires in the active window, as on a real screen.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def test_ctrl_2_shows_the_second_page_of_a_customs_officer(
        qtbot, ui_gate, open_main_window) -> None:
    window = open_main_window(ui_gate.session_for("customs1"))
    _activate(qtbot, window)
    assert window.current_area() == "queue"

    qtbot.keyClick(window.navigation, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)

    assert window.current_area() == "handoffs"
    assert window.stack.currentWidget() is window.pages["handoffs"]
    qtbot.keyClick(window.navigation, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.current_area() == "queue"


def test_the_go_menu_names_each_page_with_its_key(ui_gate, open_main_window) -> None:
    window = open_main_window(ui_gate.session_for("supervisor1"))
    actions = window.go_menu.actions()
    assert [a.text() for a in actions] == [
        window.navigation.item(i).text() for i in range(window.navigation.count())]
    assert [a.shortcut().toString() for a in actions] == [
        f"Ctrl+{n}" for n in range(1, len(actions) + 1)]


def test_a_key_beyond_the_officers_pages_goes_nowhere(qtbot, ui_gate, open_main_window) -> None:
    window = open_main_window(ui_gate.session_for("customs1"))
    _activate(qtbot, window)
    window.show_area("handoffs")

    qtbot.keyClick(window.navigation, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)

    assert window.current_area() == "handoffs"


def test_the_page_keys_do_nothing_while_the_window_is_locked(
        qtbot, ui_gate, open_main_window) -> None:
    window = open_main_window(ui_gate.session_for("customs1"))
    window.lock_action.trigger()
    qtbot.waitUntil(window.lock_dialog.isActiveWindow)

    qtbot.keyClick(window.lock_dialog.password_edit, Qt.Key.Key_2,
                   Qt.KeyboardModifier.ControlModifier)

    assert window.current_area() == "queue"
    assert window.locked


# ---- Esc
def _crossing_window(qtbot, ui_gate, who: str = "customs1") -> CrossingWindow:
    detail = _arrival(ui_gate)
    window = CrossingWindow(ui_gate.session_for(who), detail.crossing_id)
    qtbot.addWidget(window)
    window.show()
    _activate(qtbot, window)
    qtbot.waitUntil(lambda: window.overview.detail is not None, timeout=10_000)
    return window


def test_esc_closes_a_crossing_window_with_nothing_unsaved(qtbot, ui_gate) -> None:
    window = _crossing_window(qtbot, ui_gate)
    if window.documents_tab is not None:
        qtbot.waitUntil(lambda: window.editor._kept is not None, timeout=10_000)

    qtbot.keyClick(window.tabs, Qt.Key.Key_Escape)

    assert not window.isVisible()
    assert window.close_question is None


def test_esc_on_an_unsaved_declaration_asks_and_cancel_keeps_the_edit(qtbot, ui_gate) -> None:
    window = _crossing_window(qtbot, ui_gate)
    window.tabs.setCurrentWidget(window.documents_tab)
    qtbot.waitUntil(lambda: window.editor._kept is not None, timeout=10_000)
    qtbot.keyClicks(window.editor.declaration_no, "105123456789")

    qtbot.keyClick(window.editor.declaration_no, Qt.Key.Key_Escape)

    question = window.close_question
    assert question is not None and question.isVisible()
    question.button(QMessageBox.StandardButton.Cancel).click()
    assert window.isVisible()
    assert window.editor.declaration_no.text() == "105123456789"

    qtbot.keyClick(window.editor.declaration_no, Qt.Key.Key_Escape)
    window.close_question.button(QMessageBox.StandardButton.Discard).click()
    assert not window.isVisible()


def test_esc_closes_the_picture_window(qtbot, ui_gate) -> None:
    window = _crossing_window(qtbot, ui_gate, "guard1")
    evidence.attach_evidence(ui_gate.db, ui_gate.actor_for("guard1"), window.crossing_id,
                             _png(), EvidenceKind.CARGO, source="cargo.png")
    window.gallery.refresh()
    qtbot.waitUntil(lambda: window.gallery.model.rowCount() == 1, timeout=10_000)
    window.gallery.open_viewer(0)
    viewer = window.gallery.viewer_window
    assert viewer is not None
    _activate(qtbot, viewer)

    qtbot.keyClick(viewer.viewer, Qt.Key.Key_Escape)

    assert not viewer.isVisible()
    assert window.isVisible(), "Esc in the picture closes the picture, not the crossing"


def test_esc_on_a_review_with_an_unsaved_correction_asks_and_cancel_keeps_it_open(
        qtbot, ui_gate) -> None:
    crossing_id, sha256 = attach_page(ui_gate)
    review = open_review(qtbot, ui_gate, crossing_id, sha256)
    qtbot.waitSignal(review.sig_read, timeout=180_000).wait()
    _activate(qtbot, review)
    index = review.model.index(0, 1)
    assert review.model.setData(index, "Sữa bột trẻ em, hộp 800 g")

    qtbot.keyClick(review.table, Qt.Key.Key_Escape)

    question = review.close_question
    assert question is not None and question.isVisible()
    question.button(QMessageBox.StandardButton.Cancel).click()
    assert review.isVisible()
    assert review.model.data(index) == "Sữa bột trẻ em, hộp 800 g"
    assert review.has_unsaved_corrections()

    # Save from the question: the correction is stored, then the window closes.
    qtbot.keyClick(review.table, Qt.Key.Key_Escape)
    with qtbot.waitSignal(review.sig_saved, timeout=20_000) as saved:
        review.close_question.button(QMessageBox.StandardButton.Save).click()
    assert saved.args[0].manifest.lines[0].description == "Sữa bột trẻ em, hộp 800 g"
    qtbot.waitUntil(lambda: not review.isVisible())


def test_esc_closes_a_review_with_nothing_unsaved(qtbot, ui_gate) -> None:
    crossing_id, sha256 = attach_page(ui_gate)
    review = open_review(qtbot, ui_gate, crossing_id, sha256)
    qtbot.waitSignal(review.sig_read, timeout=180_000).wait()
    _activate(qtbot, review)

    qtbot.keyClick(review.table, Qt.Key.Key_Escape)

    assert review.close_question is None
    assert not review.isVisible()


def test_after_a_save_the_guard_stays_at_the_form_told_the_reference(
        qtbot, ui_gate, open_main_window) -> None:
    window = open_main_window(ui_gate.session_for("guard1"))
    _activate(qtbot, window)
    qtbot.keyClick(window.navigation, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    page = window.pages["arrival"]
    assert window.current_area() == "arrival"
    page.tractor_plate.setText("74C12345")
    page.driver_name.setText("Nguyen Van Tai")
    page.driver_document_no.setText("038012345678")

    with qtbot.waitSignal(page.sig_arrival_registered, timeout=10_000):
        qtbot.keyClick(page.tractor_plate, Qt.Key.Key_Return)

    reference = page.last_registered.reference
    assert window.current_area() == "arrival", "the next truck is registered on the same form"
    assert page.banner.text().startswith(f"Arrival registered as {reference}")
    queue = window.pages["queue"]
    qtbot.waitUntil(lambda: any(queue.model.row_at(r).reference == reference
                                for r in range(queue.model.rowCount())), timeout=10_000)
