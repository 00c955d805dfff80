"""Esc closes a window of its own (a crossing, a review, a picture); unsaved work is asked about.

The question opens with ``open()``, not ``exec()``: modal to its window alone, so
the other windows go on, and a test answers it by clicking its buttons.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QMessageBox, QWidget

Answer = QMessageBox.StandardButton


def on_escape(window: QWidget, slot: Callable[[], object]) -> QShortcut:
    """Call ``slot`` when Esc is pressed anywhere in ``window`` (not in its own windows).

    A cell being edited or an open popup takes Esc first, as Qt gives it to them.
    """
    shortcut = QShortcut(QKeySequence(Qt.Key.Key_Escape), window)
    shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    shortcut.activated.connect(slot)
    return shortcut


def ask_before_closing(window: QWidget, title: str, text: str, answers: Answer,
                       then: Callable[[Answer], None]) -> QMessageBox:
    """Ask about unsaved work; ``then`` gets the button chosen (Esc on the question: Cancel)."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, answers, window)
    box.setDefaultButton(Answer.Cancel)

    def answered(_result: int) -> None:
        answer = box.standardButton(box.clickedButton())
        box.deleteLater()
        then(answer)

    box.finished.connect(answered)
    box.open()
    return box
