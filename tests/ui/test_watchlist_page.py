"""The supervisors' watch lists: add, edit, see the history, withdraw only with a reason."""

from __future__ import annotations

import pytest

from borderdesk.domain.watchlist import ProhibitedGoods, WatchListKind
from borderdesk.errors import PermissionDenied
from borderdesk.services import watchlists
from borderdesk.ui.dialogs.reason_dialog import WithdrawDialog
from borderdesk.ui.dialogs.watchlist_entry_dialog import EntryDialog
from borderdesk.ui.pages.watchlist_page import WatchListPage

pytestmark = pytest.mark.qt_log_ignore(
    r"This plugin does not support (propagateSizeHints|raise)\(\)"
)


def open_page(qtbot, gate, who="supervisor1"):
    page = WatchListPage(gate.session_for(who))
    qtbot.addWidget(page)
    page.resize(1200, 760)
    with qtbot.waitSignal(page.sig_loaded, timeout=10_000):
        page.show()
    return page


def history_texts(page):
    model = page.history_view.model()
    return [[model.index(r, c).data() for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def test_a_supervisor_adds_edits_and_withdraws_an_entry_with_its_history(qtbot, ui_gate):
    page = open_page(qtbot, ui_gate)
    page.show_kind(WatchListKind.PROHIBITED)
    page.add_entry()
    dialog = page.dialog
    assert isinstance(dialog, EntryDialog)
    dialog.edits["hs_prefix"].setText("9303")
    dialog.edits["description"].setText("Sporting and hunting guns")
    dialog.edits["legal_source"].setText("Decree 69/2018/ND-CP, Appendix I")
    dialog.change_reason.setText("Added by the decree")
    with qtbot.waitSignal(page.sig_changed, timeout=10_000):
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: page.selected_item() is not None
                    and page.selected_item().entry.hs_prefix == "9303")
    model = page.models[WatchListKind.PROHIBITED]
    assert model.rowCount() == 1
    assert "Decree 69/2018/ND-CP, Appendix I" in [model.index(0, c).data()
                                      for c in range(model.columnCount())]

    page.edit_selected()
    dialog = page.dialog
    assert dialog.edits["hs_prefix"].text() == "9303"
    dialog.edits["description"].setText("Guns of all kinds")
    dialog.change_reason.setText("Wider wording of the decree")
    with qtbot.waitSignal(page.sig_changed, timeout=10_000):
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: len(history_texts(page)) == 2)
    first, second = history_texts(page)
    assert "Trần Thị Giám" in first and "added" in first and "Sporting and hunting guns" in first
    assert "edited" in second and "Guns of all kinds" in second
    assert "Wider wording of the decree" in second
    assert model.rowCount() == 1  # an edit replaces, it does not add

    page.withdraw_selected()
    reason = page.dialog
    assert isinstance(reason, WithdrawDialog)
    assert not reason.ok_button.isEnabled()  # no reason yet
    reason.buttons.accepted.emit()  # even if OK were pressed: refused without a reason
    assert reason.isVisible() and reason.error.text()
    reason.reason.setPlainText("Moved to the licence list")
    with qtbot.waitSignal(page.sig_changed, timeout=10_000):
        reason.buttons.button(reason.buttons.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: model.rowCount() == 0)
    history = watchlists.entry_history(ui_gate.db, ui_gate.actor_for("supervisor1"),
                                       second_id(ui_gate))
    assert [i.active for i in history] == [True, True, False]
    assert history[-1].change_reason == "Moved to the licence list"


def second_id(gate):
    items = watchlists.list_entries(gate.db, gate.actor_for("supervisor1"),
                                    include_withdrawn=True)
    return items[0].entry_id


def test_a_refused_entry_keeps_the_dialog_open_with_the_reason(qtbot, ui_gate):
    page = open_page(qtbot, ui_gate)
    page.add_entry()
    dialog = page.dialog
    dialog.edits["hs_prefix"].setText("93")
    dialog.edits["description"].setText("Weapons")
    dialog.change_reason.setText("Hotline tip")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()  # no legal source
    qtbot.waitUntil(dialog.error.isVisible)
    assert "legal source" in dialog.error.text()
    assert page.models[WatchListKind.PROHIBITED].rowCount() == 0


def test_a_customs_officer_sees_the_lists_but_cannot_change_them(qtbot, qtmodeltester, ui_gate):
    supervisor = ui_gate.actor_for("supervisor1")
    watchlists.save_entry(ui_gate.db, supervisor, watchlists.WatchListItem(
        ProhibitedGoods("3604", "Fireworks", "Decree 69/2018/ND-CP"),
        legal_source="Decree 69/2018/ND-CP"))
    page = open_page(qtbot, ui_gate, "customs1")
    assert page.models[WatchListKind.PROHIBITED].rowCount() == 1
    qtmodeltester.check(page.models[WatchListKind.PROHIBITED])
    assert not page.add_button.isVisible() and not page.withdraw_button.isVisible()
    item = page.models[WatchListKind.PROHIBITED].item_at(0)
    with pytest.raises(PermissionDenied):
        watchlists.withdraw_entry(ui_gate.db, ui_gate.actor_for("customs1"), item.entry_id,
                                  "no")
