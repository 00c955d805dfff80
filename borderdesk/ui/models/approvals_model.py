"""The supervisors' inbox of lowered channels as a table: one row per request waiting."""

from __future__ import annotations

import enum
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject

from borderdesk.domain.crossing import label
from borderdesk.i18n import N_
from borderdesk.services.overrides import PendingOverride
from borderdesk.ui.models.queue_model import CHANNEL_COLOURS
from borderdesk.ui.models.rows import RowsModel, TableColumn


class Column(enum.IntEnum):
    """The inbox's columns."""

    REFERENCE = 0
    PLATE = 1
    TRADER = 2
    CHANNELS = 3
    ASKED_BY = 4
    REASON = 5
    AT = 6


def _trader(item: PendingOverride) -> str:
    return item.trader


def _reason(item: PendingOverride) -> str:
    return " ".join(item.reason.split())


class ApprovalsModel(RowsModel[PendingOverride]):
    """Adapts ``PendingOverride`` rows for the approvals page, oldest first."""

    def __init__(self, zone: ZoneInfo, parent: QObject | None = None) -> None:
        self._zone = zone
        super().__init__((
            TableColumn(N_("Reference"), lambda r: r.reference),
            TableColumn(N_("Plate"), lambda r: r.plate),
            TableColumn(N_("Trader"), _trader, tooltip=_trader),
            TableColumn(N_("From → to"),
                        lambda r: f"{label(r.from_channel)} → {label(r.channel)}",
                        background=lambda r: CHANNEL_COLOURS[r.channel][0],
                        foreground=lambda r: CHANNEL_COLOURS[r.channel][1]),
            TableColumn(N_("Asked by"), lambda r: r.asked_by),
            TableColumn(N_("Reason"), _reason, tooltip=_reason),
            TableColumn(N_("When"), lambda r: r.at.astimezone(self._zone).strftime("%d/%m %H:%M")),
        ), key=lambda r: r.override_id, parent=parent)
