"""The one dialog that asks why before a decision is recorded (override, withdraw, settle).

A slip of the Enter key must never record a decision without its reason: OK,
the default button, stays disabled until a reason is written (and until
``ready`` says the rest of the decision is there), and the reason is a
multi-line field in which Enter starts a new line.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from borderdesk.i18n import _
from borderdesk.ui.dialogs.form_parts import error_line, ok_cancel


class ReasonDialog(QDialog):
    """A heading, the subclass's own fields, the reason, a line for refusals, OK / Cancel.

    Subclasses add their fields to ``fields``, set the texts in ``retranslate_ui``
    with ``set_texts`` and widen ``ready`` / ``missing`` for what else OK needs.
    With ``keep_open`` OK emits ``sig_submitted`` and the dialog stays open until the
    page closes it, so that a refusal is shown in it and nothing typed is lost;
    otherwise OK accepts.
    """

    sig_submitted = Signal()
    """OK with everything there (``keep_open`` dialogs): the page records the decision."""

    def __init__(self, parent: QWidget | None = None, *, keep_open: bool = False) -> None:
        super().__init__(parent)
        self._keep_open = keep_open
        self._missing_reason = ""
        self._telling_missing = False
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.hide()
        self.fields = QVBoxLayout()
        self.caption = QLabel()
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setMinimumHeight(72)
        self.caption.setBuddy(self.reason)
        self.error = error_line()
        self.buttons = ok_cancel(self, self.on_ok)
        self.reason.textChanged.connect(self.update_ok)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(self.fields)
        layout.addWidget(self.caption)
        layout.addWidget(self.reason, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)
        self.reason.setFocus()

    # ---- Public API
    @property
    def ok_button(self) -> QPushButton:
        """The button that records the decision."""
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def set_texts(self, *, title: str, caption: str, ok: str, missing_reason: str,
                  heading: str = "") -> None:
        """The dialog's texts, already translated (subclasses call it from ``retranslate_ui``)."""
        self.setWindowTitle(title)
        self.heading.setText(heading)
        self.heading.setVisible(bool(heading))
        self.caption.setText(caption)
        self.ok_button.setText(ok)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self._missing_reason = missing_reason
        self.update_ok()

    def reason_text(self) -> str:
        """The reason written, trimmed."""
        return self.reason.toPlainText().strip()

    def ready(self) -> bool:
        """Whether OK may record the decision."""
        return bool(self.reason_text())

    def missing(self) -> str:
        """What OK still waits for ("" when nothing)."""
        return "" if self.reason_text() else self._missing_reason

    def show_error(self, text: str) -> None:
        """Say why the decision was refused; the dialog stays open for another try."""
        self.error.setText(text)
        self.error.show()
        self._telling_missing = False
        self.buttons.setEnabled(True)
        self.update_ok()

    # ---- Slots
    def update_ok(self) -> None:
        """OK only when ``ready``; the error line goes once what it asked for is there."""
        ready = self.ready()
        self.ok_button.setEnabled(ready)
        if ready and self._telling_missing:
            self.error.hide()

    def on_ok(self) -> None:
        """Record only what is complete (OK is disabled otherwise; this is the last guard)."""
        missing = self.missing()
        if missing or not self.ready():
            self.error.setText(missing or self._missing_reason)
            self.error.show()
            self._telling_missing = True
            self.reason.setFocus()
            return
        self.error.hide()
        if self._keep_open:
            self.buttons.setEnabled(False)  # until the page answers
            self.sig_submitted.emit()
            return
        self.accept()
