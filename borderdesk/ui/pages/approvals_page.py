"""The supervisors' inbox of lowered channels: approve one, or refuse it with a reason.

A customs officer's lower channel (red to yellow or green, yellow to green)
waits here; the crossing keeps its channel until a supervisor other than the
officer who asked decides. The page loads and decides through
``services.overrides`` off the GUI thread; a refusal of the decision (another
supervisor was first, the crossing moved on) is shown in the dialog and the
list reloads.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from borderdesk.domain.crossing import label
from borderdesk.errors import BorderDeskError
from borderdesk.i18n import _
from borderdesk.services import crossings, overrides
from borderdesk.services.overrides import OverrideResult, PendingOverride
from borderdesk.ui.dialogs.reason_dialog import OverrideDecisionDialog
from borderdesk.ui.kit.banner import Banner
from borderdesk.ui.kit.gate_time import full_time_text, gate_zone
from borderdesk.ui.kit.list_and_detail import rows_table
from borderdesk.ui.models.approvals_model import ApprovalsModel, Column
from borderdesk.ui.pages.page import Page
from borderdesk.ui.session import UiSession

log = logging.getLogger("borderdesk.ui")


class ApprovalsPage(Page):
    """The lowered channels waiting at the gate, the chosen one, Approve and Refuse."""

    sig_loaded = Signal()
    """The list was (re)loaded."""
    sig_decided = Signal(object)
    """A decision was recorded here; carries the ``OverrideResult``."""

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._zone = gate_zone(session.workstation.gate_timezone)
        self.dialog: OverrideDecisionDialog | None = None
        self._generation = 0
        self.model = ApprovalsModel(self._zone, self)
        self._build()
        self.retranslate_ui()
        self.refresh()

    # ---- Construction
    def _build(self) -> None:
        self.title = QLabel()
        self.title.setObjectName("approvals_title")
        self.refresh_button = QPushButton()
        self.refresh_button.clicked.connect(self.refresh)
        bar = QHBoxLayout()
        bar.addWidget(self.title, 1)
        bar.addWidget(self.refresh_button)
        self.banner = Banner()
        self.table = rows_table(self.model, self.on_chosen)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(Column.REASON, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(Column.TRADER, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(Column.TRADER, 180)
        self.empty = QLabel()
        self.empty.setObjectName("approvals_empty")
        self.empty.setWordWrap(True)
        self.detail = QLabel()
        self.detail.setObjectName("approvals_detail")
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        # Room for three lines whatever the layout made of an earlier, shorter text.
        font = QFont(self.detail.font())
        font.setPointSize(11)
        self.detail.setMinimumHeight(QFontMetrics(font).lineSpacing() * 3 + 4)
        self.detail.setWordWrap(True)
        self.own = QLabel()
        self.own.setObjectName("approvals_own")
        self.own.setWordWrap(True)
        self.own.hide()
        self.approve_button, self.refuse_button = QPushButton(), QPushButton()
        self.approve_button.clicked.connect(lambda: self.open_decision(approve=True))
        self.refuse_button.clicked.connect(lambda: self.open_decision(approve=False))
        buttons = QHBoxLayout()
        buttons.addWidget(self.approve_button)
        buttons.addWidget(self.refuse_button)
        buttons.addStretch(1)
        # The chosen request under the list, across the page's width: the list keeps room
        # for its seven columns at a booth's 1024 pixels.
        self.detail_box = QFrame()
        self.detail_box.setObjectName("approvals_box")
        box = QVBoxLayout(self.detail_box)
        box.addWidget(self.detail)
        box.addWidget(self.own)
        box.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.banner)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty, 1)
        layout.addWidget(self.detail_box)
        self.empty.hide()
        self._update_detail()

    def retranslate_ui(self) -> None:
        """Every text of the page in the active language."""
        self.title.setText(_("Lowered channels awaiting a supervisor"))
        self.refresh_button.setText(_("Refresh"))
        self.empty.setText(_("No lowered channel waits for a supervisor."))
        self.approve_button.setText(_("Approve…"))
        self.refuse_button.setText(_("Refuse…"))
        self.own.setText(_("You asked for this lower channel yourself: another supervisor "
                           "decides on it."))
        self.model.retranslate()
        if self.dialog is not None:
            self.dialog.retranslate_ui()
        self._update_detail()

    # ---- Public API
    def refresh(self) -> None:
        """Reload the requests waiting, off the GUI thread."""
        self._generation += 1
        generation = self._generation
        db, actor = self._session.db, self._session.actor
        self._session.tasks.run(lambda: overrides.pending_overrides(db, actor),
                                lambda rows: self.on_loaded(rows, generation), self.on_failed)

    def chosen(self) -> PendingOverride | None:
        """The request chosen in the list, or None."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def open_decision(self, *, approve: bool) -> None:
        """Ask for the reason (the dialog is kept for tests), then decide."""
        item = self.chosen()
        if item is None:
            return
        dialog = OverrideDecisionDialog(item, approve, self)
        dialog.sig_submitted.connect(lambda: self.decide(dialog))
        dialog.finished.connect(lambda _code: self._forget(dialog))
        self.dialog = dialog
        dialog.open()

    def decide(self, dialog: OverrideDecisionDialog) -> None:
        """Record the dialog's decision through ``services.overrides``."""
        db, actor = self._session.db, self._session.actor
        item, reason = dialog.item, dialog.reason_text()

        def act() -> tuple[OverrideResult, str]:
            if dialog.approve:
                result = overrides.approve_override(db, actor, item.override_id, reason)
            else:
                result = overrides.refuse_override(db, actor, item.override_id, reason)
            assert result.crossing_id is not None
            return result, crossings.get_crossing(db, actor, result.crossing_id).reference

        self._session.tasks.run(act, lambda answer: self.on_decided(dialog, *answer),
                                lambda error: self.on_refused(dialog, error), write=True)

    # ---- Slots
    def on_loaded(self, rows: list[PendingOverride], generation: int) -> None:
        """Show the requests (an answer to an older reload is dropped)."""
        if generation != self._generation:
            return
        self.model.set_rows(rows)
        self.table.setVisible(bool(rows))
        self.empty.setVisible(not rows)
        if rows and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)
        self._update_detail()
        self.sig_loaded.emit()

    def on_chosen(self) -> None:
        """Show the chosen request beside the list."""
        self._update_detail()

    def on_decided(self, dialog: OverrideDecisionDialog, result: OverrideResult,
                   reference: str) -> None:
        """Say what the decision did, close the dialog, reload."""
        channel = label(result.channel).lower()
        if result.state == "in_force":
            text = _("Approved: {reference} now goes through the {channel} channel.").format(
                reference=reference, channel=channel)
        else:
            text = _("Refused: {reference} stays in the {channel} channel.").format(
                reference=reference, channel=channel)
        self.banner.show_ok(text)
        dialog.accept()
        self.refresh()
        self.sig_decided.emit(result)

    def on_refused(self, dialog: OverrideDecisionDialog, error: BaseException) -> None:
        """The decision was refused: say why in the dialog, and reload (another supervisor
        may have decided, or the crossing moved on)."""
        if not isinstance(error, BorderDeskError):
            dialog.reject()
            self._session.tasks.report(error)
            return
        dialog.show_error(str(error))
        self.refresh()

    def on_failed(self, error: BaseException) -> None:
        """The list could not load."""
        if isinstance(error, BorderDeskError):
            self.banner.show_problem(str(error))
            return
        self._session.tasks.report(error)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's API
        """Coming back to the page shows what waits now."""
        super().showEvent(event)
        self.refresh()

    # ---- Internals
    def _forget(self, dialog: OverrideDecisionDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def _update_detail(self) -> None:
        item = self.chosen()
        own = item is not None and item.own
        self.approve_button.setEnabled(item is not None and not own)
        self.refuse_button.setEnabled(item is not None and not own)
        self.own.setVisible(own)
        self.detail_box.setVisible(item is not None)
        if item is None:
            self.detail.setText("")
            return
        self.detail.setText(_(
            "<b>{reference}</b> · {plate} · {trader}<br>From <b>{old}</b> to <b>{new}</b>, "
            "asked by {officer} at {time}: <i>{reason}</i>").format(
            reference=_escape(item.reference), plate=_escape(item.plate),
            trader=_escape(item.trader), old=label(item.from_channel).lower(),
            new=label(item.channel).lower(), officer=_escape(item.asked_by),
            time=full_time_text(item.at, self._zone), reason=_escape(item.reason)))


def _escape(text: Any) -> str:
    from html import escape

    return escape(str(text))
