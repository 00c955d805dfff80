"""The administrator's forms: a new officer, and a new password for one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

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

from borderdesk.domain.officer import NewOfficer, OfficerSummary, Role, role_label
from borderdesk.errors import BorderDeskError, InvalidForm
from borderdesk.i18n import _
from borderdesk.services import officers
from borderdesk.storage.engine import Database
from borderdesk.ui import errors
from borderdesk.ui.administrators_login import run_administering
from borderdesk.ui.session import UiSession


class _OfficerForm(QDialog):
    """A form whose fields are marked with the reasons an ``InvalidForm`` gives."""

    def __init__(self, session: UiSession, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.session = session
        self.setMinimumWidth(420)
        self.form = QFormLayout()
        self.fields: dict[str, QWidget] = {}
        self.message_label = QLabel()
        self.message_label.setObjectName("formMessage")
        self.message_label.setWordWrap(True)
        self.message_label.hide()
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setDefault(True)
        self.cancel_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(self.on_save)
        self.cancel_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.message_label)
        layout.addWidget(self.buttons)

    def add_field(self, name: str, caption: str, widget: QWidget) -> None:
        widget.setObjectName(name)
        self.fields[name] = widget
        self.form.addRow(caption, widget)

    def password_field(self) -> QLineEdit:
        edit = QLineEdit()
        edit.setEchoMode(QLineEdit.EchoMode.Password)
        return edit

    def invalid_fields(self) -> set[str]:
        """Names of the fields marked invalid."""
        return {n for n, w in self.fields.items() if w.property("invalid") is True}

    def mark(self, error: BorderDeskError) -> None:
        """Mark the fields ``error`` names and show its message."""
        self.clear_marks()
        for name, reason in getattr(error, "fields", {}).items():
            widget = self.fields.get(name) or self.fields.get("password")
            if widget is not None:
                widget.setProperty("invalid", True)
                widget.setToolTip(reason)
                widget.style().unpolish(widget)
                widget.style().polish(widget)
        reasons = list(getattr(error, "fields", {}).values())
        self.message_label.setText("\n".join([str(error), *reasons]))
        self.message_label.show()

    def clear_marks(self) -> None:
        for widget in self.fields.values():
            widget.setProperty("invalid", False)
            widget.setToolTip("")
            widget.style().unpolish(widget)
            widget.style().polish(widget)
        self.message_label.hide()

    def submit(self, change: Callable[[Database], Any]) -> None:
        """Make the change off the GUI thread (with the administrators' login when the server
        asks for it); close on success, mark on refusal."""
        self.save_button.setEnabled(False)
        run_administering(self.session, self, change, self.on_saved, self.on_refused)

    def on_save(self) -> None:
        raise NotImplementedError

    def on_saved(self, result: object) -> None:
        self.save_button.setEnabled(True)
        self.result_value = result
        self.accept()

    def on_refused(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        if isinstance(error, BorderDeskError):
            self.mark(error)
        else:
            errors.show_error(self, error)


def _passwords_differ() -> InvalidForm:
    reason = _("The two passwords differ.")
    return InvalidForm(reason, {"password_again": reason})


class NewOfficerDialog(_OfficerForm):
    """Username, full name, role, badge and the password twice."""

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.setWindowTitle(_("New officer"))
        self.username_edit = QLineEdit()
        self.full_name_edit = QLineEdit()
        self.role_combo = QComboBox()
        for role in Role:
            self.role_combo.addItem(role_label(role), role)
        self.badge_edit = QLineEdit()
        self.password_edit = self.password_field()
        self.password_again_edit = self.password_field()
        self.add_field("username", _("Username"), self.username_edit)
        self.add_field("full_name", _("Full name"), self.full_name_edit)
        self.add_field("role", _("Role"), self.role_combo)
        self.add_field("badge_no", _("Badge number"), self.badge_edit)
        self.add_field("password", _("Password"), self.password_edit)
        self.add_field("password_again", _("Password again"), self.password_again_edit)
        self.save_button.setText(_("Create officer"))
        self.cancel_button.setText(_("Cancel"))
        self.result_value: OfficerSummary | None = None

    def on_save(self) -> None:
        """Check the two passwords agree, then create the officer."""
        if self.password_edit.text() != self.password_again_edit.text():
            self.mark(_passwords_differ())
            return
        self.clear_marks()
        new = NewOfficer(
            username=self.username_edit.text(),
            full_name=self.full_name_edit.text(),
            role=Role(self.role_combo.currentData()),
            password=self.password_edit.text(),
            badge_no=self.badge_edit.text(),
        )
        actor = self.session.actor
        self.submit(lambda database: officers.create_officer(database, actor, new))


class ResetPasswordDialog(_OfficerForm):
    """A new password, twice, for one officer."""

    def __init__(
        self, session: UiSession, officer: OfficerSummary, parent: QWidget | None = None
    ) -> None:
        super().__init__(session, parent)
        self.officer = officer
        self.setWindowTitle(_("Reset password"))
        intro = QLabel(
            _("New password for {name} ({username}). It also lifts a lock after failed "
              "logins.").format(name=officer.full_name, username=officer.username)
        )
        intro.setWordWrap(True)
        self.form.addRow(intro)
        self.password_edit = self.password_field()
        self.password_again_edit = self.password_field()
        self.add_field("password", _("New password"), self.password_edit)
        self.add_field("password_again", _("Password again"), self.password_again_edit)
        self.save_button.setText(_("Set password"))
        self.cancel_button.setText(_("Cancel"))

    def on_save(self) -> None:
        """Check the two passwords agree, then set the new one."""
        if self.password_edit.text() != self.password_again_edit.text():
            self.mark(_passwords_differ())
            return
        self.clear_marks()
        actor = self.session.actor
        officer_id, password = self.officer.officer_id, self.password_edit.text()
        self.submit(lambda database: officers.reset_password(database, actor, officer_id,
                                                             password))
