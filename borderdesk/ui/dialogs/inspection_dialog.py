"""Record an inspection of a crossing: documents or physical, what it concluded, notes."""

from __future__ import annotations

from uuid import UUID

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
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
from borderdesk.i18n import _
from borderdesk.ui.dialogs.form_parts import error_line, ok_cancel


class InspectionDialog(QDialog):
    """The inspection form; ``sig_submitted`` carries the ``InspectionForm``."""

    sig_submitted = Signal(object)
    """OK pressed; carries the ``InspectionForm``."""

    def __init__(self, crossing_id: UUID, reference: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.crossing_id, self.reference = crossing_id, reference
        self.kind_combo, self.result_combo = QComboBox(), QComboBox()
        for kind in InspectionKind:
            self.kind_combo.addItem("", kind.value)
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(InspectionKind.PHYSICAL.value))
        for result in InspectionResult:
            self.result_combo.addItem("", result.value)
        self.notes = QPlainTextEdit()
        self.outcome = QLabel()
        self.outcome.setObjectName("inspection_outcome")
        self.outcome.setWordWrap(True)
        self.kind_combo.currentIndexChanged.connect(self.show_outcome)
        self.result_combo.currentIndexChanged.connect(self.show_outcome)
        self.captions = {k: QLabel() for k in ("kind", "result", "notes")}
        form = QFormLayout()
        for key, widget in (("kind", self.kind_combo), ("result", self.result_combo),
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
        self.setMinimumWidth(520)
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
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Record"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.show_outcome()

    def show_outcome(self) -> None:
        """Say what recording this conclusion does to the crossing, before it is recorded."""
        result = InspectionResult(self.result_combo.currentData())
        self.outcome.setText({
            InspectionResult.CLEAR: _("Clear releases the crossing: the truck may leave. A red "
                                      "channel needs a physical inspection. A held crossing "
                                      "stays held."),
            InspectionResult.DISCREPANCY: _("A discrepancy sends the crossing to physical "
                                            "inspection; it stays open."),
            InspectionResult.SEIZURE: _("Record the seizure next: it holds the crossing."),
        }[result])

    def form(self) -> InspectionForm:
        """The inspection as filled in."""
        return InspectionForm(
            crossing_id=self.crossing_id,
            kind=InspectionKind(self.kind_combo.currentData()),
            result=InspectionResult(self.result_combo.currentData()),
            notes=self.notes.toPlainText().strip(),
        )

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
