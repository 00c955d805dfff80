"""The receiver's answers to a handoff: accept with an item checklist, dispute, or return.

The dialogs only collect what the officer says; the page runs the service
and shows a refusal back in the dialog (``show_error``), which stays open.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from borderdesk.domain.custody import HandoffRecord, ItemConfirmation, custody_label
from borderdesk.i18n import N_, _, ngettext
from borderdesk.ui.dialogs.form_parts import error_line, ok_cancel
from borderdesk.ui.models.handoff_models import quantity_text

_COLUMNS = (N_("Item"), N_("Quantity"), N_("Seal"), N_("Count OK"), N_("Seal intact"),
            N_("Remark"))
COUNT_COLUMN, SEAL_COLUMN, REMARK_COLUMN = 3, 4, 5


class ItemChecklist(QTableWidget):
    """One row per item: count OK, seal intact, a remark. An unticked box is a discrepancy."""

    def __init__(self, record: HandoffRecord, parent: QWidget | None = None) -> None:
        super().__init__(len(record.items), len(_COLUMNS), parent)
        self.record = record
        self.verticalHeader().hide()
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setWordWrap(True)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(REMARK_COLUMN, QHeaderView.ResizeMode.Stretch)
        fixed = Qt.ItemFlag.ItemIsEnabled
        for row, item in enumerate(record.items):
            what = QTableWidgetItem(f"{custody_label(item.kind)}: {item.description}")
            what.setToolTip(item.reference)
            for column, cell in enumerate((what, QTableWidgetItem(
                    quantity_text(item.quantity, item.unit)), QTableWidgetItem(item.seal_no))):
                cell.setFlags(fixed)
                self.setItem(row, column, cell)
            count = QTableWidgetItem()
            count.setFlags(fixed | Qt.ItemFlag.ItemIsUserCheckable)
            count.setCheckState(Qt.CheckState.Checked)
            self.setItem(row, COUNT_COLUMN, count)
            seal = QTableWidgetItem()
            if item.seal_no:
                seal.setFlags(fixed | Qt.ItemFlag.ItemIsUserCheckable)
                seal.setCheckState(Qt.CheckState.Checked)
            else:
                seal.setFlags(Qt.ItemFlag.NoItemFlags)  # no seal to look at
            self.setItem(row, SEAL_COLUMN, seal)
            remark = QTableWidgetItem()
            remark.setFlags(fixed | Qt.ItemFlag.ItemIsEditable)
            self.setItem(row, REMARK_COLUMN, remark)
        self.resizeRowsToContents()
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        """Headers in the active language."""
        self.setHorizontalHeaderLabels([_(c) for c in _COLUMNS])
        for row, item in enumerate(self.record.items):
            if not item.seal_no:
                self.cell(row, SEAL_COLUMN).setText(_("no seal"))

    def cell(self, row: int, column: int) -> QTableWidgetItem:
        """The cell at ``row``, ``column`` (every cell is filled at construction)."""
        item = self.item(row, column)
        assert item is not None
        return item

    def set_checked(self, row: int, *, count_ok: bool = True, seal_intact: bool = True,
                    remark: str = "") -> None:
        """Tick or untick one item's boxes and write its remark (as an officer would)."""
        state = {True: Qt.CheckState.Checked, False: Qt.CheckState.Unchecked}
        self.cell(row, COUNT_COLUMN).setCheckState(state[count_ok])
        if self.record.items[row].seal_no:
            self.cell(row, SEAL_COLUMN).setCheckState(state[seal_intact])
        self.cell(row, REMARK_COLUMN).setText(remark)

    def confirmations(self) -> tuple[ItemConfirmation, ...]:
        """What the officer found, item by item."""
        found = []
        for row, item in enumerate(self.record.items):
            seal = self.cell(row, SEAL_COLUMN)
            found.append(ItemConfirmation(
                item_id=item.item_id,
                count_ok=self.cell(row, COUNT_COLUMN).checkState() == Qt.CheckState.Checked,
                seal_intact=(not item.seal_no
                             or seal.checkState() == Qt.CheckState.Checked),
                remark=self.cell(row, REMARK_COLUMN).text().strip(),
            ))
        return tuple(found)


class _ReplyDialog(QDialog):
    """A heading, the dialog's own fields, a line for refusals and OK / Cancel."""

    sig_submitted = Signal()
    """OK was pressed and what the dialog asks for is there; the page calls the service."""

    def __init__(self, record: HandoffRecord, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.record = record
        self.heading = QLabel()
        self.heading.setObjectName("reply_heading")
        self.heading.setWordWrap(True)
        self.error = error_line()
        self.buttons = ok_cancel(self, self.on_ok)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(self.heading)

    def _finish_layout(self) -> None:
        self.layout_.addWidget(self.error)
        self.layout_.addWidget(self.buttons)
        self.retranslate_ui()

    @property
    def ok_button(self) -> QPushButton:
        """The button that submits."""
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def retranslate_ui(self) -> None:
        """Every text of the dialog in the active language."""
        summary = self.record.summary
        self.heading.setText(ngettext("{reference}: {count} item from {agency} ({officer})",
                                      "{reference}: {count} items from {agency} ({officer})",
                                      summary.items).format(
            reference=summary.reference, count=summary.items,
            agency=custody_label(summary.from_agency), officer=summary.from_officer))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))

    def show_error(self, text: str) -> None:
        """Say why the answer was refused; the dialog stays open."""
        self.error.setText(text)
        self.error.show()
        self.ok_button.setEnabled(True)

    def on_ok(self) -> None:
        """Submit when complete, else say what is missing."""
        problem = self.problem()
        if problem:
            self.show_error(problem)
            return
        self.error.hide()
        self.ok_button.setEnabled(False)  # until the service answers
        self.sig_submitted.emit()

    def problem(self) -> str:
        """What is missing before OK may submit ("" when nothing)."""
        return ""


class AcceptDialog(_ReplyDialog):
    """Take custody: check every item, say what differs, confirm."""

    def __init__(self, record: HandoffRecord, parent: QWidget | None = None) -> None:
        super().__init__(record, parent)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.checklist = ItemChecklist(record)
        self.checklist.itemChanged.connect(lambda _item: self._update_warning())
        self.warning = QLabel()
        self.warning.setProperty("warning", True)
        self.warning.setWordWrap(True)
        self.note_label, self.note = QLabel(), QLineEdit()
        self.note_label.setBuddy(self.note)
        self.confirm = QCheckBox()
        for widget in (self.intro, self.checklist, self.warning, self.note_label, self.note,
                       self.confirm):
            self.layout_.addWidget(widget)
        self.layout_.setStretchFactor(self.checklist, 1)
        self.setMinimumSize(760, 420)
        self._finish_layout()
        self._update_warning()

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.setWindowTitle(_("Accept the handoff"))
        self.intro.setText(_("Count every item and look at its seal. Untick what is not as "
                             "handed over and say why: it is recorded against that item."))
        self.checklist.retranslate_ui()
        self.note_label.setText(_("&Note (optional)"))
        self.confirm.setText(_("I have checked every item and take custody of them"))
        self.ok_button.setText(_("Accept"))
        self._update_warning()

    def _update_warning(self) -> None:
        wrong = sum(c.discrepancy for c in self.checklist.confirmations())
        self.warning.setText(
            ngettext("{count} item will be recorded with a discrepancy.",
                     "{count} items will be recorded with a discrepancy.", wrong).format(
                count=wrong)
            if wrong else "")
        self.warning.setVisible(bool(wrong))

    def problem(self) -> str:
        if not self.confirm.isChecked():
            return _("Tick the box to confirm you checked every item.")
        missing = [c for c in self.checklist.confirmations() if c.discrepancy and not c.remark]
        if missing:
            return _("Say in the remark what is wrong with each unticked item.")
        return ""

    def confirmations(self) -> tuple[ItemConfirmation, ...]:
        """The officer's check of each item."""
        return self.checklist.confirmations()

    def note_text(self) -> str:
        """The note, trimmed."""
        return self.note.text().strip()


class DisputeDialog(_ReplyDialog):
    """Refuse to take custody as handed over: the reason and the items in question."""

    def __init__(self, record: HandoffRecord, parent: QWidget | None = None) -> None:
        super().__init__(record, parent)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.checklist = ItemChecklist(record)
        self.reason_label, self.reason = QLabel(), QPlainTextEdit()
        self.reason.setMaximumHeight(90)
        self.reason_label.setBuddy(self.reason)
        for widget in (self.intro, self.checklist, self.reason_label, self.reason):
            self.layout_.addWidget(widget)
        self.layout_.setStretchFactor(self.checklist, 1)
        self.setMinimumSize(760, 440)
        self._finish_layout()

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.setWindowTitle(_("Dispute the handoff"))
        self.intro.setText(_("Untick what is in question on each item; the sender sees it."))
        self.checklist.retranslate_ui()
        self.reason_label.setText(_("&Reason (required)"))
        self.ok_button.setText(_("Dispute"))

    def reason_text(self) -> str:
        """The reason, trimmed."""
        return self.reason.toPlainText().strip()

    def confirmations(self) -> tuple[ItemConfirmation, ...]:
        """The items in question: those with a box unticked, with what was found."""
        return tuple(c for c in self.checklist.confirmations() if c.discrepancy)

    def problem(self) -> str:
        if not self.confirmations():
            return _("Untick a box on each item in question.")
        return "" if self.reason_text() else _("Write why the handoff is disputed.")


class ReturnDialog(_ReplyDialog):
    """Send a handoff back unaccepted (wrong agency, not ours to take): a reason."""

    def __init__(self, record: HandoffRecord, parent: QWidget | None = None) -> None:
        super().__init__(record, parent)
        self.reason_label = QLabel()
        self.reason = QLineEdit()
        self.reason_label.setBuddy(self.reason)
        self.layout_.addWidget(self.reason_label)
        self.layout_.addWidget(self.reason)
        self.setMinimumWidth(520)
        self._finish_layout()

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.setWindowTitle(_("Return the handoff"))
        self.reason_label.setText(_("Why is it returned to the sender? (required)"))
        self.ok_button.setText(_("Return"))

    def reason_text(self) -> str:
        """The reason, trimmed."""
        return self.reason.text().strip()

    def problem(self) -> str:
        return "" if self.reason_text() else _("Write why the handoff is returned.")
