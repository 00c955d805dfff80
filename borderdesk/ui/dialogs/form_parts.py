"""Parts every form dialog has: the line that says what is wrong, and OK / Cancel."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel


def error_line() -> QLabel:
    """A hidden, wrapping label in the red every dialog uses for what is wrong."""
    label = QLabel()
    label.setProperty("dialogError", True)
    label.setWordWrap(True)
    label.hide()
    return label


def ok_cancel(dialog: QDialog, on_ok: Callable[[], object]) -> QDialogButtonBox:
    """OK runs ``on_ok`` (which accepts when the form is right); Cancel rejects."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(on_ok)
    buttons.rejected.connect(dialog.reject)
    return buttons
