"""Logging in through the real login screen, from a started shell."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from borderdesk.ui.app import Shell

PASSWORD = "laobao2026"
GATE_NAME = "Cửa khẩu Quốc tế Lao Bảo"


@pytest.fixture
def shell(qtbot, ui_gate) -> Iterator[Shell]:
    """A shell started on the test gate, showing its login screen."""
    shell = Shell(ui_gate.settings)
    with qtbot.waitSignal(shell.sig_login_shown, timeout=20_000):
        shell.start()
    yield shell
    if shell.main_window is not None:
        shell.main_window.close()
        shell.tasks.wait_for_done()
        qtbot.waitUntil(lambda: not shell.main_window.isVisible())
    if shell.login_dialog is not None:
        shell.login_dialog.hide()
    shell.shutdown()


def _log_in(qtbot, shell: Shell, username: str, password: str) -> None:
    dialog = shell.login_dialog
    qtbot.keyClicks(dialog.username_edit, username)
    qtbot.keyClicks(dialog.password_edit, password)
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)


def test_login_screen_names_gate_and_workstation(shell: Shell) -> None:
    dialog = shell.login_dialog
    assert dialog.isVisible()
    assert dialog.gate_label.text() == GATE_NAME
    assert "BD-TEST-1" in dialog.footer_label.text()
    assert dialog.password_edit.echoMode() == dialog.password_edit.EchoMode.Password


def test_guard_logs_in_with_enter_and_sees_guard_areas(qtbot, shell: Shell) -> None:
    with qtbot.waitSignal(shell.sig_main_window_shown, timeout=20_000) as shown:
        _log_in(qtbot, shell, "guard1", PASSWORD)
    window = shown.args[0]
    assert window.isVisible()
    assert window.area_keys() == ["queue", "arrival", "handoffs"]
    assert window.officer_label.text() == "Lê Văn Biên"
    assert window.role_label.text() == "Border guard"
    assert "BD-TEST-1" in window.workstation_label.text()


def test_wrong_password_is_refused_in_the_dialog(qtbot, shell: Shell) -> None:
    dialog = shell.login_dialog
    _log_in(qtbot, shell, "guard1", "not-the-password")
    qtbot.waitUntil(dialog.error_label.isVisible, timeout=20_000)
    refused = "Wrong username or password. 5 failed logins lock an account for 15 minutes."
    assert dialog.error_label.text() == refused
    assert dialog.isVisible()
    assert shell.main_window is None
    assert dialog.password_edit.text() == ""
    # An unknown username reads the same: the screen does not tell who has an account.
    dialog.error_label.hide()
    dialog.username_edit.clear()
    _log_in(qtbot, shell, "nobody_here", PASSWORD)
    qtbot.waitUntil(dialog.error_label.isVisible, timeout=20_000)
    assert dialog.error_label.text() == refused


def test_empty_username_asks_for_it(qtbot, shell: Shell) -> None:
    dialog = shell.login_dialog
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    assert dialog.error_label.text() == "Type your username."


def test_language_switch_on_login_screen_is_applied_and_remembered(qtbot, shell: Shell) -> None:
    from borderdesk import i18n
    from borderdesk.config import load_settings

    dialog = shell.login_dialog
    english = dialog.login_button.text()
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("vi"))
    assert i18n.language() == "vi"
    assert dialog.login_button.text() == i18n._("Log in")
    assert dialog.login_button.text() != english
    assert load_settings().language == "vi"


def test_logout_brings_the_login_screen_back(qtbot, shell: Shell) -> None:
    with qtbot.waitSignal(shell.sig_main_window_shown, timeout=20_000) as shown:
        _log_in(qtbot, shell, "supervisor1", PASSWORD)
    window = shown.args[0]
    with qtbot.waitSignal(shell.sig_login_shown, timeout=20_000):
        window.logout_action.trigger()
    assert not window.isVisible()
    assert shell.login_dialog.isVisible()
