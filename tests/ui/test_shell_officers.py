"""The administrator's officers page: create, disable, reset a password."""

from __future__ import annotations

import pytest

from borderdesk.domain.officer import Role
from borderdesk.errors import LoginRefused
from borderdesk.services import auth
from borderdesk.ui.pages.officers_page import OfficersPage


@pytest.fixture
def page(qtbot, ui_gate) -> OfficersPage:
    session = ui_gate.session_for(Role.ADMINISTRATOR)
    page = OfficersPage(session)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: len(page.officers) == 6, timeout=10_000)
    return page


def _usernames(page: OfficersPage) -> list[str]:
    return [page.table.item(row, 0).text() for row in range(page.table.rowCount())]


def test_lists_every_officer_with_role(page: OfficersPage) -> None:
    assert _usernames(page) == sorted(
        ["admin", "customs1", "guard1", "market1", "police1", "supervisor1"]
    )
    row = _usernames(page).index("guard1")
    assert page.table.item(row, 2).text() == "Border guard"
    assert page.table.item(row, 4).text() == "Yes"


def test_administrator_creates_an_officer_who_can_log_in(qtbot, ui_gate, page) -> None:
    page.new_button.click()
    dialog = page.new_officer_dialog
    qtbot.keyClicks(dialog.username_edit, "guard7")
    dialog.full_name_edit.setText("Vũ Thị Lan")  # QTest types Latin-1 only
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findData(Role.BORDER_GUARD))
    qtbot.keyClicks(dialog.badge_edit, "BP-0077")
    qtbot.keyClicks(dialog.password_edit, "laocai2026!")
    qtbot.keyClicks(dialog.password_again_edit, "laocai2026!")
    with qtbot.waitSignal(page.sig_loaded, timeout=10_000):
        dialog.save_button.click()
    assert "guard7" in _usernames(page)
    actor = auth.log_in(ui_gate.db, ui_gate.workstation, "guard7", "laocai2026!")
    assert actor.full_name == "Vũ Thị Lan"


def test_differing_passwords_are_marked_and_nothing_created(qtbot, page) -> None:
    page.new_button.click()
    dialog = page.new_officer_dialog
    qtbot.keyClicks(dialog.username_edit, "guard8")
    dialog.full_name_edit.setText("Ngô Văn Tám")
    qtbot.keyClicks(dialog.password_edit, "laocai2026!")
    qtbot.keyClicks(dialog.password_again_edit, "laocai2026?")
    dialog.save_button.click()
    assert dialog.invalid_fields() == {"password_again"}
    assert dialog.isVisible()


def test_taken_username_is_marked_by_the_service(qtbot, page) -> None:
    page.new_button.click()
    dialog = page.new_officer_dialog
    qtbot.keyClicks(dialog.username_edit, "guard1")
    qtbot.keyClicks(dialog.full_name_edit, "Someone Else")
    qtbot.keyClicks(dialog.password_edit, "laocai2026!")
    qtbot.keyClicks(dialog.password_again_edit, "laocai2026!")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.invalid_fields() == {"username"}, timeout=10_000)
    assert "taken" in dialog.message_label.text()


def test_administrator_disables_an_officer_who_then_cannot_log_in(qtbot, ui_gate, page) -> None:
    page.select_username("customs1")
    assert page.toggle_button.text() == "Disable"
    with qtbot.waitSignal(page.sig_loaded, timeout=10_000):
        page.toggle_button.click()
    row = _usernames(page).index("customs1")
    assert page.table.item(row, 4).text() == "No"
    assert page.toggle_button.text() == "Enable"
    with pytest.raises(LoginRefused):
        auth.log_in(ui_gate.db, ui_gate.workstation, "customs1", "laobao2026")


def test_administrator_resets_a_password(qtbot, ui_gate, page) -> None:
    page.select_username("police1")
    page.reset_button.click()
    dialog = page.reset_dialog
    qtbot.keyClicks(dialog.password_edit, "quangtri-2026")
    qtbot.keyClicks(dialog.password_again_edit, "quangtri-2026")
    with qtbot.waitSignal(page.sig_loaded, timeout=10_000):
        dialog.save_button.click()
    assert auth.log_in(ui_gate.db, ui_gate.workstation, "police1", "quangtri-2026")


@pytest.mark.pg
def test_on_a_gate_server_the_page_asks_for_the_administrators_login(
    qtbot, qapp, tmp_path, monkeypatch,
) -> None:
    """The workstation's own login may not create an officer; the administrators' may, once."""
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from borderdesk.config import default_settings, save_settings, with_changes
    from borderdesk.services import officers
    from borderdesk.storage.engine import Database
    from borderdesk.storage.migrate import upgrade
    from borderdesk.storage.roles import RoleRequest, ensure_gate_roles
    from borderdesk.ui.administrators_login import AdministratorsPasswordBox
    from tests.conftest import PG_SKIP_REASON, PG_URL, drop_pg_database, make_pg_database
    from tests.ui.conftest import build_gate

    if not PG_URL:
        pytest.skip(PG_SKIP_REASON)
    tag = uuid.uuid4().hex[:10]
    app_role, admin_role, reader = f"bd_app_{tag}", f"bd_adm_{tag}", f"bd_read_{tag}"
    url, name = make_pg_database()
    monkeypatch.setenv("BORDERDESK_ADMIN_ROLE", admin_role)
    owner = Database(url)
    app_db = Database(make_url(url).set(username=app_role))
    try:
        upgrade(owner)
        ensure_gate_roles(owner, RoleRequest(app_role=app_role, admin_role=admin_role,
                                             reader_role=reader))
        settings = with_changes(default_settings(), workstation_name="BD-TEST-1",
                                database_url=url, language="en")
        save_settings(settings)
        gate = build_gate(owner, settings)
        session = gate.session_for(Role.ADMINISTRATOR)
        session.db = app_db
        page = OfficersPage(session)
        qtbot.addWidget(page)
        page.show()
        qtbot.waitUntil(lambda: len(page.officers) == 6, timeout=10_000)
        page.select_username("customs1")
        page.toggle_button.click()
        box = None

        def asked() -> bool:
            nonlocal box
            box = page.findChild(AdministratorsPasswordBox)
            return box is not None and box.isVisible()

        qtbot.waitUntil(asked, timeout=10_000)
        assert "administrators' database login" in box.labelText()
        before = officers.list_officers(owner, gate.actor_for(Role.ADMINISTRATOR))
        assert next(o for o in before if o.username == "customs1").active  # nothing changed yet
        box.setTextValue("typed-by-the-administrator")
        with qtbot.waitSignal(page.sig_loaded, timeout=10_000):
            box.accept()
        customs1 = next(o for o in page.officers if o.username == "customs1")
        assert not customs1.active
        for runner in gate.runners:
            runner.wait_for_done()
    finally:
        app_db.dispose()
        owner.dispose()
        drop_pg_database(name)
        engine = create_engine(make_url(PG_URL), isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            for role in (app_role, admin_role, reader):
                connection.execute(text(f'DROP ROLE IF EXISTS "{role}"'))
        engine.dispose()
