"""Fields filled by a reading (a code, a document's zone, a camera) until the officer confirms them.

A field filled from a reading gets an amber border (the ``readMark`` dynamic
property, styled by the theme) and, on the line under it, where the value
came from and "confirm". Typing in the field or choosing in its list is
confirming it by hand; the form's "Confirm" button confirms every marked
field at once. A form does not save while a field is still marked: nothing
read by a machine is written without the officer.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from borderdesk.ui.kit.form_fields import FormFields, repolish


class ReadMarks(QObject):
    """The "read — confirm" marks of one form's fields."""

    sig_changed = Signal()
    """A field was marked or confirmed."""

    def __init__(self, fields: FormFields, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fields = fields
        self._notes: dict[str, str] = {}
        self._watched: set[str] = set()

    # ---- Public API
    def mark(self, key: str, note: str) -> None:
        """Show that ``key`` was filled by a reading, ``note`` saying from what."""
        field = self._fields.by_key[key]
        self._watch(key, field.widget)
        self._notes[key] = note
        field.widget.setProperty("readMark", True)
        field.widget.setToolTip(note)
        field.error.setProperty("readNote", True)
        field.error.setText(note)
        field.error.show()
        repolish(field.widget)
        repolish(field.error)
        self.sig_changed.emit()

    def confirm(self, key: str) -> None:
        """Take the mark off ``key``: the officer has seen or corrected it."""
        if self._notes.pop(key, None) is None:
            return
        field = self._fields.by_key[key]
        field.widget.setProperty("readMark", False)
        field.error.setProperty("readNote", False)
        if not field.widget.property("invalid"):
            field.widget.setToolTip("")
            field.error.hide()
        repolish(field.widget)
        repolish(field.error)
        self.sig_changed.emit()

    def confirm_all(self) -> None:
        """The officer confirms every field read."""
        for key in list(self._notes):
            self.confirm(key)

    def note(self, key: str) -> str:
        """The note under ``key``, "" when it is not marked."""
        return self._notes.get(key, "")

    def marked(self) -> list[str]:
        """The keys still waiting for the officer, in the order they were marked."""
        return list(self._notes)

    # ---- Internals
    def _watch(self, key: str, widget: QWidget) -> None:
        if key in self._watched:
            return
        self._watched.add(key)
        if isinstance(widget, QLineEdit):
            widget.textEdited.connect(lambda _t: self.confirm(key))
        elif isinstance(widget, QComboBox):
            widget.activated.connect(lambda _i: self.confirm(key))
            typed = widget.lineEdit()
            if typed is not None:
                typed.textEdited.connect(lambda _t: self.confirm(key))
