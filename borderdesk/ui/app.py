"""Starting the window: settings, language, login, database, workstation, main window.

``run()`` is a few small steps so that tests can drive each: ``make_application``
and the ``Shell`` that walks from the login screen to the main window and back.
The login screen shows first, before storage, migrations and the services are
imported: ``services.startup.prepare_workstation`` opens the database off the
GUI thread while the officer types, and "Log in" waits for it when the officer
is faster. This module and the login screen's therefore import nothing of
storage at their top (a test checks that no SQLAlchemy is loaded with them).
"""

from __future__ import annotations

import gc
import logging
import os
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

# BorderDesk's Qt-free modules load before PySide6: once loaded, PySide's import hook reads
# the source of every module imported after it (these would cost the login 2 ms more).
from borderdesk import config, i18n
from borderdesk.config import Settings
from borderdesk.errors import AdministratorLoginNeeded, BorderDeskError, EnvironmentProblem
from borderdesk.i18n import _

# isort: split
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QWidget

from borderdesk.ui import errors
from borderdesk.ui.kit.theme import apply_theme
from borderdesk.ui.tasks import TaskRunner
from borderdesk.ui.translation import apply_language

if TYPE_CHECKING:
    from borderdesk.domain.gate import WorkstationIdentity
    from borderdesk.services.startup import Prepared
    from borderdesk.storage.engine import Database
    from borderdesk.ui.dialogs.login_dialog import LoginDialog

log = logging.getLogger("borderdesk.ui")

ORGANIZATION = "BorderDesk"
APPLICATION = "BorderDesk"
PROBE_ENV = "BORDERDESK_STARTUP_PROBE"
LOGIN_DRAWN_AT_THE_LATEST_MS = 1000

_IMPORTED_AT = time.perf_counter()


def seconds_since_process_start() -> float:
    """How long this process has run, from the kernel's record when there is one."""
    try:
        ticks = os.sysconf("SC_CLK_TCK")
        stat = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
        started = int(stat[19]) / ticks
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        return uptime - started
    except (OSError, ValueError, IndexError):
        return time.perf_counter() - _IMPORTED_AT


class Shell(QObject):
    """Walks from the login screen and the database behind it to the main window, and back
    on logout."""

    sig_login_opened = Signal()
    """The login screen has been drawn and takes typing; the database may still be opening."""
    sig_login_shown = Signal()
    """The login screen is on screen with its gate's database ready: logging in can start."""
    sig_main_window_shown = Signal(object)
    """The main window of a logged-in officer is on screen; carries it."""
    sig_finished = Signal(int)
    """The application should end with this exit code."""

    def __init__(self, settings: Settings, *, idle_timeout_ms: int | None = None) -> None:
        super().__init__()
        self.settings = settings
        self.idle_timeout_ms = idle_timeout_ms
        self.tasks = TaskRunner(self)
        self.tasks.default_error_handler = errors.error_handler(None)
        self.db: Database | None = None
        self.workstation: WorkstationIdentity | None = None
        self.login_dialog: LoginDialog | None = None
        self.main_window: QWidget | None = None
        self.problem_dialog: QWidget | None = None
        self.settings_dialog: QWidget | None = None
        self.clock_warning_box: QWidget | None = None
        self._open_when_drawn = False
        self._login_drawn = True
        # The database opens once the login screen is drawn: the worker's imports hold the
        # GIL, and a window waiting for it would come up a frame at a time. A login never
        # drawn (no screen to draw on) still gets its database after a second.
        self._drawn_timer = QTimer(self, singleShot=True)
        self._drawn_timer.timeout.connect(self.on_login_drawn)

    # ---- Public API
    def start(self) -> None:
        """Show the login screen; once it is drawn, open the database behind it off the GUI
        thread."""
        self._open_when_drawn = True
        self.show_login()

    def open_database(self) -> None:
        """Open the database off the GUI thread; the login screen logs in once it is ready."""
        settings = self.settings
        self.tasks.run(lambda: _prepare_workstation(settings), self.on_prepared,
                       self.on_database_problem)

    def display_url(self) -> str:
        """The configured database, password hidden."""
        from borderdesk.storage.engine import redact

        return redact(config.database_url(self.settings))

    def shutdown(self) -> None:
        """Wait for running work and close the database (at exit and in tests)."""
        self._drawn_timer.stop()
        self._open_when_drawn = False
        self.tasks.wait_for_done()
        if self.db is not None:
            self.db.dispose()

    # ---- Database
    def on_prepared(self, prepared: Prepared) -> None:
        """The database is ready: the login screen can log in."""
        self.db, self.workstation = prepared.db, prepared.workstation
        if self.login_dialog is not None:
            self.login_dialog.set_gate(prepared.db, prepared.workstation)
            self.sig_login_shown.emit()

    def on_database_problem(self, error: BaseException) -> None:
        """Name the database (password hidden) and offer the settings or quitting.

        A workstation the gate's server does not know yet is registered here,
        by an administrator typing the administrators' database password.
        """
        self._close_login()
        if isinstance(error, AdministratorLoginNeeded):
            self._ask_to_register(error)
            return
        if not isinstance(error, BorderDeskError):
            errors.show_error(None, error)
            self.sig_finished.emit(1)
            return
        from borderdesk.ui.dialogs.database_dialog import DatabaseProblemDialog

        log.error("database %s unusable: %s", self.display_url(), error)
        dialog = DatabaseProblemDialog(self.display_url(), str(error))
        dialog.finished.connect(self.on_problem_answered)
        self.problem_dialog = dialog
        dialog.open()

    def _ask_to_register(self, reason: AdministratorLoginNeeded) -> None:
        from borderdesk.ui.administrators_login import AdministratorsPasswordBox

        log.warning("workstation not registered with %s: %s", self.display_url(), reason)
        box = AdministratorsPasswordBox(str(reason), None)
        box.textValueSelected.connect(self.on_registration_password)
        # Without the password: the usual way out, the settings or quitting.
        box.rejected.connect(lambda: self.on_database_problem(EnvironmentProblem(str(reason))))
        box.finished.connect(box.deleteLater)
        self.problem_dialog = box
        box.open()

    def on_registration_password(self, password: str) -> None:
        """Register this workstation with the administrators' login, then start again."""
        self.problem_dialog = None
        settings = self.settings
        self.tasks.run(lambda: _register_workstation(settings, password),
                       lambda _identity: self.start(), self.on_database_problem)

    def on_problem_answered(self, result: int) -> None:
        """Open the settings (then try again), or quit."""
        from borderdesk.ui.dialogs.database_dialog import DatabaseProblemDialog
        from borderdesk.ui.dialogs.settings_dialog import SettingsDialog

        self.problem_dialog = None
        if result != DatabaseProblemDialog.OPEN_SETTINGS:
            self.sig_finished.emit(2)
            return
        dialog = SettingsDialog(self.settings, database_applies_now=True)
        dialog.sig_saved.connect(self.on_settings_saved)
        dialog.rejected.connect(self.start)
        self.settings_dialog = dialog
        dialog.open()

    def on_settings_saved(self, settings: Settings) -> None:
        """Try the database again with the new settings."""
        self.settings_dialog = None
        if settings.language != i18n.language():
            apply_language(settings.language)
        self.settings = settings
        self.start()

    # ---- Login and main window
    def show_login(self) -> None:
        """Show the login screen of this workstation, with the gate's database when it is open."""
        from borderdesk.ui.dialogs.login_dialog import LoginDialog

        dialog = LoginDialog(self.db, self.settings, self.workstation, self.tasks)
        dialog.sig_logged_in.connect(self.on_logged_in)
        dialog.sig_language_changed.connect(self.on_login_language)
        dialog.rejected.connect(lambda: self.sig_finished.emit(0))
        self.login_dialog = dialog
        self._login_drawn = False
        dialog.sig_drawn.connect(lambda: self._drawn_timer.start(0))  # once the paint is over
        self._drawn_timer.start(LOGIN_DRAWN_AT_THE_LATEST_MS)
        dialog.show()
        dialog.activateWindow()
        if self.db is not None:
            self.sig_login_shown.emit()

    def on_login_drawn(self) -> None:
        """The login screen is on screen: say so, then open the database if it is to open."""
        if self._login_drawn:  # drawn after a second: the fallback was first
            return
        self._login_drawn = True
        self.sig_login_opened.emit()
        if self._open_when_drawn:
            self._open_when_drawn = False
            self.open_database()

    def _close_login(self) -> None:
        # Hidden, not rejected: rejecting the login screen ends the application.
        if self.login_dialog is not None:
            self.login_dialog.hide()
            self.login_dialog.deleteLater()
            self.login_dialog = None

    def on_login_language(self, _code: str) -> None:
        """Keep the settings the login screen saved."""
        if self.login_dialog is not None:
            self.settings = self.login_dialog.settings

    def on_logged_in(self, actor: object) -> None:
        """Open the main window of the officer."""
        from borderdesk.ui.main_window import MainWindow
        from borderdesk.ui.session import UiSession

        assert self.db is not None and self.workstation is not None
        if self.login_dialog is not None:
            self.login_dialog.deleteLater()
            self.login_dialog = None
        session = UiSession(db=self.db, settings=self.settings, workstation=self.workstation,
                            actor=actor, tasks=self.tasks)  # type: ignore[arg-type]
        window = MainWindow(session, idle_timeout_ms=self.idle_timeout_ms)
        window.sig_logged_out.connect(self.on_logged_out)
        window.sig_closed.connect(lambda: self.sig_finished.emit(0))
        self.main_window = window
        window.show()
        # The login that had the keyboard is gone: without this the officer's first keys
        # (Ctrl+2, a plate) go nowhere until they click the window.
        window.activateWindow()
        self.sig_main_window_shown.emit(window)
        db = self.db
        self.tasks.run(lambda: _clock_warning(db), lambda text: self.on_clock_checked(window, text),
                       lambda error: log.warning("could not compare the clocks: %s", error))

    def on_clock_checked(self, window: QWidget, warning: str) -> None:
        """Tell the officer, over the main window, that this computer's clock is off."""
        if not warning or window is not self.main_window:
            return
        log.warning("%s", warning)
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Warning, _("This computer's clock"), warning,
                          QMessageBox.StandardButton.Ok, window)
        self.clock_warning_box = box
        box.open()

    def on_logged_out(self) -> None:
        """Back to the login screen, for the same or another officer."""
        window = self.main_window
        if window is not None:
            self.settings = window.session.settings  # type: ignore[attr-defined]
            window.deleteLater()
            self.main_window = None
        self.show_login()


def _prepare_workstation(settings: Settings) -> Prepared:
    # Imported here, off the GUI thread: storage and the services load while the officer types.
    from borderdesk.services.startup import prepare_workstation

    return prepare_workstation(settings)


def _register_workstation(settings: Settings, password: str) -> WorkstationIdentity:
    from borderdesk.services.startup import register_workstation

    return register_workstation(settings, password)


def _clock_warning(db: Database) -> str:
    from borderdesk.services.workstation_clock import clock_warning

    return clock_warning(db)


def make_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with BorderDesk's names (or the one that exists)."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName(APPLICATION)
    apply_theme(app)
    # Between the login screen and the main window no window may be open: the shell quits.
    app.setQuitOnLastWindowClosed(False)
    return app


def load_startup_settings() -> Settings:
    """The workstation's settings, with ``BORDERDESK_LANG`` overriding the language."""
    settings = config.load_settings()
    return replace(settings, language=i18n.language_from_environment(settings.language))


class _HeldRecords(logging.Handler):
    """What start-up logs before the log file opens, kept in order until it does.

    The file opens once the login screen is up: ``logging.handlers`` alone costs
    the window 12-14 ms of CPU (sockets, pickle), a tenth of a bare Qt window.
    """

    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []
        self.logger = logging.getLogger("borderdesk")
        self.logger.setLevel(logging.INFO)
        self.logger.addHandler(self)

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def hand_over(self) -> None:
        """Pass the records kept to the handlers configured meanwhile, and stop keeping.

        (Not ``release``: ``logging.Handler`` releases its lock under that name.)
        """
        self.logger.removeHandler(self)
        for record in self.records:
            self.logger.handle(record)
        self.records.clear()


def run() -> int:
    """Open BorderDesk on the login screen; returns the exit code."""
    # Python's cycle collector would walk every object of the start-up again and again while
    # the login screen is built; it runs once the screen is drawn.
    gc.disable()
    app = make_application()
    held = _HeldRecords()
    previous_crash = errors.install_crash_handlers()
    log.info("BorderDesk starting")
    settings = load_startup_settings()
    apply_language(settings.language)
    if previous_crash is not None:
        errors.offer_previous_crash(previous_crash)
    shell = Shell(settings)
    shell.sig_finished.connect(app.exit)
    if os.environ.get(PROBE_ENV) == "1":
        _probe_start_up(app, shell)

    def login_drawn() -> None:
        # Connected before the database opens (in the same signal), so its steps are logged.
        from borderdesk.log import configure_logging

        shell.sig_login_opened.disconnect(login_drawn)
        gc.enable()
        configure_logging()
        held.hand_over()

    shell.sig_login_opened.connect(login_drawn)
    shell.start()
    code = app.exec()
    shell.shutdown()
    log.info("BorderDesk ended (%s)", code)
    return int(code)


def _probe_start_up(app: QApplication, shell: Shell) -> None:
    """For ``bench/startup.py``: print the seconds from process start until the login screen
    takes typing (drawn, its username field focused), then until its database is ready; quit.

    Each moment also comes as ``<name>_clock``, the monotonic clock's reading, finer than the
    kernel's 10 ms record of the process start, for a caller that noted the clock at spawn.
    """
    printed = False

    def moment(name: str) -> None:
        print(f"{name} {seconds_since_process_start():.4f}\n"
              f"{name}_clock {time.monotonic():.6f}", flush=True)

    def typing_taken() -> None:
        nonlocal printed
        login = shell.login_dialog
        if printed:
            return
        if login is None or app.focusWidget() is not login.username_edit:
            QTimer.singleShot(0, typing_taken)  # the window system has not focused it yet
            return
        printed = True
        moment("login")

    def ready() -> None:
        moment("ready")
        app.exit(0)

    # Connected first: the login is timed when drawn and focused, before the database's work.
    shell.sig_login_opened.connect(typing_taken)
    shell.sig_login_shown.connect(lambda: QTimer.singleShot(0, ready))
