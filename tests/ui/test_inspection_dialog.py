"""The inspection form says what a discrepancy found: the findings it confirmed and any
violation no finding predicted; a clear result confirms nothing."""

from __future__ import annotations

import uuid
from pathlib import Path

from PySide6.QtCore import Qt

from borderdesk.domain.custody import InspectionResult
from borderdesk.domain.findings import Finding, Rule, Severity
from borderdesk.ui.dialogs.inspection_dialog import InspectionDialog

FINDINGS = (
    Finding(Rule.QUANTITY_MISMATCH, Severity.MEDIUM, "Line 2: declared 60 BAG, manifest 80 BAG",
            line=2),
    Finding(Rule.LICENCE_REQUIRED, Severity.MEDIUM, "Infant formula needs a licence", line=1),
)


def _dialog(qtbot) -> InspectionDialog:
    dialog = InspectionDialog(uuid.uuid4(), "LB-261207-7F3K2", findings=FINDINGS)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_a_discrepancy_records_the_findings_ticked_and_the_violation_nobody_predicted(
        qtbot, tmp_path: Path) -> None:
    dialog = _dialog(qtbot)
    dialog.result_combo.setCurrentIndex(dialog.result_combo.findData(
        InspectionResult.DISCREPANCY.value))
    assert dialog.findings.isEnabled() and dialog.unpredicted.isEnabled()
    assert dialog.findings.count() == 2
    assert dialog.findings.item(0).text().startswith("Quantity differs: Line 2")
    dialog.findings.item(0).setCheckState(Qt.CheckState.Checked)
    dialog.unpredicted.setText("  20 bags of MSG behind the rice  ")
    form = dialog.form()
    assert form.finding_rules == ("QUANTITY_MISMATCH",)
    assert form.unpredicted == "20 bags of MSG behind the rice"
    dialog.grab().save(str(tmp_path / "inspection-dialog.png"))


def test_a_clear_result_confirms_nothing_whatever_was_ticked_before(qtbot) -> None:
    dialog = _dialog(qtbot)
    dialog.result_combo.setCurrentIndex(dialog.result_combo.findData(
        InspectionResult.DISCREPANCY.value))
    dialog.findings.item(1).setCheckState(Qt.CheckState.Checked)
    dialog.unpredicted.setText("something")
    dialog.result_combo.setCurrentIndex(dialog.result_combo.findData(
        InspectionResult.CLEAR.value))
    assert not dialog.findings.isEnabled() and not dialog.unpredicted.isEnabled()
    form = dialog.form()
    assert form.finding_rules == () and form.unpredicted == ""
