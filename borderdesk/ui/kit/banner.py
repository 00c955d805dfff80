"""The line at the foot of a page that says how the officer's last action went.

Green when it was done, red when it was refused or went wrong; the theme
(``QLabel#banner``) draws both. Every page and tab that reports an action uses
this one widget, so a confirmation looks and behaves the same everywhere.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import QLabel, QWidget

from borderdesk.ui.kit.form_fields import repolish


class Banner(QLabel):
    """A wrapping line in the theme's "done" or "problem" colours, hidden until something is said.

    The text is plain: a trader's name or a file's value is shown, never read
    as markup.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        # A reference in a confirmation is copied onto papers.
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._hide_timer = QTimer(self, singleShot=True)
        self._hide_timer.timeout.connect(self.hide)
        self.hide()

    # ---- Public API
    def show_ok(self, text: str, *, hide_after_ms: int | None = None) -> None:
        """Say that an action was done; with ``hide_after_ms``, only for that long."""
        self._say(text, "ok", hide_after_ms)

    def show_problem(self, text: str, *, hide_after_ms: int | None = None) -> None:
        """Say that an action was refused or failed, and why."""
        self._say(text, "problem", hide_after_ms)

    def report(self, text: str, ok: bool) -> None:
        """``show_ok`` or ``show_problem``: for a helper that reports to a callback."""
        if ok:
            self.show_ok(text)
        else:
            self.show_problem(text)

    def is_ok(self) -> bool:
        """Whether the banner is showing a confirmation (not a problem)."""
        return not self.isHidden() and self.property("kind") == "ok"

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt's name
        # Hidden by hand (not with its page): a timer left running would cut the next message short.
        if self.isHidden():
            self._hide_timer.stop()
        super().hideEvent(event)

    # ---- Internals
    def _say(self, text: str, kind: str, hide_after_ms: int | None) -> None:
        self._hide_timer.stop()
        self.setText(text)
        self.setProperty("kind", kind)
        repolish(self)
        self.show()
        if hide_after_ms is not None:
            self._hide_timer.start(hide_after_ms)
