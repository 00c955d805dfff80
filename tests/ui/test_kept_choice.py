"""A reload keeps the chosen record chosen in every list, by id: when rows move the choice
follows its record, when the record leaves nothing is chosen and no detail shows it as it was."""

from __future__ import annotations

from dataclasses import replace

import pytest

from borderdesk.custody.signing import new_private_key, public_key_hex
from borderdesk.domain.custody import HandoffState
from borderdesk.domain.officer import NewOfficer, Role
from borderdesk.domain.watchlist import ProhibitedGoods, WatchListKind
from borderdesk.services import keys, officers, watchlists
from borderdesk.ui.dialogs.handoff_reply_dialog import AcceptDialog
from borderdesk.ui.pages.officers_page import OfficersPage
from borderdesk.ui.pages.trusted_keys_page import TrustedKeysPage
from borderdesk.ui.pages.watchlist_page import WatchListPage
from tests.ui.handoff_kit import arrival, send
from tests.ui.test_handoff_inbox import backdate, open_inbox

pytestmark = pytest.mark.qt_log_ignore(
    r"This plugin does not support (propagateSizeHints|raise)\(\)"
)


def reload_inbox(qtbot, page):
    with qtbot.waitSignal(page.sig_loaded, timeout=10_000):
        page.refresh()


def test_after_accepting_a_handoff_its_receipt_stays_offered_across_reloads(qtbot, ui_gate):
    overdue = send(ui_gate, arrival(ui_gate, "74C-111.11"), note="overdue one")
    mine = send(ui_gate, arrival(ui_gate, "74C-222.22"), note="the one accepted")
    backdate(ui_gate, overdue.summary.handoff_id, 300)
    page = open_inbox(qtbot, ui_gate)
    assert page.model.row_at(1).handoff_id == mine.summary.handoff_id
    page.table.selectRow(1)
    qtbot.waitUntil(lambda: page.detail.record is not None
                    and page.detail.record.summary.handoff_id == mine.summary.handoff_id,
                    timeout=10_000)

    page.accept_chosen()
    dialog = page.dialog
    assert isinstance(dialog, AcceptDialog)
    dialog.confirm.setChecked(True)
    with qtbot.waitSignal(page.sig_answered, timeout=10_000):
        dialog.ok_button.click()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    for _poll in range(2):  # the main window's HandoffWatch reloads the inbox now and then
        reload_inbox(qtbot, page)
        page._session.tasks.wait_for_done()
        qtbot.wait(50)

    assert page.chosen_id() is None  # its row left the pending list: nothing is chosen
    shown = page.detail.record
    assert shown is not None and shown.summary.handoff_id == mine.summary.handoff_id
    assert shown.summary.state == HandoffState.ACCEPTED  # as it is now, not as it was
    asked: list[object] = []
    page.receipts.ask = lambda handoff_id, reference: asked.append(handoff_id)
    assert page.receipt_button.isEnabled()
    page.receipt_button.click()
    assert asked == [mine.summary.handoff_id]
    assert not page.accept_button.isEnabled()


def test_a_chosen_handoff_stays_chosen_when_an_older_one_arrives_above_it(qtbot, ui_gate):
    first = send(ui_gate, arrival(ui_gate, "74C-111.11"), note="first")
    second = send(ui_gate, arrival(ui_gate, "74C-222.22"), note="second")
    page = open_inbox(qtbot, ui_gate)
    page.choose(second.summary.handoff_id)
    older = send(ui_gate, arrival(ui_gate, "74C-333.33"), note="older")
    backdate(ui_gate, older.summary.handoff_id, 60)  # sorts first: every row moves down
    reload_inbox(qtbot, page)
    assert [page.model.row_at(r).note for r in range(3)] == ["older", "first", "second"]
    assert page.chosen_id() == second.summary.handoff_id
    assert first.summary.handoff_id != page.chosen_id()


def open_watch_lists(qtbot, gate):
    page = WatchListPage(gate.session_for("supervisor1"))
    qtbot.addWidget(page)
    page.resize(1200, 760)
    with qtbot.waitSignal(page.sig_loaded, timeout=10_000):
        page.show()
    return page


def test_a_watch_list_entry_stays_chosen_when_another_workstation_edits_the_list(
        qtbot, ui_gate):
    supervisor = ui_gate.actor_for("supervisor1")
    guns = watchlists.save_entry(ui_gate.db, supervisor, watchlists.WatchListItem(
        ProhibitedGoods("9303", "Guns", "Decree 69/2018/ND-CP"),
        legal_source="Decree 69/2018/ND-CP"))
    watchlists.save_entry(ui_gate.db, supervisor, watchlists.WatchListItem(
        ProhibitedGoods("3604", "Fireworks", "Decree 69/2018/ND-CP"),
        legal_source="Decree 69/2018/ND-CP"))
    page = open_watch_lists(qtbot, ui_gate)
    page.show_kind(WatchListKind.PROHIBITED)
    view = page.views[WatchListKind.PROHIBITED]
    view.selectRow(1)
    assert page.selected_item().entry.description == "Fireworks"

    # Edited elsewhere, the guns' new version sorts last: the fireworks move to row 0.
    watchlists.save_entry(ui_gate.db, supervisor, replace(
        guns, entry=ProhibitedGoods("9303", "Guns of all kinds", "Decree 69/2018/ND-CP")),
        reason="Wider wording")
    with qtbot.waitSignal(page.sig_loaded, timeout=10_000):
        page.reload()
    assert page.selected_item() is not None
    assert page.selected_item().entry.description == "Fireworks"
    assert page.edit_button.isEnabled()

    watchlists.withdraw_entry(ui_gate.db, supervisor, page.selected_item().entry_id,
                              "Lifted by decree")
    with qtbot.waitSignal(page.sig_loaded, timeout=10_000):
        page.reload()
    assert page.selected_item() is None  # it left the list: nothing chosen, no old history
    assert not view.selectionModel().hasSelection()
    assert not page.edit_button.isEnabled() and not page.withdraw_button.isEnabled()
    assert page.history_view.model().rowCount() == 0


def test_a_trusted_key_stays_chosen_when_a_key_sorting_before_it_is_added(qtbot, ui_gate):
    admin = ui_gate.actor_for("admin")
    keys.trust_key(ui_gate.db, admin, "Cửa khẩu Cầu Treo", "gate",
                   public_key_hex(new_private_key()))
    page = TrustedKeysPage(ui_gate.session_for("admin"))
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    page.table.selectRow(0)
    chosen = page.selected_key()
    keys.trust_key(ui_gate.db, admin, "Bờ Y", "gate", public_key_hex(new_private_key()))
    page.reload()
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=10_000)
    assert page.model.row_at(1).key_id == chosen.key_id  # it moved down a row
    assert page.selected_key() is not None and page.selected_key().key_id == chosen.key_id
    assert page.revoke_button.isEnabled()


def test_an_officer_stays_chosen_when_an_officer_sorting_before_is_added(qtbot, ui_gate):
    page = OfficersPage(ui_gate.session_for("admin"))
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.sig_loaded, timeout=10_000):
        page.show()
    names = [o.username for o in page.officers]
    page.select_username("police1")
    chosen_row = names.index("police1")
    officers.create_officer(ui_gate.db, ui_gate.actor_for("admin"), NewOfficer(
        "aaa_first", "Vũ Văn Đầu", Role.POLICE_OFFICER, "laobao2026-first"))
    with qtbot.waitSignal(page.sig_loaded, timeout=10_000):
        page.refresh()
    assert [o.username for o in page.officers].index("police1") != chosen_row
    assert page.selected() is not None and page.selected().username == "police1"
