"""The supervisors' watch lists: a tab per list, add / edit / withdraw, and who changed what.

Nothing is edited in place: ``services.watchlists`` keeps every version, and
the history table under the list shows them for the selected entry.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from borderdesk.access.permissions import Action
from borderdesk.domain.watchlist import (
    WatchListKind,
)
from borderdesk.errors import BorderDeskError
from borderdesk.i18n import _
from borderdesk.services import watchlists
from borderdesk.services.watchlists import WatchListItem
from borderdesk.ui.dialogs.reason_dialog import WithdrawDialog
from borderdesk.ui.dialogs.watchlist_entry_dialog import EntryDialog
from borderdesk.ui.kit.banner import Banner
from borderdesk.ui.kit.gate_time import gate_today, gate_zone
from borderdesk.ui.models.kept_choice import keep_choice
from borderdesk.ui.models.watchlist_model import (
    KIND_TITLES,
    WatchListModel,
    entry_summary,
)
from borderdesk.ui.pages.page import Page
from borderdesk.ui.session import UiSession

log = logging.getLogger("borderdesk.ui")


class WatchListPage(Page):
    """A tab per watch list, the buttons to change it, and the history of the selected entry."""

    sig_changed = Signal(object)
    """An entry was added, edited or withdrawn; carries the new ``WatchListItem``."""
    sig_loaded = Signal()
    """The lists were (re)loaded."""

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._zone = gate_zone(session.workstation.gate_timezone)
        self.dialog: QDialog | None = None
        self.models = {k: WatchListModel(k, self._zone, parent=self) for k in WatchListKind}
        self.history_models = {k: WatchListModel(k, self._zone, history=True, parent=self)
                               for k in WatchListKind}
        self.views: dict[WatchListKind, QTableView] = {}
        self._build()
        self.retranslate_ui()
        self.reload()

    def _build(self) -> None:
        self.title = QLabel()
        self.title.setObjectName("watchlist_title")
        self.tabs = QTabWidget()
        for kind in WatchListKind:
            view = QTableView()
            view.setModel(self.models[kind])
            view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
            view.setWordWrap(True)
            view.verticalHeader().hide()
            view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
            view.horizontalHeader().setStretchLastSection(True)
            view.selectionModel().currentRowChanged.connect(self.on_entry_chosen)
            keep_choice(view)
            view.doubleClicked.connect(self.edit_selected)
            self.views[kind] = view
            self.tabs.addTab(view, "")
        self.tabs.currentChanged.connect(lambda _i: self.on_entry_chosen())
        self.add_button, self.edit_button = QPushButton(), QPushButton()
        self.withdraw_button = QPushButton()
        self.add_button.clicked.connect(self.add_entry)
        self.edit_button.clicked.connect(self.edit_selected)
        self.withdraw_button.clicked.connect(self.withdraw_selected)
        may_edit = self._session.may(Action.EDIT_WATCH_LISTS)
        for button in (self.add_button, self.edit_button, self.withdraw_button):
            button.setVisible(may_edit)
            button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.banner = Banner()
        buttons = QHBoxLayout()
        buttons.addWidget(self.banner, 1)
        buttons.addStretch(0)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.withdraw_button)
        self.history_title = QLabel()
        self.history_title.setProperty("tableTitle", True)
        self.history_view = QTableView()
        self.history_view.verticalHeader().hide()
        self.history_view.setWordWrap(True)
        self.history_view.horizontalHeader().setStretchLastSection(True)
        self.history_view.setModel(self.history_models[WatchListKind.PROHIBITED])
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.tabs, 3)
        layout.addLayout(buttons)
        layout.addWidget(self.history_title)
        layout.addWidget(self.history_view, 1)

    def retranslate_ui(self) -> None:
        """Every text of the page in the active language."""
        self.title.setText(_("Watch lists"))
        for index, kind in enumerate(WatchListKind):
            self.tabs.setTabText(index, _(KIND_TITLES[kind]))
        self.add_button.setText(_("Add…"))
        self.edit_button.setText(_("Edit…"))
        self.withdraw_button.setText(_("Withdraw…"))
        self.history_title.setText(_("History of the selected entry"))
        for model in (*self.models.values(), *self.history_models.values()):
            model.retranslate()
        if isinstance(self.dialog, EntryDialog | WithdrawDialog):
            self.dialog.retranslate_ui()

    # ---- Public API
    def current_kind(self) -> WatchListKind:
        """The list of the tab shown."""
        return list(WatchListKind)[self.tabs.currentIndex()]

    def show_kind(self, kind: WatchListKind) -> None:
        """Show the tab of ``kind``."""
        self.tabs.setCurrentIndex(list(WatchListKind).index(kind))

    def selected_item(self) -> WatchListItem | None:
        """The entry selected in the tab shown."""
        kind = self.current_kind()
        index = self.views[kind].currentIndex()
        return self.models[kind].item_at(index.row()) if index.isValid() else None

    def select_item(self, item: WatchListItem) -> None:
        """Select the entry ``item`` is a version of (in its tab)."""
        self.show_kind(item.kind)
        row = self.models[item.kind].row_of(item)
        if row >= 0:
            self.views[item.kind].selectRow(row)

    def reload(self, then: WatchListItem | None = None) -> None:
        """Load every list off the GUI thread; select ``then`` afterwards."""
        db, actor = self._session.db, self._session.actor
        self._session.tasks.run(lambda: watchlists.list_entries(db, actor),
                                lambda items: self.on_loaded(items, then), self.on_failed)

    def add_entry(self) -> None:
        """Open the dialog for a new entry of the list shown."""
        dialog = EntryDialog(self.current_kind(), None, self)
        dialog.set_today(gate_today(self._zone))
        self._open_entry_dialog(dialog)

    def edit_selected(self) -> None:
        """Open the dialog for the selected entry."""
        item = self.selected_item()
        if item is None or not self._session.may(Action.EDIT_WATCH_LISTS):
            return
        self._open_entry_dialog(EntryDialog(item.kind, item, self))

    def withdraw_selected(self) -> None:
        """Ask the reason, then withdraw the selected entry."""
        item = self.selected_item()
        if item is None:
            return
        dialog = WithdrawDialog(entry_summary(item), self)
        dialog.accepted.connect(lambda: self.withdraw(item, dialog.reason_text()))
        self.dialog = dialog
        dialog.open()

    def withdraw(self, item: WatchListItem, reason: str) -> None:
        """Withdraw ``item`` through the service (which refuses an empty reason too)."""
        db, actor = self._session.db, self._session.actor
        entry_id = item.entry_id
        assert entry_id is not None
        self._session.tasks.run(lambda: watchlists.withdraw_entry(db, actor, entry_id, reason),
                                self.on_saved, self.on_failed, write=True)

    # ---- Slots
    def on_loaded(self, items: list[WatchListItem], then: WatchListItem | None = None) -> None:
        """Fill every tab."""
        for kind, model in self.models.items():
            model.set_items([i for i in items if i.kind == kind])
            self._fit_columns(self.views[kind])
        if then is not None and then.active:
            self.select_item(then)
        self.on_entry_chosen()
        self.sig_loaded.emit()

    def on_entry_chosen(self, *_args: object) -> None:
        """Load the history of the entry selected."""
        kind = self.current_kind()
        self.history_view.setModel(self.history_models[kind])
        item = self.selected_item()
        self.edit_button.setEnabled(item is not None)
        self.withdraw_button.setEnabled(item is not None)
        if item is None or item.entry_id is None:
            self.history_models[kind].set_items([])
            return
        db, actor, entry_id = self._session.db, self._session.actor, item.entry_id
        self._session.tasks.run(lambda: watchlists.entry_history(db, actor, entry_id),
                                lambda h: self.on_history(kind, h), self.on_failed)

    def on_history(self, kind: WatchListKind, history: list[WatchListItem]) -> None:
        """Show every version of the entry, oldest first."""
        self.history_models[kind].set_items(history)
        self._fit_columns(self.history_view)

    def on_saved(self, item: WatchListItem) -> None:
        """Confirm, close the dialog, and show the lists as they are now."""
        if isinstance(self.dialog, EntryDialog):
            self.dialog.accept()
        self.dialog = None
        text = (_("Withdrawn: {entry}.") if not item.active else _("Saved: {entry}.")).format(
            entry=entry_summary(item))
        self.banner.show_ok(text)
        self.reload(then=item)
        self.sig_changed.emit(item)

    def on_failed(self, error: BaseException) -> None:
        """Show a refusal in the open dialog, else under the list."""
        if isinstance(error, BorderDeskError):
            if isinstance(self.dialog, EntryDialog) and self.dialog.isVisible():
                self.dialog.show_error(str(error))
            else:
                self.banner.show_problem(str(error))
            return
        self._session.tasks.report(error)

    # ---- Internals
    def _open_entry_dialog(self, dialog: EntryDialog) -> None:
        db, actor = self._session.db, self._session.actor
        dialog.sig_submitted.connect(
            lambda item, reason: self._session.tasks.run(
                lambda: watchlists.save_entry(db, actor, item, reason),
                self.on_saved, self.on_failed, write=True))
        self.dialog = dialog
        dialog.open()

    def _fit_columns(self, view: QTableView) -> None:
        """Columns as wide as their text, long texts wrapped rather than a page wide."""
        view.resizeColumnsToContents()
        for column in range(view.model().columnCount()):
            view.setColumnWidth(column, min(view.columnWidth(column), 360))
        view.resizeRowsToContents()

