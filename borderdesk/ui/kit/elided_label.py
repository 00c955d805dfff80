"""A one-line label that gives way on a narrow window, ending its text with "…".

For text that is useful but not vital in full (the database's address in the status
bar): the whole text is in its tooltip.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


class ElidedLabel(QLabel):
    """A ``QLabel`` drawn elided at the end when it is given less room than its text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setProperty("elided", True)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        """Show ``text``, whole in the tooltip."""
        super().setText(text)
        self.setToolTip(text)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """As little as "…" needs: the window may be narrower than the text."""
        return QSize(self.fontMetrics().horizontalAdvance("…"), super().minimumSizeHint().height())

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        """Draw the text, elided to the width the label has."""
        room = self.contentsRect()
        text = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight,
                                             room.width())
        painter = QPainter(self)
        painter.drawText(room, int(self.alignment()), text)
