"""The entries of one watch list as a Qt table; each list has its own columns.

The same model shows the history of one entry (every version, oldest first)
with ``history=True``: then the columns say who changed it, when and why.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from borderdesk.domain.watchlist import (
    FlaggedParty,
    LicensedGoods,
    PartyKind,
    ProhibitedGoods,
    WatchedBrand,
    WatchListKind,
)
from borderdesk.i18n import N_, _
from borderdesk.services.watchlists import WatchListItem
from borderdesk.ui.kit.gate_time import full_time_text
from borderdesk.ui.models.kept_choice import RECORD_KEY_ROLE

_Index = QModelIndex | QPersistentModelIndex
_Getter = Callable[[Any], str]

KIND_TITLES = {
    WatchListKind.PROHIBITED: N_("Prohibited goods"),
    WatchListKind.LICENCE: N_("Licence-required goods"),
    WatchListKind.BRAND: N_("Brands"),
    WatchListKind.PARTY: N_("Flagged parties"),
}

PARTY_KINDS = {
    PartyKind.TRADER: N_("Trader (tax code)"),
    PartyKind.VEHICLE: N_("Vehicle (plate)"),
    PartyKind.CONTAINER: N_("Container"),
}

_COLUMNS: dict[WatchListKind, tuple[tuple[str, _Getter], ...]] = {
    WatchListKind.PROHIBITED: (
        (N_("HS prefix"), lambda e: e.hs_prefix),
        (N_("Goods"), lambda e: e.description),
    ),
    WatchListKind.LICENCE: (
        (N_("HS prefix"), lambda e: e.hs_prefix),
        (N_("Goods"), lambda e: e.description),
        (N_("Licensing authority"), lambda e: e.authority),
    ),
    WatchListKind.BRAND: (
        (N_("Brand"), lambda e: e.brand),
        (N_("Rights holder"), lambda e: e.rights_holder),
        (N_("Authorised importers"), lambda e: ", ".join(e.authorised_importers)),
        (N_("HS prefixes"), lambda e: ", ".join(e.hs_prefixes)),
    ),
    WatchListKind.PARTY: (
        (N_("Party"), lambda e: _(PARTY_KINDS[e.party_kind])),
        (N_("Tax code / plate / container"), lambda e: e.value),
        (N_("Reason"), lambda e: e.reason),
        (N_("Reported by"), lambda e: e.source),
        (N_("Reported on"), lambda e: e.reported_on.strftime("%d/%m/%Y") if e.reported_on
         else ""),
    ),
}


def _of_entry(getter: _Getter) -> _Getter:
    """A column reading the entry of a ``WatchListItem``."""
    return lambda item: getter(item.entry)


def entry_summary(item: WatchListItem) -> str:
    """One line naming the entry, for history and messages."""
    entry = item.entry
    if isinstance(entry, ProhibitedGoods | LicensedGoods):
        return f"{entry.hs_prefix} — {entry.description}"
    if isinstance(entry, WatchedBrand):
        return f"{entry.brand} — {entry.rights_holder}"
    assert isinstance(entry, FlaggedParty)
    return f"{entry.value} — {entry.reason}"


class WatchListModel(QAbstractTableModel):
    """Rows of ``WatchListItem`` of one list (or the versions of one entry)."""

    def __init__(self, kind: WatchListKind, zone: ZoneInfo, *, history: bool = False,
                 parent: Any = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.history = history
        self._zone = zone
        self._items: list[WatchListItem] = []
        columns: list[tuple[str, _Getter]] = [
            (title, _of_entry(getter)) for title, getter in _COLUMNS[kind]
        ]
        if kind != WatchListKind.PARTY:
            columns.append((N_("Legal source"), lambda i: i.legal_source))
        if history:
            columns[:0] = [
                (N_("When"), lambda i: full_time_text(i.changed_at, self._zone)
                 if i.changed_at else ""),
                (N_("Who"), lambda i: i.changed_by or _("shipped list")),
                (N_("Change"), self._change_text),
                (N_("Why"), lambda i: i.change_reason),
            ]
        else:
            columns.append((N_("Last changed"), self._last_changed))
        self._columns = columns

    # ---- Public API
    def set_items(self, items: Sequence[WatchListItem]) -> None:
        """Show ``items``."""
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def item_at(self, row: int) -> WatchListItem:
        """The item shown at ``row``."""
        return self._items[row]

    def row_of(self, item: WatchListItem) -> int:
        """The row of the item with the same ``entry_key``, or -1."""
        return next((i for i, x in enumerate(self._items) if x.entry_key == item.entry_key), -1)

    def retranslate(self) -> None:
        """Headers and texts in the active language."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._columns) - 1)
        if self._items:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._items) - 1, len(self._columns) - 1))

    # ---- Qt model API
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._columns)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _(self._columns[section][0])
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._items):
            return None
        item = self._items[index.row()]
        if role == RECORD_KEY_ROLE:
            return item.entry_id if self.history else item.entry_key
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(item, index.column())
        if role == Qt.ItemDataRole.ForegroundRole and not item.active:
            return QBrush(QColor("#8a8f96"))
        return None

    # ---- Internals
    def _text(self, item: WatchListItem, column: int) -> str:
        return self._columns[column][1](item)

    def _last_changed(self, item: WatchListItem) -> str:
        time = full_time_text(item.changed_at, self._zone) if item.changed_at else ""
        if not item.changed_by:
            return _("{time} (shipped list)").format(time=time)
        return _("{time} by {officer}").format(time=time, officer=item.changed_by)

    def _change_text(self, item: WatchListItem) -> str:
        if not item.active:
            return _("withdrawn")
        row = self._items.index(item)
        return _("added") if row == 0 else _("edited")
