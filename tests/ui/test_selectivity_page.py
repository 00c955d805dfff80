"""The supervisor's selectivity page: hit rates and a suggested factor applied with a reason,
officers and their integrity figures, at booth and desk screen sizes."""

from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path

import pytest
from lifecycle_kit import DECLARATION, MANIFEST

from borderdesk.documents.manifest_json import manifest_from_dict
from borderdesk.domain.custody import InspectionForm, InspectionKind, InspectionResult
from borderdesk.domain.officer import Role
from borderdesk.json_input import load_json
from borderdesk.services.checks import parse_declaration_bytes, run_check, save_declaration
from borderdesk.services.crossings import register_arrival
from borderdesk.services.inspections import record_inspection
from borderdesk.services.manifests import save_manifest
from borderdesk.services.scoring_settings import settings_in_force
from borderdesk.ui.pages.selectivity_page import SelectivityPage
from tests.services.gate_kit import arrival

SHOTS = Path(os.environ.get("BORDERDESK_SHOTS", "")) if os.environ.get("BORDERDESK_SHOTS") \
    else None


def _checked(ui_gate, field: str):
    """A crossing whose declaration's first line differs in ``field``, checked; its id."""
    customs = ui_gate.actor_for(Role.CUSTOMS_OFFICER)
    crossing = register_arrival(ui_gate.db, ui_gate.actor_for(Role.BORDER_GUARD), arrival())
    data = json.loads(DECLARATION.read_text(encoding="utf-8"))
    data["lines"][0][field] = 1500 if field == "quantity" else 1000.0
    save_declaration(ui_gate.db, customs, crossing.crossing_id,
                     parse_declaration_bytes(json.dumps(data).encode(), "declaration.json"))
    save_manifest(ui_gate.db, customs, crossing.crossing_id, manifest_from_dict(
        load_json(MANIFEST.read_text(encoding="utf-8")), source_name=MANIFEST.name))
    run_check(ui_gate.db, customs, crossing.crossing_id)
    return crossing.crossing_id


@pytest.fixture
def page(qtbot, ui_gate) -> SelectivityPage:
    # Ten quantity mismatches inspected, eight confirmed; two value mismatches, both clear:
    # the gate finds 8 of 12 at fault, the quantity rule 8 of 10.
    # Every check before any inspection: a confirmed violation weighs on the trader's next
    # checks (its history), and these must stay in the yellow channel.
    crossings = [_checked(ui_gate, "quantity") for _n in range(10)] + \
        [_checked(ui_gate, "value") for _n in range(2)]
    for n, crossing_id in enumerate(crossings):
        confirmed = n < 8
        record_inspection(ui_gate.db, ui_gate.actor_for(Role.CUSTOMS_OFFICER), InspectionForm(
            crossing_id, InspectionKind.DOCUMENTS,
            InspectionResult.DISCREPANCY if confirmed else InspectionResult.CLEAR, "",
            ("QUANTITY_MISMATCH",) if confirmed else ()))
    page = SelectivityPage(ui_gate.session_for(Role.SUPERVISOR))
    qtbot.addWidget(page)
    page.resize(1024, 700)
    page.show()
    qtbot.waitUntil(lambda: page.stats is not None, timeout=20_000)
    return page


def _row(page: SelectivityPage, rule: str) -> list[str]:
    table = page.rules_table
    for row in range(table.rowCount()):
        if table.item(row, 0).text().endswith(f"({rule})"):
            return [table.item(row, c).text() for c in range(table.columnCount())]
    raise AssertionError(f"{rule} is not listed")


def test_hit_rates_and_a_suggested_factor_are_shown_per_rule(page: SelectivityPage,
                                                            tmp_path: Path) -> None:
    assert _row(page, "QUANTITY_MISMATCH") == ["Quantity differs (QUANTITY_MISMATCH)", "10", "10",
                                               "8", "80 %", "1", "1.2"]
    # Two inspections say too little: nothing suggested.
    assert _row(page, "VALUE_MISMATCH") == ["Value differs (VALUE_MISMATCH)", "2", "2", "0", "0 %",
                                            "1", "—"]
    assert "12 crossings, 12 inspected, 8 found at fault (67 %)" in page.summary_label.text()
    assert not page.apply_button.isEnabled(), "no rule chosen, nothing to apply"
    page.select_rule("VALUE_MISMATCH")
    assert not page.apply_button.isEnabled(), "no suggestion for this rule"
    officers = page.officers_table
    assert [officers.item(0, c).text() for c in range(6)] == [
        "Phạm Thị Hải", "12", "0", "0", "12", "8"]
    for size in ((1024, 768), (1920, 1080)):
        page.resize(*size)
        for index in (0, 1):
            page.tabs.setCurrentIndex(index)
            image = page.grab()
            assert image.width() == size[0]
            image.save(str((SHOTS or tmp_path) / f"selectivity-{size[0]}-{index}.png"))


def test_a_suggested_factor_is_applied_only_with_a_reason(qtbot, ui_gate,
                                                         page: SelectivityPage) -> None:
    page.select_rule("QUANTITY_MISMATCH")
    assert page.apply_button.isEnabled()
    page.apply_button.click()
    dialog = page.dialog
    assert dialog is not None and dialog.value.text() == "1.2"
    assert not dialog.ok_button.isEnabled(), "no change without a reason"
    qtbot.keyClicks(dialog.reason, "8 of 10 quantity mismatches confirmed this month")
    with qtbot.waitSignal(page.sig_loaded, timeout=20_000):
        dialog.ok_button.click()
    assert not dialog.isVisible()
    _version, settings = settings_in_force(ui_gate.db, ui_gate.actor_for(Role.SUPERVISOR))
    assert {str(k): v for k, v in settings.weights.rule_factors.items()}[
        "QUANTITY_MISMATCH"] == Decimal("1.2")
    assert _row(page, "QUANTITY_MISMATCH")[5] == "1.2"


def test_a_period_ending_before_it_starts_is_said_and_the_figures_stay(
        qtbot, ui_gate, caplog) -> None:
    page = SelectivityPage(ui_gate.session_for(Role.SUPERVISOR))
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.stats is not None, timeout=20_000)
    shown = page.stats
    page.from_edit.setDate(page.to_edit.date().addDays(1))
    page.show_button.click()
    qtbot.waitUntil(page.show_button.isEnabled, timeout=20_000)
    assert "after it ends" in caplog.text
    assert page.stats is shown
    assert "0 crossings" in page.summary_label.text()
