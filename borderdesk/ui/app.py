"""Starting the window: settings, language, database, workstation, login, main window.

``run()`` is a few small steps so that tests can drive each: ``make_application``,
``prepare_database`` (a plain function, run off the GUI thread) and the
``Shell`` that walks from the database to the login screen to the main
window and back. Heavy modules (the main window's pages, OCR, reports)
are imported only when needed: the login screen must show fast.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QWidget

from borderdesk import config, i18n
from borderdesk.config import Settings
from borderdesk.domain.gate import WorkstationIdentity
from borderdesk.errors import AdministratorLoginNeeded, BorderDeskError, EnvironmentProblem
from borderdesk.i18n import _
from borderdesk.log import configure_logging
from borderdesk.storage.engine import Database, embedded_url, redact
from borderdesk.ui import errors
from borderdesk.ui.tasks import TaskRunner
from borderdesk.ui.translation import apply_language

if TYPE_CHECKING:
    from borderdesk.storage.offline.gate_database import GateDatabase

log = logging.getLogger("borderdesk.ui")

ORGANIZATION = "BorderDesk"
APPLICATION = "BorderDesk"
PROBE_ENV = "BORDERDESK_STARTUP_PROBE"
SPLASH_DELAY_MS = 600
"""The preparing window appears only when preparing takes longer than this."""

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


@dataclass(frozen=True)
class Prepared:
    """An open database with this workstation attached to its gate."""

    db: Database
    workstation: WorkstationIdentity
    seeded: bool


def _has_gate(db: Database, code: str) -> bool:
    from sqlalchemy import select

    from borderdesk.storage.models.gate import Gate

    with db.session() as session:
        return session.scalars(select(Gate.id).where(Gate.code == code.upper())).first() is not None


def offline_copy_path(url: str, settings: Settings) -> Path:
    """This workstation's local copy of the gate's server ``url``, in the per-user data folder.

    One file per server and workstation: pointing the workstation at another
    server never mixes that server's copy and queue with this one's.
    """
    from hashlib import sha256

    from borderdesk import paths

    key = f"{redact(url)}|{settings.workstation_id}".encode()
    return paths.data_dir() / f"offline-{sha256(key).hexdigest()[:12]}.sqlite3"


def _prepare_server(db: GateDatabase, settings: Settings) -> WorkstationIdentity:
    """Attach to the server; work from the local copy when it cannot be reached.

    With saves still waiting from an earlier session the database is offline
    until the window's connectivity watch has replayed them: attaching (a
    write) would only add to the queue, so the copy names the workstation.
    """
    from borderdesk.domain.offline import Connectivity
    from borderdesk.services import offline
    from borderdesk.services.workstations import attach_workstation, known_workstation
    from borderdesk.storage import migrate

    try:
        db.ping()
    except EnvironmentProblem as problem:
        taken = db.local.taken_at()
        if taken is None:
            raise
        db.go_offline()
        log.warning("the gate's server %s cannot be reached (%s): starting OFFLINE on this "
                    "workstation's copy taken %s", db.display_url, problem,
                    taken.isoformat(timespec="seconds"))
        return known_workstation(db, settings)
    if migrate.current_revision(db) != migrate.head_revision():
        raise EnvironmentProblem(
            _("The database {url} is not ready for this version of BorderDesk: "
              "run 'borderdesk init --db URL' for it first.").format(url=db.display_url)
        )
    if db.connectivity is not Connectivity.ONLINE:
        log.warning("%d saves made offline wait for the server; they are sent once the "
                    "window is open", db.waiting_count())
        return known_workstation(db, settings)
    workstation = attach_workstation(db, settings)
    try:
        offline.refresh_copy(db)  # the store logs the rows copied and where
    except Exception:
        # Starting matters more than the copy: the connectivity watch refreshes it later.
        log.exception("could not refresh this workstation's copy of the gate")
    return workstation


def prepare_database(settings: Settings) -> Prepared:
    """Open the database, migrate the SQLite one, seed the demo gate on a first start.

    Runs off the GUI thread. A server database is not migrated here (several
    workstations share it): ``borderdesk init --db URL`` does that once. A
    server is opened with this workstation's local copy behind it, so the
    officers keep working through an outage; a server that cannot be reached
    at start is worked around on the copy taken before, when there is one.

    Raises:
        EnvironmentProblem: unreachable or locked database (and no copy of it),
            failed migration, no gate.
        UserInputError: the configured URL is not a database URL.
    """
    from sqlalchemy.exc import SQLAlchemyError

    from borderdesk.services.workstations import attach_workstation
    from borderdesk.storage import migrate
    from borderdesk.storage.engine import parse_url
    from borderdesk.storage.offline.gate_database import GateDatabase

    url = config.database_url(settings)
    # The embedded database is on this disk: it has no outage, and no copy.
    db = Database(url) if parse_url(url).get_backend_name() == "sqlite" else GateDatabase(
        url, offline_copy_path(url, settings), workstation_id=settings.workstation_id)
    seeded = False
    try:
        if isinstance(db, GateDatabase):
            workstation = _prepare_server(db, settings)
        else:
            migrate.upgrade(db)
            if url == embedded_url() and not _has_gate(db, settings.gate_code):
                from borderdesk.services.demo import seed_demo

                log.info("first start: seeding the demo gate into %s", db.display_url)
                seed_demo(db, settings)
                seeded = True
            workstation = attach_workstation(db, settings)
    except SQLAlchemyError as error:
        db.dispose()
        raise EnvironmentProblem(
            _("The database {url} cannot be used: {reason}").format(
                url=db.display_url, reason=str(error).splitlines()[0])
        ) from error
    except BaseException:
        db.dispose()
        raise
    log.info("database %s ready; workstation %s at gate %s", db.display_url,
             workstation.workstation_name, workstation.gate_code)
    return Prepared(db, workstation, seeded)


class Shell(QObject):
    """Walks from the database to the login screen, to the main window, and back on logout."""

    sig_login_shown = Signal()
    """The login screen is on screen."""
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
        self.login_dialog: QWidget | None = None
        self.main_window: QWidget | None = None
        self.problem_dialog: QWidget | None = None
        self.settings_dialog: QWidget | None = None
        self.preparing: QWidget | None = None
        self.clock_warning_box: QWidget | None = None
        self._splash_timer = QTimer(self, singleShot=True, interval=SPLASH_DELAY_MS)
        self._splash_timer.timeout.connect(self._show_preparing)

    # ---- Public API
    def start(self) -> None:
        """Prepare the database off the GUI thread, then show the login screen."""
        settings = self.settings
        log.info("opening database %s", self.display_url())
        self._splash_timer.start()
        self.tasks.run(lambda: prepare_database(settings), self.on_prepared,
                       self.on_database_problem)

    def display_url(self) -> str:
        """The configured database, password hidden."""
        return redact(config.database_url(self.settings))

    def shutdown(self) -> None:
        """Wait for running work and close the database (at exit and in tests)."""
        self.tasks.wait_for_done()
        if self.db is not None:
            self.db.dispose()

    # ---- Database
    def _show_preparing(self) -> None:
        from borderdesk.ui.dialogs.database_dialog import PreparingWindow

        self.preparing = PreparingWindow(self.display_url())
        self.preparing.show()

    def _hide_preparing(self) -> None:
        self._splash_timer.stop()
        if self.preparing is not None:
            self.preparing.close()
            self.preparing.deleteLater()
            self.preparing = None

    def on_prepared(self, prepared: Prepared) -> None:
        """The database is ready: show the login screen."""
        self._hide_preparing()
        self.db, self.workstation = prepared.db, prepared.workstation
        self.show_login()

    def on_database_problem(self, error: BaseException) -> None:
        """Name the database (password hidden) and offer the settings or quitting.

        A workstation the gate's server does not know yet is registered here,
        by an administrator typing the administrators' database password.
        """
        self._hide_preparing()
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
        """Show the login screen of this workstation."""
        from borderdesk.ui.dialogs.login_dialog import LoginDialog

        assert self.db is not None and self.workstation is not None
        dialog = LoginDialog(self.db, self.settings, self.workstation, self.tasks)
        dialog.sig_logged_in.connect(self.on_logged_in)
        dialog.sig_language_changed.connect(self.on_login_language)
        dialog.rejected.connect(lambda: self.sig_finished.emit(0))
        self.login_dialog = dialog
        dialog.show()
        self.sig_login_shown.emit()

    def on_login_language(self, _code: str) -> None:
        """Keep the settings the login screen saved."""
        if self.login_dialog is not None:
            self.settings = self.login_dialog.settings  # type: ignore[attr-defined]

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


def _register_workstation(settings: Settings, password: str) -> WorkstationIdentity:
    """Attach this workstation to its gate with the administrators' database login."""
    from borderdesk.services.workstations import attach_workstation
    from borderdesk.storage.admin_login import as_administrators

    db = Database(config.database_url(settings))
    try:
        return as_administrators(db, password, lambda admin: attach_workstation(admin, settings))
    finally:
        db.dispose()


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
    # Between the login screen and the main window no window may be open: the shell quits.
    app.setQuitOnLastWindowClosed(False)
    return app


def load_startup_settings() -> Settings:
    """The workstation's settings, with ``BORDERDESK_LANG`` overriding the language."""
    settings = config.load_settings()
    return replace(settings, language=i18n.language_from_environment(settings.language))


def run() -> int:
    """Open BorderDesk on the login screen; returns the exit code."""
    app = make_application()
    configure_logging()
    previous_crash = errors.install_crash_handlers()
    log.info("BorderDesk starting")
    settings = load_startup_settings()
    apply_language(settings.language)
    if previous_crash is not None:
        errors.offer_previous_crash(previous_crash)
    shell = Shell(settings)
    shell.sig_finished.connect(app.exit)
    if os.environ.get(PROBE_ENV) == "1":
        def probe() -> None:
            print(f"{seconds_since_process_start():.4f}", flush=True)
            app.exit(0)

        shell.sig_login_shown.connect(lambda: QTimer.singleShot(0, probe))
    shell.start()
    code = app.exec()
    shell.shutdown()
    log.info("BorderDesk ended (%s)", code)
    return int(code)
