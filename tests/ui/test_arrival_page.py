"""The border guard's arrival form, driven the way a guard drives it: by keyboard."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import func, select

from borderdesk.domain.crossing import ArrivalForm, ContainerEntry, Direction
from borderdesk.domain.officer import Role
from borderdesk.services import crossings
from borderdesk.storage.models.crossing import Crossing
from borderdesk.ui.pages.arrival_page import ArrivalPage
from borderdesk.ui.pages.queue_page import QueuePage

# Qt's offscreen platform cannot resize or raise windows, and says so: not ours.
pytestmark = pytest.mark.qt_log_ignore(
    r"This plugin does not support (propagateSizeHints|raise)\(\)"
)


def make_page(qtbot, gate, who="guard1"):
    page = ArrivalPage(gate.session_for(who))
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    return page


def type_into_focus(qtbot, text):
    qtbot.keyClicks(QApplication.focusWidget(), text)


def press(qtbot, key, times=1):
    for _ in range(times):
        qtbot.keyClick(QApplication.focusWidget(), key)


def crossing_count(gate):
    with gate.db.session() as session:
        return session.scalar(select(func.count()).select_from(Crossing))


def test_a_truck_is_registered_by_keyboard_alone(qtbot, ui_gate):
    page = make_page(qtbot, ui_gate)
    assert QApplication.focusWidget() is page.tractor_plate

    type_into_focus(qtbot, "74c12345")
    press(qtbot, Qt.Key.Key_Tab, 2)  # the plate's country stays Viet Nam
    assert QApplication.focusWidget() is page.trailer_plate
    type_into_focus(qtbot, "74R01234")
    press(qtbot, Qt.Key.Key_Tab, 2)
    assert QApplication.focusWidget() is page.containers[0][0]
    type_into_focus(qtbot, "CSQU3054383")
    press(qtbot, Qt.Key.Key_Tab)
    type_into_focus(qtbot, "A123456 A123457")
    press(qtbot, Qt.Key.Key_Tab, 7)  # the three empty container rows
    assert QApplication.focusWidget() is page.driver_name
    type_into_focus(qtbot, "Nguyen Van Tai")  # QTest types Latin-1 only; an IME types the rest
    press(qtbot, Qt.Key.Key_Tab)
    type_into_focus(qtbot, "038012345678")
    with qtbot.waitSignal(page.sig_arrival_registered, timeout=10_000) as saved:
        press(qtbot, Qt.Key.Key_Return)

    assert page.banner.text().startswith(
        f"Arrival registered as {page.last_registered.reference}")
    assert page.tractor_plate.text() == "" and page.containers[0][0].text() == ""
    assert QApplication.focusWidget() is page.tractor_plate

    queue = QueuePage(ui_gate.session_for("guard1"))
    qtbot.addWidget(queue)
    qtbot.waitUntil(lambda: queue.model.rowCount() == 1)
    row = queue.model.row_at(0)
    assert row.crossing_id == saved.args[0]
    assert row.tractor_plate == "74C-123.45"
    assert row.containers == ("CSQU3054383",)


def test_invalid_plate_and_check_digit_are_marked_and_nothing_is_saved(qtbot, ui_gate):
    page = make_page(qtbot, ui_gate)
    type_into_focus(qtbot, "74C-12")
    page.containers[0][0].setFocus()
    type_into_focus(qtbot, "CSQU3054384")  # the check digit should be 3
    press(qtbot, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: page.field_error("containers.0.container_no") != "")
    plate_reason = page.field_error("tractor_plate")
    digit_reason = page.field_error("containers.0.container_no")
    assert plate_reason
    assert re.search(r"(?<![\dA-Z])3(?![\dA-Z])", digit_reason), digit_reason
    assert page.containers[0][0].property("invalid") is True
    assert page.containers[0][0].toolTip() == digit_reason
    assert page.tractor_plate.text() == "74C-12"  # nothing cleared
    assert crossing_count(ui_gate) == 0

    page.containers[0][0].setFocus()
    page.containers[0][0].selectAll()
    type_into_focus(qtbot, "CSQU3054383")
    assert page.field_error("containers.0.container_no") == ""


def test_a_known_plate_fills_trailer_driver_and_carrier(qtbot, ui_gate):
    earlier = ArrivalForm(
        direction=Direction.EXPORT, lane="5", tractor_plate="74C-123.45",
        arrived_at=datetime.now(UTC) - timedelta(days=1), trailer_plate="74R-012.34",
        driver_name="Nguyễn Văn Tài", driver_document_no="038012345678",
        carrier_name="Công ty TNHH Vận tải Quảng Trị",
        containers=(ContainerEntry("CSQU3054383"),),
    )
    first = crossings.register_arrival(ui_gate.db, ui_gate.actor_for("guard1"), earlier)
    page = make_page(qtbot, ui_gate)

    type_into_focus(qtbot, "74C12345")
    press(qtbot, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: page.carrier_name.text() != "")
    assert page.trailer_plate.text() == "74R-012.34"
    assert page.driver_name.text() == "Nguyễn Văn Tài"
    assert page.driver_document_no.text() == "038012345678"
    assert page.carrier_name.text() == "Công ty TNHH Vận tải Quảng Trị"
    assert page.direction.currentData() == Direction.EXPORT
    assert page.lane.currentData() == "5"
    assert "Known truck: 1 crossing" in page.hint.text()

    press(qtbot, Qt.Key.Key_Return)
    # Yesterday's crossing is still open: the guard is asked before a second one is made.
    qtbot.waitUntil(lambda: page.open_warning is not None, timeout=10_000)
    assert first.reference in page.open_warning.text()
    with qtbot.waitSignal(page.sig_arrival_registered, timeout=10_000):
        page.open_warning.button(QMessageBox.StandardButton.Yes).click()
    assert page.direction.currentData() == Direction.EXPORT  # kept for the next truck
    assert crossing_count(ui_gate) == 2


def test_the_same_truck_twice_is_not_registered_unless_the_guard_says_so(qtbot, ui_gate):
    page = make_page(qtbot, ui_gate)
    for attempt in range(2):
        type_into_focus(qtbot, "74C12345")
        page.driver_name.setText("Nguyen Van Tai")
        page.driver_document_no.setText("038012345678")
        if attempt == 0:
            with qtbot.waitSignal(page.sig_arrival_registered, timeout=10_000):
                page.save()
            page.tractor_plate.setFocus()
            continue
        page.save()
        qtbot.waitUntil(lambda: page.open_warning is not None, timeout=10_000)
        box = page.open_warning
        assert page.last_registered.reference in box.text()
        assert box.defaultButton() is box.button(QMessageBox.StandardButton.No), \
            "Enter does not make a second crossing"
        qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.open_warning is None, timeout=10_000)
    assert crossing_count(ui_gate) == 1
    assert "Not registered" in page.banner.text()
    assert page.tractor_plate.text() == "74C12345", "what the guard typed is kept"
    assert page.save_button.isEnabled()


def test_recall_never_overwrites_what_the_guard_typed(qtbot, ui_gate):
    earlier = ArrivalForm(
        direction=Direction.IMPORT, lane="1", tractor_plate="74C-123.45",
        arrived_at=datetime.now(UTC) - timedelta(days=1), trailer_plate="74R-012.34",
        driver_name="Nguyễn Văn Tài", driver_document_no="038012345678",
        carrier_name="Vận tải Lao Bảo",
    )
    crossings.register_arrival(ui_gate.db, ui_gate.actor_for("guard1"), earlier)
    page = make_page(qtbot, ui_gate)
    page.driver_name.setText("Trần Văn Mới")
    page.tractor_plate.setFocus()
    type_into_focus(qtbot, "74C-123.45")
    press(qtbot, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: page.carrier_name.text() != "")
    assert page.driver_name.text() == "Trần Văn Mới"


def test_a_role_that_may_not_register_sees_why(qtbot, ui_gate):
    page = make_page(qtbot, ui_gate, who=Role.CUSTOMS_OFFICER)
    type_into_focus(qtbot, "74C12345")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(page.banner.isVisible)
    assert "may not" in page.banner.text()
    assert page.tractor_plate.text() == "74C12345"
    assert crossing_count(ui_gate) == 0


def test_escape_clears_the_form(qtbot, ui_gate):
    page = make_page(qtbot, ui_gate)
    type_into_focus(qtbot, "74C12345")
    page.driver_name.setText("Nguyễn Văn Tài")
    press(qtbot, Qt.Key.Key_Escape)
    assert page.tractor_plate.text() == "" and page.driver_name.text() == ""


def test_the_confirmation_names_the_reference_until_the_next_truck_is_typed(qtbot, ui_gate):
    page = make_page(qtbot, ui_gate)
    type_into_focus(qtbot, "74C12345")
    page.driver_name.setText("Nguyen Van Tai")
    page.driver_document_no.setText("038012345678")
    with qtbot.waitSignal(page.sig_arrival_registered, timeout=10_000):
        press(qtbot, Qt.Key.Key_Return)
    reference = page.last_registered.reference
    assert page.banner.isVisible() and page.banner.is_ok()
    assert f"Arrival registered as {reference}" in page.banner.text()

    page.lane.setCurrentIndex(2)  # the form moving on by itself is no edit
    qtbot.wait(50)
    assert page.banner.isVisible(), "the reference stays to be copied onto the papers"

    type_into_focus(qtbot, "2")  # the guard starts on the next truck
    assert not page.banner.isVisible()


def test_a_problem_stays_while_the_guard_corrects_the_form(qtbot, ui_gate):
    page = make_page(qtbot, ui_gate)
    type_into_focus(qtbot, "74C-12")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.field_error("tractor_plate") != "", timeout=10_000)
    page.tractor_plate.setFocus()
    type_into_focus(qtbot, "3")
    assert page.banner.isVisible() and not page.banner.is_ok()


@pytest.mark.parametrize("accept", ["key", "button"])
def test_the_suggested_check_digit_is_accepted_by_its_key_or_button(qtbot, ui_gate, accept):
    page = make_page(qtbot, ui_gate)
    type_into_focus(qtbot, "74C12345")
    page.driver_name.setText("Nguyen Van Tai")
    page.driver_document_no.setText("038012345678")
    page.containers[1][0].setFocus()
    type_into_focus(qtbot, "CSQU3054384")  # the check digit should be 3
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.field_error("containers.1.container_no") != "",
                    timeout=10_000)
    reason = page.field_error("containers.1.container_no")
    assert "Alt+A" in reason and "CSQU3054383" in reason, reason
    button = page.check_digits.button
    assert button.isVisible() and "Alt+A" in button.text()
    assert crossing_count(ui_gate) == 0

    if accept == "key":
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_A,
                       Qt.KeyboardModifier.AltModifier)
    else:
        button.click()
    assert page.containers[1][0].text() == "CSQU3054383"
    assert page.field_error("containers.1.container_no") == ""
    assert not button.isVisible()
    assert QApplication.focusWidget() is page.containers[1][0]

    with qtbot.waitSignal(page.sig_arrival_registered, timeout=10_000) as saved:
        press(qtbot, Qt.Key.Key_Return)
    queue = QueuePage(ui_gate.session_for("guard1"))
    qtbot.addWidget(queue)
    qtbot.waitUntil(lambda: queue.model.rowCount() == 1)
    assert queue.model.row_at(0).crossing_id == saved.args[0]
    assert queue.model.row_at(0).containers == ("CSQU3054383",)


def test_no_digit_is_offered_for_a_number_wrong_in_more_than_its_check_digit(qtbot, ui_gate):
    page = make_page(qtbot, ui_gate)
    type_into_focus(qtbot, "74C12345")
    page.containers[0][0].setFocus()
    type_into_focus(qtbot, "CSQ3054383")  # a letter of the owner code missing
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.field_error("containers.0.container_no") != "",
                    timeout=10_000)
    assert "Alt+A" not in page.field_error("containers.0.container_no")
    assert not page.check_digits.button.isVisible()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    assert page.containers[0][0].text() == "CSQ3054383"


def test_retyping_the_number_takes_the_offer_back(qtbot, ui_gate):
    page = make_page(qtbot, ui_gate)
    type_into_focus(qtbot, "74C12345")
    page.containers[0][0].setFocus()
    type_into_focus(qtbot, "TCNU7200795")  # the check digit should be 4
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(page.check_digits.button.isVisible, timeout=10_000)
    page.containers[0][0].setFocus()
    page.containers[0][0].end(False)
    press(qtbot, Qt.Key.Key_Backspace)
    assert not page.check_digits.button.isVisible()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    assert page.containers[0][0].text() == "TCNU720079"
