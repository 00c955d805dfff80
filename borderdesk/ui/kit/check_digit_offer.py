"""The right ISO 6346 check digit offered for a container number only that digit is off in.

A guard who typed one digit wrong should not have to work the check digit
out: after a refusal the field's reason names the number with the right digit
and ``ACCEPT_DIGIT_KEY`` (or the button) writes it; Enter then saves.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLineEdit, QPushButton, QWidget

from borderdesk.errors import UserInputError
from borderdesk.i18n import _
from borderdesk.rules.identifiers import check_container, normalize_container
from borderdesk.ui.kit.form_fields import FormFields

ACCEPT_DIGIT_KEY = "Alt+A"
"""Writes the check digit ISO 6346 expects into every container number it was wrong in."""


def corrected_container(text: str) -> str | None:
    """The container number with the check digit ISO 6346 expects, when only that digit is wrong.

    None when the number is right, or wrong in more than its last digit (then
    there is nothing sure to offer).
    """
    number = normalize_container(text)
    if len(number) != 11:
        return None
    for digit in "0123456789":
        try:
            candidate = check_container(number[:10] + digit)
        except UserInputError:
            continue
        return candidate if candidate != number else None
    return None


class CheckDigitOffer(QObject):
    """The container fields of a form, the button that corrects them and what it would write.

    The key works anywhere in ``form`` (and does nothing when nothing is offered).
    """

    def __init__(self, fields: FormFields, numbers: dict[str, QLineEdit], form: QWidget) -> None:
        super().__init__(form)
        self._fields = fields
        self._numbers = numbers
        self.suggested: dict[str, str] = {}
        """Field key -> the number with the right check digit, offered after a refusal."""
        self.button = QPushButton()
        self.button.clicked.connect(self.accept)
        self.button.hide()
        self.shortcut = QShortcut(QKeySequence(ACCEPT_DIGIT_KEY), form)
        self.shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.shortcut.activated.connect(self.accept)
        for key, edit in numbers.items():
            edit.textEdited.connect(lambda _t, k=key: self.drop(k))

    # ---- Public API
    def retranslate_ui(self) -> None:
        """The button's text in the active language."""
        self.button.setText(_("Correct the check digit ({key})").format(key=ACCEPT_DIGIT_KEY))

    def offer(self) -> None:
        """After a refusal: for each marked number only its check digit is off in, offer the fix."""
        self.suggested = {}
        for key, edit in self._numbers.items():
            reason = self._fields.error_text(key)
            right = corrected_container(edit.text()) if reason else None
            if right is None:
                continue
            self.suggested[key] = right
            self._fields.mark(key, reason + " " + _("Press {key} to write {number}.").format(
                key=ACCEPT_DIGIT_KEY, number=right))
        self.button.setVisible(bool(self.suggested))

    def accept(self) -> None:
        """Write the suggested numbers and put the focus on the first, so Enter saves."""
        if not self.suggested:
            return
        keys = [key for key in self._numbers if key in self.suggested]
        for key in keys:
            self._numbers[key].setText(self.suggested[key])
            self._fields.unmark(key)
        self.drop(None)
        self._numbers[keys[0]].setFocus()

    def drop(self, key: str | None) -> None:
        """Forget the suggestion for ``key`` (None: every one), retyped or cleared."""
        if key is None:
            self.suggested.clear()
        else:
            self.suggested.pop(key, None)
        self.button.setVisible(bool(self.suggested))
