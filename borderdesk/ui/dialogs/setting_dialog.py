"""A supervisor's change of one scoring setting: the new value and why."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from borderdesk.i18n import _
from borderdesk.ui.dialogs.reason_dialog import ReasonDialog


class SettingDialog(ReasonDialog):
    """The key, its value in force, a field for the new value and the reason.

    It stays open on OK (``keep_open``): a refused value is said in it and nothing
    typed is lost.
    """

    def __init__(self, key: str, value: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, keep_open=True)
        self.key, self.value_in_force = key, value
        self.value_caption = QLabel()
        self.value = QLineEdit(value)
        self.value.selectAll()
        self.value_caption.setBuddy(self.value)
        self.value.textChanged.connect(lambda _text: self.update_ok())
        self.fields.addWidget(self.value_caption)
        self.fields.addWidget(self.value)
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
