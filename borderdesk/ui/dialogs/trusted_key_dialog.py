"""The administrators' dialog to trust another gate's or agency's key, its fingerprint shown."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from borderdesk.custody.signing import fingerprint, is_valid_public_key
from borderdesk.domain.keys import KeyKind, key_kind_label
from borderdesk.i18n import _
from borderdesk.ui.dialogs.form_parts import error_line, ok_cancel


class AddKeyDialog(QDialog):
    """Name, kind and the hex key; the fingerprint shows as soon as the key is whole."""

    sig_submitted = Signal(str, str, str)
    """OK pressed; carries name, kind and the key as typed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name, self.kind, self.key = QLineEdit(), QComboBox(), QLineEdit()
        for kind in KeyKind:
            self.kind.addItem("", kind.value)
        self.fingerprint = QLabel()
        self.fingerprint.setProperty("mono", True)
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.key.textChanged.connect(self.on_key_changed)
        self.captions = {k: QLabel() for k in ("name", "kind", "key", "fingerprint")}
        form = QFormLayout()
        for key, widget in (("name", self.name), ("kind", self.kind), ("key", self.key),
                            ("fingerprint", self.fingerprint)):
            self.captions[key].setBuddy(widget)
            form.addRow(self.captions[key], widget)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.error = error_line()
        self.buttons = ok_cancel(self, self.on_ok)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(640)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        """Every text of the dialog in the active language."""
        self.setWindowTitle(_("Trust a key"))
        texts = {"name": _("&Name"), "kind": _("&Kind"), "key": _("Public &key"),
                 "fingerprint": _("Fingerprint")}
        for key, text in texts.items():
            self.captions[key].setText(text)
        for index in range(self.kind.count()):
            self.kind.setItemText(index, key_kind_label(KeyKind(self.kind.itemData(index))))
        self.name.setPlaceholderText(_("e.g. Cửa khẩu Cha Lo, or Police of Quảng Trị"))
        self.key.setPlaceholderText(_("64 hexadecimal digits"))
        self.hint.setText(_("Before you trust it, read the fingerprint to the key's owner by "
                            "phone: it must be the same on their screen."))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Trust"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.on_key_changed()

    def on_key_changed(self) -> None:
        """Show the fingerprint of a whole key, or what is still wrong."""
        key = "".join(self.key.text().split()).lower()
        if is_valid_public_key(key):
            self.fingerprint.setText(fingerprint(key))
        else:
            self.fingerprint.setText(_("(type the whole key)") if len(key) < 64
                                     else _("(not a public key)"))

    def show_error(self, text: str) -> None:
        """Say why the key was refused; the dialog stays open."""
        self.error.setText(text)
        self.error.show()

    def on_ok(self) -> None:
        """Hand the key to the page, which asks the service."""
        self.sig_submitted.emit(self.name.text(), str(self.kind.currentData()), self.key.text())
