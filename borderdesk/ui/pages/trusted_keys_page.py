"""The administrators' trusted keys: this workstation's own key, the keys trusted, add, revoke.

A key is read out or sent between people as 64 hex digits; they compare the
short fingerprint, which the add dialog shows as soon as the key is typed.
"""

from __future__ import annotations

from uuid import UUID

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from borderdesk.custody.signing import fingerprint
from borderdesk.domain.keys import TrustedKeyInfo
from borderdesk.errors import BorderDeskError
from borderdesk.i18n import _
from borderdesk.services import keys
from borderdesk.ui.administrators_login import run_administering
from borderdesk.ui.dialogs.trusted_key_dialog import AddKeyDialog
from borderdesk.ui.kit.banner import Banner
from borderdesk.ui.kit.gate_time import gate_zone
from borderdesk.ui.models.kept_choice import keep_choice
from borderdesk.ui.models.trusted_keys_model import KeysModel, key_text
from borderdesk.ui.pages.page import Page
from borderdesk.ui.session import UiSession


class TrustedKeysPage(Page):
    """This workstation's key and the keys of other gates and agencies this gate trusts."""

    sig_loaded = Signal()
    """The keys were (re)loaded."""
    sig_changed = Signal()
    """A key was trusted or revoked here."""

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.dialog: AddKeyDialog | None = None
        self.confirm_box: QMessageBox | None = None
        self.own_key = ""
        self.model = KeysModel(gate_zone(session.workstation.gate_timezone), self)
        self._build()
        self.retranslate_ui()
        self.reload()

    def _build(self) -> None:
        self.title, self.own_caption, self.list_caption = QLabel(), QLabel(), QLabel()
        self.title.setObjectName("keys_title")
        self.own_caption.setProperty("caption", True)
        self.own_caption.setWordWrap(True)  # long in Vietnamese: wrap, never widen the window
        self.list_caption.setProperty("caption", True)
        self.own_fingerprint = QLabel()
        self.own_fingerprint.setObjectName("own_fingerprint")
        self.own_key_label = QLabel()
        self.own_key_label.setProperty("mono", True)
        self.own_key_label.setWordWrap(True)
        for label in (self.own_fingerprint, self.own_key_label):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        keep_choice(self.table)
        self.add_button, self.revoke_button = QPushButton(), QPushButton()
        for button in (self.add_button, self.revoke_button):
            button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.add_button.clicked.connect(self.add_key)
        self.revoke_button.clicked.connect(self.revoke_selected)
        self.banner = Banner()
        buttons = QHBoxLayout()
        buttons.addWidget(self.banner, 1)
        buttons.addStretch(0)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.revoke_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.own_caption)
        layout.addWidget(self.own_fingerprint)
        layout.addWidget(self.own_key_label)
        layout.addSpacing(12)
        layout.addWidget(self.list_caption)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def retranslate_ui(self) -> None:
        """Every text of the page in the active language."""
        self.title.setText(_("Trusted keys"))
        self.own_caption.setText(_("This workstation's key ({name}): give it to the gates and "
                                   "agencies that import its bundles").format(
            name=self._session.workstation.workstation_name))
        self.list_caption.setText(_("Keys whose signed bundles this gate accepts"))
        self.add_button.setText(_("Add…"))
        self.revoke_button.setText(_("Revoke…"))
        self.model.retranslate()
        if self.dialog is not None:
            self.dialog.retranslate_ui()
        self._update_buttons()

    # ---- Public API
    def reload(self) -> None:
        """Read this workstation's key and the trusted keys (off the GUI thread)."""
        db, actor = self._session.db, self._session.actor
        self._session.tasks.run(
            lambda: (keys.own_public_key(db, actor), keys.trusted_keys(db, actor)),
            self.on_loaded, self.on_failed)

    def selected_key(self) -> TrustedKeyInfo | None:
        """The key of the selected row."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def add_key(self) -> None:
        """Open the add dialog."""
        dialog = AddKeyDialog(self)
        actor = self._session.actor
        dialog.sig_submitted.connect(lambda name, kind, key: run_administering(
            self._session, self,
            lambda database: keys.trust_key(database, actor, name, kind, key), self.on_trusted,
            self.on_failed))
        dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()

    def revoke_selected(self) -> None:
        """Ask, then revoke the selected key."""
        key = self.selected_key()
        if key is None or key.revoked:
            return
        box = QMessageBox(QMessageBox.Icon.Warning, _("Revoke the key"), _(
            "Revoke the key '{name}' ({fingerprint})? Bundles it signs will be refused from now "
            "on. A revoked key is never trusted again.").format(
            name=key.name, fingerprint=key.fingerprint),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.button(QMessageBox.StandardButton.Yes).setText(_("Revoke"))
        box.button(QMessageBox.StandardButton.No).setText(_("Cancel"))
        box.setDefaultButton(QMessageBox.StandardButton.No)
        key_id = key.key_id
        box.accepted.connect(lambda: self._revoke(key_id))
        self.confirm_box = box
        box.open()

    # ---- Slots
    def on_loaded(self, loaded: tuple[str, list[TrustedKeyInfo]]) -> None:
        """Show the own key and the list."""
        self.own_key, trusted = loaded
        self.own_fingerprint.setText(fingerprint(self.own_key))
        self.own_key_label.setText(key_text(self.own_key))
        self.model.set_rows(trusted)
        self.table.resizeColumnsToContents()
        self._update_buttons()
        self.sig_loaded.emit()

    def on_trusted(self, info: TrustedKeyInfo) -> None:
        """Close the dialog, confirm, reload."""
        if self.dialog is not None:
            self.dialog.accept()
        self.banner.show_ok(_("Trusted: {name} ({fingerprint}).").format(
            name=info.name, fingerprint=info.fingerprint))
        self.reload()
        self.sig_changed.emit()

    def on_revoked(self, _result: object = None) -> None:
        """Confirm and reload."""
        self.banner.show_ok(_("The key was revoked."))
        self.reload()
        self.sig_changed.emit()

    def on_failed(self, error: BaseException) -> None:
        """A refusal in the open dialog, else in the banner; a bug takes the crash path."""
        if not isinstance(error, BorderDeskError):
            self._session.tasks.report(error)
        elif self.dialog is not None:
            self.dialog.show_error(str(error))
        else:
            self.banner.show_problem(str(error))

    # ---- Internals
    def _revoke(self, key_id: UUID) -> None:
        actor = self._session.actor
        run_administering(self._session, self,
                          lambda database: keys.revoke_key(database, actor, key_id),
                          self.on_revoked, self.on_failed)

    def _update_buttons(self) -> None:
        key = self.selected_key()
        self.revoke_button.setEnabled(key is not None and not key.revoked)

