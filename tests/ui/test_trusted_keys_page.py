"""The administrators' trusted keys: the workstation's own key, add with the fingerprint
shown for comparison, refusals kept in the dialog, revoke after a confirmation."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from borderdesk.custody.signing import fingerprint, new_private_key, public_key_hex
from borderdesk.domain.keys import KeyKind
from borderdesk.services import keys
from borderdesk.ui.dialogs.trusted_key_dialog import AddKeyDialog
from borderdesk.ui.pages.trusted_keys_page import TrustedKeysPage

pytestmark = pytest.mark.qt_log_ignore(
    r"This plugin does not support (propagateSizeHints|raise)\(\)"
)


def open_page(qtbot, gate):
    page = TrustedKeysPage(gate.session_for("admin"))
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    qtbot.waitUntil(lambda: bool(page.own_key), timeout=10_000)
    return page


def ok(dialog):
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()


def test_the_page_shows_this_workstations_key_and_its_fingerprint(qtbot, qtmodeltester, ui_gate):
    page = open_page(qtbot, ui_gate)
    own = keys.own_public_key(ui_gate.db, ui_gate.actor_for("admin"))
    assert page.own_key == own
    assert page.own_fingerprint.text() == fingerprint(own)
    assert page.own_key_label.text().replace(" ", "") == own
    assert page.model.rowCount() == 0 and not page.revoke_button.isEnabled()
    qtmodeltester.check(page.model)


def test_an_administrator_trusts_a_key_after_comparing_its_fingerprint_then_revokes_it(
        qtbot, ui_gate):
    page = open_page(qtbot, ui_gate)
    public = public_key_hex(new_private_key())
    page.add_key()
    dialog = page.dialog
    assert isinstance(dialog, AddKeyDialog)
    dialog.name.setText("Cửa khẩu Cầu Treo")
    dialog.kind.setCurrentIndex(dialog.kind.findData(KeyKind.GATE.value))
    dialog.key.setText(public[:40])
    assert dialog.fingerprint.text() == "(type the whole key)"
    dialog.key.setText("zz" + public[2:])
    ok(dialog)  # not hexadecimal: refused by the service, the dialog stays open
    qtbot.waitUntil(dialog.error.isVisible, timeout=10_000)
    assert "64 hexadecimal digits" in dialog.error.text()
    # Read out in groups of eight, as over the phone: spaces are fine.
    dialog.key.setText(" ".join(public[i:i + 8] for i in range(0, 64, 8)))
    assert dialog.fingerprint.text() == fingerprint(public)
    with qtbot.waitSignal(page.sig_changed, timeout=10_000):
        ok(dialog)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    [trusted] = keys.trusted_keys(ui_gate.db, ui_gate.actor_for("admin"))
    assert (trusted.name, trusted.kind, trusted.public_key) == (
        "Cửa khẩu Cầu Treo", KeyKind.GATE, public)
    assert page.model.index(0, 2).data() == fingerprint(public)
    assert page.model.index(0, 4).data() == "Nguyễn Văn Quản"

    page.table.selectRow(0)
    assert page.revoke_button.isEnabled()
    page.revoke_selected()
    box = page.confirm_box
    assert isinstance(box, QMessageBox) and fingerprint(public) in box.text()
    with qtbot.waitSignal(page.sig_changed, timeout=10_000):
        box.button(QMessageBox.StandardButton.Yes).click()
    [revoked] = keys.trusted_keys(ui_gate.db, ui_gate.actor_for("admin"))
    assert revoked.revoked
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and page.model.row_at(0).revoked,
                    timeout=10_000)
    assert page.model.index(0, 5).data().startswith("revoked")

    page.add_key()  # a revoked key is never trusted again
    dialog = page.dialog
    dialog.name.setText("Cầu Treo again")
    dialog.key.setText(public)
    ok(dialog)
    qtbot.waitUntil(dialog.error.isVisible, timeout=10_000)
    assert "revoked" in dialog.error.text()
    assert len(keys.trusted_keys(ui_gate.db, ui_gate.actor_for("admin"))) == 1


def test_the_administrator_window_has_the_keys_and_the_audit_chain(ui_gate, open_main_window):
    window = open_main_window(ui_gate.session_for("admin"))
    assert {"keys", "audit"} <= set(window.area_keys())
    assert isinstance(window.pages["keys"], TrustedKeysPage)
    guard = open_main_window(ui_gate.session_for("guard1"))
    assert "keys" not in guard.area_keys() and "audit" not in guard.area_keys()
