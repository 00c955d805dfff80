"""Record an inspection of a crossing: documents or physical, what it concluded, notes.

A discrepancy says what was found: the findings of the latest check it
confirmed (ticked) and any violation no finding predicted, so the gate's hit
rates learn which rules find violations and which only stop honest trucks.
"""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from borderdesk.domain.custody import (
    InspectionForm,
    InspectionKind,
    InspectionResult,
    custody_label,
)
from borderdesk.domain.findings import Finding, rule_title
from borderdesk.i18n import _
from borderdesk.ui.dialogs.form_parts import error_line, ok_cancel


class InspectionDialog(QDialog):
    """The inspection form; ``sig_submitted`` carries the ``InspectionForm``."""

    sig_submitted = Signal(object)
    """OK pressed; carries the ``InspectionForm``."""

    def __init__(self, crossing_id: UUID, reference: str,
                 parent: QWidget | None = None, findings: Sequence[Finding] = ()) -> None:
        super().__init__(parent)
        self.crossing_id, self.reference = crossing_id, reference
        self.kind_combo, self.result_combo = QComboBox(), QComboBox()
        for kind in InspectionKind:
            self.kind_combo.addItem("", kind.value)
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(InspectionKind.PHYSICAL.value))
        for result in InspectionResult:
            self.result_combo.addItem("", result.value)
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.findings = QListWidget()
        for finding in dict.fromkeys((f.rule, f.message) for f in findings):
            item = QListWidgetItem(f"{rule_title(finding[0])}: {finding[1]}")
            item.setToolTip(finding[1])
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setData(Qt.ItemDataRole.UserRole, str(finding[0]))
            self.findings.addItem(item)
        self.findings.setMaximumHeight(120)
        self.unpredicted = QLineEdit()
        self.outcome = QLabel()
        self.outcome.setObjectName("inspection_outcome")
        self.outcome.setWordWrap(True)
        self.kind_combo.currentIndexChanged.connect(self.show_outcome)
        self.result_combo.currentIndexChanged.connect(self.show_outcome)
        self.captions = {k: QLabel() for k in ("kind", "result", "findings", "unpredicted",
                                               "notes")}
        form = QFormLayout()
        for key, widget in (("kind", self.kind_combo), ("result", self.result_combo),
                            ("findings", self.findings), ("unpredicted", self.unpredicted),
                            ("notes", self.notes)):
            self.captions[key].setBuddy(widget)
            form.addRow(self.captions[key], widget)
        self.error = error_line()
        self.buttons = ok_cancel(self, self.on_ok)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.outcome)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(640)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        """Every text of the dialog in the active language."""
        self.setWindowTitle(_("Record inspection — {reference}").format(
            reference=self.reference))
        for combo, kind in ((self.kind_combo, InspectionKind),
                            (self.result_combo, InspectionResult)):
            for index in range(combo.count()):
                combo.setItemText(index, custody_label(kind(combo.itemData(index))))
        self.captions["kind"].setText(_("&Kind"))
        self.captions["result"].setText(_("&Result"))
        self.captions["notes"].setText(_("&Notes"))
        self.captions["findings"].setText(_("&Findings confirmed"))
        self.captions["unpredicted"].setText(_("&Violation no finding predicted"))
        self.unpredicted.setPlaceholderText(_("e.g. goods hidden behind the declared cartons"))
        self.findings.setToolTip("" if self.findings.count() else
                                 _("The latest check found nothing to confirm."))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Record"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.show_outcome()

    def show_outcome(self) -> None:
        """Say what recording this conclusion does to the crossing, before it is recorded."""
        result = InspectionResult(self.result_combo.currentData())
        found = result == InspectionResult.DISCREPANCY
        for widget in (self.findings, self.unpredicted, self.captions["findings"],
                       self.captions["unpredicted"]):
            widget.setEnabled(found)
        self.outcome.setText({
            InspectionResult.CLEAR: _("Clear releases the crossing: the truck may leave. A red "
                                      "channel needs a physical inspection. A held crossing "
                                      "stays held."),
            InspectionResult.DISCREPANCY: _("A discrepancy sends the crossing to physical "
                                            "inspection; it stays open."),
            InspectionResult.SEIZURE: _("Record the seizure next: it holds the crossing."),
        }[result])

    def form(self) -> InspectionForm:
        """The inspection as filled in (findings only with a discrepancy)."""
        found = self.result_combo.currentData() == InspectionResult.DISCREPANCY.value
        return InspectionForm(
            crossing_id=self.crossing_id,
            kind=InspectionKind(self.kind_combo.currentData()),
            result=InspectionResult(self.result_combo.currentData()),
            notes=self.notes.toPlainText().strip(),
            finding_rules=self.confirmed() if found else (),
            unpredicted=self.unpredicted.text().strip() if found else "",
        )

    def confirmed(self) -> tuple[str, ...]:
        """The rule ids of the findings ticked as confirmed."""
        return tuple(self.findings.item(i).data(Qt.ItemDataRole.UserRole)
                     for i in range(self.findings.count())
                     if self.findings.item(i).checkState() == Qt.CheckState.Checked)

    def show_error(self, text: str) -> None:
        """Say why the inspection was refused; the dialog stays open."""
        self.error.setText(text)
        self.error.show()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(True)

    def on_ok(self) -> None:
        """Hand the form to the tab, which records it."""
        self.error.hide()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        self.sig_submitted.emit(self.form())
