"""Handoffs as Qt table models: an agency's inbox, the items of one handoff, a custody timeline."""

from __future__ import annotations

import enum
from collections.abc import Callable, Hashable, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, Generic, TypeVar
from uuid import UUID
from zoneinfo import ZoneInfo

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from borderdesk.domain.custody import (
    CustodySpan,
    HandoffItemRecord,
    HandoffState,
    HandoffSummary,
    ItemKind,
    custody_label,
)
from borderdesk.i18n import N_, _, ngettext
from borderdesk.services.handoff_views import custody_words
from borderdesk.ui.kit.gate_time import full_time_text
from borderdesk.ui.models.kept_choice import RECORD_KEY_ROLE

_Index = QModelIndex | QPersistentModelIndex
Row = TypeVar("Row")

HANDOFF_ID_ROLE = Qt.ItemDataRole.UserRole + 1
"""Item data role carrying a row's handoff id (a UUID, or None)."""

OVERDUE_COLOURS = ("#fde3e1", "#8e1b1b")
"""(background, text) of an overdue inbox row."""

STATE_COLOURS = {
    HandoffState.PENDING: "#6d4c00",
    HandoffState.ACCEPTED: "#1b5e20",
    HandoffState.DISPUTED: "#8e1b1b",
    HandoffState.RETURNED: "#4a4f57",
}


def waited_text(since: datetime, now: datetime | None = None) -> str:
    """How long something has waited, as an officer says it: "45 min", "3 h 05 min", "2 d 4 h"."""
    minutes = max(0, int(((now or datetime.now(UTC)) - since).total_seconds() // 60))
    if minutes < 60:
        return _("{minutes} min").format(minutes=minutes)
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return _("{hours} h {minutes:02d} min").format(hours=hours, minutes=minutes)
    days, hours = divmod(hours, 24)
    return _("{days} d {hours} h").format(days=days, hours=hours)


def quantity_text(quantity: Decimal | None, unit: str) -> str:
    """``1200 TIN``; empty when nothing was counted."""
    if quantity is None:
        return ""
    number = format(quantity.normalize(), "f") if quantity == quantity.to_integral() else str(
        quantity)
    return f"{number} {unit}".strip()


class RowsModel(QAbstractTableModel, Generic[Row]):
    """A read-only table of dataclass rows; subclasses say what each column shows."""

    headers: Sequence[str] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[Row] = []

    def set_rows(self, rows: Sequence[Row]) -> None:
        """Show ``rows`` instead of what was shown."""
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> Row:
        """The dataclass shown at ``row``."""
        return self.rows[row]

    def row_key(self, row: Row) -> Hashable:
        """The identity of ``row``'s record, which a reload keeps chosen; None: none."""
        return None

    def retranslate(self) -> None:
        """Headers and texts again, in the active language."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, max(0, len(self.headers) - 1))
        if self.rows:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self.rows) - 1, len(self.headers) - 1))

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt's API
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self.headers)):
            return _(self.headers[section])
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        if role == RECORD_KEY_ROLE:
            return self.row_key(self.rows[index.row()])
        return self.cell(self.rows[index.row()], index.column(), role)

    def cell(self, row: Row, column: int, role: int) -> Any:
        """What ``column`` of ``row`` shows for ``role``."""
        raise NotImplementedError


class InboxColumn(enum.IntEnum):
    """The inbox's columns."""

    REFERENCE = 0
    FROM = 1
    SENT_AT = 2
    WAITING = 3
    ITEMS = 4
    STATE = 5
    NOTE = 6


class InboxModel(RowsModel[HandoffSummary]):
    """An agency's handoffs, oldest first; overdue ones marked in red."""

    headers = (N_("Reference"), N_("From"), N_("Sent"), N_("Waiting"), N_("Items"),
               N_("State"), N_("Note"))

    def __init__(self, zone: ZoneInfo, parent: Any = None) -> None:
        super().__init__(parent)
        self._zone = zone
        self.undelivered: frozenset[str] = frozenset()
        """Ids of handoffs whose answer (or sending) was saved offline and is still queued."""

    def row_of(self, handoff_id: UUID) -> int:
        """The row of a handoff, or -1."""
        return next((i for i, r in enumerate(self.rows) if r.handoff_id == handoff_id), -1)

    def row_key(self, row: HandoffSummary) -> Hashable:
        return row.handoff_id

    def cell(self, row: HandoffSummary, column: int, role: int) -> Any:
        if role == HANDOFF_ID_ROLE:
            return row.handoff_id
        overdue = row.overdue and row.state == HandoffState.PENDING
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, InboxColumn(column), overdue)
        if role == Qt.ItemDataRole.BackgroundRole and overdue:
            return QBrush(QColor(OVERDUE_COLOURS[0]))
        if role == Qt.ItemDataRole.ForegroundRole:
            if overdue:
                return QBrush(QColor(OVERDUE_COLOURS[1]))
            if column == InboxColumn.STATE:
                return QBrush(QColor(STATE_COLOURS[row.state]))
        if role == Qt.ItemDataRole.FontRole and overdue and column == InboxColumn.WAITING:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            if overdue:
                return _("Overdue: waiting longer than the gate allows")
            if column == InboxColumn.NOTE:
                return row.note or None
        return None

    def _text(self, row: HandoffSummary, column: InboxColumn, overdue: bool) -> str:
        if column == InboxColumn.REFERENCE:
            return row.reference
        if column == InboxColumn.FROM:
            who = custody_label(row.from_agency)
            return f"{who} — {row.from_officer}" if row.from_officer else who
        if column == InboxColumn.SENT_AT:
            return full_time_text(row.sent_at, self._zone)
        if column == InboxColumn.WAITING:
            if row.state != HandoffState.PENDING:
                return ""
            waited = waited_text(row.sent_at)
            return _("{waited} — overdue").format(waited=waited) if overdue else waited
        if column == InboxColumn.ITEMS:
            return str(row.items)
        if column == InboxColumn.STATE:
            if str(row.handoff_id) in self.undelivered:
                return _("{state} — not yet delivered").format(state=custody_label(row.state))
            return custody_label(row.state)
        return row.note.replace("\n", " ")


def _is_id(text: str) -> bool:
    try:
        UUID(text)
    except ValueError:
        return False
    return True


def confirmation_text(item: HandoffItemRecord) -> str:
    """What the receiver found: "" before they checked, "OK", or what was wrong."""
    confirmation = item.confirmation
    if confirmation is None:
        return ""
    problems = []
    if not confirmation.count_ok:
        problems.append(_("count differs"))
    if not confirmation.seal_intact:
        problems.append(_("seal not intact"))
    text = ", ".join(problems) if problems else _("OK")
    return f"{text}: {confirmation.remark}" if confirmation.remark else text


class ItemsModel(RowsModel[HandoffItemRecord]):
    """The items of one handoff with the receiver's confirmation of each."""

    headers = (N_("Item"), N_("Description"), N_("Identifier"), N_("Quantity"), N_("Seal"),
               N_("Receiver found"))

    def cell(self, row: HandoffItemRecord, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            reference = row.reference
            if row.kind == ItemKind.EVIDENCE and len(reference) == 64:
                reference = reference[:16] + "…"  # a SHA-256: the start is enough to compare
            elif row.kind == ItemKind.GOODS and _is_id(reference):
                reference = _("seizure line")  # the line's id is for the machine
            return (custody_label(row.kind), row.description, reference,
                    quantity_text(row.quantity, row.unit), row.seal_no,
                    confirmation_text(row))[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == 2:
            return row.reference or None
        if (role == Qt.ItemDataRole.ForegroundRole and column == 5 and row.confirmation
                and row.confirmation.discrepancy):
            return QBrush(QColor(OVERDUE_COLOURS[1]))
        return None


class TimelineModel(RowsModel[CustodySpan]):
    """Who held what of a crossing, from when to when, and what is only offered so far.

    A pending handoff is not custody: its row says "Offered to … by …, not yet
    accepted", in the pending colour, and the sender's row above still holds. The
    first column names the officer, so the officer has no column of their own.
    """

    headers = (N_("Custody"), N_("From"), N_("Until"), N_("What"), N_("Evidence"))

    def __init__(self, zone: ZoneInfo, parent: Any = None) -> None:
        super().__init__(parent)
        self._zone = zone

    def row_key(self, row: CustodySpan) -> Hashable:
        return (row.agency, row.since, row.handoff_id)

    def cell(self, row: CustodySpan, column: int, role: int) -> Any:
        if role == HANDOFF_ID_ROLE:
            return row.handoff_id
        offered = row.state is HandoffState.PENDING
        if role == Qt.ItemDataRole.DisplayRole:
            texts: tuple[Callable[[], str], ...] = (
                lambda: custody_words(row),
                lambda: full_time_text(row.since, self._zone),
                lambda: (full_time_text(row.until, self._zone) if row.until
                         else _("not yet accepted") if offered else _("still holds it")),
                lambda: row.what,
                lambda: (ngettext("{count} photo", "{count} photos", len(row.evidence_sha256))
                         .format(count=len(row.evidence_sha256)) if row.evidence_sha256
                         else ""),
            )
            return texts[column]()
        if role == Qt.ItemDataRole.ToolTipRole and column == 4 and row.evidence_sha256:
            return "\n".join(row.evidence_sha256)
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return custody_words(row)
        if role == Qt.ItemDataRole.ForegroundRole and offered:
            return QBrush(QColor(STATE_COLOURS[HandoffState.PENDING]))
        if role == Qt.ItemDataRole.FontRole and row.until is None:
            font = QFont()
            font.setBold(not offered)  # bold: who holds it now; an offer holds nothing
            font.setItalic(offered)
            return font
        return None
