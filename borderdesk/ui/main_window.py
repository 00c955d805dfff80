"""The window of a logged-in officer: the work areas of their role, who is at the booth."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QProgressBar,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from borderdesk import paths
from borderdesk.access.permissions import Action
from borderdesk.config import Settings, save_settings, with_changes
from borderdesk.domain.officer import role_label
from borderdesk.domain.offline import OfflineStatus
from borderdesk.errors import BorderDeskError
from borderdesk.i18n import N_, _, language
from borderdesk.services import auth
from borderdesk.ui import errors
from borderdesk.ui.dialogs.lock_dialog import LockDialog
from borderdesk.ui.dialogs.login_dialog import LANGUAGE_CHOICES
from borderdesk.ui.kit.connectivity_status import ConnectivityStatus
from borderdesk.ui.kit.elided_label import ElidedLabel
from borderdesk.ui.kit.screen_fit import fit_to_screen
from borderdesk.ui.pages.approvals_page import ApprovalsPage
from borderdesk.ui.pages.arrival_page import ArrivalPage
from borderdesk.ui.pages.audit_page import AuditChainPage
from borderdesk.ui.pages.handoff_inbox_page import HandoffInboxPage
from borderdesk.ui.pages.officers_page import OfficersPage
from borderdesk.ui.pages.offline_queue_page import OfflineQueuePage
from borderdesk.ui.pages.page import Page
from borderdesk.ui.pages.queue_page import QueuePage
from borderdesk.ui.pages.reports_page import ReportsPage
from borderdesk.ui.pages.scoring_page import ScoringPage
from borderdesk.ui.pages.selectivity_page import SelectivityPage
from borderdesk.ui.pages.trusted_keys_page import TrustedKeysPage
from borderdesk.ui.pages.watchlist_page import WatchListPage
from borderdesk.ui.session import UiSession
from borderdesk.ui.translation import apply_language
from borderdesk.ui.watches.connectivity_watch import ConnectivityWatch
from borderdesk.ui.watches.handoff_watch import HandoffWatch
from borderdesk.ui.watches.idle import IdleWatch, minutes_to_ms

log = logging.getLogger("borderdesk.ui")

WINDOW_STATE_FILE = "window.ini"
PAGE_KEYS = 9
"""Ctrl+1 ... Ctrl+9 go to the first nine pages of the navigation."""


@dataclass(frozen=True)
class Area:
    """A work area of the left navigation, shown to the roles that may do ``action``.

    An area with no action is shown to every role for which ``wanted`` holds;
    ``page`` builds the area's page for the officer's session (a page class).
    """

    key: str
    action: Action | None
    title: str
    page: Callable[[UiSession], Page]
    wanted: Callable[[UiSession], bool] | None = None

    def shown_to(self, session: UiSession) -> bool:
        """Whether the officer of ``session`` sees this area."""
        if self.action is not None and not session.may(self.action):
            return False
        return self.wanted(session) if self.wanted is not None else True


AREAS = (
    Area("queue", Action.VIEW_QUEUE, N_("Crossing queue"), QueuePage),
    Area("arrival", Action.REGISTER_ARRIVAL, N_("Register arrival"), ArrivalPage),
    Area("watchlists", Action.EDIT_WATCH_LISTS, N_("Watch lists"), WatchListPage),
    Area("reports", Action.VIEW_REPORTS, N_("Shift reports"), ReportsPage),
    Area("approvals", Action.APPROVE_OVERRIDE, N_("Channel approvals"), ApprovalsPage),
    Area("selectivity", Action.VIEW_REPORTS, N_("Selectivity"), SelectivityPage),
    Area("scoring", Action.EDIT_SCORING, N_("Scoring settings"), ScoringPage),
    Area("officers", Action.MANAGE_OFFICERS, N_("Officers"), OfficersPage),
    Area("handoffs", Action.RECEIVE_HANDOFF, N_("Handoff inbox"), HandoffInboxPage),
    Area("keys", Action.MANAGE_KEYS, N_("Trusted keys"), TrustedKeysPage),
    Area("audit", Action.VERIFY_AUDIT, N_("Audit chain"), AuditChainPage),
    # Every role saves offline; a workstation on the embedded database never does.
    Area("offline", None, N_("Offline queue"), OfflineQueuePage,
         wanted=ConnectivityWatch.wanted),
)


def window_state() -> QSettings:
    """Where the window geometry is kept: the one thing QSettings keeps."""
    return QSettings(str(paths.config_dir() / WINDOW_STATE_FILE), QSettings.Format.IniFormat)


class MainWindow(QMainWindow):
    """Navigation by role, a header naming the officer, menus, status bar and the idle lock."""

    sig_logged_out = Signal()
    """The officer logged out: the login screen comes back."""
    sig_closed = Signal()
    """The window closed for good (Quit): the application ends."""
    sig_language_changed = Signal(str)
    """The officer switched the language; carries its code."""

    def __init__(self, session: UiSession, idle_timeout_ms: int | None = None) -> None:
        super().__init__()
        self.session = session
        self.pages: dict[str, Page] = {}
        self.locked = False
        self.lock_dialog: LockDialog | None = None
        self._ended = False
        self._idle_injected = idle_timeout_ms is not None
        session.tasks.default_error_handler = errors.error_handler(self)
        self._build()
        self._build_menus()
        self._build_status_bar()
        self.retranslate_ui()
        if self.navigation.count():
            self.navigation.setCurrentRow(0)
        self.idle = IdleWatch(
            idle_timeout_ms or minutes_to_ms(session.settings.idle_lock_minutes), self
        )
        self.idle.sig_idle.connect(self.lock)
        self.idle.start()
        geometry = window_state().value("main_window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1200, 760)
        # A size saved on a larger screen may not fit this one.
        fit_to_screen(self)

    # ---- Building
    def _build(self) -> None:
        header = QFrame()
        header.setObjectName("header")
        self.officer_label = QLabel(self.session.actor.full_name)
        self.officer_label.setObjectName("officerName")
        self.role_label = QLabel()
        self.gate_label = QLabel(self.session.workstation.gate_name)
        self.workstation_label = QLabel()
        who = QVBoxLayout()
        who.addWidget(self.officer_label)
        who.addWidget(self.role_label)
        where = QVBoxLayout()
        where.addWidget(self.gate_label, 0, Qt.AlignmentFlag.AlignRight)
        where.addWidget(self.workstation_label, 0, Qt.AlignmentFlag.AlignRight)
        header_layout = QHBoxLayout(header)
        header_layout.setContentsMargins(16, 8, 16, 8)
        header_layout.addLayout(who)
        header_layout.addStretch(1)
        header_layout.addLayout(where)

        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setFixedWidth(210)
        self.navigation.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.stack = QStackedWidget()
        for area in AREAS:
            if not area.shown_to(self.session):
                continue
            page = area.page(self.session)
            self.pages[area.key] = page
            self.stack.addWidget(page)
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, area.key)
            self.navigation.addItem(item)
        self.navigation.currentRowChanged.connect(self.stack.setCurrentIndex)
        self._connect_pages()

        self.work = QWidget()
        work_layout = QHBoxLayout(self.work)
        work_layout.setContentsMargins(0, 0, 0, 0)
        work_layout.setSpacing(0)
        work_layout.addWidget(self.navigation)
        work_layout.addWidget(self.stack, 1)
        self.locked_label = QLabel()
        self.locked_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.locked_label.hide()
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(header)
        layout.addWidget(self.work, 1)
        layout.addWidget(self.locked_label, 1)
        self.setCentralWidget(central)

    def _connect_pages(self) -> None:
        arrival = self.pages.get("arrival")
        if isinstance(arrival, ArrivalPage):
            arrival.sig_arrival_registered.connect(self.on_arrival_registered)

    def _build_menus(self) -> None:
        self.app_menu = self.menuBar().addMenu("")
        self.settings_action = QAction(self)
        self.settings_action.triggered.connect(self.open_settings)
        self.language_menu = self.app_menu.addMenu("")
        self.language_actions = QActionGroup(self)
        for code, name in LANGUAGE_CHOICES:
            action = QAction(name, self, checkable=True)
            action.setData(code)
            action.setChecked(code == language())
            action.triggered.connect(lambda _checked=False, c=code: self.switch_language(c))
            self.language_actions.addAction(action)
            self.language_menu.addAction(action)
        self.switch_language_action = QAction(self)
        self.switch_language_action.setShortcut("Ctrl+Shift+L")
        self.switch_language_action.triggered.connect(self.on_switch_language)
        self.lock_action = QAction(self)
        self.lock_action.setShortcut("Ctrl+L")
        self.lock_action.triggered.connect(self.lock)
        self.logout_action = QAction(self)
        self.logout_action.triggered.connect(self.log_out)
        self.quit_action = QAction(self)
        self.quit_action.setShortcut("Ctrl+Q")
        self.quit_action.triggered.connect(self.close)
        self.app_menu.addAction(self.settings_action)
        self.app_menu.addAction(self.switch_language_action)
        self.app_menu.addSeparator()
        self.app_menu.addAction(self.lock_action)
        self.app_menu.addAction(self.logout_action)
        self.app_menu.addSeparator()
        self.app_menu.addAction(self.quit_action)
        self._build_go_menu()

    def _build_go_menu(self) -> None:
        """Ctrl+1 ... Ctrl+9: the officer's pages in navigation order, named in the menu."""
        self.go_menu = self.menuBar().addMenu("")
        self.go_actions: dict[str, QAction] = {}
        for number, key in enumerate(self.area_keys(), start=1):
            action = QAction(self)
            if number <= PAGE_KEYS:
                action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(lambda _checked=False, k=key: self.show_area(k))
            self.go_actions[key] = action
            self.go_menu.addAction(action)

    def _build_status_bar(self) -> None:
        self.database_status = ElidedLabel()  # a long address must not push the rest off
        self.workstation_status = QLabel()
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setMaximumWidth(120)
        self.busy_bar.setMaximumHeight(14)
        self.busy_bar.hide()
        bar = self.statusBar()
        bar.addWidget(self.database_status, 1)
        bar.addWidget(self.workstation_status)
        self.connectivity_status = ConnectivityStatus()
        bar.addPermanentWidget(self.connectivity_status)
        bar.addPermanentWidget(self.busy_bar)
        self.session.tasks.sig_busy_changed.connect(self.busy_bar.setVisible)
        # The agency's pending handoffs, polled off the GUI thread (ui/watches/handoff_watch.py).
        self.handoff_watch = HandoffWatch(self.session, self) if HandoffWatch.wanted(
            self.session) else None
        if self.handoff_watch is not None:
            bar.addWidget(self.handoff_watch.status_label)
            self.handoff_watch.sig_count_changed.connect(lambda _n: self._title_inbox())
            self.handoff_watch.sig_handoffs_changed.connect(self._refresh_inbox)
            self.handoff_watch.start()
        self._build_connectivity()

    def _build_connectivity(self) -> None:
        """The server's state in the status bar, kept by the connectivity watch."""
        self.connectivity_watch = ConnectivityWatch(self.session, self) \
            if ConnectivityWatch.wanted(self.session) else None
        if self.connectivity_watch is None:
            self.connectivity_status.hide()
            return
        self.connectivity_status.clicked.connect(lambda: self.show_area("offline"))
        watch = self.connectivity_watch
        watch.sig_status.connect(self.on_connectivity)
        watch.sig_replay_progress.connect(
            lambda done, total: self.connectivity_status.show_status(watch.status, (done, total)))
        watch.sig_replayed.connect(lambda _report: self._refresh_after_replay())
        offline_page = self.pages.get("offline")
        if isinstance(offline_page, OfflineQueuePage):
            # Settling changes no connectivity the database would announce: ask again.
            offline_page.sig_settled.connect(lambda _seq: watch.read_status())
        watch.start()

    # ---- Public API
    def area_keys(self) -> list[str]:
        """The work areas shown, in navigation order."""
        return [
            str(self.navigation.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.navigation.count())
        ]

    def show_area(self, key: str) -> None:
        """Go to a work area of the navigation."""
        self.navigation.setCurrentRow(self.area_keys().index(key))

    def current_area(self) -> str:
        """The key of the work area shown."""
        item = self.navigation.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item else ""

    def retranslate_ui(self) -> None:
        """Set every text of the window and its pages in the active language."""
        session = self.session
        self.setWindowTitle(
            _("BorderDesk — {gate}").format(gate=session.workstation.gate_name)
        )
        self.role_label.setText(role_label(session.actor.role))
        self.workstation_label.setText(
            _("Workstation: {name}").format(name=session.workstation.workstation_name)
        )
        by_key = {a.key: a for a in AREAS}
        for i in range(self.navigation.count()):
            item = self.navigation.item(i)
            item.setText(_(by_key[str(item.data(Qt.ItemDataRole.UserRole))].title))
        self.go_menu.setTitle(_("&Go"))
        for key, action in self.go_actions.items():
            action.setText(_(by_key[key].title))
        self._title_inbox()
        # Vietnamese titles are longer: the navigation grows rather than scroll sideways.
        self.navigation.setFixedWidth(max(210, self.navigation.sizeHintForColumn(0) + 8))
        self.app_menu.setTitle(_("&BorderDesk"))
        self.language_menu.setTitle(_("Language"))
        self.settings_action.setText(_("Settings…"))
        self.switch_language_action.setText(_("Switch language"))
        self.lock_action.setText(_("Lock"))
        self.logout_action.setText(_("Log out"))
        self.quit_action.setText(_("Quit"))
        self.locked_label.setText(_("Locked"))
        self.database_status.setText(_("Database: {url}").format(url=session.db.display_url))
        self.connectivity_status.retranslate_ui()
        self.workstation_status.setText(
            _("Workstation: {name}").format(name=session.workstation.workstation_name)
        )
        for page in self.pages.values():
            page.retranslate_ui()
        if self.lock_dialog is not None:
            self.lock_dialog.retranslate_ui()

    def _title_inbox(self) -> None:
        """The inbox area's title and the status bar carry the pending count."""
        if self.handoff_watch is None or "handoffs" not in self.area_keys():
            return
        self.handoff_watch.retranslate_ui()
        item = self.navigation.item(self.area_keys().index("handoffs"))
        item.setText(self.handoff_watch.title(_("Handoff inbox")))

    def _refresh_inbox(self) -> None:
        inbox = self.pages.get("handoffs")
        if inbox is not None:
            inbox.refresh()

    def switch_language(self, code: str) -> None:
        """Switch every text to ``code`` at once and remember the choice."""
        if code != language():
            apply_language(code)
        for action in self.language_actions.actions():
            action.setChecked(action.data() == code)
        if self.session.settings.language != code:
            try:
                self.session.settings = with_changes(self.session.settings, language=code)
                save_settings(self.session.settings)
            except (BorderDeskError, OSError) as error:
                log.warning("could not remember the language: %s", error)
        self.retranslate_ui()
        self.sig_language_changed.emit(code)

    def open_settings(self) -> None:
        """Open the settings dialog; apply what can change at once."""
        from borderdesk.ui.dialogs.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.session.settings, self,
                                may_configure=self.session.may_configure_workstation())
        dialog.sig_saved.connect(self.on_settings_saved)
        self.settings_dialog = dialog
        dialog.open()

    def lock(self) -> None:
        """Hide the work and ask the officer's password (or log them out)."""
        if self.locked or self._ended:
            return
        self.locked = True
        self.idle.stop()
        self.work.hide()
        self.locked_label.show()
        db, actor = self.session.db, self.session.actor
        self.session.tasks.run(lambda: auth.lock_session(db, actor), None,
                               self._log_failure, write=True)
        dialog = LockDialog(self.session, self)
        dialog.sig_unlocked.connect(self.on_unlocked)
        dialog.sig_log_out_requested.connect(self.log_out)
        self.lock_dialog = dialog
        dialog.open()

    def log_out(self) -> None:
        """Record the logout, close the window and bring the login screen back."""
        self._end_session(self.sig_logged_out.emit)

    # ---- Slots
    def on_switch_language(self) -> None:
        """Toggle between Vietnamese and English."""
        self.switch_language("en" if language() == "vi" else "vi")

    def on_arrival_registered(self, _crossing_id: object) -> None:
        """The queue learns of the new crossing; the guard stays at the form for the next truck,
        which names the reference the saved one got."""
        queue = self.pages.get("queue")
        if queue is not None:
            queue.refresh()

    def on_connectivity(self, status: OfflineStatus) -> None:
        """The server went away, came back, or the queue moved: tell the pages."""
        watch = self.connectivity_watch
        self.connectivity_status.show_status(status, watch.progress if watch else None)
        for page in self.pages.values():
            page.set_offline_status(status)

    def _refresh_after_replay(self) -> None:
        # The replay may have delivered handoffs and changed what the lists show.
        self._refresh_inbox()
        queue = self.pages.get("queue")
        if queue is not None:
            queue.refresh()

    def on_unlocked(self) -> None:
        """Give the work back."""
        self.locked = False
        self.lock_dialog = None
        self.locked_label.hide()
        self.work.show()
        self.idle.start()

    def on_settings_saved(self, settings: Settings) -> None:
        """Apply the language and the idle time at once; the rest applies at the next start."""
        old = self.session.settings
        self.session.settings = settings
        if not self._idle_injected:
            self.idle.set_timeout_ms(minutes_to_ms(settings.idle_lock_minutes))
        if settings.language != old.language:
            self.switch_language(settings.language)

    # ---- Ending the session
    def _log_failure(self, error: BaseException) -> None:
        log.warning("could not record the session event: %s", error)

    def _end_session(self, then: Callable[[], None]) -> None:
        if self._ended:
            return
        self._ended = True
        self.idle.stop()
        if self.handoff_watch is not None:
            self.handoff_watch.stop()
        if self.connectivity_watch is not None:
            self.connectivity_watch.stop()
        if self.lock_dialog is not None:
            self.lock_dialog.hide()
        db, actor = self.session.db, self.session.actor

        def finish(_result: object = None) -> None:
            # The next window (the login screen) first, so the app never has none open.
            then()
            self.close()

        def failed(error: BaseException) -> None:
            self._log_failure(error)
            finish()

        self.session.tasks.run(lambda: auth.log_out(db, actor), finish, failed, write=True)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        """Save the geometry; closing the window logs the officer out and quits."""
        if not self._ended:
            event.ignore()
            self._end_session(self.sig_closed.emit)
            return
        window_state().setValue("main_window/geometry", self.saveGeometry())
        self.idle.stop()
        super().closeEvent(event)
