"""The saves this workstation made offline: what was sent, and what needs the officer's decision.

A save the server refused on replay (a handoff somebody else accepted
meanwhile) is a conflict: both versions of the record are shown side by
side, and the officer settles it with a note, which the audit chain keeps.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QWidget,
)

from borderdesk.domain.offline import Connectivity, OfflineStatus, QueuedSaveView, QueuedState
from borderdesk.errors import BorderDeskError
from borderdesk.i18n import _, ngettext
from borderdesk.services import offline
from borderdesk.ui.dialogs.reason_dialog import SettleDialog
from borderdesk.ui.kit.banner import Banner
from borderdesk.ui.kit.form_fields import repolish
from borderdesk.ui.kit.gate_time import full_time_text, gate_zone
from borderdesk.ui.kit.list_and_detail import lay_out_page, rows_table
from borderdesk.ui.models.offline_models import (
    ConflictModel,
    QueuedSavesModel,
    record_text,
    state_text,
)
from borderdesk.ui.pages.page import Page
from borderdesk.ui.session import UiSession


class OfflineQueuePage(Page):
    """The queue of saves made offline, a chosen conflict's two versions, and Settle."""

    sig_loaded = Signal()
    """The list was (re)loaded."""
    sig_settled = Signal(int)
    """A conflict was settled here; carries its queue number."""

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._zone = gate_zone(session.workstation.gate_timezone)
        self.status: OfflineStatus | None = None
        self.dialog: SettleDialog | None = None
        self._generation = 0
        self.model = QueuedSavesModel(self._zone, self)
        self.conflict_model = ConflictModel(self)
        self._build()
        self.retranslate_ui()
        self.refresh()

    # ---- Construction
    def _build(self) -> None:
        self.title = QLabel()
        self.title.setObjectName("offline_title")
        self.state_label = QLabel()
        self.state_label.setObjectName("offline_state")
        # Long in Vietnamese: it wraps rather than widening the window.
        self.state_label.setWordWrap(True)
        self.refresh_button = QPushButton()
        self.refresh_button.clicked.connect(self.refresh)
        bar = QHBoxLayout()
        bar.addWidget(self.title)
        bar.addSpacing(12)
        bar.addWidget(self.state_label, 1)
        bar.addWidget(self.refresh_button)
        self.banner = Banner()

        self.table = rows_table(self.model, self.on_chosen)
        self.empty_label = QLabel()
        self.empty_label.setObjectName("offline_empty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.hide()

        self.conflict_title = QLabel()
        self.conflict_title.setObjectName("conflict_title")
        self.conflict_title.setWordWrap(True)
        self.reason_label = QLabel()
        self.reason_label.setObjectName("conflict_reason")
        self.reason_label.setWordWrap(True)
        self.conflict_view = QTableView()
        self.conflict_view.setModel(self.conflict_model)
        self.conflict_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.conflict_view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.conflict_view.setWordWrap(True)
        self.conflict_view.verticalHeader().hide()
        header = self.conflict_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.settle_button = QPushButton()
        self.settle_button.clicked.connect(self.settle_chosen)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.settle_button)
        self.split = lay_out_page(
            self, bar, self.banner, rows=self.table, empty=self.empty_label,
            detail=[(self.conflict_title, 0), (self.reason_label, 0), (self.conflict_view, 1),
             (buttons, 0)], sizes=(520, 680))

    def retranslate_ui(self) -> None:
        """Every text of the page in the active language."""
        self.title.setText(_("Saves made offline"))
        self.refresh_button.setText(_("&Refresh"))
        self.settle_button.setText(_("Settle…"))
        self.settle_button.setToolTip(_("Say what was done about this conflict; the decision "
                                        "is kept in the audit trail"))
        self.empty_label.setText(_("Nothing was saved offline on this workstation."))
        self.model.retranslate()
        self.conflict_model.retranslate()
        self._show_status()
        self._show_chosen()
        if self.dialog is not None:
            self.dialog.retranslate_ui()

    # ---- Public API
    def refresh(self) -> None:
        """Load the list again, keeping the chosen save chosen."""
        self._generation += 1
        generation = self._generation
        db = self._session.db
        self._session.tasks.run(lambda: offline.queued_saves(db),
                                lambda rows: self.on_loaded(rows, generation), self.on_failed)

    def set_offline_status(self, status: OfflineStatus) -> None:
        """The connectivity watch has news: show it and read the list again."""
        self.status = status
        self._show_status()
        self.refresh()

    def chosen(self) -> QueuedSaveView | None:
        """The save of the selected row."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def choose(self, seq: int) -> None:
        """Select the save numbered ``seq``."""
        row = self.model.row_of(seq)
        if row >= 0:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)

    def settle_chosen(self) -> None:
        """Ask for the note that settles the chosen conflict."""
        save = self.chosen()
        if save is None or save.state != QueuedState.CONFLICT:
            return
        dialog = SettleDialog(save, self)
        dialog.sig_submitted.connect(lambda: self.settle(save.seq, dialog.note_text()))
        dialog.finished.connect(lambda _r, d=dialog: self._closed(d))
        self.dialog = dialog
        dialog.open()

    def settle(self, seq: int, note: str) -> None:
        """Settle the conflict numbered ``seq`` through ``services.offline`` (write lane)."""
        db, actor = self._session.db, self._session.actor
        self._session.tasks.run(lambda: offline.settle_conflict(db, actor, seq, note),
                                lambda _r: self.on_settled(seq), self.on_settle_failed,
                                write=True)

    # ---- Slots
    def on_loaded(self, rows: list[QueuedSaveView], generation: int) -> None:
        """Show the list; the chosen save stays chosen, else the first open conflict is."""
        if generation != self._generation:
            return
        chose_before = self.chosen() is not None
        self.model.set_rows(rows)  # keep_choice: the chosen save stays chosen, by its number
        self.table.setVisible(bool(rows))
        self.empty_label.setVisible(not rows)
        self.table.resizeColumnsToContents()
        conflict = next((r for r in rows if r.state == QueuedState.CONFLICT), None)
        if not chose_before and conflict is not None:
            self.choose(conflict.seq)
        self._show_chosen()
        self.sig_loaded.emit()

    def on_chosen(self) -> None:
        """Show the chosen save's conflict, if it has one."""
        self._show_chosen()

    def on_settled(self, seq: int) -> None:
        """Close the dialog, say it is settled and reload."""
        if self.dialog is not None:
            self.dialog.accept()
        self.banner.show_ok(_("Conflict settled; your note is in the audit trail."))
        self.refresh()
        self.sig_settled.emit(seq)

    def on_settle_failed(self, error: BaseException) -> None:
        """A refusal in the open dialog; a bug takes the crash path."""
        if self.dialog is None or not isinstance(error, BorderDeskError):
            self.on_failed(error)
            return
        self.dialog.buttons.setEnabled(True)
        self.dialog.show_error(str(error))

    def on_failed(self, error: BaseException) -> None:
        """A refusal above the list; a bug takes the crash path."""
        if not isinstance(error, BorderDeskError):
            self._session.tasks.report(error)
            return
        self.banner.show_problem(str(error))

    # ---- Internals
    def _closed(self, dialog: SettleDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def _show_status(self) -> None:
        status = self.status
        kind = ""
        if status is None or status.connectivity is Connectivity.ONLINE:
            text = _("Online: saves go to the gate's server.")
        else:
            kind = "offline"
            text = ngettext("Offline: {count} save waits for the server.",
                            "Offline: {count} saves wait for the server.",
                            status.waiting).format(count=status.waiting)
        if status is not None and status.open_conflicts:
            kind = "conflict"
            text += " " + ngettext("{count} conflict needs your decision.",
                                   "{count} conflicts need your decision.",
                                   status.open_conflicts).format(count=status.open_conflicts)
        if status is not None and status.copy_taken_at is not None:
            text += " " + _("Copy of the gate taken {time}.").format(
                time=full_time_text(status.copy_taken_at, self._zone))
        self.state_label.setText(text)
        self.state_label.setProperty("kind", kind)
        repolish(self.state_label)

    def _show_chosen(self) -> None:
        save = self.chosen()
        conflict = save.conflict if save is not None else None
        self.settle_button.setEnabled(save is not None and save.state == QueuedState.CONFLICT)
        if save is None:
            self.conflict_title.setText(_("Choose a save to see how it went."))
            self.reason_label.hide()
            self.conflict_model.set_rows([])
            return
        self.conflict_title.setText(_("{what} — {record}: {state}").format(
            what=save.what, record=record_text(save.entity, save.entity_id),
            state=state_text(save.state)))
        if conflict is None:
            self.reason_label.hide()
            self.conflict_model.set_rows([])
            return
        reason = conflict.reason
        if conflict.settled_by:
            reason += " " + _("Settled on the server by {who}.").format(who=conflict.settled_by)
        self.reason_label.setText(reason)
        self.reason_label.show()
        self.conflict_model.set_rows(conflict.columns)
        self.conflict_view.resizeRowsToContents()


