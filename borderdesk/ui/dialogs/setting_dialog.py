"""A supervisor's change of one scoring setting: the new value and why, recorded as the
gate's next settings version."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from borderdesk.errors import UserInputError
from borderdesk.i18n import _
from borderdesk.services import scoring_settings
from borderdesk.services.scoring_settings import SettingsVersion
from borderdesk.ui import errors
from borderdesk.ui.dialogs.reason_dialog import ReasonDialog
from borderdesk.ui.session import UiSession


class SettingDialog(ReasonDialog):
    """The key, its value in force, a field for the new value and the reason.

    OK records the change (``scoring_settings.set_setting``) off the GUI thread.
    The dialog stays open until it is recorded: a refused value is said in it and
    nothing typed is lost; ``sig_changed`` then carries the new version.
    """

    sig_changed = Signal(object)
    """The change is recorded; carries the new ``SettingsVersion``."""

    def __init__(self, session: UiSession, key: str, value: str,
                 parent: QWidget | None = None, *, expected_version: int | None = None) -> None:
        super().__init__(parent, keep_open=True)
        self._session, self._expected_version = session, expected_version
        self.key, self.value_in_force = key, value
        self.value_caption = QLabel()
        self.value = QLineEdit(value)
        self.value.selectAll()
        self.value_caption.setBuddy(self.value)
        self.value.textChanged.connect(lambda _text: self.update_ok())
        self.fields.addWidget(self.value_caption)
        self.fields.addWidget(self.value)
        self.sig_submitted.connect(self._record)
        self.retranslate_ui()
        self.value.setFocus()

    def retranslate_ui(self) -> None:
        """Every text of the dialog in the active language."""
        self.set_texts(
            title=_("Change a scoring setting"),
            heading=_("{key} is {value} now. The next checks use the new value; checks "
                      "already run keep theirs.").format(key=self.key, value=self.value_in_force),
            caption=_("&Reason (required; kept in the audit trail)"), ok=_("Change"),
            missing_reason=_("Write why the setting changes."))
        self.value_caption.setText(_("New &value (a number, or rule ids separated by commas)"))

    def new_value(self) -> str:
        """The value typed, trimmed."""
        return self.value.text().strip()

    def ready(self) -> bool:
        return bool(self.new_value()) and super().ready()

    def missing(self) -> str:
        if not self.new_value():
            return _("Type the new value.")
        return super().missing()

    def _record(self) -> None:
        db, actor = self._session.db, self._session.actor
        key, value, reason = self.key, self.new_value(), self.reason_text()
        version = self._expected_version
        self._session.tasks.run(
            lambda: scoring_settings.set_setting(db, actor, key, value, reason,
                                                 expected_version=version),
            self._changed, self._refused)

    def _changed(self, changed: SettingsVersion) -> None:
        self.accept()
        self.sig_changed.emit(changed)

    def _refused(self, error: BaseException) -> None:
        if isinstance(error, UserInputError):
            self.show_error(str(error))
            return
        self.reject()
        errors.show_error(self.parentWidget() or self, error)
