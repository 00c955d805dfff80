"""The crossing queue as a Qt table model, paged and sorted by the service."""

from __future__ import annotations

import dataclasses
import enum
from typing import Any
from uuid import UUID

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from borderdesk.domain.crossing import (
    Channel,
    CrossingStatus,
    QueueFilter,
    QueuePage,
    QueueRow,
    QueueSort,
    label,
)
from borderdesk.i18n import N_, _
from borderdesk.services import crossings
from borderdesk.ui.kit.gate_time import gate_today, gate_zone, short_time_text
from borderdesk.ui.models.kept_choice import RECORD_KEY_ROLE
from borderdesk.ui.session import UiSession

PAGE_SIZE = 100

_Index = QModelIndex | QPersistentModelIndex


class Column(enum.IntEnum):
    """The queue's columns, in display order."""

    REFERENCE = 0
    ARRIVED_AT = 1
    DIRECTION = 2
    LANE = 3
    TRACTOR_PLATE = 4
    TRAILER_PLATE = 5
    CONTAINERS = 6
    DRIVER = 7
    CARRIER = 8
    STATUS = 9
    CHANNEL = 10
    REGISTERED_BY = 11


_HEADERS = {
    Column.REFERENCE: N_("Reference"),
    Column.ARRIVED_AT: N_("Arrived"),
    Column.DIRECTION: N_("Direction"),
    Column.LANE: N_("Lane"),
    Column.TRACTOR_PLATE: N_("Tractor plate"),
    Column.TRAILER_PLATE: N_("Trailer plate"),
    Column.CONTAINERS: N_("Containers"),
    Column.DRIVER: N_("Driver"),
    Column.CARRIER: N_("Carrier"),
    Column.STATUS: N_("Status"),
    Column.CHANNEL: N_("Channel"),
    Column.REGISTERED_BY: N_("Registered by"),
}

SORTS: dict[Column, QueueSort] = {
    Column.REFERENCE: QueueSort.REFERENCE,
    Column.ARRIVED_AT: QueueSort.ARRIVED_AT,
    Column.DIRECTION: QueueSort.DIRECTION,
    Column.LANE: QueueSort.LANE,
    Column.TRACTOR_PLATE: QueueSort.PLATE,
    Column.STATUS: QueueSort.STATUS,
}
"""Columns the service can sort by; the others are not sortable."""

CHANNEL_COLOURS = {
    Channel.GREEN: ("#c8ebc9", "#1b5e20"),
    Channel.YELLOW: ("#fff1b8", "#6d4c00"),
    Channel.RED: ("#ffcdd2", "#8e1b1b"),
}
"""Channel -> (background, text) colours, shared with the crossing view's chip."""

CROSSING_ID_ROLE = Qt.ItemDataRole.UserRole + 1
"""Item data role carrying a row's crossing id (a UUID)."""


class QueueModel(QAbstractTableModel):
    """Rows of ``services.crossings.query_queue``, fetched page by page off the GUI thread.

    Every reload bumps a generation number; results of an older generation
    (a slow page arriving after the filter changed) are dropped.
    """

    sig_loaded = Signal(object)
    """A reload finished; carries the first ``QueuePage``."""
    sig_failed = Signal(object)
    """A query failed; carries the exception."""

    def __init__(self, session: UiSession, parent: Any = None) -> None:
        super().__init__(parent)
        self._session = session
        self._zone = gate_zone(session.workstation.gate_timezone)
        self._rows: list[QueueRow] = []
        self._filter = QueueFilter()
        self._has_more = False
        self._fetching = False
        self._generation = 0
        self.status_counts: dict[CrossingStatus, int] = {}
        self.marker: str | None = None
        """The queue marker read just before the last reload."""

    # ---- Public API
    @property
    def queue_filter(self) -> QueueFilter:
        """The filter (and sort) of the rows shown."""
        return self._filter

    @property
    def loading(self) -> bool:
        """Whether a reload or a page is on its way."""
        return self._fetching

    def set_filter(self, queue_filter: QueueFilter) -> None:
        """Show the crossings matching ``queue_filter`` (keeps the current sort)."""
        self._filter = dataclasses.replace(
            queue_filter, sort=self._filter.sort, descending=self._filter.descending
        )
        self.reload()

    def reload(self) -> None:
        """Query the first page again; rows are replaced when it arrives."""
        self._generation += 1
        generation = self._generation
        self._fetching = True
        db, actor, flt = self._session.db, self._session.actor, self._filter

        def work() -> tuple[str, QueuePage]:
            # The marker is read first: a change after it shows up at the next poll.
            marker = crossings.queue_marker(db, actor)
            return marker, crossings.query_queue(db, actor, flt, 0, PAGE_SIZE)

        self._session.tasks.run(
            work, lambda result: self._on_reloaded(generation, result), self._on_failed
        )

    def row_at(self, row: int) -> QueueRow:
        """The queue row shown at ``row``."""
        return self._rows[row]

    def row_of(self, crossing_id: UUID) -> int:
        """The row showing ``crossing_id``, or -1."""
        return next((i for i, r in enumerate(self._rows) if r.crossing_id == crossing_id), -1)

    def retranslate(self) -> None:
        """Headers and labels in the active language."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(Column) - 1)
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, len(Column) - 1)
            )

    # ---- Qt model API
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(Column)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _(_HEADERS[Column(section)])
        if role == Qt.ItemDataRole.ToolTipRole and Column(section) not in SORTS:
            return _("This column cannot be sorted.")
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        column = Column(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(row, column, tooltip=role == Qt.ItemDataRole.ToolTipRole)
        if role in (CROSSING_ID_ROLE, RECORD_KEY_ROLE):
            return row.crossing_id
        if column == Column.CHANNEL and row.channel is not None:
            background, foreground = CHANNEL_COLOURS[row.channel]
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(QColor(background))
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(QColor(foreground))
        if role == Qt.ItemDataRole.TextAlignmentRole and column == Column.LANE:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008, N802
        return not parent.isValid() and self._has_more and not self._fetching

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008, N802
        if not self.canFetchMore(parent):
            return
        self._fetching = True
        generation = self._generation
        db, actor, flt = self._session.db, self._session.actor, self._filter
        offset = len(self._rows)
        self._session.tasks.run(
            lambda: crossings.query_queue(db, actor, flt, offset, PAGE_SIZE),
            lambda page: self._on_page(generation, page),
            self._on_failed,
        )

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        sort = SORTS.get(Column(column)) if 0 <= column < len(Column) else None
        if sort is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if (sort, descending) == (self._filter.sort, self._filter.descending):
            return
        self._filter = dataclasses.replace(self._filter, sort=sort, descending=descending)
        self.reload()

    # ---- Internals
    def _text(self, row: QueueRow, column: Column, *, tooltip: bool) -> str:
        match column:
            case Column.REFERENCE:
                return row.reference
            case Column.ARRIVED_AT:
                return short_time_text(row.arrived_at, self._zone, gate_today(self._zone))
            case Column.DIRECTION:
                return label(row.direction)
            case Column.LANE:
                return row.lane
            case Column.TRACTOR_PLATE:
                return row.tractor_plate
            case Column.TRAILER_PLATE:
                return row.trailer_plate
            case Column.CONTAINERS:
                if tooltip or len(row.containers) < 2:
                    return "\n".join(row.containers)
                return _("{first} +{more}").format(
                    first=row.containers[0], more=len(row.containers) - 1
                )
            case Column.DRIVER:
                return row.driver_name
            case Column.CARRIER:
                return row.carrier_name
            case Column.STATUS:
                return label(row.status)
            case Column.CHANNEL:
                return label(row.channel) if row.channel is not None else "—"
            case Column.REGISTERED_BY:
                return row.registered_by

    def _on_reloaded(self, generation: int, result: tuple[str, QueuePage]) -> None:
        if generation != self._generation:
            return
        marker, page = result
        self.marker = marker
        self._fetching = False
        self.beginResetModel()
        self._rows = list(page.rows)
        self._has_more = page.has_more
        self.status_counts = dict(page.status_counts)
        self.endResetModel()
        self.sig_loaded.emit(page)

    def _on_page(self, generation: int, page: QueuePage) -> None:
        if generation != self._generation:
            return
        self._fetching = False
        known = {r.crossing_id for r in self._rows}
        # A crossing added meanwhile shifts the offsets: never show a row twice.
        rows = [r for r in page.rows if r.crossing_id not in known]
        self._has_more = page.has_more
        if rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()

    def _on_failed(self, error: BaseException) -> None:
        self._fetching = False
        self.sig_failed.emit(error)
