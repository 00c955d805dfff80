"""The findings and side-by-side lines models: what the officer reads in each cell."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from PySide6.QtCore import Qt

from borderdesk.domain.crossing import Channel
from borderdesk.domain.declaration import Declaration, DeclarationLine, DeclaredVehicle, Trader
from borderdesk.domain.findings import CheckResult, Contribution, Finding, Rule, Severity
from borderdesk.domain.manifest import ManifestLine
from borderdesk.ui.models.findings_model import Column as FindingColumn
from borderdesk.ui.models.findings_model import FindingsModel, evidence_lines
from borderdesk.ui.models.lines_compare_model import Column, LinesCompareModel

DECLARED = (
    DeclarationLine(1, "190110", "Infant milk formula", Decimal(1200), "TIN",
                    Decimal(1100), Decimal(24000), "USD", "TH"),
    DeclarationLine(2, "210690", "Food supplement", Decimal(300), "BOX",
                    Decimal(150), Decimal(3000), "USD", "TH"),
    DeclarationLine(3, "330499", "Skin cream", Decimal(50), "CTN",
                    Decimal(200), Decimal(5000), "USD", "KR"),
)
MANIFEST = (
    # Order differs on purpose: pairs are by goods, not by line number.
    ManifestLine(1, "Food supplement", "210690", Decimal(300), "BOX", Decimal(150)),
    ManifestLine(2, "Infant milk formula", "190110", Decimal(1500), "TIN", Decimal(1100)),
    ManifestLine(3, "Used tyres", "401220", Decimal(40), "PCE", Decimal(900)),
)
QUANTITY = Finding(Rule.QUANTITY_MISMATCH, Severity.HIGH,
                   "Line 1: declared 1200 TIN, manifest 1500 TIN.", 1,
                   {"declaration_line": 1, "manifest_line": 2})
MISSING = Finding(Rule.MISSING_LINE, Severity.MEDIUM, "Declared line 3 is not on the manifest.",
                  3, {"declaration_line": 3})
UNDECLARED = Finding(Rule.UNDECLARED_LINE, Severity.HIGH, "Manifest line 3 is not declared.",
                     None, {"manifest_line": 3})
RESULT = CheckResult(Channel.RED, 87, (QUANTITY, MISSING, UNDECLARED),
                     (Contribution(0, 30), Contribution(1, 20), Contribution(2, 37)))


def declaration(lines=DECLARED):
    return Declaration("105123456789", "import", datetime(2026, 11, 20, 1, 30, tzinfo=UTC),
                       Trader("Cong ty TNHH ABC", "0101234567"), DeclaredVehicle("74C-123.45"),
                       None, lines)


def test_findings_show_rule_severity_points_and_colour(qtmodeltester):
    model = FindingsModel()
    model.set_result(RESULT)
    qtmodeltester.check(model)
    assert model.rowCount() == 3
    assert model.index(0, FindingColumn.RULE).data() == "Quantity differs"
    assert model.index(0, FindingColumn.RULE).data(Qt.ItemDataRole.ToolTipRole).startswith(
        "QUANTITY_MISMATCH: ")
    assert model.index(0, FindingColumn.SEVERITY).data() == "High"
    assert model.index(0, FindingColumn.POINTS).data() == "+30"
    assert model.index(2, FindingColumn.LINE).data() == "—"
    high = model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole).color().name()
    medium = model.index(1, 0).data(Qt.ItemDataRole.BackgroundRole).color().name()
    assert high != medium


def test_evidence_names_declared_and_manifest_lines():
    assert evidence_lines(QUANTITY) == ({1}, {2})
    assert evidence_lines(MISSING) == ({3}, set())
    assert evidence_lines(UNDECLARED) == (set(), {3})
    bare = Finding(Rule.UNDECLARED_LINE, Severity.HIGH, "x", 4)
    assert evidence_lines(bare) == (set(), {4})


def test_matched_lines_share_a_row_and_mismatching_cells_are_marked(qtmodeltester):
    model = LinesCompareModel()
    model.set_lines(DECLARED, MANIFEST, RESULT.findings)
    qtmodeltester.check(model)
    rows = [(r.declared.line_no if r.declared else None, r.manifest.line_no if r.manifest else None)
            for r in (model.row_at(i) for i in range(model.rowCount()))]
    assert rows == [(1, 2), (2, 1), (3, None), (None, 3)]

    assert model.index(0, Column.D_QUANTITY).data() == "1200 TIN"
    assert model.index(0, Column.M_QUANTITY).data() == "1500 TIN"
    assert model.index(0, Column.M_QUANTITY).data(Qt.ItemDataRole.ToolTipRole) == QUANTITY.message
    assert model.index(0, Column.M_QUANTITY).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert model.index(0, Column.D_WEIGHT).data(Qt.ItemDataRole.ToolTipRole) is None
    assert model.index(1, Column.D_QUANTITY).data(Qt.ItemDataRole.ToolTipRole) is None
    assert model.index(2, Column.M_LINE).data() == ""  # missing: the manifest side is empty
    assert model.index(3, Column.D_LINE).data() == ""  # undeclared: the declared side is empty
    assert model.index(3, Column.M_DESCRIPTION).data(Qt.ItemDataRole.ToolTipRole)
    assert model.rows_for(QUANTITY) == [0]
    assert model.rows_for(UNDECLARED) == [3]


def test_a_declared_line_split_over_two_manifest_lines_takes_two_rows():
    split = (
        ManifestLine(1, "Infant milk formula", "190110", Decimal(600), "TIN", Decimal(550)),
        ManifestLine(2, "Infant milk formula", "190110", Decimal(600), "TIN", Decimal(550)),
    )
    evidence = Finding(Rule.WEIGHT_MISMATCH, Severity.LOW, "weight", 1,
                       {"declaration_line": 1, "manifest_lines": [1, 2]})
    model = LinesCompareModel()
    model.set_lines(DECLARED[:1], split, (evidence,))
    assert model.rowCount() == 2
    assert model.index(0, Column.D_LINE).data() == "1"
    assert model.index(1, Column.D_LINE).data() == "↳"
    assert model.rows_for(evidence) == [0, 1]
    assert (0, Column.M_WEIGHT) in model.marked_cells()
    assert (1, Column.M_WEIGHT) in model.marked_cells()
    assert declaration().lines == DECLARED
