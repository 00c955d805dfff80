"""The main window: work areas by role, language switch, status bar, idle lock."""

from __future__ import annotations

import pytest

from borderdesk import i18n
from borderdesk.config import load_settings
from borderdesk.domain.officer import Role

PASSWORD = "laobao2026"


@pytest.mark.parametrize(
    ("role", "areas"),
    [
        (Role.BORDER_GUARD, ["queue", "arrival", "handoffs"]),
        (Role.CUSTOMS_OFFICER, ["queue", "handoffs"]),
        (Role.POLICE_OFFICER, ["queue", "handoffs"]),
        (Role.MARKET_CONTROL_OFFICER, ["queue", "handoffs"]),
        (Role.SUPERVISOR, ["queue", "watchlists", "reports", "approvals", "selectivity",
                           "scoring", "audit"]),
        (Role.ADMINISTRATOR, ["officers", "keys", "audit"]),
    ],
)
def test_each_role_sees_exactly_its_areas(ui_gate, open_main_window, role, areas) -> None:
    window = open_main_window(ui_gate.session_for(role))
    assert window.area_keys() == areas
    assert set(window.pages) == set(areas)


def test_header_and_status_bar_name_officer_gate_and_database(ui_gate, open_main_window) -> None:
    window = open_main_window(ui_gate.session_for("customs1"))
    assert window.officer_label.text() == "Phạm Thị Hải"
    assert window.role_label.text() == "Customs officer"
    assert window.gate_label.text() == "Cửa khẩu Quốc tế Lao Bảo"
    assert "gate.sqlite3" in window.database_status.text()
    assert "BD-TEST-1" in window.workstation_status.text()


def test_switching_to_vietnamese_changes_labels_at_once(ui_gate, open_main_window) -> None:
    window = open_main_window(ui_gate.session_for(Role.SUPERVISOR))
    english_nav = window.navigation.item(0).text()
    english_logout = window.logout_action.text()
    assert english_nav == "Crossing queue"

    window.switch_language("vi")

    assert i18n.language() == "vi"
    assert window.navigation.item(0).text() == i18n._("Crossing queue")
    assert window.navigation.item(0).text() != english_nav
    assert window.logout_action.text() == i18n._("Log out") != english_logout
    assert window.role_label.text() == i18n._("Supervisor")
    assert load_settings().language == "vi"

    window.switch_language("en")
    assert window.navigation.item(0).text() == "Crossing queue"


def test_idle_window_locks_and_unlocks_with_the_right_password(
    qtbot, ui_gate, open_main_window
) -> None:
    window = open_main_window(ui_gate.session_for("supervisor1"), idle_timeout_ms=50)
    qtbot.waitUntil(lambda: window.locked, timeout=5_000)
    dialog = window.lock_dialog
    assert dialog.isVisible()
    assert not window.work.isVisible()

    qtbot.keyClicks(dialog.password_edit, "wrong-password")
    dialog.unlock_button.click()
    qtbot.waitUntil(dialog.error_label.isVisible, timeout=10_000)
    assert dialog.error_label.text().startswith("Wrong username or password.")
    assert window.locked

    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    with qtbot.waitSignal(dialog.sig_unlocked, timeout=10_000):
        dialog.unlock_button.click()
    assert not window.locked
    assert window.work.isVisible()
    assert not dialog.isVisible()


def test_locked_window_cannot_be_dismissed_with_escape(qtbot, ui_gate, open_main_window) -> None:
    from PySide6.QtCore import Qt

    window = open_main_window(ui_gate.session_for("supervisor1"))
    window.lock_action.trigger()
    dialog = window.lock_dialog
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible()
    assert window.locked


def test_log_out_from_the_lock_ends_the_session(qtbot, ui_gate, open_main_window) -> None:
    window = open_main_window(ui_gate.session_for("supervisor1"))
    window.lock_action.trigger()
    with qtbot.waitSignal(window.sig_logged_out, timeout=10_000):
        window.lock_dialog.logout_button.click()
    assert not window.isVisible()


def test_input_restarts_the_idle_count(qtbot, ui_gate, open_main_window) -> None:
    window = open_main_window(ui_gate.session_for("supervisor1"), idle_timeout_ms=60_000)
    assert window.idle.active
    qtbot.wait(200)
    before = window.idle.remaining_ms()
    qtbot.keyClick(window.navigation, "a")
    assert window.idle.remaining_ms() > before
    assert not window.locked


def test_window_geometry_is_remembered(qtbot, ui_gate, open_main_window) -> None:
    from borderdesk.ui.main_window import window_state

    window = open_main_window(ui_gate.session_for("admin"))
    window.resize(780, 560)
    window.close()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10_000)
    assert window_state().value("main_window/geometry") is not None
    again = open_main_window(ui_gate.session_for("admin"))
    assert (again.width(), again.height()) == (780, 560)
