"""The officer's override of a crossing's channel: another channel and a written reason."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from borderdesk.domain.crossing import Channel, label
from borderdesk.i18n import _


class OverrideDialog(QDialog):
    """Choose another channel and write why; OK is refused while the reason is empty."""

    def __init__(self, current: Channel | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.channel = QComboBox()
        for channel in Channel:
            self.channel.addItem(label(channel), channel)
        if current is not None:
            # The officer overrides to something else: start on the next channel.
            others = [c for c in Channel if c != current]
            self.channel.setCurrentIndex(self.channel.findData(others[0]))
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.error = QLabel()
        self.error.setObjectName("check_error")
        self.error.setStyleSheet("color: #8e1b1b;")
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.on_ok)
        self.buttons.rejected.connect(self.reject)
        self.channel_caption, self.reason_caption = QLabel(), QLabel()
        self.channel_caption.setBuddy(self.channel)
        self.reason_caption.setBuddy(self.reason)
        layout = QVBoxLayout(self)
        layout.addWidget(self.channel_caption)
        layout.addWidget(self.channel)
        layout.addWidget(self.reason_caption)
        layout.addWidget(self.reason)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.retranslate_ui()
        self.reason.setFocus()

    def retranslate_ui(self) -> None:
        """Every text of the dialog in the active language."""
        self.setWindowTitle(_("Override channel"))
        self.channel_caption.setText(_("New &channel"))
        self.reason_caption.setText(_("&Reason (required; kept in the audit trail)"))
        for index in range(self.channel.count()):
            self.channel.setItemText(index, label(Channel(self.channel.itemData(index))))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Override"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))

    def chosen_channel(self) -> Channel:
        """The channel chosen."""
        return Channel(self.channel.currentData())

    def reason_text(self) -> str:
        """The reason written, trimmed."""
        return self.reason.toPlainText().strip()

    def on_ok(self) -> None:
        """Accept only with a reason."""
        if not self.reason_text():
            self.error.setText(_("Write why the channel is overridden."))
            self.error.show()
            self.reason.setFocus()
            return
        self.accept()
