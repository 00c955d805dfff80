"""The crossing queue as a Qt table model, paged and sorted by the service."""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QObject, Qt, Signal

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
from borderdesk.ui.models.rows import Index, RowsModel, TableColumn
from borderdesk.ui.session import UiSession

PAGE_SIZE = 100


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


def _containers(row: QueueRow) -> str:
    if len(row.containers) < 2:
        return "\n".join(row.containers)
    return _("{first} +{more}").format(first=row.containers[0], more=len(row.containers) - 1)


def _channel_colour(row: QueueRow, which: int) -> str | None:
    return CHANNEL_COLOURS[row.channel][which] if row.channel is not None else None


def _unsortable() -> str:
    return _("This column cannot be sorted.")


class QueueModel(RowsModel[QueueRow]):
    """Rows of ``services.crossings.query_queue``, fetched page by page off the GUI thread.

    Every reload bumps a generation number; results of an older generation
    (a slow page arriving after the filter changed) are dropped. Sorting asks
    the service again (``SORTS``): the queue is longer than the rows shown.
    """

    sig_loaded = Signal(object)
    """A reload finished; carries the first ``QueuePage``."""
    sig_failed = Signal(object)
    """A query failed; carries the exception."""

    def __init__(self, session: UiSession, parent: QObject | None = None) -> None:
        self._session = session
        self._zone = gate_zone(session.workstation.gate_timezone)
        texts: dict[Column, tuple[str, Callable[[QueueRow], str]]] = {
            Column.REFERENCE: (N_("Reference"), lambda r: r.reference),
            Column.ARRIVED_AT: (N_("Arrived"), lambda r: short_time_text(
                r.arrived_at, self._zone, gate_today(self._zone))),
            Column.DIRECTION: (N_("Direction"), lambda r: label(r.direction)),
            Column.LANE: (N_("Lane"), lambda r: r.lane),
            Column.TRACTOR_PLATE: (N_("Tractor plate"), lambda r: r.tractor_plate),
            Column.TRAILER_PLATE: (N_("Trailer plate"), lambda r: r.trailer_plate),
            Column.CONTAINERS: (N_("Containers"), _containers),
            Column.DRIVER: (N_("Driver"), lambda r: r.driver_name),
            Column.CARRIER: (N_("Carrier"), lambda r: r.carrier_name),
            Column.STATUS: (N_("Status"), lambda r: label(r.status)),
            Column.CHANNEL: (N_("Channel"), lambda r: label(r.channel) if r.channel is not None
                             else "—"),
            Column.REGISTERED_BY: (N_("Registered by"), lambda r: r.registered_by),
        }
        super().__init__([TableColumn(
            title, text,
            tooltip=(lambda r: "\n".join(r.containers)) if column == Column.CONTAINERS else text,
            align=Qt.AlignmentFlag.AlignCenter if column == Column.LANE else None,
            background=(lambda r: _channel_colour(r, 0)) if column == Column.CHANNEL else None,
            foreground=(lambda r: _channel_colour(r, 1)) if column == Column.CHANNEL else None,
            header_tooltip=None if column in SORTS else _unsortable,
        ) for column, (title, text) in sorted(texts.items())],
            key=lambda r: r.crossing_id, parent=parent)
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

    def cell_data(self, row: int, column: int, role: int) -> object:
        return self.rows[row].crossing_id if role == CROSSING_ID_ROLE else None

    # ---- Qt model API
    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008, N802
        return not parent.isValid() and self._has_more and not self._fetching

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008, N802
        if not self.canFetchMore(parent):
            return
        self._fetching = True
        generation = self._generation
        db, actor, flt = self._session.db, self._session.actor, self._filter
        offset = len(self.rows)
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
    def _on_reloaded(self, generation: int, result: tuple[str, QueuePage]) -> None:
        if generation != self._generation:
            return
        marker, page = result
        self.marker = marker
        self._fetching = False
        self._has_more = page.has_more
        self.status_counts = dict(page.status_counts)
        self.set_rows(page.rows)
        self.sig_loaded.emit(page)

    def _on_page(self, generation: int, page: QueuePage) -> None:
        if generation != self._generation:
            return
        self._fetching = False
        known = {r.crossing_id for r in self.rows}
        # A crossing added meanwhile shifts the offsets: never show a row twice.
        self._has_more = page.has_more
        self.append_rows([r for r in page.rows if r.crossing_id not in known])

    def _on_failed(self, error: BaseException) -> None:
        self._fetching = False
        self.sig_failed.emit(error)
