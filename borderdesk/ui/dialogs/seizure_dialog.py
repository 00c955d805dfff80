"""Seize goods at an inspection: lines, reason, where they are kept, seals, findings, photos.

The findings of the latest check that justify the seizure are ticked by the
officer; so are the photos that document it. The page records the form and
shows a refusal (a line without a unit, an unknown seal) back here.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from uuid import UUID
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from borderdesk.domain.custody import SeizedLine, SeizureForm, custody_label
from borderdesk.domain.findings import rule_title
from borderdesk.errors import UserInputError
from borderdesk.i18n import N_, _
from borderdesk.ui.dialogs.form_parts import error_line, ok_cancel
from borderdesk.ui.kit.gate_time import full_time_text
from borderdesk.ui.models.custody_choices import CustodyChoices

_COLUMNS = (N_("Goods"), N_("HS code"), N_("Quantity"), N_("Unit"), N_("Bag / seal no."))
VALUE_ROLE = Qt.ItemDataRole.UserRole + 1


class SeizureDialog(QDialog):
    """The seizure form; ``sig_submitted`` carries the ``SeizureForm`` to record."""

    sig_submitted = Signal(object)
    """OK pressed with the lines readable; carries the ``SeizureForm``."""

    def __init__(self, choices: CustodyChoices, zone: ZoneInfo,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choices = choices
        self._zone = zone
        self.lines = QTableWidget(1, len(_COLUMNS))
        self.lines.verticalHeader().hide()
        header = self.lines.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.lines.setMinimumHeight(130)
        self.add_line_button, self.remove_line_button = QPushButton(), QPushButton()
        self.add_line_button.clicked.connect(self.add_line)
        self.remove_line_button.clicked.connect(self.remove_line)
        self.reason = QPlainTextEdit()
        self.reason.setMaximumHeight(70)
        self.storage = QLineEdit()
        self.seals = QLineEdit()
        self.inspection = QComboBox()
        self.inspection.addItem("", "")
        for record in choices.inspections:
            self.inspection.addItem(f"{full_time_text(record.started_at, zone)} — "
                                    f"{custody_label(record.kind)}, "
                                    f"{custody_label(record.result)}",
                                    str(record.inspection_id))
        if choices.inspections:
            self.inspection.setCurrentIndex(self.inspection.count() - 1)
        self.findings = QListWidget()
        for finding in choices.findings:
            item = QListWidgetItem(f"{rule_title(finding.rule)}: {finding.message}")
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setData(VALUE_ROLE, str(finding.rule))
            self.findings.addItem(item)
        self.photos = QListWidget()
        for photo in choices.photos:
            item = QListWidgetItem(f"{full_time_text(photo.captured_at, zone)} — "
                                   f"{photo.sha256[:16]}…")
            item.setToolTip(photo.sha256)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setData(VALUE_ROLE, photo.sha256)
            self.photos.addItem(item)
        for box in (self.findings, self.photos):
            box.setMaximumHeight(110)
        self.captions = {k: QLabel() for k in ("lines", "reason", "storage", "seals",
                                               "inspection", "findings", "photos")}
        self.error = error_line()
        self.buttons = ok_cancel(self, self.on_ok)
        self._lay_out()
        self.setMinimumSize(760, 680)
        self.retranslate_ui()

    def _lay_out(self) -> None:
        line_buttons = QHBoxLayout()
        line_buttons.addWidget(self.captions["lines"], 1)
        line_buttons.addWidget(self.add_line_button)
        line_buttons.addWidget(self.remove_line_button)
        form = QFormLayout()
        for key, widget in (("reason", self.reason), ("storage", self.storage),
                            ("seals", self.seals), ("inspection", self.inspection),
                            ("findings", self.findings), ("photos", self.photos)):
            self.captions[key].setBuddy(widget)
            form.addRow(self.captions[key], widget)
        layout = QVBoxLayout(self)
        layout.addLayout(line_buttons)
        layout.addWidget(self.lines, 1)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def retranslate_ui(self) -> None:
        """Every text of the dialog in the active language."""
        self.setWindowTitle(_("Seize goods — {reference}").format(
            reference=self.choices.crossing.reference))
        self.lines.setHorizontalHeaderLabels([_(c) for c in _COLUMNS])
        texts = {"lines": _("Goods seized"), "reason": _("&Reason"),
                 "storage": _("&Kept at"), "seals": _("Seal &numbers"),
                 "inspection": _("At &inspection"), "findings": _("&Findings behind it"),
                 "photos": _("&Photos")}
        for key, text in texts.items():
            self.captions[key].setText(text)
        self.storage.setPlaceholderText(_("e.g. Customs store B, cage 4"))
        self.seals.setPlaceholderText(_("Comma between: VN2611842, VN2611843"))
        self.inspection.setItemText(0, _("None"))
        if not self.choices.findings:
            self.findings.setToolTip(_("No check has been run on this crossing."))
        self.add_line_button.setText(_("Add line"))
        self.remove_line_button.setText(_("Remove line"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Seize"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))

    # ---- Public API
    def add_line(self) -> None:
        """One more empty line of goods."""
        self.lines.insertRow(self.lines.rowCount())

    def remove_line(self) -> None:
        """Remove the selected line (the last one when none is selected)."""
        row = self.lines.currentRow()
        self.lines.removeRow(row if row >= 0 else self.lines.rowCount() - 1)

    def set_line(self, row: int, *texts: str) -> None:
        """Type a line: goods, HS code, quantity, unit, bag/seal number."""
        while self.lines.rowCount() <= row:
            self.add_line()
        for column, text in enumerate(texts):
            self.lines.setItem(row, column, QTableWidgetItem(text))

    def tick(self, box: QListWidget, value: str) -> None:
        """Tick the finding (rule id) or photo (SHA-256) ``value``."""
        for index in range(box.count()):
            if box.item(index).data(VALUE_ROLE) == value:
                box.item(index).setCheckState(Qt.CheckState.Checked)

    def form(self) -> SeizureForm:
        """The seizure as filled in.

        Raises:
            UserInputError: a quantity that is not a number, naming its line.
        """
        inspection = self.inspection.currentData()
        return SeizureForm(
            crossing_id=self.choices.crossing.crossing_id,
            lines=self._lines(),
            reason=self.reason.toPlainText().strip(),
            storage_location=self.storage.text().strip(),
            seal_nos=tuple(s.strip() for s in self.seals.text().replace(";", ",").split(",")
                           if s.strip()),
            finding_rules=_ticked(self.findings),
            evidence_sha256=_ticked(self.photos),
            inspection_id=UUID(inspection) if inspection else None,
        )

    def show_error(self, text: str) -> None:
        """Say why the seizure was refused; the dialog stays open."""
        self.error.setText(text)
        self.error.show()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(True)

    def on_ok(self) -> None:
        """Submit what can be read; the service judges the rest."""
        try:
            form = self.form()
        except UserInputError as error:
            self.show_error(str(error))
            return
        self.error.hide()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        self.sig_submitted.emit(form)

    # ---- Internals
    def _text(self, row: int, column: int) -> str:
        item = self.lines.item(row, column)
        return item.text().strip() if item is not None else ""

    def _lines(self) -> tuple[SeizedLine, ...]:
        lines = []
        for row in range(self.lines.rowCount()):
            texts = [self._text(row, c) for c in range(len(_COLUMNS))]
            if not any(texts):
                continue  # an empty row left over is not a line
            try:
                quantity = Decimal(texts[2].replace(",", ".") or "0")
            except InvalidOperation:
                raise UserInputError(_("seized line {n}: the quantity is not a number.")
                                     .format(n=row + 1)) from None
            lines.append(SeizedLine(description=texts[0], hs_code=texts[1], quantity=quantity,
                                    unit=texts[3].upper(), bag_seal_no=texts[4]))
        return tuple(lines)


def _ticked(box: QListWidget) -> tuple[str, ...]:
    return tuple(box.item(i).data(VALUE_ROLE) for i in range(box.count())
                 if box.item(i).checkState() == Qt.CheckState.Checked)
