"""The declaration editor: import a file, correct it, save versions, see what is wrong."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from borderdesk.domain.crossing import ArrivalForm, ContainerEntry, Direction
from borderdesk.services import checks, crossings
from borderdesk.ui.crossing.declaration_editor import LINE_FIELDS, DeclarationEditor

pytestmark = pytest.mark.qt_log_ignore(
    r"This plugin does not support (propagateSizeHints|raise)\(\)"
)

DECLARATION = {
    "declaration_no": "105123456789",
    "type": "import",
    "declared_at": "2026-11-20T08:30:00+07:00",
    "trader": {"name": "Cong ty TNHH ABC", "tax_code": "0101234567"},
    "vehicle": {"plate": "74C-123.45", "container_no": "CSQU3054383", "seal_no": "A123456"},
    "origin_certificate": {"form": "D", "number": "LA-2026-000123",
                           "issued_at": "2026-11-18", "origin_country": "TH"},
    "lines": [
        {"line_no": 1, "hs_code": "190110", "description": "Infant milk formula, 800 g tins",
         "quantity": 1200, "unit": "TIN", "gross_weight_kg": 1100.0, "value": 24000.0,
         "currency": "USD", "origin_country": "TH", "preference": "ATIGA"},
        {"line_no": 2, "hs_code": "210690", "description": "Food supplement, vitamin C",
         "quantity": 300, "unit": "BOX", "gross_weight_kg": 150.0, "value": 3000.0,
         "currency": "USD", "origin_country": "TH", "preference": None},
    ],
}


def register(gate):
    form = ArrivalForm(direction=Direction.IMPORT, lane="1", tractor_plate="74C-123.45",
                       arrived_at=datetime.now(UTC), driver_name="Nguyen Van Tai",
                       driver_document_no="038012345678",
                       containers=(ContainerEntry("CSQU3054383", ("A123456",)),))
    return crossings.register_arrival(gate.db, gate.actor_for("guard1"), form).crossing_id


def open_editor(qtbot, gate, crossing_id, who="customs1"):
    editor = DeclarationEditor(gate.session_for(who), crossing_id)
    qtbot.addWidget(editor)
    editor.resize(1280, 820)
    with qtbot.waitSignal(editor.sig_loaded, timeout=10_000):
        editor.show()
    return editor


def cell(editor, row, field):
    return editor.lines.item(row, LINE_FIELDS.index(field))


def test_a_json_file_is_imported_saved_then_corrected_as_version_two(qtbot, ui_gate, tmp_path):
    crossing_id = register(ui_gate)
    path = tmp_path / "declaration.json"
    path.write_text(json.dumps(DECLARATION), encoding="utf-8")
    editor = open_editor(qtbot, ui_gate, crossing_id)
    with qtbot.waitSignal(editor.sig_loaded, timeout=10_000):
        editor.import_file(path)
    assert editor.declaration_no.text() == "105123456789"
    assert editor.lines.rowCount() == 2
    assert cell(editor, 1, "hs_code").text() == "210690"
    assert editor.certificate_box.isChecked() and editor.co_number.text() == "LA-2026-000123"

    with qtbot.waitSignal(editor.sig_saved, timeout=10_000) as saved:
        editor.save_button.click()
    assert saved.args == [1]
    assert "version 1" in editor.banner.text()

    editor.trader_name.setText("Cong ty TNHH ABC Viet Nam")
    cell(editor, 0, "quantity").setText("1300")
    with qtbot.waitSignal(editor.sig_saved, timeout=10_000) as saved:
        editor.save_button.click()
    assert saved.args == [2]
    latest = checks.latest_declaration(ui_gate.db, ui_gate.actor_for("customs1"), crossing_id)
    assert latest.trader.name == "Cong ty TNHH ABC Viet Nam"
    assert str(latest.lines[0].quantity) == "1300"

    # Opening the crossing again shows the latest version.
    again = open_editor(qtbot, ui_gate, crossing_id)
    assert again.trader_name.text() == "Cong ty TNHH ABC Viet Nam"
    assert cell(again, 0, "quantity").text() == "1300"


def test_a_bad_file_is_named_with_its_line_and_field(qtbot, ui_gate, tmp_path):
    crossing_id = register(ui_gate)
    bad = json.loads(json.dumps(DECLARATION))
    bad["lines"][1]["hs_code"] = "19011"
    path = tmp_path / "bad-declaration.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    editor = open_editor(qtbot, ui_gate, crossing_id)
    editor.import_file(path)
    qtbot.waitUntil(editor.banner.isVisible)
    message = editor.banner.text()
    assert "bad-declaration.json" in message and "19011" in message and "2" in message
    assert editor.declaration_no.text() == ""  # nothing imported half-way


def test_a_wrong_cell_is_marked_and_nothing_is_saved(qtbot, ui_gate, tmp_path):
    crossing_id = register(ui_gate)
    path = tmp_path / "declaration.json"
    path.write_text(json.dumps(DECLARATION), encoding="utf-8")
    editor = open_editor(qtbot, ui_gate, crossing_id)
    with qtbot.waitSignal(editor.sig_loaded, timeout=10_000):
        editor.import_file(path)
    cell(editor, 1, "hs_code").setText("851712")  # dropped by HS 2022
    editor.trader_name.clear()
    editor.save_button.click()
    qtbot.waitUntil(lambda: editor.field_error("trader.name") != "")
    assert "trader.name" in editor.field_error("trader.name")
    editor.trader_name.setText("Cong ty TNHH ABC")
    editor.save_button.click()
    qtbot.waitUntil(lambda: editor.cell_error(1, "hs_code") != "")
    assert "851713" in editor.cell_error(1, "hs_code")  # the HS 2022 candidates are named
    assert checks.latest_declaration(ui_gate.db, ui_gate.actor_for("customs1"),
                                     crossing_id) is None


def test_lines_are_added_and_saved_by_keyboard(qtbot, ui_gate, tmp_path):
    crossing_id = register(ui_gate)
    editor = open_editor(qtbot, ui_gate, crossing_id)
    assert editor.lines.rowCount() == 1  # an empty declaration starts with one line
    editor.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_N,
                   Qt.KeyboardModifier.ControlModifier)
    assert editor.lines.rowCount() == 2
    assert cell(editor, 1, "line_no").text() == "2"
    assert editor.lines.currentColumn() == LINE_FIELDS.index("hs_code")

    path = tmp_path / "declaration.json"
    path.write_text(json.dumps(DECLARATION), encoding="utf-8")
    with qtbot.waitSignal(editor.sig_loaded, timeout=10_000):
        editor.import_file(path)
    editor.trader_name.setFocus()
    with qtbot.waitSignal(editor.sig_saved, timeout=10_000) as saved:
        qtbot.keyClick(editor.trader_name, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert saved.args == [1]
