"""Saves made offline as Qt table models: the queue of this workstation, one conflict's versions."""

from __future__ import annotations

import enum
from collections.abc import Hashable
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont

from borderdesk.domain.offline import ConflictColumn, QueuedSaveView, QueuedState
from borderdesk.i18n import N_, _
from borderdesk.ui.kit.gate_time import full_time_text
from borderdesk.ui.models.handoff_models import RowsModel

SEQ_ROLE = Qt.ItemDataRole.UserRole + 1
"""Item data role carrying a row's queue number."""

STATE_COLOURS = {
    QueuedState.QUEUED: "#6d4c00",
    QueuedState.SENT: "#1b5e20",
    QueuedState.ALREADY_THERE: "#1b5e20",
    QueuedState.CONFLICT: "#8e1b1b",
    QueuedState.SETTLED: "#4a4f57",
}

_RECORDS = {
    "crossing": N_("Crossing"),
    "handoff": N_("Handoff"),
    "evidence": N_("Photo or document"),
    "seizure": N_("Seizure"),
    "officer": N_("Officer"),
    "workstation": N_("Workstation"),
    "queue": N_("Offline queue"),
}


def state_text(state: QueuedState) -> str:
    """How far a save made offline got, in the officer's words."""
    return {
        QueuedState.QUEUED: _("waiting"),
        QueuedState.SENT: _("sent"),
        QueuedState.ALREADY_THERE: _("already on the server"),
        QueuedState.CONFLICT: _("conflict"),
        QueuedState.SETTLED: _("settled"),
    }[state]


def record_text(entity: str, entity_id: str) -> str:
    """"Crossing 3f2a9c1e": the kind of record and the start of its id."""
    kind = _(_RECORDS[entity]) if entity in _RECORDS else entity
    return f"{kind} {entity_id[:8]}".strip()


class QueueColumn(enum.IntEnum):
    """The columns of the offline queue."""

    TIME = 0
    WHAT = 1
    RECORD = 2
    STATE = 3


class QueuedSavesModel(RowsModel[QueuedSaveView]):
    """Every save made offline on this workstation, newest first; open conflicts in red."""

    headers = (N_("Saved at"), N_("What"), N_("Record"), N_("State"))

    def __init__(self, zone: ZoneInfo, parent: Any = None) -> None:
        super().__init__(parent)
        self._zone = zone

    def row_of(self, seq: int) -> int:
        """The row of the save numbered ``seq``, or -1."""
        return next((i for i, r in enumerate(self.rows) if r.seq == seq), -1)

    def row_key(self, row: QueuedSaveView) -> Hashable:
        return row.seq

    def cell(self, row: QueuedSaveView, column: int, role: int) -> Any:
        if role == SEQ_ROLE:
            return row.seq
        if role == Qt.ItemDataRole.DisplayRole:
            return (full_time_text(row.queued_at, self._zone), row.what,
                    record_text(row.entity, row.entity_id), state_text(row.state))[column]
        if role == Qt.ItemDataRole.ForegroundRole and column == QueueColumn.STATE:
            return QBrush(QColor(STATE_COLOURS[row.state]))
        if role == Qt.ItemDataRole.FontRole and row.state == QueuedState.CONFLICT:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == QueueColumn.RECORD:
                return row.entity_id or None
            if row.uncertain and row.state == QueuedState.QUEUED:
                return _("The line was cut while this was being saved: the server may have "
                         "it already. Sending it again never writes it twice.")
        return None


class ConflictModel(RowsModel[ConflictColumn]):
    """One refused record, column by column: as seen here, as written here, as the server has it."""

    headers = (N_("Field"), N_("As seen here"), N_("As written here"),
               N_("As the server has it"))

    def cell(self, row: ConflictColumn, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.name, row.seen, row.ours, row.theirs)[column]
        # What changed on the server since the copy, or differs from what was written here.
        differs = row.theirs != row.ours or row.theirs != row.seen
        if role == Qt.ItemDataRole.BackgroundRole and differs and column in (2, 3):
            return QBrush(QColor("#fdecea" if column == 3 else "#fff8e1"))
        if role == Qt.ItemDataRole.FontRole and differs and column == 0:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and column > 0:
            return (row.name, row.seen, row.ours, row.theirs)[column] or None
        return None
