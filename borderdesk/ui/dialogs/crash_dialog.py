"""The dialog a bug ends in: what happened, and the details to copy for the supervisor."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from borderdesk import paths
from borderdesk.i18n import _
from borderdesk.log import LOG_FILE


class CrashDialog(QDialog):
    """Says BorderDesk hit an unexpected error; "Copy details" copies the traceback."""

    def __init__(self, summary: str, details: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.details = details
        self.setWindowTitle(_("BorderDesk: unexpected error"))
        self.setMinimumWidth(520)
        intro = QLabel(
            _(
                "BorderDesk met an unexpected error. Your saved work is safe. "
                "Please copy the details and give them to your supervisor. "
                "They are also in the log file {path}."
            ).format(path=paths.log_dir() / LOG_FILE)
        )
        intro.setWordWrap(True)
        self.summary_label = QLabel(summary)
        self.summary_label.setWordWrap(True)
        self.details_view = QPlainTextEdit(details)
        self.details_view.setReadOnly(True)
        self.copy_button = QPushButton(_("Copy details"))
        self.copy_button.clicked.connect(self.on_copy)
        self.close_button = QPushButton(_("Close"))
        self.close_button.clicked.connect(self.accept)
        buttons = QDialogButtonBox()
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.AcceptRole)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.details_view)
        layout.addWidget(buttons)

    def on_copy(self) -> None:
        """Put the details on the clipboard."""
        QGuiApplication.clipboard().setText(self.details)
