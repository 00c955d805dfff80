"""The declaration editor offers a declaration number read from a code on the crossing's papers;
nothing is written until the officer takes it and saves."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from borderdesk.domain.evidence import EvidenceKind
from borderdesk.services import checks, evidence
from borderdesk.services.code_readings import DeclarationNumberOffer

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit" / "ocr"))
from code_pictures import bench_codes
from test_declaration_editor import open_editor, register

pytestmark = pytest.mark.qt_log_ignore(
    r"This plugin does not support (propagateSizeHints|raise)\(\)"
)


def declaration_photo(number: str) -> bytes:
    page = np.full((1400, 1000), 248, np.uint8)
    bar = bench_codes().printed(number, "Code128", 3)
    page[150 : 150 + bar.shape[0], 80 : 80 + bar.shape[1]] = bar
    out = io.BytesIO()
    Image.fromarray(page).save(out, format="PNG")
    return out.getvalue()


def test_a_number_read_from_a_code_is_offered_then_taken_and_saved_only_by_the_officer(
        qtbot, ui_gate):
    crossing_id = register(ui_gate)
    evidence.attach_evidence(ui_gate.db, ui_gate.actor_for("customs1"), crossing_id,
                             declaration_photo("105123456789"), EvidenceKind.DOCUMENT)
    editor = open_editor(qtbot, ui_gate, crossing_id)
    qtbot.waitUntil(lambda: editor.code_offer_row.isVisibleTo(editor), timeout=20_000)
    assert editor.code_offer_label.text() == (
        "Read from a code on the crossing's papers: 105123456789 — confirm")
    assert editor.declaration_no.text() == ""
    actor = ui_gate.actor_for("customs1")
    assert checks.latest_declaration(ui_gate.db, actor, crossing_id) is None

    qtbot.mouseClick(editor.use_code_button, Qt.MouseButton.LeftButton)
    assert editor.declaration_no.text() == "105123456789"
    assert not editor.code_offer_row.isVisibleTo(editor)
    assert "taken from the code" in editor.banner.text()
    assert checks.latest_declaration(ui_gate.db, actor, crossing_id) is None


def test_no_offer_without_a_code_or_when_the_number_is_typed(qtbot, ui_gate):
    crossing_id = register(ui_gate)
    blank = io.BytesIO()
    Image.new("L", (640, 480), 200).save(blank, format="PNG")
    evidence.attach_evidence(ui_gate.db, ui_gate.actor_for("customs1"), crossing_id,
                             blank.getvalue(), EvidenceKind.DOCUMENT)
    editor = open_editor(qtbot, ui_gate, crossing_id)
    assert all(runner.wait_for_done() for runner in ui_gate.runners)
    QApplication.processEvents()  # the offers' answer is delivered through the event loop
    assert not editor.code_offer_row.isVisibleTo(editor)
    editor.declaration_no.setText("105000000001")
    editor.on_code_offers((DeclarationNumberOffer("105123456789", "ab" * 32, 0),))
    assert not editor.code_offer_row.isVisibleTo(editor)
