"""The supervisors' inbox of lowered channels as a table: one row per request waiting."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from borderdesk.domain.crossing import label
from borderdesk.i18n import N_, _
from borderdesk.services.overrides import PendingOverride
from borderdesk.ui.models.kept_choice import RECORD_KEY_ROLE
from borderdesk.ui.models.queue_model import CHANNEL_COLOURS

_Index = QModelIndex | QPersistentModelIndex


class Column(enum.IntEnum):
    """The inbox's columns."""

    REFERENCE = 0
    PLATE = 1
    TRADER = 2
    CHANNELS = 3
    ASKED_BY = 4
    REASON = 5
    AT = 6


_TITLES = {
    Column.REFERENCE: N_("Reference"), Column.PLATE: N_("Plate"), Column.TRADER: N_("Trader"),
    Column.CHANNELS: N_("From → to"), Column.ASKED_BY: N_("Asked by"),
    Column.REASON: N_("Reason"), Column.AT: N_("When"),
}


class ApprovalsModel(QAbstractTableModel):
    """Adapts ``PendingOverride`` rows for the approvals page."""

    def __init__(self, zone: ZoneInfo, parent: Any = None) -> None:
        super().__init__(parent)
        self._zone = zone
        self._rows: list[PendingOverride] = []

    # ---- Public API
    def set_rows(self, rows: Sequence[PendingOverride]) -> None:
        """Show these requests, oldest first."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> PendingOverride:
        """The request shown in ``row``."""
        return self._rows[row]

    def row_of(self, override_id: UUID) -> int:
        """The row of a request, -1 when it is not shown."""
        return next((n for n, item in enumerate(self._rows) if item.override_id == override_id),
                    -1)

    def retranslate(self) -> None:
        """Texts in the active language."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(Column) - 1)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._rows) - 1, len(Column) - 1))

    # ---- Qt
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt's API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(Column):
            return _(_TITLES[Column(section)])
        return None

    def data(self, index: _Index,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item, column = self._rows[index.row()], Column(index.column())
        if role == RECORD_KEY_ROLE:
            return item.override_id
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(item, column)
        if role == Qt.ItemDataRole.ToolTipRole and column in (Column.REASON, Column.TRADER):
            return self._text(item, column)
        if role == Qt.ItemDataRole.BackgroundRole and column == Column.CHANNELS:
            return QColor(CHANNEL_COLOURS[item.channel][0])
        if role == Qt.ItemDataRole.ForegroundRole and column == Column.CHANNELS:
            return QColor(CHANNEL_COLOURS[item.channel][1])
        return None

    def _text(self, item: PendingOverride, column: Column) -> str:
        if column == Column.REFERENCE:
            return item.reference
        if column == Column.PLATE:
            return item.plate
        if column == Column.TRADER:
            return item.trader
        if column == Column.CHANNELS:
            return f"{label(item.from_channel)} → {label(item.channel)}"
        if column == Column.ASKED_BY:
            return item.asked_by
        if column == Column.REASON:
            return " ".join(item.reason.split())
        return item.at.astimezone(self._zone).strftime("%d/%m %H:%M")
