"""The login screen comes first: it takes typing before the database is open, without
SQLAlchemy loaded, and "Log in" pressed early waits for the database."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from borderdesk.config import Settings, default_settings, save_settings
from borderdesk.services import startup
from borderdesk.ui.app import Shell

PASSWORD = "laobao2026"
GATE_NAME = "Cửa khẩu Quốc tế Lao Bảo"

OPEN_THE_WINDOW = """
import os, sys
from borderdesk.ui import app

class LoginShownShell(app.Shell):
    def show_login(self):
        super().show_login()
        # On screen, and the database not asked for yet: what has the window loaded?
        loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("sqlalchemy", "alembic")
                        or m.startswith(("borderdesk.storage", "borderdesk.services")))
        print(self.login_dialog.isVisible(), *loaded, flush=True)
        os._exit(0)

app.Shell = LoginShownShell
sys.exit(app.run())
"""


def test_the_login_screen_shows_with_no_sqlalchemy_storage_or_services_loaded() -> None:
    save_settings(default_settings())  # not the first start: the settings exist
    result = subprocess.run([sys.executable, "-c", OPEN_THE_WINDOW], capture_output=True,
                            text=True, timeout=120, check=True)
    assert result.stdout.split() == ["True"]


@pytest.fixture
def held_database(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """The database opens only once the test sets the returned event."""
    opened = threading.Event()
    prepare = startup.prepare_workstation

    def held(settings: Settings) -> startup.Prepared:
        opened.wait()
        return prepare(settings)

    monkeypatch.setattr(startup, "prepare_workstation", held)
    yield opened
    opened.set()  # a failed test must not leave the worker waiting


def test_the_officer_types_and_logs_in_before_the_database_is_open(
        qtbot, ui_gate, held_database: threading.Event) -> None:
    shell = Shell(ui_gate.settings)
    try:
        with qtbot.waitSignal(shell.sig_login_opened, timeout=20_000):
            shell.start()
        dialog = shell.login_dialog
        assert dialog is not None and dialog.isVisible()
        assert shell.db is None
        # The settings' gate code until the database names the gate.
        assert dialog.gate_label.text() == "LAOBAO"
        qtbot.keyClicks(dialog.username_edit, "guard1")
        qtbot.keyClicks(dialog.password_edit, PASSWORD)
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
        assert dialog.login_button.text() == "Checking…"
        assert not dialog.username_edit.isEnabled()
        assert dialog.error_label.text() == (
            "Opening the gate's database; you are logged in as soon as it is open.")
        assert shell.main_window is None

        with qtbot.waitSignal(shell.sig_main_window_shown, timeout=20_000) as shown:
            held_database.set()
        assert shown.args[0].officer_label.text() == "Lê Văn Biên"
    finally:
        held_database.set()
        if shell.main_window is not None:
            shell.main_window.close()
        if shell.login_dialog is not None:
            shell.login_dialog.hide()
        shell.shutdown()


def test_the_login_screen_names_the_gate_once_the_database_is_open(
        qtbot, ui_gate, held_database: threading.Event) -> None:
    shell = Shell(ui_gate.settings)
    try:
        with qtbot.waitSignal(shell.sig_login_opened, timeout=20_000):
            shell.start()
        with qtbot.waitSignal(shell.sig_login_shown, timeout=20_000):
            held_database.set()
        assert shell.login_dialog is not None
        assert shell.login_dialog.gate_label.text() == GATE_NAME
        assert shell.login_dialog.login_button.isEnabled()
        assert shell.login_dialog.error_label.isHidden()
    finally:
        held_database.set()
        if shell.login_dialog is not None:
            shell.login_dialog.hide()
        shell.shutdown()
