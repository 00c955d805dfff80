"""A crossing's custody: who held what and when, every handoff with its evidence, and the
buttons that record an inspection, seize goods and hand over (the crossing or a seizure).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from borderdesk.access.permissions import Action
from borderdesk.domain.custody import (
    CustodySpan,
    HandoffRecord,
    InspectionRecord,
    SeizureRecord,
    custody_label,
)
from borderdesk.domain.officer import Actor
from borderdesk.errors import BorderDeskError
from borderdesk.i18n import _, ngettext
from borderdesk.services import handoffs, inspections, offline, seizures
from borderdesk.storage.engine import Database
from borderdesk.ui.dialogs.handoff_dialog import HandoffDialog
from borderdesk.ui.dialogs.inspection_dialog import InspectionDialog
from borderdesk.ui.dialogs.seizure_dialog import SeizureDialog
from borderdesk.ui.kit.banner import Banner
from borderdesk.ui.kit.bundle_transfer import BundleTransfer
from borderdesk.ui.kit.gate_time import full_time_text, gate_zone
from borderdesk.ui.kit.handoff_detail import HandoffDetail
from borderdesk.ui.kit.receipt_print import ReceiptPrinter
from borderdesk.ui.models.custody_choices import CustodyChoices, load_choices
from borderdesk.ui.models.handoff_models import HANDOFF_ID_ROLE, TimelineModel
from borderdesk.ui.models.kept_choice import RECORD_KEY_ROLE, keep_choice
from borderdesk.ui.session import UiSession

RECORD_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class CustodyFacts:
    """What the tab shows of one crossing."""

    timeline: tuple[CustodySpan, ...]
    handoffs: tuple[HandoffRecord, ...]
    inspections: tuple[InspectionRecord, ...]
    seizures: tuple[SeizureRecord, ...]
    undelivered: frozenset[str] = frozenset()
    """Ids of records saved offline that the server does not have yet."""


def load_facts(db: Database, actor: Actor, crossing_id: UUID) -> CustodyFacts:
    """Read the crossing's custody (off the GUI thread)."""
    return CustodyFacts(
        timeline=tuple(handoffs.custody_timeline(db, actor, crossing_id)),
        handoffs=tuple(handoffs.handoffs_of_crossing(db, actor, crossing_id)),
        inspections=tuple(inspections.inspections_of_crossing(db, actor, crossing_id)),
        seizures=tuple(seizures.seizures_of_crossing(db, actor, crossing_id)),
        undelivered=offline.not_yet_delivered(db),
    )


class CustodyTab(QWidget):
    """The custody timeline, the handoffs and records of a crossing, and what to do next."""

    sig_loaded = Signal(object)
    """The custody was (re)loaded; carries the ``CustodyFacts``."""
    sig_changed = Signal(object)
    """An inspection, seizure or handoff was recorded here; carries its record."""

    def __init__(self, session: UiSession, crossing_id: UUID,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._zone = gate_zone(session.workstation.gate_timezone)
        self.crossing_id = crossing_id
        self.facts: CustodyFacts | None = None
        self.dialog: QDialog | None = None
        self._reloads = 0
        """Reloads asked for so far: only the latest one's facts are shown."""
        self.timeline_model = TimelineModel(self._zone, self)
        self.transfer = BundleTransfer(session, self)
        self.receipts = ReceiptPrinter(session, self)
        self._build()
        self.receipts.report_to(self.banner.report)
        self.retranslate_ui()
        self.reload()

    # ---- Construction
    def _build(self) -> None:
        buttons = QHBoxLayout()
        self.inspect_button, self.seize_button = QPushButton(), QPushButton()
        self.hand_over_button, self.hand_seizure_button = QPushButton(), QPushButton()
        self.receipt_button, self.export_button = QPushButton(), QPushButton()
        for button, action, slot in (
            (self.inspect_button, Action.RECORD_INSPECTION, self.record_inspection),
            (self.seize_button, Action.SEIZE_GOODS, self.seize_goods),
            (self.hand_over_button, Action.SEND_HANDOFF, self.hand_over),
            (self.hand_seizure_button, Action.SEND_HANDOFF, self.hand_over_seizure),
            (self.receipt_button, Action.VIEW_CROSSING, self.print_receipt),
            (self.export_button, Action.EXPORT_HANDOFF, self.export_chosen),
        ):
            button.clicked.connect(lambda _c=False, s=slot: s())
            button.setVisible(self._session.may(action))
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.banner = Banner()
        self.timeline_caption, self.handoffs_caption = QLabel(), QLabel()
        self.records_caption = QLabel()
        for caption in (self.timeline_caption, self.handoffs_caption, self.records_caption):
            caption.setProperty("caption", True)
        self.timeline = QTableView()
        self.timeline.setModel(self.timeline_model)
        self.timeline.setWordWrap(True)
        self.timeline.verticalHeader().hide()
        self.timeline.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.timeline.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.timeline.horizontalHeader().setStretchLastSection(True)
        self.timeline.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.Interactive)
        self.timeline.selectionModel().currentRowChanged.connect(self.on_span_chosen)
        keep_choice(self.timeline)
        self.handoff_list = QListWidget()
        self.handoff_list.setWordWrap(True)  # a narrow list wraps rather than hide the state
        self.handoff_list.currentRowChanged.connect(self.on_handoff_chosen)
        self._handoffs_kept = keep_choice(self.handoff_list)
        self.records = QListWidget()
        self.records.setWordWrap(True)
        self._records_kept = keep_choice(self.records)
        self.detail = HandoffDetail(self._session)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.handoffs_caption)
        left_layout.addWidget(self.handoff_list, 2)
        left_layout.addWidget(self.records_caption)
        left_layout.addWidget(self.records, 1)
        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(left)
        lower.addWidget(self.detail)
        lower.setSizes([380, 700])
        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addWidget(self.timeline_caption)
        upper_layout.addWidget(self.timeline)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(upper)
        split.addWidget(lower)
        split.setSizes([220, 520])
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.banner)
        layout.addWidget(split, 1)

    def retranslate_ui(self) -> None:
        """Every text of the tab in the active language."""
        self.inspect_button.setText(_("Record inspection…"))
        self.seize_button.setText(_("Seize goods…"))
        self.hand_over_button.setText(_("Hand over…"))
        self.hand_seizure_button.setText(_("Hand over seizure…"))
        self.hand_seizure_button.setToolTip(_("Hand the selected (or latest) seizure's goods "
                                              "to police or market control"))
        self.receipt_button.setText(_("Print receipt…"))
        self.export_button.setText(_("Export signed bundle…"))
        self.timeline_caption.setText(_("Custody timeline: who held what, from when to when"))
        self.handoffs_caption.setText(_("Handoffs"))
        self.records_caption.setText(_("Inspections and seizures"))
        self.timeline_model.retranslate()
        self.detail.retranslate_ui()
        self._render_lists()

    # ---- Public API
    def reload(self) -> None:
        """Read the custody again."""
        db, actor, crossing_id = self._session.db, self._session.actor, self.crossing_id
        self._reloads += 1
        asked = self._reloads

        def loaded(facts: CustodyFacts) -> None:
            # Reads run two at a time: an older one that ends last would show the past.
            if asked == self._reloads:
                self.on_loaded(facts)

        self._session.tasks.run(lambda: load_facts(db, actor, crossing_id), loaded,
                                self.on_failed)

    def record_inspection(self) -> None:
        """Open the inspection dialog."""
        self._with_choices(lambda c: self._open(
            InspectionDialog(self.crossing_id, c.crossing.reference, self, c.findings),
            lambda form: inspections.record_inspection(self._session.db, self._session.actor,
                                                       form),
            _("Inspection recorded.")))

    def seize_goods(self) -> None:
        """Open the seizure dialog (findings of the latest check, the crossing's photos)."""
        self._with_choices(lambda c: self._open(
            SeizureDialog(c, self._zone, self),
            lambda form: seizures.record_seizure(self._session.db, self._session.actor, form),
            _("Goods seized.")))

    def hand_over(self, seizure_id: UUID | None = None) -> None:
        """Open the handoff dialog, for the crossing or (``seizure_id``) one of its seizures."""
        self._with_choices(lambda c: self._open(
            HandoffDialog(c, self._session.actor.role, self._zone, seizure_id=seizure_id,
                          parent=self),
            lambda form: handoffs.send_handoff(self._session.db, self._session.actor, form),
            _("Handed over; waiting for the receiver.")))

    def hand_over_seizure(self) -> None:
        """Hand over the seizure selected under "Inspections and seizures" (else the latest)."""
        if self.facts is None or not self.facts.seizures:
            self.banner.show_problem(_("There is no seizure of this crossing to hand over."))
            return
        chosen = self.records.currentItem()
        seizure_id = chosen.data(RECORD_ROLE) if chosen is not None else None
        if seizure_id not in {s.seizure_id for s in self.facts.seizures}:
            seizure_id = self.facts.seizures[-1].seizure_id
        self.hand_over(seizure_id)

    def export_chosen(self) -> None:
        """Save the chosen handoff as a signed bundle."""
        record = self.detail.record
        if record is None:
            self.banner.show_problem(_("Choose a handoff to export first."))
            return
        self.transfer.export(record.summary.handoff_id, record.summary.reference)

    def print_receipt(self) -> None:
        """Save the chosen handoff's receipt as a PDF (asks where)."""
        record = self.detail.record
        if record is None:
            self.banner.show_problem(_("Choose a handoff to print first."))
            return
        self.receipts.ask(record.summary.handoff_id, record.summary.reference)

    def choose_handoff(self, handoff_id: UUID) -> None:
        """Show a handoff of the crossing in the detail."""
        if self.facts is None:
            return
        for row, record in enumerate(self.facts.handoffs):
            if record.summary.handoff_id == handoff_id:
                self.handoff_list.setCurrentRow(row)
                self.detail.show_record(record)  # also when the row was current already

    # ---- Slots
    def on_loaded(self, facts: CustodyFacts) -> None:
        """Show the timeline, the handoffs and the records."""
        chosen = self.detail.record.summary.handoff_id if self.detail.record else None
        self.facts = facts
        self.timeline_model.set_rows(facts.timeline)
        self.timeline.resizeColumnsToContents()
        for column in range(self.timeline_model.columnCount()):
            # A long list of goods wraps rather than push the evidence column off screen.
            self.timeline.setColumnWidth(column, min(self.timeline.columnWidth(column), 420))
        self.timeline.resizeRowsToContents()
        self._render_lists()
        if chosen is not None:
            self.choose_handoff(chosen)
        elif facts.handoffs:
            self.handoff_list.setCurrentRow(len(facts.handoffs) - 1)
        self.sig_loaded.emit(facts)

    def on_span_chosen(self, current: QModelIndex, _previous: QModelIndex | None = None) -> None:
        """A span that began with a handoff shows that handoff."""
        handoff_id = current.data(HANDOFF_ID_ROLE) if current.isValid() else None
        if handoff_id is not None:
            self.choose_handoff(handoff_id)

    def on_handoff_chosen(self, row: int) -> None:
        """Show the handoff in the detail."""
        if self.facts is not None and 0 <= row < len(self.facts.handoffs):
            self.detail.show_record(self.facts.handoffs[row])

    def on_failed(self, error: BaseException) -> None:
        """A refusal in the open dialog, else in the banner; a bug takes the crash path."""
        if not isinstance(error, BorderDeskError):
            self._session.tasks.report(error)
            return
        if self.dialog is not None and hasattr(self.dialog, "show_error"):
            self.dialog.show_error(str(error))
            return
        self.banner.show_problem(str(error))

    # ---- Internals
    def _render_lists(self) -> None:
        if self.facts is None:
            return
        self.handoff_list.blockSignals(True)
        with self._handoffs_kept.refilling():
            self._fill_handoffs(self.facts)
        self.handoff_list.blockSignals(False)
        with self._records_kept.refilling():
            self._fill_records(self.facts)

    def _fill_handoffs(self, facts: CustodyFacts) -> None:
        self.handoff_list.clear()
        for record in facts.handoffs:
            s = record.summary
            text = ngettext(
                "{at}  {sender} → {receiver}: {state} ({count} item)",
                "{at}  {sender} → {receiver}: {state} ({count} items)", s.items).format(
                at=full_time_text(s.sent_at, self._zone), sender=custody_label(s.from_agency),
                receiver=custody_label(s.to_agency), state=custody_label(s.state),
                count=s.items)
            if str(s.handoff_id) in facts.undelivered:
                text = _("{handoff} — not yet delivered").format(handoff=text)
            item = QListWidgetItem(text)
            item.setData(RECORD_KEY_ROLE, s.handoff_id)
            self.handoff_list.addItem(item)

    def _fill_records(self, facts: CustodyFacts) -> None:
        self.records.clear()
        for inspection in facts.inspections:
            text = _("{at}  {kind}: {result} — {officer}").format(
                at=full_time_text(inspection.started_at, self._zone),
                kind=custody_label(inspection.kind), result=custody_label(inspection.result),
                officer=inspection.officer)
            if inspection.finding_rules:
                text += "\n" + _("Confirmed: {rules}").format(
                    rules=", ".join(inspection.finding_rules))
            if inspection.unpredicted:
                text += "\n" + _("Found beyond the findings: {what}").format(
                    what=inspection.unpredicted)
            item = QListWidgetItem(text)
            item.setToolTip(text)
            item.setData(RECORD_ROLE, inspection.inspection_id)
            item.setData(RECORD_KEY_ROLE, inspection.inspection_id)
            self.records.addItem(item)
        for seizure in facts.seizures:
            item = QListWidgetItem(ngettext(
                "{at}  Seizure of {count} line, kept at {where}: {reason}",
                "{at}  Seizure of {count} lines, kept at {where}: {reason}",
                len(seizure.lines)).format(
                at=full_time_text(seizure.at, self._zone), count=len(seizure.lines),
                where=seizure.storage_location, reason=seizure.reason))
            item.setData(RECORD_ROLE, seizure.seizure_id)
            item.setData(RECORD_KEY_ROLE, seizure.seizure_id)
            self.records.addItem(item)

    def _with_choices(self, then: Callable[[CustodyChoices], None]) -> None:
        db, actor, crossing_id = self._session.db, self._session.actor, self.crossing_id

        def loaded(choices: CustodyChoices) -> None:
            if self.dialog is None:  # a second click while loading opens one dialog
                then(choices)

        self._session.tasks.run(lambda: load_choices(db, actor, crossing_id), loaded,
                                self.on_failed)

    def _open(self, dialog: InspectionDialog | SeizureDialog | HandoffDialog,
              call: Callable[[Any], object], done_text: str) -> None:
        # ``call`` takes the dialog's own form (InspectionForm, SeizureForm, HandoffForm).
        self.dialog = dialog
        dialog.sig_submitted.connect(lambda form: self._session.tasks.run(
            lambda: call(form), lambda record: self._on_recorded(dialog, record, done_text),
            self.on_failed, write=True))
        dialog.finished.connect(lambda _r, d=dialog: self._closed(d))
        dialog.open()

    def _closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def _on_recorded(self, dialog: QDialog, record: object, text: str) -> None:
        dialog.accept()
        self.banner.show_ok(text)
        if isinstance(record, HandoffRecord):
            self.detail.show_record(record)
        self.reload()
        self.sig_changed.emit(record)

