"""How a marked field looks in the review (not by colour alone), the disagreements, the keys.

A field read below ``CONFIDENT`` has a warm background and a dark amber
corner; a cell of a disagreement a rose background and a dark border all
round, so the two are told apart in grey and by the colour-blind.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QKeySequence, QPainter, QPen, QPolygonF, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from borderdesk.i18n import _
from borderdesk.services.manifest_review import Settled
from borderdesk.ui.models.manifest_lines_model import (
    DISAGREEMENT_COLOUR,
    DISAGREEMENT_EDGE,
    DOUBT_COLOUR,
    DOUBT_EDGE,
    MARK_ROLE,
    Marked,
)
from borderdesk.ui.models.review_state import ReviewState

ACCEPT_KEYS = ("Ctrl+Return", "Ctrl+Enter")
"""Accept the reading, or go to the next marked field (Enter: the keypad's)."""
CONFIRM_KEYS = ("Ctrl+Shift+Return", "Ctrl+Shift+Enter")
"""Confirm the selected marked field as read, and go to the next."""
CORNER = 8
"""The side of a doubtful cell's corner triangle, in pixels."""
MAX_LISTED = 3
"""Disagreements shown whole above the lines; more scroll."""


class MarkDelegate(QStyledItemDelegate):
    """Draws a cell, then its mark's shape: a corner for a doubt, a border for a disagreement."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        """The cell, then its mark."""
        super().paint(painter, option, index)
        mark = index.data(MARK_ROLE)
        if mark is None:
            return
        rect = option.rect
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if mark == Marked.DISAGREEMENT:
            pen = QPen(DISAGREEMENT_EDGE, 2)
            pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(rect.adjusted(1, 1, -1, -1))
        else:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(DOUBT_EDGE)
            left, top = float(rect.left()), float(rect.top())
            painter.drawPolygon(QPolygonF([QPointF(left, top), QPointF(left + CORNER, top),
                                           QPointF(left, top + CORNER)]))
        painter.restore()


def mark_edit(edit: QLineEdit, mark: Marked | None, tooltip: str) -> None:
    """Mark a header field's edit as its table cell would be marked."""
    if mark is Marked.DISAGREEMENT:
        edit.setStyleSheet(f"QLineEdit {{ background: {DISAGREEMENT_COLOUR.name()}; "
                           f"border: 2px solid {DISAGREEMENT_EDGE.name()}; padding: 1px; }}")
    elif mark is Marked.DOUBT:
        edit.setStyleSheet(f"QLineEdit {{ background: {DOUBT_COLOUR.name()}; "
                           f"border: 1px solid {DOUBT_EDGE.name()}; "
                           f"border-left: 5px solid {DOUBT_EDGE.name()}; padding: 1px; }}")
    else:
        edit.setStyleSheet("")
    edit.setToolTip(tooltip)
    edit.setProperty("mark", str(mark) if mark is not None else "")


class DisagreementList(QWidget):
    """The document's disagreements above the goods lines: open ones marked, settled ones ticked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.caption = QLabel()
        self.caption.setObjectName("review_disagreements")
        self.caption.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("review_disagreement_list")
        self.list.setWordWrap(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.caption)
        layout.addWidget(self.list)
        self.hide()

    def show_state(self, state: ReviewState) -> None:
        """List the disagreements of ``state``'s reading, each as open or settled."""
        disagreements = state.manifest.disagreements
        if self.list.count() != len(disagreements):
            self.list.blockSignals(True)
            self.list.clear()
            self.list.addItems(["" for _d in disagreements])
            self.list.blockSignals(False)
        open_count = 0
        for i, disagreement in enumerate(disagreements):
            item = self.list.item(i)
            how = state.settled(i)
            if how is None:
                open_count += 1
                item.setText(disagreement.message)
                item.setBackground(DISAGREEMENT_COLOUR)
                item.setForeground(DISAGREEMENT_EDGE.darker(150))
            else:
                done = (_("{message} (a cell was corrected)") if how is Settled.CORRECTED
                        else _("{message} (confirmed as read)"))
                item.setText("✓ " + done.format(message=disagreement.message))
                item.setBackground(QBrush())
                item.setForeground(QColor("#5b6573"))
            item.setToolTip(item.text())
        self.caption.setText(
            _("The document disagrees with itself ({n} to look at):").format(n=open_count)
            if open_count else _("The document disagrees with itself (all looked at):"))
        self._fit()
        self.setVisible(bool(disagreements))

    def _fit(self) -> None:
        # Up to three rows show whole; more scroll. Word-wrapped rows need the list's width.
        width = max(self.list.viewport().width(), 200)
        metrics = self.list.fontMetrics()
        height = 0
        for i in range(min(self.list.count(), MAX_LISTED)):
            text = self.list.item(i).text()
            bounds = metrics.boundingRect(0, 0, width - 12, 10_000,
                                          int(Qt.TextFlag.TextWordWrap), text)
            height += bounds.height() + 6
        self.list.setFixedHeight(height + 2 * self.list.frameWidth() + 2)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        """Rows wrap anew when the list's width changes."""
        super().resizeEvent(event)
        self._fit()


class ReviewButtons(QWidget):
    """Save, confirm and the one key's button, whose text says what the key will do."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.saved_label = QLabel()
        self.saved_label.setObjectName("review_saved")
        self.saved_label.setWordWrap(True)
        self.save_button, self.confirm_button, self.accept_button = (
            QPushButton(), QPushButton(), QPushButton())
        self.accept_button.setObjectName("review_accept")
        for button in (self.save_button, self.confirm_button, self.accept_button):
            button.setEnabled(False)
        row = QHBoxLayout()
        row.addStretch(1)
        for button in (self.save_button, self.confirm_button, self.accept_button):
            row.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.saved_label)
        layout.addLayout(row)

    def retranslate_ui(self) -> None:
        """The texts that do not depend on the marks."""
        self.save_button.setText(_("Save corrections"))
        self.confirm_button.setText(_("Confirm as read"))
        self.confirm_button.setToolTip(_(
            "The selected marked field is right as read, or the page does say what the "
            "disagreement says ({key}).").format(key=key_text(CONFIRM_KEYS[0])))

    def show_state(self, *, left: int, ready: bool, accepted: bool, can_confirm: bool) -> None:
        """Say what the key does now: accept, or go to the next of ``left`` marks."""
        key = key_text(ACCEPT_KEYS[0])
        if left:
            self.accept_button.setText(_("Next marked field ({n} left)").format(n=left))
            self.accept_button.setToolTip(_(
                "{n} marked: go to the next one ({key}). Correct it, or confirm it as read; "
                "the reading can be accepted once none is left.").format(n=left, key=key))
        else:
            self.accept_button.setText(_("Accept reading"))
            self.accept_button.setToolTip(_(
                "Accept the reading as it stands, in your name, as a new version ({key}).")
                .format(key=key))
        self.accept_button.setEnabled(ready and not (accepted and not left))
        self.save_button.setEnabled(ready)
        self.confirm_button.setEnabled(ready and can_confirm)


def key_text(key: str) -> str:
    """A shortcut as the officer's keyboard names it ("Ctrl+Return")."""
    return QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)
