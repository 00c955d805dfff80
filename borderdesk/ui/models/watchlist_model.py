"""The entries of one watch list as a Qt table; each list has its own columns.

The same model shows the history of one entry (every version, oldest first)
with ``history=True``: then the columns say who changed it, when and why.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject

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
from borderdesk.ui.models.rows import RowsModel, TableColumn

_Getter = Callable[[Any], str]

WITHDRAWN_COLOUR = "#8a8f96"

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


def _greyed(item: WatchListItem) -> str | None:
    return None if item.active else WITHDRAWN_COLOUR


class WatchListModel(RowsModel[WatchListItem]):
    """Rows of ``WatchListItem`` of one list (or the versions of one entry)."""

    def __init__(self, kind: WatchListKind, zone: ZoneInfo, *, history: bool = False,
                 parent: QObject | None = None) -> None:
        self.kind = kind
        self.history = history
        self._zone = zone
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
        super().__init__(
            [TableColumn(title, text, tooltip=text, foreground=_greyed) for title, text in columns],
            key=(lambda i: i.entry_id) if history else (lambda i: i.entry_key), parent=parent)

    # ---- Public API
    def set_items(self, items: Sequence[WatchListItem]) -> None:
        """Show ``items``."""
        self.set_rows(items)

    def item_at(self, row: int) -> WatchListItem:
        """The item shown at ``row``."""
        return self.rows[row]

    def row_of(self, key: Hashable) -> int:
        """The row of a record's identity, or -1; an item stands for its own entry."""
        return super().row_of(self.row_key(key) if isinstance(key, WatchListItem) else key)

    # ---- Internals
    def _last_changed(self, item: WatchListItem) -> str:
        time = full_time_text(item.changed_at, self._zone) if item.changed_at else ""
        if not item.changed_by:
            return _("{time} (shipped list)").format(time=time)
        return _("{time} by {officer}").format(time=time, officer=item.changed_by)

    def _change_text(self, item: WatchListItem) -> str:
        if not item.active:
            return _("withdrawn")
        row = self.rows.index(item)
        return _("added") if row == 0 else _("edited")
