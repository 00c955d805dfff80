"""An agency's handoff inbox: what waits for it, oldest first, and the answers to each.

The main window's ``HandoffWatch`` polls for changes and calls ``refresh``;
the page itself loads and answers through the services off the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from uuid import UUID

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QWidget,
)

from borderdesk.domain.custody import (
    HandoffRecord,
    HandoffState,
    HandoffSummary,
    agency_of,
    custody_label,
)
from borderdesk.errors import BorderDeskError, ConcurrentChange
from borderdesk.i18n import _
from borderdesk.services import handoffs, offline
from borderdesk.ui.dialogs.handoff_reply_dialog import AcceptDialog, DisputeDialog, ReturnDialog
from borderdesk.ui.kit.banner import Banner
from borderdesk.ui.kit.bundle_transfer import BundleTransfer
from borderdesk.ui.kit.gate_time import gate_zone
from borderdesk.ui.kit.handoff_detail import HandoffDetail
from borderdesk.ui.kit.list_and_detail import lay_out_page, rows_table
from borderdesk.ui.kit.receipt_print import ReceiptPrinter
from borderdesk.ui.models.handoff_models import HANDOFF_ID_ROLE, InboxColumn, InboxModel
from borderdesk.ui.pages.page import Page
from borderdesk.ui.session import UiSession

PENDING_ONLY = frozenset({HandoffState.PENDING})
EVERY_STATE = frozenset(HandoffState)


class HandoffInboxPage(Page):
    """The agency's handoffs, the chosen one in detail, and Accept / Dispute / Return."""

    sig_loaded = Signal()
    """The inbox was (re)loaded."""
    sig_answered = Signal(object)
    """A handoff was accepted, disputed or returned here; carries the new ``HandoffRecord``."""
    sig_record_loaded = Signal(object)
    """The chosen handoff's record arrived; carries the ``HandoffRecord``."""

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.agency = agency_of(session.actor.role)
        self.dialog: QDialog | None = None
        self._keep: UUID | None = None
        self._generation = 0
        self.model = InboxModel(gate_zone(session.workstation.gate_timezone), self)
        self.transfer = BundleTransfer(session, self)
        self.transfer.sig_imported.connect(self.on_bundle_imported)
        self.receipts = ReceiptPrinter(session, self)
        self._build()
        self.receipts.report_to(self.banner.report)
        self.retranslate_ui()
        self.refresh()

    # ---- Construction
    def _build(self) -> None:
        self.title = QLabel()
        self.title.setObjectName("inbox_title")
        self.show_combo = QComboBox()
        self.show_combo.addItem("", "pending")
        self.show_combo.addItem("", "all")
        self.show_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.show_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.refresh_button, self.import_button = QPushButton(), QPushButton()
        self.refresh_button.clicked.connect(self.refresh)
        self.refresh_button.setShortcut("F5")
        self.import_button.clicked.connect(self.import_bundle)
        bar = QHBoxLayout()
        bar.addWidget(self.title, 1)
        bar.addWidget(self.show_combo)
        bar.addWidget(self.refresh_button)
        bar.addWidget(self.import_button)
        self.banner = Banner()

        self.table = rows_table(self.model, self.on_chosen)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.empty_label = QLabel()
        self.empty_label.setObjectName("inbox_empty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.hide()  # until the first load says there is nothing

        self.detail = HandoffDetail(self._session)
        self.accept_button, self.dispute_button = QPushButton(), QPushButton()
        self.return_button, self.export_button = QPushButton(), QPushButton()
        self.receipt_button = QPushButton()
        self.receipt_button.clicked.connect(self.print_receipt)
        self.accept_button.clicked.connect(self.accept_chosen)
        self.dispute_button.clicked.connect(self.dispute_chosen)
        self.return_button.clicked.connect(self.return_chosen)
        self.export_button.clicked.connect(self.export_chosen)
        self.accept_button.setDefault(True)
        answers = QHBoxLayout()
        for button in (self.accept_button, self.dispute_button, self.return_button):
            answers.addWidget(button)
        answers.addStretch(1)
        answers.addWidget(self.receipt_button)
        answers.addWidget(self.export_button)
        self.split = lay_out_page(self, bar, self.banner, rows=self.table,
                                  empty=self.empty_label, detail=[(self.detail, 1), (answers, 0)],
                                  sizes=(640, 560))

    def retranslate_ui(self) -> None:
        """Every text of the page in the active language."""
        agency = custody_label(self.agency) if self.agency else ""
        self.title.setText(_("Handoffs to {agency}").format(agency=agency))
        self.show_combo.setItemText(0, _("Pending only"))
        self.show_combo.setItemText(1, _("Every state"))
        self.refresh_button.setText(_("&Refresh"))
        self.import_button.setText(_("Import bundle…"))
        self.import_button.setToolTip(_("Import a signed handoff bundle from another gate or "
                                        "agency"))
        self.accept_button.setText(_("&Accept…"))
        self.dispute_button.setText(_("&Dispute…"))
        self.return_button.setText(_("Re&turn…"))
        self.export_button.setText(_("Export signed bundle…"))
        self.receipt_button.setText(_("Print receipt…"))
        self.receipt_button.setToolTip(_("Write the receipt both officers sign, with its audit "
                                         "checkpoints, as a PDF"))
        self.empty_label.setText(_("Nothing is waiting for your agency."))
        self.model.retranslate()
        self.detail.retranslate_ui()
        if isinstance(self.dialog, AcceptDialog | DisputeDialog | ReturnDialog):
            self.dialog.retranslate_ui()
        self._update_buttons()

    # ---- Public API
    def refresh(self) -> None:
        """Load the inbox again; the chosen handoff stays chosen (``keep_choice``, by id)."""
        self._generation += 1
        generation = self._generation
        db, actor = self._session.db, self._session.actor
        states = PENDING_ONLY if self.show_combo.currentData() == "pending" else EVERY_STATE
        overdue = timedelta(minutes=self._session.settings.handoff_overdue_minutes)
        self._session.tasks.run(
            lambda: (handoffs.inbox(db, actor, overdue_after=overdue, states=states),
                     offline.not_yet_delivered(db)),
            lambda loaded: self.on_loaded(loaded[0], generation, loaded[1]), self.on_failed)

    def chosen_id(self) -> UUID | None:
        """The handoff of the selected row."""
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(HANDOFF_ID_ROLE) if rows else None

    def choose(self, handoff_id: UUID) -> None:
        """Select the row of a handoff (its detail loads)."""
        row = self.model.row_of(handoff_id)
        if row >= 0:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)

    def accept_chosen(self) -> None:
        """Open the accept dialog with the item checklist."""
        record = self._answerable()
        if record is None:
            return
        dialog = AcceptDialog(record, self)
        db, actor, handoff_id = self._session.db, self._session.actor, record.summary.handoff_id
        dialog.sig_submitted.connect(lambda: self._answer(lambda: handoffs.accept_handoff(
            db, actor, handoff_id, dialog.confirmations(), dialog.note_text())))
        self._open(dialog)

    def dispute_chosen(self) -> None:
        """Open the dispute dialog: reason and the items in question."""
        record = self._answerable()
        if record is None:
            return
        dialog = DisputeDialog(record, self)
        db, actor, handoff_id = self._session.db, self._session.actor, record.summary.handoff_id
        dialog.sig_submitted.connect(lambda: self._answer(lambda: handoffs.dispute_handoff(
            db, actor, handoff_id, dialog.reason_text(), dialog.confirmations())))
        self._open(dialog)

    def return_chosen(self) -> None:
        """Open the return dialog: a reason."""
        record = self._answerable()
        if record is None:
            return
        dialog = ReturnDialog(record, self)
        db, actor, handoff_id = self._session.db, self._session.actor, record.summary.handoff_id
        dialog.sig_submitted.connect(lambda: self._answer(lambda: handoffs.return_handoff(
            db, actor, handoff_id, dialog.reason_text())))
        self._open(dialog)

    def import_bundle(self, path: Path | bool | None = None) -> None:
        """Import a signed bundle (asks which file unless ``path``)."""
        self.transfer.import_(path if isinstance(path, Path) else None)

    def export_chosen(self) -> None:
        """Save the chosen handoff as a signed bundle (asks where)."""
        record = self.detail.record
        if record is not None:
            self.transfer.export(record.summary.handoff_id, record.summary.reference)

    def print_receipt(self) -> None:
        """Save the chosen handoff's receipt as a PDF (asks where)."""
        record = self.detail.record
        if record is not None:
            self.receipts.ask(record.summary.handoff_id, record.summary.reference)

    # ---- Slots
    def on_loaded(self, rows: list[HandoffSummary], generation: int,
                  undelivered: frozenset[str] = frozenset()) -> None:
        """Show the inbox; the chosen handoff stays chosen while it is still there."""
        if generation != self._generation:
            return  # an older reload arrived after a newer one started
        self.model.undelivered = undelivered
        # The chosen row (also one chosen while this reload ran) is kept by keep_choice;
        # when its handoff left the list, nothing is chosen and on_chosen hears it.
        self.model.set_rows(rows)
        self.table.setVisible(bool(rows))
        self.empty_label.setVisible(not rows)
        self.table.resizeColumnsToContents()
        for column in InboxColumn:
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), 260))
        keep, self._keep = self._keep, None
        if keep is not None and self.chosen_id() is None and self.model.row_of(keep) >= 0:
            self.choose(keep)  # an imported or answered handoff asked for by id
        elif self.chosen_id() is None and self.detail.record is None and rows:
            # Only while the detail is empty: never move from a handoff the officer works on.
            self.choose(rows[0].handoff_id)  # the oldest waits longest: show it at once
        self.sig_loaded.emit()

    def on_chosen(self) -> None:
        """Load the chosen handoff's items and history.

        With nothing chosen (its handoff left the list on a reload) the detail shows
        that handoff as it is now, never as it was: how it ended, and its receipt.
        """
        handoff_id = self.chosen_id()
        if handoff_id is None:
            shown = self.detail.record
            if shown is not None and self.model.row_of(shown.summary.handoff_id) < 0:
                self._load_record(shown.summary.handoff_id)
            return
        self._load_record(handoff_id)

    def on_record(self, record: HandoffRecord) -> None:
        """Show the chosen handoff."""
        self.detail.show_record(record)
        self._update_buttons()
        self.sig_record_loaded.emit(record)

    def on_answered(self, record: HandoffRecord) -> None:
        """Close the dialog, say what happened, reload."""
        if self.dialog is not None:
            self.dialog.accept()
        self.dialog = None
        self.banner.show_ok(_("{reference}: {state}.").format(
            reference=record.summary.reference, state=custody_label(record.summary.state)))
        self.on_record(record)
        self._keep = record.summary.handoff_id
        self.refresh()
        self.sig_answered.emit(record)

    def on_answer_failed(self, error: BaseException) -> None:
        """Another workstation answered first: say so and show how it stands; else refuse."""
        if isinstance(error, ConcurrentChange):
            if self.dialog is not None:
                self.dialog.reject()
            self.dialog = None
            self.banner.show_problem(
                _("Another workstation answered this handoff first. {reason}").format(reason=error))
            self._keep = self.detail.record.summary.handoff_id if self.detail.record else None
            if self._keep is not None:
                self._load_record(self._keep)
            self.refresh()
            return
        if isinstance(error, BorderDeskError) and isinstance(
                self.dialog, AcceptDialog | DisputeDialog | ReturnDialog):
            self.dialog.show_error(str(error))
            return
        self.on_failed(error)

    def on_failed(self, error: BaseException) -> None:
        """A refusal under the title; a bug takes the crash path."""
        if isinstance(error, BorderDeskError):
            self.banner.show_problem(str(error))
            return
        self._session.tasks.report(error)

    def on_bundle_imported(self, record: HandoffRecord) -> None:
        """Show the imported handoff."""
        self.banner.show_ok(_("Imported {reference} from a signed bundle.").format(
            reference=record.summary.reference))
        self._keep = record.summary.handoff_id
        self.on_record(record)
        self.refresh()

    # ---- Internals
    def _load_record(self, handoff_id: UUID) -> None:
        db, actor = self._session.db, self._session.actor
        self._session.tasks.run(lambda: handoffs.get_handoff(db, actor, handoff_id),
                                self._on_record_loaded, self.on_failed)

    def _on_record_loaded(self, record: HandoffRecord) -> None:
        # A slower load for a row chosen before must not replace the row chosen since.
        chosen = self.chosen_id()
        if chosen is None or chosen == record.summary.handoff_id:
            self.on_record(record)

    def _answerable(self) -> HandoffRecord | None:
        record = self.detail.record
        if record is None or record.summary.state != HandoffState.PENDING:
            return None
        return record

    def _open(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.finished.connect(lambda _r, d=dialog: self._closed(d))
        dialog.open()

    def _closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def _answer(self, call: Callable[[], HandoffRecord]) -> None:
        self._session.tasks.run(call, self.on_answered, self.on_answer_failed, write=True)

    def _update_buttons(self) -> None:
        record = self.detail.record
        pending = record is not None and record.summary.state == HandoffState.PENDING
        ours = record is not None and record.summary.to_agency == self.agency
        for button in (self.accept_button, self.dispute_button, self.return_button):
            button.setEnabled(pending and ours)
        self.export_button.setEnabled(record is not None)
        self.receipt_button.setEnabled(record is not None)

