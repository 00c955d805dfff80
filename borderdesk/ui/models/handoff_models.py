"""Handoffs as Qt table models: an agency's inbox, the items of one handoff, a custody timeline."""

from __future__ import annotations

import enum
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from uuid import UUID
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QFont

from borderdesk.domain.custody import (
    CustodySpan,
    HandoffItemRecord,
    HandoffState,
    HandoffSummary,
    ItemKind,
    custody_label,
)
from borderdesk.i18n import N_, _, ngettext
from borderdesk.services.handoff_views import custody_words
from borderdesk.ui.kit.gate_time import full_time_text
from borderdesk.ui.models.rows import RowsModel, TableColumn, bold_font

HANDOFF_ID_ROLE = Qt.ItemDataRole.UserRole + 1
"""Item data role carrying a row's handoff id (a UUID, or None)."""

OVERDUE_COLOURS = ("#fde3e1", "#8e1b1b")
"""(background, text) of an overdue inbox row."""

STATE_COLOURS = {
    HandoffState.PENDING: "#6d4c00",
    HandoffState.ACCEPTED: "#1b5e20",
    HandoffState.DISPUTED: "#8e1b1b",
    HandoffState.RETURNED: "#4a4f57",
}


def waited_text(since: datetime, now: datetime | None = None) -> str:
    """How long something has waited, as an officer says it: "45 min", "3 h 05 min", "2 d 4 h"."""
    minutes = max(0, int(((now or datetime.now(UTC)) - since).total_seconds() // 60))
    if minutes < 60:
        return _("{minutes} min").format(minutes=minutes)
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return _("{hours} h {minutes:02d} min").format(hours=hours, minutes=minutes)
    days, hours = divmod(hours, 24)
    return _("{days} d {hours} h").format(days=days, hours=hours)


def quantity_text(quantity: Decimal | None, unit: str) -> str:
    """``1200 TIN``; empty when nothing was counted."""
    if quantity is None:
        return ""
    number = format(quantity.normalize(), "f") if quantity == quantity.to_integral() else str(
        quantity)
    return f"{number} {unit}".strip()


class InboxColumn(enum.IntEnum):
    """The inbox's columns."""

    REFERENCE = 0
    FROM = 1
    SENT_AT = 2
    WAITING = 3
    ITEMS = 4
    STATE = 5
    NOTE = 6


def _overdue(row: HandoffSummary) -> bool:
    return row.overdue and row.state == HandoffState.PENDING


def _overdue_tip(row: HandoffSummary) -> str | None:
    return _("Overdue: waiting longer than the gate allows") if _overdue(row) else None


class InboxModel(RowsModel[HandoffSummary]):
    """An agency's handoffs, oldest first; overdue ones marked in red."""

    def __init__(self, zone: ZoneInfo, parent: QObject | None = None) -> None:
        self._zone = zone
        self.undelivered: frozenset[str] = frozenset()
        """Ids of handoffs whose answer (or sending) was saved offline and is still queued."""
        texts: tuple[tuple[str, Callable[[HandoffSummary], str]], ...] = (
            (N_("Reference"), lambda r: r.reference),
            (N_("From"), self._from_text),
            (N_("Sent"), lambda r: full_time_text(r.sent_at, self._zone)),
            (N_("Waiting"), self._waiting_text),
            (N_("Items"), lambda r: str(r.items)),
            (N_("State"), self._state_text),
            (N_("Note"), lambda r: r.note.replace("\n", " ")),
        )
        super().__init__([TableColumn(
            title, text,
            tooltip=((lambda r: _overdue_tip(r) or r.note or None) if column == InboxColumn.NOTE
                     else _overdue_tip),
            background=lambda r: OVERDUE_COLOURS[0] if _overdue(r) else None,
            foreground=((lambda r: OVERDUE_COLOURS[1] if _overdue(r) else STATE_COLOURS[r.state])
                        if column == InboxColumn.STATE
                        else lambda r: OVERDUE_COLOURS[1] if _overdue(r) else None),
            font=((lambda r: bold_font() if _overdue(r) else None)
                  if column == InboxColumn.WAITING else None),
        ) for column, (title, text) in zip(InboxColumn, texts, strict=True)],
            key=lambda r: r.handoff_id, parent=parent)

    def cell_data(self, row: int, column: int, role: int) -> object:
        return self.rows[row].handoff_id if role == HANDOFF_ID_ROLE else None

    @staticmethod
    def _from_text(row: HandoffSummary) -> str:
        who = custody_label(row.from_agency)
        return f"{who} — {row.from_officer}" if row.from_officer else who

    @staticmethod
    def _waiting_text(row: HandoffSummary) -> str:
        if row.state != HandoffState.PENDING:
            return ""
        waited = waited_text(row.sent_at)
        return _("{waited} — overdue").format(waited=waited) if _overdue(row) else waited

    def _state_text(self, row: HandoffSummary) -> str:
        if str(row.handoff_id) in self.undelivered:
            return _("{state} — not yet delivered").format(state=custody_label(row.state))
        return custody_label(row.state)


def _is_id(text: str) -> bool:
    try:
        UUID(text)
    except ValueError:
        return False
    return True


def confirmation_text(item: HandoffItemRecord) -> str:
    """What the receiver found: "" before they checked, "OK", or what was wrong."""
    confirmation = item.confirmation
    if confirmation is None:
        return ""
    problems = []
    if not confirmation.count_ok:
        problems.append(_("count differs"))
    if not confirmation.seal_intact:
        problems.append(_("seal not intact"))
    text = ", ".join(problems) if problems else _("OK")
    return f"{text}: {confirmation.remark}" if confirmation.remark else text


def _shown_reference(row: HandoffItemRecord) -> str:
    if row.kind == ItemKind.EVIDENCE and len(row.reference) == 64:
        return row.reference[:16] + "…"  # a SHA-256: the start is enough to compare
    if row.kind == ItemKind.GOODS and _is_id(row.reference):
        return _("seizure line")  # the line's id is for the machine
    return row.reference


class ItemsModel(RowsModel[HandoffItemRecord]):
    """The items of one handoff with the receiver's confirmation of each."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__((
            TableColumn(N_("Item"), lambda r: custody_label(r.kind)),
            TableColumn(N_("Description"), lambda r: r.description),
            TableColumn(N_("Identifier"), _shown_reference, tooltip=lambda r: r.reference or None),
            TableColumn(N_("Quantity"), lambda r: quantity_text(r.quantity, r.unit)),
            TableColumn(N_("Seal"), lambda r: r.seal_no),
            TableColumn(N_("Receiver found"), confirmation_text, foreground=lambda r: (
                OVERDUE_COLOURS[1] if r.confirmation and r.confirmation.discrepancy else None)),
        ), parent=parent)


def _until_text(row: CustodySpan, zone: ZoneInfo) -> str:
    if row.until:
        return full_time_text(row.until, zone)
    return _("not yet accepted") if row.state is HandoffState.PENDING else _("still holds it")


def _photos_text(row: CustodySpan) -> str:
    count = len(row.evidence_sha256)
    return ngettext("{count} photo", "{count} photos", count).format(count=count) if count else ""


def _span_font(row: CustodySpan) -> QFont | None:
    if row.until is not None:
        return None
    offered = row.state is HandoffState.PENDING
    return bold_font(not offered, italic=offered)  # bold: who holds it now; an offer holds nothing


def _span_colour(row: CustodySpan) -> str | None:
    return STATE_COLOURS[HandoffState.PENDING] if row.state is HandoffState.PENDING else None


class TimelineModel(RowsModel[CustodySpan]):
    """Who held what of a crossing, from when to when, and what is only offered so far.

    A pending handoff is not custody: its row says "Offered to … by …, not yet
    accepted", in the pending colour, and the sender's row above still holds. The
    first column names the officer, so the officer has no column of their own.
    """

    def __init__(self, zone: ZoneInfo, parent: QObject | None = None) -> None:
        self._zone = zone

        def column(title: str, text: Callable[[CustodySpan], str],
                   tooltip: Callable[[CustodySpan], str | None] | None = None,
                   ) -> TableColumn[CustodySpan]:
            return TableColumn(title, text, tooltip=tooltip, foreground=_span_colour,
                               font=_span_font)

        super().__init__((
            column(N_("Custody"), custody_words, tooltip=custody_words),
            column(N_("From"), lambda r: full_time_text(r.since, self._zone)),
            column(N_("Until"), lambda r: _until_text(r, self._zone)),
            column(N_("What"), lambda r: r.what),
            column(N_("Evidence"), _photos_text,
                   tooltip=lambda r: "\n".join(r.evidence_sha256) or None),
        ), key=lambda r: (r.agency, r.since, r.handoff_id), parent=parent)

    def cell_data(self, row: int, column: int, role: int) -> object:
        return self.rows[row].handoff_id if role == HANDOFF_ID_ROLE else None
