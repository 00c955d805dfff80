"""Start-up: an unreachable database gets a dialog naming it (password hidden) and a way out."""

from __future__ import annotations

from dataclasses import replace

import pytest

from borderdesk.config import load_settings, save_settings
from borderdesk.ui import app
from borderdesk.ui.app import Shell
from borderdesk.ui.dialogs.database_dialog import DatabaseProblemDialog

SECRET = "s3cr3t-Pa55"
CLOSED = f"postgresql+psycopg://gate:{SECRET}@127.0.0.1:1/border"


@pytest.fixture
def unreachable_shell(qtbot, expect_errors):
    expect_errors(r"database .* unusable")  # logged for the gate's log file, and shown
    settings = replace(load_settings(), database_url=CLOSED)
    save_settings(settings)
    shell = Shell(app.load_startup_settings())
    shell.start()
    qtbot.waitUntil(lambda: shell.problem_dialog is not None, timeout=20_000)
    yield shell
    for widget in (shell.problem_dialog, shell.settings_dialog, shell.login_dialog):
        if widget is not None:
            widget.hide()
    shell.shutdown()


def test_unreachable_database_dialog_names_the_redacted_url(unreachable_shell) -> None:
    dialog = unreachable_shell.problem_dialog
    assert isinstance(dialog, DatabaseProblemDialog)
    assert dialog.isVisible()
    text = dialog.text()
    assert "postgresql+psycopg://gate:***@127.0.0.1:1/border" in text
    assert SECRET not in text
    assert dialog.settings_button.text() == "Open settings"
    assert dialog.quit_button.text() == "Quit"


def test_quit_ends_the_application_with_exit_code_2(qtbot, unreachable_shell) -> None:
    with qtbot.waitSignal(unreachable_shell.sig_finished) as finished:
        unreachable_shell.problem_dialog.quit_button.click()
    assert finished.args == [2]


def test_open_settings_then_a_working_database_reaches_the_login(
    qtbot, ui_gate, unreachable_shell
) -> None:
    unreachable_shell.problem_dialog.settings_button.click()
    settings_dialog = unreachable_shell.settings_dialog
    assert settings_dialog.isVisible()
    assert SECRET not in settings_dialog.url_edit.text()
    settings_dialog.url_edit.setText(ui_gate.settings.database_url)
    settings_dialog.password_edit.clear()
    with qtbot.waitSignal(unreachable_shell.sig_login_shown, timeout=20_000):
        settings_dialog.save_button.click()
    assert unreachable_shell.login_dialog.gate_label.text() == "Cửa khẩu Quốc tế Lao Bảo"
    assert load_settings().database_url == ui_gate.settings.database_url


def test_unreadable_database_file_is_named(qtbot, tmp_path, expect_errors) -> None:
    expect_errors(r"database .*notes\.sqlite3 unusable")
    not_a_database = tmp_path / "notes.sqlite3"
    not_a_database.write_text("these are not the tables you are looking for" * 100)
    save_settings(replace(load_settings(), database_url=f"sqlite:///{not_a_database}"))
    shell = Shell(load_settings())
    shell.start()
    qtbot.waitUntil(lambda: shell.problem_dialog is not None, timeout=20_000)
    assert "notes.sqlite3" in shell.problem_dialog.text()
    shell.problem_dialog.hide()
    shell.shutdown()


def test_seconds_since_process_start_is_positive() -> None:
    assert app.seconds_since_process_start() > 0


@pytest.mark.pg
def test_a_new_workstation_on_a_gate_server_is_registered_in_the_window(qtbot, monkeypatch):
    """The workstations' login may not add a workstation: an administrator types the
    administrators' database password in the window, and the login screen follows."""
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from borderdesk.services.workstations import create_gate
    from borderdesk.storage.engine import Database
    from borderdesk.storage.migrate import upgrade
    from borderdesk.storage.roles import RoleRequest, ensure_gate_roles
    from borderdesk.ui.administrators_login import AdministratorsPasswordBox
    from tests.conftest import PG_SKIP_REASON, PG_URL, drop_pg_database, make_pg_database

    if not PG_URL:
        pytest.skip(PG_SKIP_REASON)
    tag = uuid.uuid4().hex[:10]
    roles = RoleRequest(app_role=f"bd_app_{tag}", admin_role=f"bd_adm_{tag}",
                        reader_role=f"bd_read_{tag}")
    url, name = make_pg_database()
    monkeypatch.setenv("BORDERDESK_ADMIN_ROLE", roles.admin_role)
    owner = Database(url)
    shell = None
    try:
        upgrade(owner)
        ensure_gate_roles(owner, roles)
        create_gate(owner, "LAOBAO", "Cửa khẩu Quốc tế Lao Bảo")
        app_url = make_url(url).set(username=roles.app_role).render_as_string(
            hide_password=False)
        save_settings(replace(load_settings(), database_url=app_url, gate_code="LAOBAO"))
        shell = Shell(app.load_startup_settings())
        shell.start()
        qtbot.waitUntil(lambda: isinstance(shell.problem_dialog, AdministratorsPasswordBox),
                        timeout=20_000)
        box = shell.problem_dialog
        assert "workstation register" in box.labelText()
        box.setTextValue("typed-by-the-administrator")
        with qtbot.waitSignal(shell.sig_login_shown, timeout=20_000):
            box.accept()
        assert shell.workstation is not None
        assert shell.login_dialog.gate_label.text() == "Cửa khẩu Quốc tế Lao Bảo"
    finally:
        if shell is not None:
            if shell.login_dialog is not None:
                shell.login_dialog.hide()
            shell.shutdown()
        owner.dispose()
        drop_pg_database(name)
        engine = create_engine(make_url(PG_URL), isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            for role in (roles.app_role, roles.admin_role, roles.reader_role):
                connection.execute(text(f'DROP ROLE IF EXISTS "{role}"'))
        engine.dispose()
