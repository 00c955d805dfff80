"""The fields of a form and what is wrong with them, as the officer sees it.

A wrong field gets a red border (the ``invalid`` dynamic property, styled by
the theme), the reason on the line under it and the reason as its
tooltip. Typing in the field takes the mark off.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QLineEdit, QWidget


def repolish(widget: QWidget) -> None:
    """Apply the style sheet again after a dynamic property changed."""
    widget.style().unpolish(widget)
    widget.style().polish(widget)


@dataclass
class Field:
    """An input of the form, the label naming it and the line that says what is wrong."""

    widget: QWidget
    caption: QLabel
    error: QLabel


class FormFields:
    """The named fields of one form, laid out in a grid, each able to show a reason."""

    def __init__(self) -> None:
        self.by_key: dict[str, Field] = {}

    def add(self, grid: QGridLayout, row: int, keys: str | tuple[str, ...],
            *widgets: QWidget) -> QLabel:
        """One row at ``row`` of ``grid``: a caption, the widgets, a reason line under each.

        Returns:
            The caption (its text is set by the page's ``retranslate_ui``).
        """
        keys = (keys,) if isinstance(keys, str) else keys
        caption = QLabel()
        caption.setBuddy(widgets[0])
        grid.addWidget(caption, row, 0)
        span = 1 if len(widgets) > 1 else 2
        for column, (key, widget) in enumerate(zip(keys, widgets, strict=True), start=1):
            error = QLabel()
            error.setProperty("fieldError", True)
            error.setWordWrap(True)
            error.hide()
            grid.addWidget(widget, row, column, 1, span)
            grid.addWidget(error, row + 1, column, 1, span)
            self.by_key[key] = Field(widget, caption, error)
            self._unmark_on_edit(key, widget)
        return caption

    def _unmark_on_edit(self, key: str, widget: QWidget) -> None:
        if isinstance(widget, QLineEdit):
            widget.textEdited.connect(lambda _t: self.unmark(key))
        elif isinstance(widget, QComboBox):
            widget.currentTextChanged.connect(lambda _t: self.unmark(key))

    def point(self, key: str, widget: QWidget) -> None:
        """Mark ``widget`` (not the row's layout box) when ``key`` is wrong."""
        field = self.by_key[key]
        self.by_key[key] = Field(widget, field.caption, field.error)
        self._unmark_on_edit(key, widget)

    def error_text(self, key: str) -> str:
        """The reason shown for a field, "" when it is not marked."""
        field = self.by_key[key]
        return field.error.text() if field.widget.property("invalid") else ""

    def mark(self, key: str, reason: str) -> bool:
        """Show that a field is wrong and why; False when the form has no such field."""
        field = self.by_key.get(key)
        if field is None:
            return False
        field.widget.setProperty("invalid", True)
        field.widget.setToolTip(reason)
        field.error.setText(reason)
        field.error.show()
        repolish(field.widget)
        return True

    def unmark(self, key: str) -> None:
        """Take the mark off a field."""
        field = self.by_key[key]
        if not field.widget.property("invalid"):
            return
        field.widget.setProperty("invalid", False)
        field.widget.setToolTip("")
        field.error.hide()
        repolish(field.widget)

    def unmark_all(self) -> None:
        """Take every mark off."""
        for key in self.by_key:
            self.unmark(key)


_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class FormKeys(QObject):
    """Enter anywhere in a form saves it, Esc clears it, whatever field has the focus.

    A completer popup closed by Enter or Esc forwards that key to its field;
    that key picked a country and is neither a save nor a clear.
    """

    sig_enter = Signal()
    """Enter or Ctrl+Enter was pressed in a field of the form."""
    sig_escape = Signal()
    """Esc was pressed in a field of the form."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._popup_key = False

    def watch(self, *widgets: QWidget) -> None:
        """Listen to the keys of ``widgets`` and of their inner widgets and completer popups."""
        for widget in widgets:
            widget.installEventFilter(self)
            for child in widget.findChildren(QWidget):
                child.installEventFilter(self)
            completer = getattr(widget, "completer", lambda: None)()
            if completer is not None and completer.popup() is not None:
                completer.popup().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        key = event.key()
        if isinstance(watched, QWidget) and watched.windowFlags() & Qt.WindowType.Popup:
            if key in (*_ENTER_KEYS, Qt.Key.Key_Escape) and watched.isVisible():
                self._popup_key = True
                QTimer.singleShot(0, self, self._end_popup_key)
            return False
        if self._popup_key:
            return False
        if key in _ENTER_KEYS:
            self.sig_enter.emit()
            return True
        if key == Qt.Key.Key_Escape:
            self.sig_escape.emit()
            return True
        return False

    def _end_popup_key(self) -> None:
        self._popup_key = False
