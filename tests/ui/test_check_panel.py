"""The check panel: run the cross-checks, read the channel and the findings, override it."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from borderdesk.domain.crossing import ArrivalForm, Channel, ContainerEntry, Direction
from borderdesk.domain.declaration import Declaration, DeclarationLine, DeclaredVehicle, Trader
from borderdesk.domain.findings import Rule
from borderdesk.domain.manifest import Manifest, ManifestLine
from borderdesk.errors import PermissionDenied, UserInputError
from borderdesk.services import checks, crossings, overrides
from borderdesk.storage.models import Manifest as ManifestRow
from borderdesk.storage.models import ManifestLine as ManifestLineRow
from borderdesk.ui.crossing.check_panel import CheckPanel
from borderdesk.ui.dialogs.override_dialog import OverrideDialog
from borderdesk.ui.models.findings_model import evidence_lines
from borderdesk.ui.models.lines_compare_model import Column

pytestmark = pytest.mark.qt_log_ignore(
    r"This plugin does not support (propagateSizeHints|raise)\(\)"
)

PLATE, CONTAINER, SEAL = "74C-123.45", "CSQU3054383", "A123456"
LINES = (
    DeclarationLine(1, "690721", "Ceramic floor tiles 60x60", Decimal(800), "MTK",
                    Decimal(16000), Decimal(9600), "USD", "CN"),
    DeclarationLine(2, "940161", "Upholstered wooden chairs", Decimal(120), "PCE",
                    Decimal(1800), Decimal(7200), "USD", "CN"),
    DeclarationLine(3, "732393", "Stainless steel cooking pots", Decimal(400), "PCE",
                    Decimal(900), Decimal(4000), "USD", "CN"),
)


def declaration(lines=LINES):
    return Declaration("105123456789", "import", datetime(2026, 11, 20, 1, 30, tzinfo=UTC),
                       Trader("Cong ty TNHH Gom Su Lao Bao", "0101234567"),
                       DeclaredVehicle(PLATE, CONTAINER, SEAL), None, lines)


def manifest_of(lines):
    return Manifest(document_no="INV-2026-118", date=date(2026, 11, 19),
                    consignor="Foshan Ceramics Co.", consignee="Cong ty TNHH Gom Su Lao Bao",
                    vehicle_plate=PLATE, container_no=CONTAINER, seal_no=SEAL, lines=lines)


def manifest_line(line, **changes):
    base = ManifestLine(line.line_no, line.description, line.hs_code, line.quantity, line.unit,
                        line.gross_weight_kg, line.value, line.currency, line.origin_country)
    return replace(base, **changes)


def crossing_with(gate, manifest_lines):
    form = ArrivalForm(direction=Direction.IMPORT, lane="2", tractor_plate=PLATE,
                       arrived_at=datetime.now(UTC), driver_name="Nguyen Van Tai",
                       driver_document_no="038012345678",
                       containers=(ContainerEntry(CONTAINER, (SEAL,)),))
    crossing_id = crossings.register_arrival(gate.db, gate.actor_for("guard1"), form).crossing_id
    customs = gate.actor_for("customs1")
    checks.save_declaration(gate.db, customs, crossing_id, declaration())
    store_manifest(gate, customs, crossing_id, manifest_of(tuple(manifest_lines)))
    return crossing_id


def store_manifest(gate, actor, crossing_id, manifest):
    """A manifest typed from a carrier's list: no image, so stored straight in its tables."""
    stamp = {"workstation_id": actor.workstation_id, "created_by": actor.officer_id}
    with gate.db.session() as session:
        row = ManifestRow(crossing_id=crossing_id, version=1, document_no=manifest.document_no,
                          document_date=manifest.date, consignor=manifest.consignor,
                          consignee=manifest.consignee, vehicle_plate=manifest.vehicle_plate,
                          container_no=manifest.container_no, seal_no=manifest.seal_no,
                          confidence={}, **stamp)
        session.add(row)
        session.flush()
        session.add_all(ManifestLineRow(
            manifest_id=row.id, line_no=m.line_no, hs_code=m.hs_code,
            description=m.description, quantity=m.quantity, unit=m.unit,
            gross_weight_kg=m.gross_weight_kg, value=m.value, currency=m.currency,
            origin_country=m.origin_country, confidence={}, **stamp,
        ) for m in manifest.lines)


def open_panel(qtbot, gate, crossing_id, who="customs1"):
    panel = CheckPanel(gate.session_for(who), crossing_id)
    qtbot.addWidget(panel)
    panel.resize(1280, 820)
    with qtbot.waitSignal(panel.sig_loaded, timeout=10_000):
        panel.show()
    return panel


def run(qtbot, panel):
    with qtbot.waitSignal(panel.sig_checked, timeout=20_000):
        panel.run_button.click()


def test_a_matching_pair_is_green_with_no_findings(qtbot, ui_gate):
    crossing_id = crossing_with(ui_gate, [manifest_line(line) for line in reversed(LINES)])
    panel = open_panel(qtbot, ui_gate, crossing_id)
    assert panel.badge.text() == "Not checked"
    run(qtbot, panel)
    assert [f.message for f in panel.record.result.findings] == []
    assert panel.badge_channel() == Channel.GREEN
    assert "GREEN" in panel.badge.text()
    assert panel.findings_model.rowCount() == 0
    assert panel.lines_model.rowCount() == 3  # line order on the manifest does not matter
    assert panel.lines_model.marked_cells() == []
    assert all(panel.lines_model.row_at(r).declared.line_no
               == panel.lines_model.row_at(r).manifest.line_no for r in range(3))
    # Offline the lists are this workstation's copy: the result names the version it used.
    version = panel.record.result.watch_list_version
    assert version and f"Watch lists: {version}" in panel.summary.text()


def test_a_mismatching_pair_lists_findings_marks_cells_and_selects_lines(qtbot, ui_gate):
    manifest_lines = [
        manifest_line(LINES[0], quantity=Decimal(1400), gross_weight_kg=Decimal(28000)),
        manifest_line(LINES[1]),
        ManifestLine(3, "Fireworks, assorted cakes", "360410", Decimal(50), "CTN",
                     Decimal(700), Decimal(2500), "USD", "CN"),
    ]
    crossing_id = crossing_with(ui_gate, manifest_lines)
    panel = open_panel(qtbot, ui_gate, crossing_id)
    run(qtbot, panel)
    result = panel.record.result
    rules = {f.rule for f in result.findings}
    assert {Rule.QUANTITY_MISMATCH, Rule.MISSING_LINE, Rule.UNDECLARED_LINE} <= rules
    assert panel.badge_channel() == Channel.RED
    assert panel.findings_model.rowCount() == len(result.findings)
    points = [panel.findings_model.points_at(r) for r in range(len(result.findings))]
    assert sum(points) >= result.score > 0

    model = panel.lines_model
    row = next(r for r in range(model.rowCount())
               if model.row_at(r).declared and model.row_at(r).declared.line_no == 1)
    tip = model.index(row, Column.M_QUANTITY).data(Qt.ItemDataRole.ToolTipRole)
    quantity = next(f for f in result.findings if f.rule == Rule.QUANTITY_MISMATCH)
    assert quantity.message in tip
    assert (row, Column.D_QUANTITY) in model.marked_cells()

    for index, finding in enumerate(result.findings):
        panel.findings_view.selectRow(index)
        panel.on_finding_chosen(panel.findings_model.index(index, 0))
        selected = panel.selected_line_rows()
        declared, manifest = evidence_lines(finding)
        if not declared and not manifest:
            continue
        assert selected, finding
        for r in selected:
            shown = model.row_at(r)
            assert (shown.declared and shown.declared.line_no in declared) or (
                shown.manifest and shown.manifest.line_no in manifest)
        if finding.rule == Rule.UNDECLARED_LINE:
            assert [model.row_at(r).manifest.line_no for r in selected] == [3]
            assert model.row_at(selected[0]).declared is None


def test_override_needs_a_reason_and_is_shown_in_the_panel(qtbot, ui_gate):
    crossing_id = crossing_with(ui_gate, [manifest_line(line) for line in LINES])
    panel = open_panel(qtbot, ui_gate, crossing_id)
    run(qtbot, panel)
    panel.override_button.click()
    dialog = panel.override_dialog
    assert isinstance(dialog, OverrideDialog)
    dialog.channel_buttons[Channel.YELLOW].click()
    assert not dialog.ok_button.isEnabled()  # no reason yet
    dialog.buttons.accepted.emit()
    assert dialog.isVisible() and dialog.error.text()  # refused: no reason
    with pytest.raises(UserInputError):
        overrides.override_channel(ui_gate.db, ui_gate.actor_for("customs1"), crossing_id,
                                Channel.YELLOW, "  ")

    dialog.reason.setPlainText("Seal photo unclear; check the documents again")
    with qtbot.waitSignal(panel.sig_overridden, timeout=10_000):
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert panel.badge_channel() == Channel.YELLOW
    assert panel.override_label.text() == (
        "Overridden to yellow by Phạm Thị Hải: Seal photo unclear; check the documents again")

    # Another officer opening the crossing reads the same.
    again = open_panel(qtbot, ui_gate, crossing_id, "supervisor1")
    assert again.badge_channel() == Channel.YELLOW
    assert "Phạm Thị Hải" in again.override_label.text()
    assert not again.run_button.isVisible()


def test_a_border_guard_cannot_run_checks(qtbot, ui_gate):
    crossing_id = crossing_with(ui_gate, [manifest_line(line) for line in LINES])
    panel = open_panel(qtbot, ui_gate, crossing_id, "guard1")
    assert not panel.run_button.isVisible()
    assert not panel.override_button.isVisible()
    with pytest.raises(PermissionDenied):
        checks.run_check(ui_gate.db, ui_gate.actor_for("guard1"), crossing_id)
