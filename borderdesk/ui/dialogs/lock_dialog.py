"""The locked booth: the same officer unlocks with their password, anyone else logs them out."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from borderdesk.errors import BorderDeskError
from borderdesk.i18n import _
from borderdesk.services import auth
from borderdesk.ui import errors
from borderdesk.ui.session import UiSession


class LockDialog(QDialog):
    """Asks the logged-in officer's password; "Log out" lets another officer log in."""

    sig_unlocked = Signal()
    """The right password was given."""
    sig_log_out_requested = Signal()
    """Someone chose to log the locked officer out."""

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setModal(True)
        self.setMinimumWidth(400)
        self.title_label = QLabel()
        self.title_label.setObjectName("page_title")
        self.explain_label = QLabel()
        self.explain_label.setWordWrap(True)
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.error_label = QLabel()
        self.error_label.setObjectName("lock_error")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.unlock_button = QPushButton()
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.on_unlock)
        self.logout_button = QPushButton()
        self.logout_button.setAutoDefault(False)
        self.logout_button.clicked.connect(self.on_log_out)
        buttons = QHBoxLayout()
        buttons.addWidget(self.logout_button)
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addWidget(self.explain_label)
        layout.addWidget(self.password_edit)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)
        self.retranslate_ui()
        self.password_edit.setFocus()

    def retranslate_ui(self) -> None:
        """Set every text in the active language."""
        actor = self.session.actor
        self.setWindowTitle(_("BorderDesk: locked"))
        self.title_label.setText(_("This workstation is locked"))
        self.explain_label.setText(
            _(
                "{name} is logged in. Type their password to go on, "
                "or log them out so that another officer can log in."
            ).format(name=actor.full_name)
        )
        self.unlock_button.setText(_("Unlock"))
        self.logout_button.setText(_("Log out"))

    # ---- Slots
    def on_unlock(self) -> None:
        """Check the password off the GUI thread."""
        password = self.password_edit.text()
        if not password:
            self._show_message(_("Type your password."))
            return
        self.unlock_button.setEnabled(False)
        db, actor = self.session.db, self.session.actor
        self.session.tasks.run(
            lambda: auth.unlock_session(db, actor, password),
            self.on_unlocked,
            self.on_refused,
            write=True,
        )

    def on_unlocked(self, _result: object) -> None:
        """Give the window back to the officer."""
        self.unlock_button.setEnabled(True)
        self.password_edit.clear()
        self.sig_unlocked.emit()
        self.accept()

    def on_refused(self, error: BaseException) -> None:
        """Say why the password was refused."""
        self.unlock_button.setEnabled(True)
        self.password_edit.clear()
        self.password_edit.setFocus()
        if isinstance(error, BorderDeskError):
            self._show_message(str(error))
        else:
            errors.show_error(self, error)

    def on_log_out(self) -> None:
        """Let another officer log in."""
        self.sig_log_out_requested.emit()
        self.accept()

    def _show_message(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))

    def reject(self) -> None:
        """Stay open on Escape or the close button: only unlock or log out end the lock."""
