"""The crossing queue of the gate: filter, counts per status, the table, and opening a crossing."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from enum import Enum
from itertools import pairwise
from typing import TYPE_CHECKING, TypeVar
from uuid import UUID

from PySide6.QtCore import QDate, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from borderdesk.domain.crossing import (
    Channel,
    CrossingStatus,
    Direction,
    QueueFilter,
    label,
)
from borderdesk.domain.crossing import (
    QueuePage as QueueResult,
)
from borderdesk.domain.offline import Connectivity, OfflineStatus
from borderdesk.errors import BorderDeskError
from borderdesk.i18n import _
from borderdesk.services import crossings
from borderdesk.ui.kit.gate_time import gate_today, gate_zone, short_time_text
from borderdesk.ui.kit.screen_fit import fit_to_screen
from borderdesk.ui.models.kept_choice import keep_choice
from borderdesk.ui.models.queue_model import CROSSING_ID_ROLE, SORTS, Column, QueueModel
from borderdesk.ui.pages.page import Page
from borderdesk.ui.session import UiSession

if TYPE_CHECKING:
    from borderdesk.ui.crossing.crossing_window import CrossingWindow

_Filtered = TypeVar("_Filtered", bound=Enum)

SEARCH_DELAY_MS = 300
DATE_FORMAT = "dd/MM/yyyy"


def _to_qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def _from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


_FITTED = (
    Column.REFERENCE, Column.ARRIVED_AT, Column.DIRECTION, Column.LANE, Column.TRACTOR_PLATE,
    Column.TRAILER_PLATE, Column.STATUS, Column.CHANNEL,
)


class QueuePage(Page):
    """The gate's crossings, refreshed when another workstation adds or moves one."""

    sig_crossing_opened = Signal(object)
    """A crossing view was opened; carries the crossing id."""

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._zone = gate_zone(session.workstation.gate_timezone)
        self._views: dict[UUID, CrossingWindow] = {}
        self.offline_status: OfflineStatus | None = None
        self._polling = False
        self._sized = False

        self.model = QueueModel(session, self)
        self._build()
        self.model.sig_loaded.connect(self.on_loaded)
        self.model.sig_failed.connect(self.on_failed)
        self.model.rowsInserted.connect(self._show_table_or_empty)

        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.on_filter_changed)
        self._poll_timer = QTimer(self, interval=session.settings.queue_refresh_seconds * 1000)
        self._poll_timer.timeout.connect(self.on_poll)

        self.retranslate_ui()
        self._connect_filters()
        self.model.set_filter(self.current_filter())
        self._poll_timer.start()

    # ---- Construction
    def _build(self) -> None:
        self.status_label, self.status_combo = QLabel(), QComboBox()
        self.channel_label, self.channel_combo = QLabel(), QComboBox()
        self.direction_label, self.direction_combo = QLabel(), QComboBox()
        for combo in (self.status_combo, self.channel_combo, self.direction_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        today = _to_qdate(gate_today(self._zone))
        self.from_label, self.to_label = QLabel(), QLabel()
        self.date_from, self.date_to = QDateEdit(today), QDateEdit(today)
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat(DATE_FORMAT)
        self.search_edit = QLineEdit()
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumWidth(120)  # its stretch gives it more where there is room
        self.refresh_button = QPushButton()
        self.refresh_button.clicked.connect(self.refresh)
        for buddy_label, buddy in (
            (self.status_label, self.status_combo), (self.channel_label, self.channel_combo),
            (self.direction_label, self.direction_combo), (self.from_label, self.date_from),
            (self.to_label, self.date_to),
        ):
            buddy_label.setBuddy(buddy)
            buddy_label.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)

        # Two rows: in one, the filters made the window wider than a 1024-pixel screen.
        bar = QHBoxLayout()
        bar.setSpacing(4)
        bar.addWidget(self.search_edit, 2)
        for caption, field in ((self.from_label, self.date_from), (self.to_label, self.date_to)):
            bar.addSpacing(8)
            bar.addWidget(caption)
            bar.addWidget(field)
        bar.addSpacing(8)
        bar.addWidget(self.refresh_button)
        filters = QHBoxLayout()
        filters.setSpacing(4)
        for index, (filter_caption, combo) in enumerate((
            (self.status_label, self.status_combo), (self.channel_label, self.channel_combo),
            (self.direction_label, self.direction_combo),
        )):
            if index:
                filters.addSpacing(8)
            filters.addWidget(filter_caption)
            filters.addWidget(combo)
        filters.addStretch(1)

        self.chips: dict[CrossingStatus, QLabel] = {}
        chips = QHBoxLayout()
        chips.setSpacing(6)
        for status in CrossingStatus:
            chip = QLabel()
            chip.setProperty("chip", True)
            chip.setObjectName(f"chip_{status.value}")
            self.chips[status] = chip
            chips.addWidget(chip)
        chips.addStretch(1)
        # "Shown 90/90" ends the filters' row: beside six Vietnamese chips it widened the page.
        self.shown_label = QLabel()
        filters.addWidget(self.shown_label)

        self.table = QTableView()
        self.table.setModel(self.model)
        keep_choice(self.table)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setSortIndicator(Column.ARRIVED_AT, Qt.SortOrder.DescendingOrder)
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in _WIDTHS.items():
            self.table.setColumnWidth(column, width)
        # What the officer scans for first stays on screen at 1024 pixels: after the
        # reference come the status and the channel (shown there, the model's order kept).
        for place, column in enumerate((Column.STATUS, Column.CHANNEL), start=1):
            header.moveSection(header.visualIndex(column), place)
        self._sorted_by = (Column.ARRIVED_AT.value, Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)
        header.sortIndicatorChanged.connect(self.on_sort_indicator_changed)
        self.table.activated.connect(self.on_row_activated)

        self.empty_label = QLabel()
        self.empty_label.setObjectName("queue_empty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty_label)

        self.error_label = QLabel()
        self.error_label.setObjectName("queue_error")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.offline_label = QLabel()
        self.offline_label.setObjectName("queue_offline")
        self.offline_label.setWordWrap(True)
        self.offline_label.hide()

        layout = QVBoxLayout(self)
        layout.addWidget(self.offline_label)
        layout.addLayout(bar)
        layout.addLayout(filters)
        layout.addLayout(chips)
        layout.addWidget(self.error_label)
        layout.addWidget(self.stack, 1)
        order = (self.search_edit, self.status_combo, self.channel_combo, self.direction_combo,
                 self.date_from, self.date_to, self.refresh_button)
        for first, second in pairwise(order):
            self.setTabOrder(first, second)

    def _connect_filters(self) -> None:
        for combo in (self.status_combo, self.channel_combo, self.direction_combo):
            combo.currentIndexChanged.connect(self.on_filter_changed)
        self.date_from.dateChanged.connect(self.on_filter_changed)
        self.date_to.dateChanged.connect(self.on_filter_changed)
        self.search_edit.textChanged.connect(self._search_timer.start)
        self.search_edit.returnPressed.connect(self.on_filter_changed)

    def retranslate_ui(self) -> None:
        """Every text of the page in the active language."""
        self._sized = False  # headers change width with the language
        for window in getattr(self, "_views", {}).values():
            window.retranslate_all()
        self.search_edit.setPlaceholderText(_("Plate or container"))
        self.search_edit.setToolTip(_("Type the start of a plate, or a container number"))
        self.status_label.setText(_("&Status"))
        self.channel_label.setText(_("C&hannel"))
        self.direction_label.setText(_("&Direction"))
        self.from_label.setText(_("&From"))
        self.to_label.setText(_("&To"))
        self.refresh_button.setText(_("&Refresh"))
        self.refresh_button.setToolTip(_("Reload the queue now (F5)"))
        self.refresh_button.setShortcut("F5")
        self._fill_combo(self.status_combo, _("All statuses"), list(CrossingStatus))
        self._fill_combo(self.channel_combo, _("All channels"), list(Channel))
        self._fill_combo(self.direction_combo, _("All directions"), list(Direction))
        self.model.retranslate()
        self._update_counts()
        self.empty_label.setText(
            _("No crossing matches these filters.\nChange the dates, the status or the search.")
        )
        self._show_offline()

    @staticmethod
    def _fill_combo(combo: QComboBox, all_text: str,
                    values: Sequence[CrossingStatus | Channel | Direction]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(all_text, None)
        for value in values:
            combo.addItem(label(value), value)
        combo.setCurrentIndex(max(0, combo.findData(current)) if current is not None else 0)
        combo.blockSignals(False)

    # ---- Public API
    def current_filter(self) -> QueueFilter:
        """The filter the bar describes (the sort stays the table's)."""

        def chosen(combo: QComboBox, kind: type[_Filtered]) -> frozenset[_Filtered]:
            # Qt hands enum members back as their plain string values.
            value = combo.currentData()
            return frozenset() if value is None else frozenset({kind(value)})

        return QueueFilter(
            statuses=chosen(self.status_combo, CrossingStatus),
            channels=chosen(self.channel_combo, Channel),
            directions=chosen(self.direction_combo, Direction),
            date_from=_from_qdate(self.date_from.date()),
            date_to=_from_qdate(self.date_to.date()),
            search=self.search_edit.text().strip(),
        )

    def set_offline_status(self, status: OfflineStatus) -> None:
        """Say whether the queue is the server's or this workstation's last copy of it."""
        before = self.offline_status.connectivity if self.offline_status else None
        self.offline_status = status
        self._show_offline()
        if before is not None and before != status.connectivity:
            self.refresh()  # the crossings now come from elsewhere

    @property
    def status_counts(self) -> dict[CrossingStatus, int]:
        """Crossings per status among everything the filter matches."""
        return self.model.status_counts

    def refresh(self) -> None:
        """Reload the queue; the selected crossing stays selected (``keep_choice``)."""
        self.model.reload()

    def selected_crossing(self) -> UUID | None:
        """The crossing of the selected row, if any."""
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(CROSSING_ID_ROLE) if rows else None

    def open_crossing(self, crossing_id: UUID) -> CrossingWindow:
        """Show the crossing in its own window (raised when already open)."""
        view = self._views.get(crossing_id)
        if view is None:
            # Evidence, OCR and the checks weigh ~0.5 s of imports: only when a crossing opens.
            from borderdesk.ui.crossing.crossing_window import CrossingWindow

            view = CrossingWindow(self._session, crossing_id, self)
            view.setWindowFlag(Qt.WindowType.Window, True)
            view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
            view.destroyed.connect(lambda _obj=None, cid=crossing_id: self._views.pop(cid, None))
            view.sig_changed.connect(lambda _cid: self.refresh())
            fit_to_screen(view, 1200, 820)
            self._views[crossing_id] = view
        view.show()
        view.raise_()
        view.activateWindow()
        self.sig_crossing_opened.emit(crossing_id)
        return view

    # ---- Slots
    def on_filter_changed(self) -> None:
        """A filter changed: query again from the first page."""
        self._search_timer.stop()
        if self.date_from.date() > self.date_to.date():
            self.date_to.blockSignals(True)
            self.date_to.setDate(self.date_from.date())
            self.date_to.blockSignals(False)
        self.model.set_filter(self.current_filter())

    def on_sort_indicator_changed(self, section: int, order: Qt.SortOrder) -> None:
        """Put the indicator back when the column cannot be sorted by the service."""
        if section in {c.value for c in SORTS}:
            self._sorted_by = (section, order)
            return
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(*self._sorted_by)
        header.blockSignals(False)

    def on_loaded(self, _page: QueueResult) -> None:
        """A reload arrived: counts, empty state and the kept selection."""
        self.error_label.hide()
        self._update_counts()
        self._show_table_or_empty()
        if not self._sized and self.model.rowCount():
            # Short columns are as wide as the font and the language make them;
            # names and carriers keep their width and elide.
            self._sized = True
            for column in _FITTED:
                self.table.resizeColumnToContents(column)

    def on_failed(self, error: BaseException) -> None:
        """Show a query failure above the table; a bug takes the crash path."""
        if isinstance(error, BorderDeskError):
            self.error_label.setText(str(error))
            self.error_label.show()
            return
        self._session.tasks.report(error)

    def on_poll(self) -> None:
        """Ask (off thread) whether the queue changed; reload only when it did."""
        if self._polling or self.model.loading or not self.isVisible():
            return
        self._polling = True
        db, actor = self._session.db, self._session.actor
        self._session.tasks.run(
            lambda: crossings.queue_marker(db, actor), self.on_marker, self.on_marker_failed
        )

    def on_marker(self, marker: str) -> None:
        """The queue marker arrived from the poll."""
        self._polling = False
        if self.model.marker is not None and marker != self.model.marker and not self.model.loading:
            self.refresh()

    def on_marker_failed(self, error: BaseException) -> None:
        """A poll failed (the network may be down): say so, try again at the next tick."""
        self._polling = False
        self.on_failed(error)

    def on_row_activated(self, index: QModelIndex) -> None:
        """Enter or a double click on a row opens its crossing."""
        crossing_id = index.data(CROSSING_ID_ROLE)
        if crossing_id is not None:
            self.open_crossing(crossing_id)

    # ---- Internals
    def _show_offline(self) -> None:
        status = self.offline_status
        offline = status is not None and status.connectivity is not Connectivity.ONLINE
        if offline and status is not None:
            taken = status.copy_taken_at
            self.offline_label.setText(_(
                "Offline: the gate's queue as of {time} (this workstation's copy); "
                "your saves since then are included.").format(
                time=short_time_text(taken, self._zone) if taken else _("an unknown time")))
        self.offline_label.setVisible(offline)

    def _update_counts(self) -> None:
        counts = self.model.status_counts
        for status, chip in self.chips.items():
            count = counts.get(status, 0)
            chip.setText(_("{status} {count}").format(status=label(status), count=count))
            chip.setProperty("empty", count == 0)
            chip.style().unpolish(chip)
            chip.style().polish(chip)
        total = sum(counts.values())
        self.shown_label.setText(
            _("{shown} of {total} shown").format(shown=self.model.rowCount(), total=total)
        )

    def _show_table_or_empty(self) -> None:
        empty = self.model.rowCount() == 0 and not self.model.loading
        self.stack.setCurrentWidget(self.empty_label if empty else self.table)
        if not empty:
            self._update_counts()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        QTimer.singleShot(0, self, self.on_poll)


_WIDTHS = {
    Column.REFERENCE: 150,
    Column.ARRIVED_AT: 62,
    Column.DIRECTION: 66,
    Column.LANE: 42,
    Column.TRACTOR_PLATE: 92,
    Column.TRAILER_PLATE: 92,
    Column.CONTAINERS: 132,
    Column.DRIVER: 138,
    Column.CARRIER: 150,
    Column.STATUS: 150,
    Column.CHANNEL: 62,
}
