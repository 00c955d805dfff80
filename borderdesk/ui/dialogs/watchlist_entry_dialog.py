"""Add or edit one watch-list entry, with the reason for the change the list's history keeps."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from borderdesk.domain.watchlist import (
    FlaggedParty,
    LicensedGoods,
    PartyKind,
    ProhibitedGoods,
    WatchedBrand,
    WatchListEntry,
    WatchListKind,
)
from borderdesk.i18n import N_, _
from borderdesk.services.watchlists import WatchListItem
from borderdesk.ui.dialogs.form_parts import error_line, ok_cancel
from borderdesk.ui.models.watchlist_model import KIND_TITLES, PARTY_KINDS

_FIELDS: dict[WatchListKind, tuple[tuple[str, str], ...]] = {
    WatchListKind.PROHIBITED: (("hs_prefix", N_("HS prefix")), ("description", N_("Goods")),
                               ("legal_source", N_("Legal source"))),
    WatchListKind.LICENCE: (("hs_prefix", N_("HS prefix")), ("description", N_("Goods")),
                            ("authority", N_("Licensing authority")),
                            ("legal_source", N_("Legal source"))),
    WatchListKind.BRAND: (("brand", N_("Brand")), ("rights_holder", N_("Rights holder")),
                          ("authorised_importers",
                           N_("Authorised importers (tax codes, comma between)")),
                          ("hs_prefixes", N_("HS prefixes (comma between; empty: any goods)")),
                          ("legal_source", N_("Legal source"))),
    WatchListKind.PARTY: (("value", N_("Tax code / plate / container")), ("reason", N_("Reason")),
                          ("source", N_("Reported by (hotline tip, audit …)"))),
}


def _split(text: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in text.replace(";", ",").split(",") if p.strip())


class EntryDialog(QDialog):
    """Add or edit one watch-list entry; the page saves it and shows a refusal here."""

    sig_submitted = Signal(object, str)
    """OK pressed; carries the ``WatchListItem`` to save and the reason for the change."""

    def __init__(self, kind: WatchListKind, item: WatchListItem | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind, self.item = kind, item
        self.edits: dict[str, QLineEdit] = {}
        self.captions: dict[str, QLabel] = {}
        form = QFormLayout()
        self.party_kind = QComboBox()
        self.reported_on = QDateEdit()
        self.reported_on.setDisplayFormat("dd/MM/yyyy")
        self.reported_on.setCalendarPopup(True)
        if kind == WatchListKind.PARTY:
            for party_kind in PartyKind:
                self.party_kind.addItem("", party_kind)
            self._row(form, "party_kind", self.party_kind)
        for key, _title in _FIELDS[kind]:
            self.edits[key] = QLineEdit()
            self._row(form, key, self.edits[key])
        if kind == WatchListKind.PARTY:
            self._row(form, "reported_on", self.reported_on)
        self.change_reason = QLineEdit()
        self._row(form, "change_reason", self.change_reason)
        # Enter in any field presses OK: disabled until there is a reason, it saves nothing.
        self.change_reason.textChanged.connect(lambda _t: self._update_ok())
        self.error = error_line()
        self.buttons = ok_cancel(self, self.on_ok)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)
        if item is not None:
            self._fill(item)
        self.retranslate_ui()
        self._update_ok()

    def _row(self, form: QFormLayout, key: str, widget: QWidget) -> None:
        caption = QLabel()
        caption.setBuddy(widget)
        self.captions[key] = caption
        form.addRow(caption, widget)

    def retranslate_ui(self) -> None:
        """Every text of the dialog in the active language."""
        title = _("Edit the entry") if self.item is not None else _("Add an entry")
        self.setWindowTitle(_("{action} — {list}").format(action=title,
                                                          list=_(KIND_TITLES[self.kind])))
        for key, text in _FIELDS[self.kind]:
            self.captions[key].setText(_(text))
        if self.kind == WatchListKind.PARTY:
            self.captions["party_kind"].setText(_("Party"))
            self.captions["reported_on"].setText(_("Reported on"))
            for index in range(self.party_kind.count()):
                self.party_kind.setItemText(
                    index, _(PARTY_KINDS[PartyKind(self.party_kind.itemData(index))]))
        self.captions["change_reason"].setText(_("Why this change (required)"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))

    def _fill(self, item: WatchListItem) -> None:
        entry: Any = item.entry
        for key in self.edits:
            value = item.legal_source if key == "legal_source" else getattr(entry, key, "")
            self.edits[key].setText(", ".join(value) if isinstance(value, tuple) else str(value))
        if isinstance(entry, FlaggedParty):
            self.party_kind.setCurrentIndex(max(0, self.party_kind.findData(entry.party_kind)))
            if entry.reported_on:
                day = entry.reported_on
                self.reported_on.setDate(QDate(day.year, day.month, day.day))

    def set_today(self, today: date) -> None:
        """The date a new tip is reported on, by default."""
        if self.item is None:
            self.reported_on.setDate(QDate(today.year, today.month, today.day))

    def text(self, key: str) -> str:
        """What a field holds, trimmed."""
        return self.edits[key].text().strip()

    def entry(self) -> WatchListEntry:
        """The entry as typed."""
        t = self.text
        if self.kind == WatchListKind.PROHIBITED:
            return ProhibitedGoods(t("hs_prefix"), t("description"), t("legal_source"))
        if self.kind == WatchListKind.LICENCE:
            return LicensedGoods(t("hs_prefix"), t("description"), t("authority"),
                                 t("legal_source"))
        if self.kind == WatchListKind.BRAND:
            return WatchedBrand(t("brand"), t("rights_holder"), _split(t("authorised_importers")),
                                _split(t("hs_prefixes")), t("legal_source"))
        day = self.reported_on.date()
        return FlaggedParty(PartyKind(self.party_kind.currentData()), t("value"), t("reason"),
                            t("source"), date(day.year(), day.month(), day.day()))

    def _update_ok(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
            bool(self.change_reason.text().strip()))

    def on_ok(self) -> None:
        """Hand the entry to the page, which saves it; never without the reason for it."""
        if not self.change_reason.text().strip():
            self.show_error(_("Write why the list changes."))
            self.change_reason.setFocus()
            return
        legal = self.text("legal_source") if "legal_source" in self.edits else ""
        base = self.item or WatchListItem(entry=self.entry())
        item = replace(base, entry=self.entry(), legal_source=legal)
        self.sig_submitted.emit(item, self.change_reason.text().strip())

    def show_error(self, text: str) -> None:
        """Say why the entry was refused; the dialog stays open."""
        self.error.setText(text)
        self.error.show()
