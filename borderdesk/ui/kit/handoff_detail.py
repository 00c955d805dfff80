"""One handoff as the receiver and the sender read it: who to whom, items, history, evidence."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import shiboken6
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from borderdesk.domain.custody import (
    HandoffEvent,
    HandoffRecord,
    HandoffState,
    ItemKind,
    custody_label,
)
from borderdesk.i18n import _, ngettext
from borderdesk.services import evidence
from borderdesk.ui.kit.gate_time import full_time_text, gate_zone
from borderdesk.ui.models.handoff_models import STATE_COLOURS, ItemsModel
from borderdesk.ui.session import UiSession

THUMBNAIL_SIZE = 96


def event_text(event: HandoffEvent, zone: ZoneInfo) -> str:
    """"19/05/2026 08:42 — Accepted by Lê Văn Biên (Border guard): reason"."""
    who = event.officer
    if event.agency is not None:
        who = f"{who} ({custody_label(event.agency)})"
    template = (_("{at} — Sent by {who}") if event.state == HandoffState.PENDING
                else _("{at} — {state} by {who}"))
    text = template.format(at=full_time_text(event.at, zone), state=custody_label(event.state),
                           who=who)
    if event.item_ids:
        count = len(event.item_ids)
        text += " " + (ngettext("[{count} item with a discrepancy]",
                                "[{count} items with a discrepancy]", count)
                       if event.state == HandoffState.ACCEPTED
                       else ngettext("[{count} item in question]", "[{count} items in question]",
                                     count)).format(count=count)
    return f"{text}: {event.reason}" if event.reason else text


class HandoffDetail(QWidget):
    """The handoff chosen in the inbox or the custody tab; empty until one is shown."""

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._zone = gate_zone(session.workstation.gate_timezone)
        self.record: HandoffRecord | None = None
        self.thumbnails: dict[str, QLabel] = {}
        self.title = QLabel()
        self.title.setObjectName("handoff_title")
        self.title.setWordWrap(True)
        self.state_chip = QLabel()
        self.state_chip.setObjectName("handoff_state")
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.items_caption, self.history_caption = QLabel(), QLabel()
        self.evidence_caption = QLabel()
        for caption in (self.items_caption, self.history_caption, self.evidence_caption):
            caption.setProperty("caption", True)
        self.items_model = ItemsModel(self)
        self.items_view = QTableView()
        self.items_view.setModel(self.items_model)
        self.items_view.verticalHeader().hide()
        self.items_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.items_view.setWordWrap(True)
        self.items_view.horizontalHeader().setStretchLastSection(True)
        self.items_view.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.Interactive)
        self.history = QListWidget()
        self.history.setWordWrap(True)
        self.history.setMaximumHeight(110)
        self.strip = QWidget()
        self.strip_layout = QHBoxLayout(self.strip)
        self.strip_layout.setContentsMargins(0, 0, 0, 0)
        self.strip_layout.addStretch(1)
        self.strip_scroll = QScrollArea()
        self.strip_scroll.setWidget(self.strip)
        self.strip_scroll.setWidgetResizable(True)
        self.strip_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.strip_scroll.setFixedHeight(THUMBNAIL_SIZE + 44)
        self.empty = QLabel()
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setObjectName("handoff_empty")

        heading = QHBoxLayout()
        heading.addWidget(self.title, 1)
        heading.addWidget(self.state_chip, 0, Qt.AlignmentFlag.AlignTop)
        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.addLayout(heading)
        body.addWidget(self.facts)
        body.addWidget(self.items_caption)
        body.addWidget(self.items_view, 2)
        body.addWidget(self.evidence_caption)
        body.addWidget(self.strip_scroll)
        body.addWidget(self.history_caption)
        body.addWidget(self.history, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty, 1)
        layout.addWidget(self.body, 1)
        self.retranslate_ui()
        self.show_record(None)

    # ---- Public API
    def retranslate_ui(self) -> None:
        """Every text in the active language."""
        self.items_caption.setText(_("Items"))
        self.history_caption.setText(_("History"))
        self.evidence_caption.setText(_("Evidence photos (SHA-256)"))
        self.empty.setText(_("Choose a handoff to see its items and history."))
        self.items_model.retranslate()
        self._render()

    def show_record(self, record: HandoffRecord | None) -> None:
        """Show ``record`` (None: nothing chosen)."""
        old = self.record.summary.handoff_id if self.record else None
        self.record = record
        self.empty.setVisible(record is None)
        self.body.setVisible(record is not None)
        self.items_model.set_rows(record.items if record else ())
        if record is not None:
            self.items_view.resizeColumnsToContents()
            for column in range(self.items_model.columnCount()):
                self.items_view.setColumnWidth(
                    column, min(self.items_view.columnWidth(column), 300))
            self.items_view.resizeRowsToContents()
        if record is None or record.summary.handoff_id != old:
            self._load_thumbnails()
        self._render()

    # ---- Internals
    def _render(self) -> None:
        record = self.record
        if record is None:
            return
        s = record.summary
        self.title.setText(_("{reference}: {sender} → {receiver}").format(
            reference=s.reference, sender=custody_label(s.from_agency),
            receiver=custody_label(s.to_agency)))
        self.state_chip.setText(custody_label(s.state))
        self.state_chip.setStyleSheet(f"background: {STATE_COLOURS[s.state]};")
        lines = [_("Sent {at} by {officer}").format(at=full_time_text(s.sent_at, self._zone),
                                                    officer=s.from_officer)]
        if s.to_officer:
            lines.append(_("For {officer}").format(officer=s.to_officer))
        if s.overdue and s.state == HandoffState.PENDING:
            lines.append(_("Overdue: waiting longer than the gate allows"))
        if s.note:
            lines.append(_("Note: {note}").format(note=s.note))
        if record.imported_from:
            lines.append(_("Imported from a signed bundle (SHA-256 {sha})").format(
                sha=record.imported_from))
        self.facts.setText("\n".join(lines))
        self.history.clear()
        for event in record.history:
            self.history.addItem(event_text(event, self._zone))
        self.evidence_caption.setVisible(bool(self.thumbnails))
        self.strip_scroll.setVisible(bool(self.thumbnails))

    def _load_thumbnails(self) -> None:
        while self.strip_layout.count() > 1:
            item = self.strip_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.thumbnails = {}
        if self.record is None:
            return
        shas = [i.reference for i in self.record.items
                if i.kind == ItemKind.EVIDENCE and len(i.reference) == 64]
        for sha in shas:
            cell = QWidget()
            column = QVBoxLayout(cell)
            column.setContentsMargins(0, 0, 0, 0)
            picture = QLabel("…")
            picture.setFixedSize(QSize(THUMBNAIL_SIZE, THUMBNAIL_SIZE))
            picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
            picture.setObjectName("handoff_thumbnail")
            picture.setToolTip(sha)
            caption = QLabel(sha[:12] + "…")
            caption.setProperty("sha", True)
            caption.setToolTip(sha)
            caption.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            column.addWidget(picture)
            column.addWidget(caption)
            self.strip_layout.insertWidget(self.strip_layout.count() - 1, cell)
            self.thumbnails[sha] = picture
            self._request_thumbnail(sha)

    def _request_thumbnail(self, sha: str) -> None:
        db, actor = self._session.db, self._session.actor
        self._session.tasks.run(lambda: evidence.thumbnail_png(db, actor, sha, THUMBNAIL_SIZE),
                                lambda png: self._on_thumbnail(sha, png),
                                lambda _error: self._on_thumbnail(sha, b""))

    def _on_thumbnail(self, sha: str, png: bytes) -> None:
        picture = self.thumbnails.get(sha)
        if picture is None or not shiboken6.isValid(picture):  # the detail moved on or closed
            return
        image = QImage.fromData(png) if png else QImage()
        if image.isNull():
            picture.setText(_("not at this gate"))
            picture.setWordWrap(True)
            return
        picture.setPixmap(QPixmap.fromImage(image).scaled(
            THUMBNAIL_SIZE, THUMBNAIL_SIZE, Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation))
