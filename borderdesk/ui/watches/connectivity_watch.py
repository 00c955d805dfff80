"""The main window's eye on the gate's server: offline, the queue, sending it back.

Every ``interval_ms`` (off the GUI thread): while the workstation works
offline, ask whether the server answers again; when it does, replay the
queue on the task runner's write lane, so no save of the officer
interleaves with the replay. While online with nothing queued, the local
copy is refreshed every ``refresh_ms`` (on the write lane too). The status
bar and the offline queue page listen to ``sig_status``.
"""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from borderdesk.domain.offline import Connectivity, OfflineStatus
from borderdesk.services import offline
from borderdesk.storage.offline.gate_database import GateDatabase, ReplayProgress, ReplayReport
from borderdesk.ui.session import UiSession

log = logging.getLogger("borderdesk.ui")

POLL_MS = 5_000
"""How often an offline workstation asks whether the server is back."""
REFRESH_MS = 5 * 60_000
"""How often an online workstation refreshes its copy of the gate."""


class ConnectivityWatch(QObject):
    """Keeps ``status`` current and replays the queue when the server is back."""

    sig_status = Signal(object)
    """The connectivity or the queue changed; carries the ``OfflineStatus``."""
    sig_replay_progress = Signal(int, int)
    """A queued save was sent back: ``done`` of ``total``."""
    sig_replayed = Signal(object)
    """A replay ended; carries the ``ReplayReport``."""
    sig_db_changed = Signal()
    """The database said it changed (emitted on any thread, handled on the GUI thread)."""

    def __init__(self, session: UiSession, parent: QObject | None = None, *,
                 interval_ms: int | None = None, refresh_ms: int | None = None) -> None:
        super().__init__(parent)
        self._session = session
        if not isinstance(session.db, GateDatabase):
            raise TypeError("a connectivity watch needs a server with a local copy (wanted())")
        self._db: GateDatabase = session.db
        self.status: OfflineStatus | None = None
        self.progress: tuple[int, int] | None = None
        """(done, total) while a replay runs, else None."""
        self.refresh_ms = refresh_ms or REFRESH_MS
        self._refreshed_at = time.monotonic()
        self._reading = self._read_again = False
        self._working = False
        self._listening = True
        self.timer = QTimer(self, interval=interval_ms or POLL_MS)
        self.timer.timeout.connect(self.poll)
        # Queued even from the GUI thread: the database may call in the middle of a save.
        self.sig_db_changed.connect(self.read_status, Qt.ConnectionType.QueuedConnection)
        self.sig_replay_progress.connect(self.on_progress)
        self._db.on_change(self._db_changed)

    @staticmethod
    def wanted(session: UiSession) -> bool:
        """Whether the session works on a server with a local copy behind it."""
        return isinstance(session.db, GateDatabase)

    # ---- Public API
    def start(self) -> None:
        """Read the status now; poll every interval."""
        self.timer.start()
        self.read_status()

    def stop(self) -> None:
        """Stop polling and listening (the window closes)."""
        self._listening = False
        self.timer.stop()
        self._db.stop_notifying(self._db_changed)

    def poll(self) -> None:
        """Replay when offline and the server answers; refresh the copy now and then."""
        if self._working:
            return
        self._working = True
        db = self._session.db
        if self.status is not None and self.status.connectivity is Connectivity.ONLINE:
            due = (time.monotonic() - self._refreshed_at) * 1000 >= self.refresh_ms
            if not due:
                self._working = False
                return
            self._session.tasks.run(lambda: offline.refresh_copy(db), self.on_refreshed,
                                    self.on_failed, write=True)
            return
        # Reaching a dead server can take seconds: ask on the read pool, so the
        # officer's saves on the write lane do not wait for the answer.
        self._session.tasks.run(self._db.server_reachable,
                                self.on_reachable, self.on_failed)

    def read_status(self) -> None:
        """Read the status off the GUI thread (one read at a time, the last change wins)."""
        if self._reading:
            self._read_again = True
            return
        self._reading = True
        db = self._session.db
        self._session.tasks.run(lambda: offline.offline_status(db), self.on_status,
                                self.on_status_failed)

    # ---- Slots
    def on_reachable(self, reachable: bool) -> None:
        """The server answers: send the queue, on the write lane."""
        if not reachable:
            self._working = False
            return
        db = self._session.db
        self._session.tasks.run(lambda: offline.replay_queue(db, self._progress),
                                self.on_replayed, self.on_failed, write=True)

    def on_progress(self, done: int, total: int) -> None:
        """Remember how far the replay is (the status bar reads it)."""
        self.progress = (done, total) if self._working else None

    def on_replayed(self, report: ReplayReport | None) -> None:
        """A replay ended (None: there was nothing to send)."""
        self._working = False
        if report is not None:
            log.info("replay: %d sent, %d already on the server, %d conflicts, finished %s",
                     report.sent, report.already_there, report.conflicts, report.finished)
            self._refreshed_at = time.monotonic()
            self.sig_replayed.emit(report)
            self._progress_ended()
        self.read_status()

    def on_refreshed(self, _copied: int) -> None:
        """The copy of the gate was refreshed (the store logged how many rows)."""
        self._working = False
        self._refreshed_at = time.monotonic()

    def on_failed(self, error: BaseException) -> None:
        """A failed poll is logged and tried again at the next tick."""
        self._working = False
        log.warning("connectivity poll failed: %s", error)
        self._progress_ended()
        self.read_status()

    def on_status(self, status: OfflineStatus) -> None:
        """Tell the listeners; read again when the database changed meanwhile."""
        self._reading = False
        changed = status != self.status
        self.status = status
        if changed:
            self.sig_status.emit(status)
        if self._read_again:
            self._read_again = False
            self.read_status()

    def on_status_failed(self, error: BaseException) -> None:
        """The local copy could not be read: logged, read at the next change."""
        self._reading = self._read_again = False
        log.warning("could not read the offline status: %s", error)

    # ---- Internals
    def _progress_ended(self) -> None:
        # The last status may have arrived while the replay still ran: show it without progress.
        had_progress, self.progress = self.progress is not None, None
        if had_progress and self.status is not None:
            self.sig_status.emit(self.status)

    def _db_changed(self) -> None:
        # Any thread: a worker's save, the replay. Only a signal crosses to the GUI.
        if self._listening:
            try:
                self.sig_db_changed.emit()
            except RuntimeError:  # the window went away between the check and the emit
                self._listening = False

    def _progress(self, progress: ReplayProgress) -> None:
        # On the write lane's thread, from inside the replay: only a signal crosses.
        self.sig_replay_progress.emit(progress.done, progress.total)
