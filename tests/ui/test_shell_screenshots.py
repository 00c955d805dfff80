"""The login screen renders in both languages (the README's screenshots are made the same way)."""

from __future__ import annotations

from PySide6.QtGui import QImage

from borderdesk import i18n
from borderdesk.ui.dialogs.login_dialog import LoginDialog
from borderdesk.ui.translation import apply_language


def _shot(qtbot, ui_gate, language: str, path) -> LoginDialog:
    apply_language(language)
    dialog = LoginDialog(ui_gate.db, ui_gate.settings, ui_gate.workstation,
                         ui_gate.session_for("guard1").tasks)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.grab().save(str(path))
    return dialog


def test_login_screen_renders_in_english_and_vietnamese(qtbot, ui_gate, tmp_path) -> None:
    english = _shot(qtbot, ui_gate, "en", tmp_path / "login-en.png")
    assert english.login_button.text() == "Log in"
    vietnamese = _shot(qtbot, ui_gate, "vi", tmp_path / "login-vi.png")
    assert vietnamese.login_button.text() == i18n._("Log in")

    en_image = QImage(str(tmp_path / "login-en.png"))
    vi_image = QImage(str(tmp_path / "login-vi.png"))
    assert en_image.width() >= 400
    assert en_image.height() >= 200
    assert en_image != vi_image
