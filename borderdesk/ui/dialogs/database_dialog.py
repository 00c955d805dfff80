"""The start-up window about the database: the problem box when it cannot be opened."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from borderdesk.i18n import _


class DatabaseProblemDialog(QDialog):
    """The database could not be opened: name it (password hidden), offer settings or quit."""

    OPEN_SETTINGS = 2
    """The dialog's result when the officer chose "Open settings"."""

    def __init__(self, url: str, reason: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("BorderDesk: database problem"))
        self.setMinimumWidth(480)
        title = QLabel(_("BorderDesk cannot open its database."))
        title.setObjectName("database_problem")
        self.url_label = QLabel(_("Database: {url}").format(url=url))
        self.url_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.url_label.setWordWrap(True)
        self.reason_label = QLabel(reason)
        self.reason_label.setWordWrap(True)
        hint = QLabel(
            _("Check that the database server is running and reachable, or choose another "
              "database in the settings.")
        )
        hint.setWordWrap(True)
        self.settings_button = QPushButton(_("Open settings"))
        self.settings_button.setDefault(True)
        self.settings_button.clicked.connect(lambda: self.done(self.OPEN_SETTINGS))
        self.quit_button = QPushButton(_("Quit"))
        self.quit_button.setAutoDefault(False)
        self.quit_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.quit_button)
        buttons.addWidget(self.settings_button)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.url_label)
        layout.addWidget(self.reason_label)
        layout.addWidget(hint)
        layout.addLayout(buttons)

    def text(self) -> str:
        """Everything the dialog says, for the log and for tests."""
        return "\n".join(
            label.text() for label in self.findChildren(QLabel) if label.text()
        )
