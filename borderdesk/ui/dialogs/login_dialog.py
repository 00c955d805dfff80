"""The login screen of a shared booth: who is logging in, at which gate and workstation.

It is the first window of a start, shown before the gate's database is open:
this module imports nothing of storage or the services at its top, and "Log
in" pressed before the database is ready waits for it (``set_gate``). It uses
no ``Qt.*`` flag either: PySide builds the whole ``Qt`` namespace (40-80 ms)
the first time one is touched, and the window would wait for it.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from borderdesk.config import Settings, save_settings, with_changes
from borderdesk.errors import BorderDeskError
from borderdesk.i18n import _, language
from borderdesk.ui import errors
from borderdesk.ui.tasks import TaskRunner
from borderdesk.ui.translation import apply_language

if TYPE_CHECKING:
    from PySide6.QtGui import QPaintEvent

    from borderdesk.domain.gate import WorkstationIdentity
    from borderdesk.domain.officer import Actor
    from borderdesk.storage.engine import Database

log = logging.getLogger("borderdesk.ui")

LANGUAGE_CHOICES = (("vi", "Tiếng Việt"), ("en", "English"))
"""Each language named in itself, so an officer finds theirs whatever is shown now."""


class LoginDialog(QDialog):
    """Username, password and language; Enter logs in, the service's refusal is shown here.

    Without a database (``db`` None) the screen names the gate and workstation
    from the settings and takes typing; ``set_gate`` brings the database.
    """

    sig_logged_in = Signal(object)
    """The login succeeded; carries the ``Actor``."""
    sig_language_changed = Signal(str)
    """The officer chose another language; carries its code."""
    sig_drawn = Signal()
    """The screen has been drawn for the first time: the officer sees it."""

    def __init__(
        self,
        db: Database | None,
        settings: Settings,
        workstation: WorkstationIdentity | None,
        tasks: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.settings = settings
        self.workstation = workstation
        self.tasks = tasks
        self.actor: object | None = None
        self._waiting: tuple[str, str] | None = None
        """Username and password of a "Log in" pressed before the database was ready."""
        self._drawn = False
        self.setObjectName("loginDialog")
        self.setMinimumWidth(480)
        self._build()
        self.retranslate_ui()
        self.username_edit.setFocus()

    def _build(self) -> None:
        header = QFrame()
        header.setObjectName("loginHeader")
        self.title_label = QLabel()
        self.title_label.setObjectName("loginTitle")
        self.gate_label = QLabel(
            self.workstation.gate_name if self.workstation else self.settings.gate_code)
        self.gate_label.setObjectName("loginGate")
        header_layout = QVBoxLayout(header)
        header_layout.setContentsMargins(28, 22, 28, 18)
        header_layout.addWidget(self.title_label)
        header_layout.addWidget(self.gate_label)

        self.username_edit = QLineEdit()
        self.username_edit.setObjectName("username")
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("password")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.language_combo = QComboBox()
        for code, name in LANGUAGE_CHOICES:
            self.language_combo.addItem(name, code)
        self.language_combo.setCurrentIndex(self.language_combo.findData(language()))
        self.language_combo.currentIndexChanged.connect(self.on_language_chosen)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setHorizontalSpacing(14)
        self.form.setVerticalSpacing(10)
        self.username_caption = QLabel()
        self.password_caption = QLabel()
        self.language_caption = QLabel()
        for caption in (self.username_caption, self.password_caption, self.language_caption):
            # As high as the padded fields beside them, a label centres its text on them.
            caption.setMinimumHeight(self.username_edit.sizeHint().height())
        self.form.addRow(self.username_caption, self.username_edit)
        self.form.addRow(self.password_caption, self.password_edit)
        self.form.addRow(self.language_caption, self.language_combo)

        self.error_label = QLabel()
        self.error_label.setObjectName("loginError")
        self.error_label.setWordWrap(True)
        self.error_label.hide()

        self.login_button = QPushButton()
        self.login_button.setDefault(True)
        self.login_button.clicked.connect(self.on_log_in)
        self.quit_button = QPushButton()
        self.quit_button.setAutoDefault(False)
        self.quit_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.quit_button)
        buttons.addWidget(self.login_button)

        self.footer_label = QLabel()
        self.footer_label.setObjectName("loginFooter")
        footer = QHBoxLayout()
        footer.addStretch(1)
        footer.addWidget(self.footer_label)

        body = QVBoxLayout()
        body.setContentsMargins(28, 20, 28, 14)
        body.setSpacing(12)
        body.addLayout(self.form)
        body.addWidget(self.error_label)
        body.addLayout(buttons)
        body.addLayout(footer)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(header)
        layout.addLayout(body)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        """Draw, and say when it is the first time (the shell starts its work then)."""
        super().paintEvent(event)
        if not self._drawn:
            self._drawn = True
            self.sig_drawn.emit()

    # ---- Public API
    def retranslate_ui(self) -> None:
        """Set every text in the active language."""
        self.setWindowTitle(_("BorderDesk: log in"))
        self.title_label.setText(_("BorderDesk"))
        self.username_caption.setText(_("Username"))
        self.password_caption.setText(_("Password"))
        self.language_caption.setText(_("Language"))
        self.login_button.setText(_("Log in"))
        self.quit_button.setText(_("Quit"))
        name = (self.workstation.workstation_name if self.workstation
                else self.settings.workstation_name)
        self.footer_label.setText(_("Workstation: {name}").format(name=name))

    def set_gate(self, db: Database, workstation: WorkstationIdentity) -> None:
        """The gate's database is open: name the gate, and log in whoever is waiting."""
        self.db, self.workstation = db, workstation
        self.gate_label.setText(workstation.gate_name)
        self.retranslate_ui()
        if self._waiting is not None:
            username, password = self._waiting
            self._waiting = None
            self.show_message("")
            self._check(username, password)

    def show_message(self, text: str) -> None:
        """Show a refusal or a hint under the form."""
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))

    # ---- Slots
    def on_language_chosen(self, _index: int) -> None:
        """Switch the whole application to the chosen language and remember it."""
        code = str(self.language_combo.currentData())
        if code == language():
            return
        apply_language(code)
        try:
            self.settings = with_changes(self.settings, language=code)
            save_settings(self.settings)
        except (BorderDeskError, OSError) as error:
            log.warning("could not remember the language: %s", error)
        self.retranslate_ui()
        self.error_label.hide()
        self.sig_language_changed.emit(code)

    def on_log_in(self) -> None:
        """Check the credentials off the GUI thread."""
        username = self.username_edit.text().strip()
        password = self.password_edit.text()
        if not username:
            self.show_message(_("Type your username."))
            self.username_edit.setFocus()
            return
        if not password:
            self.show_message(_("Type your password."))
            self.password_edit.setFocus()
            return
        self._set_busy(True)
        if self.db is None:
            self._waiting = (username, password)
            self.show_message(
                _("Opening the gate's database; you are logged in as soon as it is open."))
            return
        self.show_message("")
        self._check(username, password)

    def _check(self, username: str, password: str) -> None:
        db, workstation = self.db, self.workstation
        assert db is not None and workstation is not None
        self.tasks.run(
            lambda: _log_in(db, workstation, username, password),
            self.on_logged_in,
            self.on_refused,
            write=True,
        )

    def on_logged_in(self, actor: object) -> None:
        """Close the dialog and hand the officer to the main window."""
        self._set_busy(False)
        self.password_edit.clear()
        self.actor = actor
        self.sig_logged_in.emit(actor)
        self.accept()

    def on_refused(self, error: BaseException) -> None:
        """Show why the login was refused; a bug takes the crash path."""
        self._set_busy(False)
        self.password_edit.clear()
        self.password_edit.setFocus()
        if isinstance(error, BorderDeskError):
            self.show_message(str(error))
        else:
            self.show_message(_("Logging in failed because of an unexpected error."))
            errors.show_error(self, error)

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.username_edit, self.password_edit, self.login_button,
                       self.language_combo):
            widget.setEnabled(not busy)
        self.login_button.setText(_("Checking…") if busy else _("Log in"))


def _log_in(db: Database, workstation: WorkstationIdentity, username: str,
            password: str) -> Actor:
    # Off the GUI thread, once the database is open: the services are loaded by then.
    from borderdesk.services import auth

    return auth.log_in(db, workstation, username, password)

