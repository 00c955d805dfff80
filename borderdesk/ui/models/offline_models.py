"""Saves made offline as Qt table models: the queue of this workstation, one conflict's versions."""

from __future__ import annotations

import enum
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QFont

from borderdesk.domain.offline import ConflictColumn, QueuedSaveView, QueuedState
from borderdesk.i18n import N_, _
from borderdesk.ui.kit.gate_time import full_time_text
from borderdesk.ui.models.rows import RowsModel, TableColumn, bold_font

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


def _uncertain_tip(row: QueuedSaveView) -> str | None:
    if row.uncertain and row.state == QueuedState.QUEUED:
        return _("The line was cut while this was being saved: the server may have "
                 "it already. Sending it again never writes it twice.")
    return None


def _conflict_font(row: QueuedSaveView) -> QFont | None:
    return bold_font() if row.state == QueuedState.CONFLICT else None


class QueuedSavesModel(RowsModel[QueuedSaveView]):
    """Every save made offline on this workstation, newest first; open conflicts in red."""

    def __init__(self, zone: ZoneInfo, parent: QObject | None = None) -> None:
        self._zone = zone
        super().__init__((
            TableColumn(N_("Saved at"), lambda r: full_time_text(r.queued_at, self._zone),
                        tooltip=_uncertain_tip, font=_conflict_font),
            TableColumn(N_("What"), lambda r: r.what, tooltip=_uncertain_tip,
                        font=_conflict_font),
            TableColumn(N_("Record"), lambda r: record_text(r.entity, r.entity_id),
                        tooltip=lambda r: r.entity_id or None, font=_conflict_font),
            TableColumn(N_("State"), lambda r: state_text(r.state), tooltip=_uncertain_tip,
                        foreground=lambda r: STATE_COLOURS[r.state], font=_conflict_font),
        ), key=lambda r: r.seq, parent=parent)

    def cell_data(self, row: int, column: int, role: int) -> object:
        return self.rows[row].seq if role == SEQ_ROLE else None


def _differs(row: ConflictColumn) -> bool:
    """Whether it changed on the server since the copy, or differs from what was written here."""
    return row.theirs != row.ours or row.theirs != row.seen


class ConflictModel(RowsModel[ConflictColumn]):
    """One refused record, column by column: as seen here, as written here, as the server has it."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__((
            TableColumn(N_("Field"), lambda r: r.name, font=lambda r: (
                bold_font() if _differs(r) else None)),
            TableColumn(N_("As seen here"), lambda r: r.seen, tooltip=lambda r: r.seen or None),
            TableColumn(N_("As written here"), lambda r: r.ours, tooltip=lambda r: r.ours or None,
                        background=lambda r: "#fff8e1" if _differs(r) else None),
            TableColumn(N_("As the server has it"), lambda r: r.theirs,
                        tooltip=lambda r: r.theirs or None,
                        background=lambda r: "#fdecea" if _differs(r) else None),
        ), parent=parent)
