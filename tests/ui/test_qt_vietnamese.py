"""Qt's own standard buttons and menus speak Vietnamese too (Qt ships no catalog for it)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from borderdesk.ui.translation import apply_language, qt_catalog


def test_standard_buttons_are_vietnamese_after_switching(qtbot) -> None:
    assert qt_catalog("vi") is not None, "make builds resources/locale/vi/qtbase_vi.qm"
    apply_language("vi")
    try:
        box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        qtbot.addWidget(box)
        cancel = box.button(QDialogButtonBox.StandardButton.Cancel).text()
        message = QMessageBox(QMessageBox.Icon.Question, "", "", QMessageBox.StandardButton.Yes
                              | QMessageBox.StandardButton.No)
        qtbot.addWidget(message)
        yes = message.button(QMessageBox.StandardButton.Yes).text().replace("&", "")
    finally:
        apply_language("en")
    assert cancel == "Hủy"
    assert yes == "Có"
    english = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(english)
    assert english.button(QDialogButtonBox.StandardButton.Cancel).text() == "Cancel"
