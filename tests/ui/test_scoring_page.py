"""The supervisor's scoring settings page: the keys in force, a change with its reason, and
the versions that say who changed what."""

from __future__ import annotations

from pathlib import Path

import pytest

from borderdesk.domain.officer import Role
from borderdesk.services.scoring_settings import settings_in_force
from borderdesk.ui.pages.scoring_page import ScoringPage


@pytest.fixture
def page(qtbot, ui_gate) -> ScoringPage:
    page = ScoringPage(ui_gate.session_for(Role.SUPERVISOR))
    qtbot.addWidget(page)
    page.resize(1024, 700)
    page.show()
    qtbot.waitUntil(lambda: bool(page.versions), timeout=10_000)
    return page


def _cell(page: ScoringPage, key: str) -> str:
    keys = [page.settings_table.item(r, 0).text() for r in range(page.settings_table.rowCount())]
    return page.settings_table.item(keys.index(key), 1).text()


def test_every_setting_in_force_is_listed_with_its_version(page: ScoringPage) -> None:
    assert _cell(page, "channel.red_from") == "60"
    assert _cell(page, "channel.red_on_high") == "PROHIBITED_GOODS, FLAGGED_PARTY"
    assert _cell(page, "selectivity.random_rate") == "0"  # the suite's own starting file
    assert "Version 1" in page.version_label.text()
    assert not page.change_button.isEnabled(), "nothing chosen, nothing to change"


def test_a_supervisor_changes_a_setting_with_a_reason_and_sees_the_new_version(
        qtbot, ui_gate, page: ScoringPage, tmp_path: Path) -> None:
    page.select_key("selectivity.random_rate")
    page.change_button.click()
    dialog = page.dialog
    assert dialog is not None and dialog.value.text() == "0"
    dialog.value.setText("0.08")
    assert not dialog.ok_button.isEnabled(), "no change without a reason"
    qtbot.keyClicks(dialog.reason, "more random checks during the campaign month")
    with qtbot.waitSignal(page.sig_loaded, timeout=10_000):
        dialog.ok_button.click()
    assert not dialog.isVisible()
    assert _cell(page, "selectivity.random_rate") == "0.08"
    assert "Version 2" in page.version_label.text()
    assert page.history_table.item(0, 2).text() == "selectivity.random_rate"
    assert page.history_table.item(0, 5).text() == "more random checks during the campaign month"
    version, settings = settings_in_force(ui_gate.db, ui_gate.actor_for(Role.SUPERVISOR))
    assert version == 2 and str(settings.selectivity.random_rate) == "0.08"
    for size in ((1024, 768), (1920, 1080)):
        page.resize(*size)
        page.grab().save(str(tmp_path / f"scoring-{size[0]}.png"))


def test_a_refused_value_is_said_in_the_dialog_and_nothing_typed_is_lost(
        qtbot, page: ScoringPage) -> None:
    page.select_key("channel.red_from")
    page.change_button.click()
    dialog = page.dialog
    assert dialog is not None
    dialog.value.setText("5")
    qtbot.keyClicks(dialog.reason, "try")
    dialog.ok_button.click()
    qtbot.waitUntil(dialog.error.isVisible, timeout=10_000)
    assert "not allowed" in dialog.error.text()
    assert dialog.isVisible() and dialog.value.text() == "5" and dialog.reason_text() == "try"
    assert _cell(page, "channel.red_from") == "60"
