"""No slip records a decision: the override opens with no channel chosen and never offers the
channel in force; Enter saves nothing without a reason in any dialog that asks why."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from datetime import UTC, datetime
from uuid import uuid4

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog

import borderdesk.ui.crossing
import borderdesk.ui.pages
from borderdesk.domain.crossing import Channel, CrossingAction
from borderdesk.domain.offline import QueuedSaveView, QueuedState
from borderdesk.domain.watchlist import ProhibitedGoods, WatchListKind
from borderdesk.services import watchlists
from borderdesk.services.overrides import PendingOverride
from borderdesk.ui.dialogs.override_dialog import OverrideDialog
from borderdesk.ui.dialogs.reason_dialog import (
    CrossingDecisionDialog,
    OverrideDecisionDialog,
    SettleDialog,
    WithdrawDialog,
)
from borderdesk.ui.dialogs.watchlist_entry_dialog import EntryDialog
from borderdesk.ui.pages.watchlist_page import WatchListPage
from tests.ui.test_check_panel import LINES, crossing_with, manifest_line, open_panel, run

pytestmark = pytest.mark.qt_log_ignore(
    r"This plugin does not support (propagateSizeHints|raise)\(\)"
)


def press_enter(widget):
    QTest.keyClick(widget, Qt.Key.Key_Return)


def test_the_override_opens_with_no_channel_chosen_and_without_the_channel_in_force(qtbot):
    dialog = OverrideDialog(Channel.RED)
    qtbot.addWidget(dialog)
    dialog.show()
    assert Channel.RED not in dialog.channel_buttons
    assert set(dialog.channel_buttons) == {Channel.GREEN, Channel.YELLOW}
    assert dialog.chosen_channel() is None
    assert not any(b.isChecked() for b in dialog.channel_buttons.values())
    assert not dialog.ok_button.isEnabled()

    dialog.reason.setPlainText("Documents verified by phone with the trader")
    assert not dialog.ok_button.isEnabled()  # a reason but no channel
    press_enter(dialog)
    assert dialog.isVisible() and dialog.result() == 0
    dialog.buttons.accepted.emit()
    assert dialog.isVisible() and "Choose the new channel" in dialog.error.text()

    dialog.channel_buttons[Channel.YELLOW].click()
    assert dialog.ok_button.isEnabled() and dialog.chosen_channel() == Channel.YELLOW
    dialog.reason.setPlainText("   ")
    assert not dialog.ok_button.isEnabled()  # blanks are no reason


def test_the_panel_never_offers_the_channel_in_force_even_after_an_override(qtbot, ui_gate):
    crossing_id = crossing_with(ui_gate, [manifest_line(line) for line in LINES])
    panel = open_panel(qtbot, ui_gate, crossing_id)
    run(qtbot, panel)
    checked = panel.record.result.channel
    panel.override_button.click()
    dialog = panel.override_dialog
    assert checked not in dialog.channel_buttons and dialog.chosen_channel() is None
    target = next(iter(dialog.channel_buttons))
    dialog.channel_buttons[target].click()
    dialog.reason.setPlainText("Seal photo unclear; check the documents again")
    with qtbot.waitSignal(panel.sig_overridden, timeout=10_000):
        dialog.ok_button.click()

    panel.override_button.click()
    again = panel.override_dialog
    assert again is not dialog
    assert target not in again.channel_buttons  # the override is what is in force now
    assert checked in again.channel_buttons
    assert again.chosen_channel() is None


def open_watch_lists(qtbot, gate):
    page = WatchListPage(gate.session_for("supervisor1"))
    qtbot.addWidget(page)
    page.resize(1200, 760)
    with qtbot.waitSignal(page.sig_loaded, timeout=10_000):
        page.show()
    return page


def test_enter_never_saves_a_watch_list_edit_without_its_reason(qtbot, ui_gate):
    watchlists.save_entry(ui_gate.db, ui_gate.actor_for("supervisor1"), watchlists.WatchListItem(
        ProhibitedGoods("3604", "Fireworks", "Decree 69/2018/ND-CP"),
        legal_source="Decree 69/2018/ND-CP"), reason="Decree")
    page = open_watch_lists(qtbot, ui_gate)
    page.show_kind(WatchListKind.PROHIBITED)
    page.views[WatchListKind.PROHIBITED].selectRow(0)
    page.edit_selected()
    dialog = page.dialog
    assert isinstance(dialog, EntryDialog)
    submitted: list[object] = []
    dialog.sig_submitted.connect(lambda item, reason: submitted.append(reason))
    dialog.edits["description"].setText("Fireworks and firecrackers")
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
    press_enter(dialog.edits["description"])
    press_enter(dialog.change_reason)
    assert submitted == [] and dialog.isVisible()

    dialog.change_reason.setText("Wording of the 2026 amendment")
    with qtbot.waitSignal(page.sig_changed, timeout=10_000):
        press_enter(dialog.change_reason)
    assert submitted == ["Wording of the 2026 amendment"]
    model = page.models[WatchListKind.PROHIBITED]
    qtbot.waitUntil(lambda: model.item_at(0).change_reason == "Wording of the 2026 amendment",
                    timeout=10_000)


def a_conflict() -> QueuedSaveView:
    return QueuedSaveView(seq=1, queued_at=datetime.now(UTC), action="handoff.accepted",
                          what="Handoff accepted", entity="handoff", entity_id="x",
                          state=QueuedState.CONFLICT, uncertain=False, settled_at=None,
                          conflict=None)


def a_lowered_channel() -> PendingOverride:
    return PendingOverride(override_id=uuid4(), crossing_id=uuid4(), reference="LA-261208-ABCDE",
                           plate="74C-123.45", trader="Cong ty TNHH ABC",
                           from_channel=Channel.RED, channel=Channel.GREEN,
                           asked_by="Phạm Thị Hải", reason="Niêm phong nguyên vẹn",
                           at=datetime.now(UTC), own=False)


@pytest.mark.parametrize("make", [
    lambda: WithdrawDialog("3604 Fireworks"),
    lambda: SettleDialog(a_conflict()),
    lambda: OverrideDialog(Channel.RED),
    lambda: OverrideDecisionDialog(a_lowered_channel(), approve=False),
    lambda: CrossingDecisionDialog(CrossingAction.RELEASE_HOLD, "LA-261208-ABCDE"),
    lambda: CrossingDecisionDialog(CrossingAction.CANCEL, "LA-261208-ABCDE"),
], ids=["withdraw", "settle", "override", "refuse-lowering", "release-hold", "cancel"])
def test_enter_in_a_reason_dialog_records_nothing_without_a_reason(qtbot, make):
    dialog = make()
    qtbot.addWidget(dialog)
    if isinstance(dialog, OverrideDialog):
        dialog.channel_buttons[Channel.YELLOW].click()
    decided: list[str] = []
    dialog.accepted.connect(lambda: decided.append("accepted"))
    dialog.sig_submitted.connect(lambda: decided.append("submitted"))
    dialog.show()
    assert not dialog.ok_button.isEnabled()
    press_enter(dialog)
    press_enter(dialog.reason)  # a new line in the reason, no decision
    assert decided == [] and dialog.isVisible()

    dialog.reason.setPlainText("Checked with the supervisor")
    assert dialog.ok_button.isEnabled()
    dialog.ok_button.click()
    assert decided in (["accepted"], ["submitted"])


def test_approving_a_lowered_channel_needs_no_reason_but_refusing_does(qtbot):
    approve = OverrideDecisionDialog(a_lowered_channel(), approve=True)
    refuse = OverrideDecisionDialog(a_lowered_channel(), approve=False)
    for dialog in (approve, refuse):
        qtbot.addWidget(dialog)
        dialog.show()
    assert approve.ok_button.isEnabled()
    assert not refuse.ok_button.isEnabled()
    assert "LA-261208-ABCDE" in refuse.heading.text()


def _modules(package):
    for info in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
        yield importlib.import_module(info.name)


def test_every_dialog_lives_in_the_dialogs_package():
    """A page or a crossing tab opens dialogs; it does not define them."""
    found = [f"{module.__name__}.{name}"
             for package in (borderdesk.ui.pages, borderdesk.ui.crossing)
             for module in _modules(package)
             for name, value in vars(module).items()
             if inspect.isclass(value) and issubclass(value, QDialog)
             and value.__module__ == module.__name__]
    assert found == []
