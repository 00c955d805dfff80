"""The keys this gate trusts as a table: name, kind, fingerprint, who added it, revoked or not."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject
from PySide6.QtGui import QFont

from borderdesk.domain.keys import TrustedKeyInfo, key_kind_label
from borderdesk.i18n import N_, _
from borderdesk.ui.kit.gate_time import full_time_text
from borderdesk.ui.models.rows import RowsModel, TableColumn

REVOKED_COLOUR = "#8a94a3"


def key_text(public_hex: str) -> str:
    """64 hex digits in groups of eight, easier to read out."""
    return " ".join(public_hex[i:i + 8] for i in range(0, len(public_hex), 8))


def _tooltip(row: TrustedKeyInfo) -> str:
    return key_text(row.public_key)


def _greyed(row: TrustedKeyInfo) -> str | None:
    return REVOKED_COLOUR if row.revoked else None


def _monospace(_row: TrustedKeyInfo) -> QFont:
    font = QFont("monospace")
    font.setStyleHint(QFont.StyleHint.Monospace)
    return font


class KeysModel(RowsModel[TrustedKeyInfo]):
    """The trusted keys, revoked ones greyed; the tooltip reads out the whole key."""

    def __init__(self, zone: ZoneInfo, parent: QObject | None = None) -> None:
        self._zone = zone
        super().__init__([
            TableColumn(title, text, tooltip=_tooltip, foreground=_greyed,
                        font=_monospace if title == N_("Fingerprint") else None)
            for title, text in (
                (N_("Name"), lambda r: r.name),
                (N_("Kind"), lambda r: key_kind_label(r.kind)),
                (N_("Fingerprint"), lambda r: r.fingerprint),
                (N_("Added"), lambda r: full_time_text(r.added_at, self._zone)),
                (N_("Added by"), lambda r: r.added_by),
                (N_("Status"), self._status_text),
            )], key=lambda r: r.key_id, parent=parent)

    def _status_text(self, row: TrustedKeyInfo) -> str:
        if row.revoked_at:
            return _("revoked {at}").format(at=full_time_text(row.revoked_at, self._zone))
        return _("trusted")
