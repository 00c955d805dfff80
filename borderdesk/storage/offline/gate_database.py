"""The gate's server with this workstation's local copy behind it.

Every service opens its transactions through ``session()``, so this is the
one place that decides where a save goes:

- online: to the server; what it wrote is also written into the local copy,
  so the copy always ends at this workstation's last audit event;
- offline (the server is away, or saves made while it was still wait): to
  the local copy, and into the queue with the rows it wrote.

A connection lost inside a transaction, before its COMMIT was sent, means
the server has nothing of it: the session raises ``ServerLost`` and the
caller runs the same service again, now on the copy (``through_outage``).
A connection lost during the COMMIT leaves it unknown whether the server
took it: the rows recorded on the way are queued as they are, so the replay
either finds them there or writes them, never twice.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar
from uuid import UUID

from sqlalchemy import Connection
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from borderdesk.domain.offline import Connectivity
from borderdesk.errors import EnvironmentProblem
from borderdesk.i18n import _
from borderdesk.reasons import reason_for
from borderdesk.storage.engine import Database
from borderdesk.storage.offline.apply import (
    ChangeRefused,
    Refusal,
    apply_strictly,
    is_present,
    refusal_json,
)
from borderdesk.storage.offline.changes import ChangeRecorder, ChangeSet, decode
from borderdesk.storage.offline.local_store import (
    ALREADY_THERE,
    CONFLICT,
    SENT,
    LocalStore,
    QueuedSave,
)

log = logging.getLogger("borderdesk.offline")

T = TypeVar("T")
LOCAL_ONLY_TABLES = frozenset({"queued_saves", "snapshot_facts"})


class ServerLost(EnvironmentProblem):
    """The server went away inside a transaction that it therefore never committed."""


@dataclass(frozen=True)
class ReplayProgress:
    """How far a replay is: ``done`` of ``total`` saves, the last one's outcome."""

    done: int
    total: int
    outcome: str


@dataclass(frozen=True)
class ReplayReport:
    """What one replay did."""

    sent: int
    already_there: int
    conflicts: int
    finished: bool
    """False when the server went away again before the queue was empty."""


def is_server_lost(error: BaseException) -> bool:
    """Whether a database error means the connection to the server is gone.

    Serialisation failures and deadlocks are operational errors too, but the
    server is still there; what counts is a broken connection, a failed
    connect (no SQLSTATE) or the server shutting down (class 08, 57P0x).
    """
    if not isinstance(error, DBAPIError):
        return False
    if error.connection_invalidated:
        return True
    name = type(error.orig).__name__
    state = getattr(error.orig, "sqlstate", None)
    line_down = state is not None and state.startswith(("08", "57P0"))
    if name in {"OperationalError", "InterfaceError"} or name.startswith("Connection"):
        return state is None or line_down
    return line_down


_committed_on_server: contextvars.ContextVar[int] = contextvars.ContextVar(
    "committed_on_server", default=0)


def through_outage(call: Callable[[], T]) -> T:
    """Run ``call`` (a service call); when the server is lost inside it, run it again offline.

    Raises:
        EnvironmentProblem: the server was lost after ``call`` had already
            saved something there: running it again would save it twice.
    """
    token = _committed_on_server.set(0)
    try:
        try:
            return call()
        except ServerLost:
            if _committed_on_server.get():
                raise EnvironmentProblem(_(
                    "Saved. The gate's server went away just after; "
                    "the screen now shows this workstation's copy.")) from None
            log.info("server lost inside a call; running it again on the local copy")
            return call()
    finally:
        _committed_on_server.reset(token)


def require_server(db: Database) -> None:
    """Refuse work that must see the whole gate while only this workstation's copy answers.

    Shift reports, audit verification, receipts and bundles read other
    workstations' records and whole chains, which the copy does not hold:
    done on it they would look complete and be wrong.

    Raises:
        EnvironmentProblem: ``db`` is a gate's server this workstation is offline from.
    """
    if isinstance(db, GateDatabase) and db.connectivity is not Connectivity.ONLINE:
        raise EnvironmentProblem(_(
            "This needs the gate's server, which cannot be reached now; it works again "
            "once the server is back and the saves made offline are sent."))


class GateDatabase(Database):
    """The gate's PostgreSQL server, falling back on a local copy when it goes away."""

    def __init__(self, url: str | URL, local_path: Path, *,
                 workstation_id: UUID | None = None) -> None:
        super().__init__(url)
        self.local = LocalStore(local_path)
        self.workstation_id = workstation_id
        self._lock = threading.RLock()
        # Held by every session on the copy, and by the switch back to the server,
        # so no save lands in the queue after the queue was found empty.
        self._local_lock = threading.RLock()
        self._replay_lock = threading.Lock()
        self._listeners: list[Callable[[], None]] = []
        self.local.claim()
        self.local.prepare()
        self._mode = Connectivity.OFFLINE if self.local.waiting_count() else Connectivity.ONLINE
        # A copy never refreshed lacks this workstation's chain head: offline
        # saves would start the chain again.
        self._head_is_current = self.local.taken_at() is not None

    def dispose(self) -> None:
        """Close the server's and the copy's connections, and let another process take the
        copy (a restarted window)."""
        super().dispose()
        self.local.db.dispose()
        self.local.release()

    # ---- What the faces read
    @property
    def connectivity(self) -> Connectivity:
        """Online, offline or replaying."""
        with self._lock:
            return self._mode

    def waiting_count(self) -> int:
        """Saves waiting for the server."""
        return self.local.waiting_count()

    def on_change(self, listener: Callable[[], None]) -> None:
        """Call ``listener`` (on any thread) when connectivity or the queue changes."""
        self._listeners.append(listener)

    def stop_notifying(self, listener: Callable[[], None]) -> None:
        """Forget a listener ``on_change`` added (its window closed)."""
        if listener in self._listeners:
            self._listeners.remove(listener)

    def queue_changed(self) -> None:
        """Tell the listeners the queue changed (a conflict was settled, say)."""
        self._changed()

    def _changed(self) -> None:
        for listener in list(self._listeners):
            try:
                listener()
            except Exception:
                log.exception("connectivity listener failed")

    def _set_mode(self, mode: Connectivity) -> None:
        with self._lock:
            changed = mode != self._mode
            self._mode = mode
        if changed:
            log.warning("connectivity: %s", mode.value)
            self._changed()

    def go_offline(self) -> None:
        """Stop using the server until ``replay`` has emptied the queue."""
        self._set_mode(Connectivity.OFFLINE)

    def _lost_server(self) -> ServerLost:
        """Go offline; the error that says so, for the caller to raise."""
        self.go_offline()
        return ServerLost(_("The gate's server went away; working on this workstation's copy."))

    # ---- Sessions
    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in one transaction, on the server or, offline, on the local copy.

        Raises:
            ServerLost: the server went away inside this transaction (nothing
                of it was committed; ``through_outage`` runs the call again).
        """
        if self.connectivity is Connectivity.ONLINE:
            with self._server_session() as session:
                yield session
        else:
            with self._local_session() as session:
                yield session

    @contextmanager
    def _server_session(self) -> Iterator[Session]:
        session = self._sessions()
        recorder = ChangeRecorder(session, ignore=LOCAL_ONLY_TABLES)
        try:
            try:
                session.begin()
                yield session
                session.flush()
            except BaseException as error:
                _forget(session)
                if is_server_lost(error):
                    raise self._lost_server() from error
                raise
            change_set = recorder.change_set
            try:
                session.commit()
            except DBAPIError as error:
                if not is_server_lost(error):
                    raise
                # The COMMIT went out and no answer came: queue what it wrote.
                _forget(session)
                self.go_offline()
                if change_set:
                    self.local.enqueue_applied(change_set, uncertain=True)
                    self._changed()
                return
            if change_set:
                _committed_on_server.set(_committed_on_server.get() + 1)
                self._mirror(change_set)
        finally:
            session.close()

    def _mirror(self, change_set: ChangeSet) -> None:
        try:
            with self._local_lock:
                self.local.mirror(change_set)
        except Exception:
            # Without this save's audit event the copy cannot continue the chain.
            log.exception("could not write a save into the local copy")
            with self._lock:
                self._head_is_current = False

    @contextmanager
    def _local_session(self) -> Iterator[Session]:
        with self._lock:
            if not self._head_is_current:
                raise EnvironmentProblem(_(
                    "The gate's server cannot be reached, and this workstation's copy is "
                    "not up to date, so it cannot record offline. Ask the administrator."))
        self.local.prepare()
        with self._local_lock:
            session = Session(self.local.db.engine, expire_on_commit=False)
            recorder = ChangeRecorder(session, ignore=LOCAL_ONLY_TABLES)
            try:
                with session.begin():
                    yield session
                    session.flush()
                    if recorder.change_set:
                        self.local.enqueue(session, recorder.change_set, officer_id=None)
                if recorder.change_set:
                    self._changed()
            finally:
                session.close()

    # ---- Coming back
    def server_reachable(self) -> bool:
        """Whether a connection to the server opens now."""
        try:
            self.ping()
        except EnvironmentProblem:
            return False
        return True

    def replay(self, progress: Callable[[ReplayProgress], None] | None = None) -> ReplayReport:
        """Send the queue to the server in order; go online once it is empty.

        Each save goes in its own transaction. One the server already holds
        (its audit event is there) is skipped; one it refuses is kept with both
        versions as a conflict, and only its audit events are written, so the
        chain stays whole. Losing the server again stops the replay where it is.
        """
        sent = already = conflicts = 0
        with self._replay_lock:
            while True:
                waiting = self.local.waiting()
                if not waiting:
                    with self._local_lock:
                        if not self.local.waiting_count():
                            self._set_mode(Connectivity.ONLINE)
                            return ReplayReport(sent, already, conflicts, finished=True)
                    continue
                self._set_mode(Connectivity.REPLAYING)
                for done, queued in enumerate(waiting, start=1):
                    try:
                        outcome, detail = self._replay_one(queued)
                    except DBAPIError as error:
                        if not is_server_lost(error):
                            raise
                        self.go_offline()
                        return ReplayReport(sent, already, conflicts, finished=False)
                    self.local.settle(queued.seq, outcome, detail)
                    sent += outcome == SENT
                    already += outcome == ALREADY_THERE
                    conflicts += outcome == CONFLICT
                    self._changed()
                    if progress is not None:
                        progress(ReplayProgress(done, len(waiting), outcome))

    def _replay_one(self, queued: QueuedSave) -> tuple[str, str]:
        change_set = decode(queued.changes)
        marker = change_set.marker()
        try:
            with self.engine.begin() as connection:
                if marker is not None and is_present(connection, marker):
                    # Refused before, its audit events sent and the answer lost: still refused.
                    if queued.detail:
                        return CONFLICT, queued.detail
                    return ALREADY_THERE, ""
                apply_strictly(connection, change_set)
                return SENT, ""
        except ChangeRefused as refused:
            refusal = refused.refusal
        except IntegrityError as error:
            refusal = Refusal(table=_first_table(change_set), row_key={},
                              reason=reason_for(error))
        # The officer did this; the chain keeps it, the refusal is the officer's to settle.
        # Noted first: a cut during the events' COMMIT would make the next replay find them
        # and take the save for one the server holds.
        detail = refusal_json(refusal)
        self.local.note_refusal(queued.seq, detail)
        try:
            with self.engine.begin() as connection:
                _write_events(connection, change_set)
        except IntegrityError:
            # Another event holds this place in the chain: verification will name it.
            log.exception("the audit events of queued save %d do not fit the chain", queued.seq)
        return CONFLICT, detail

    def refresh_copy(self) -> int:
        """Refresh the local copy from the server; the rows copied.

        Only while online with nothing queued; a refresh overtaken by the
        server going away (and saves queued meanwhile) leaves the copy as it was.

        Raises:
            ServerLost: the server went away during the refresh; the copy is
                left as it was (it holds every save of this workstation).
        """
        if not self._may_refresh():
            return 0
        try:
            rows = self.local.read_server(self, self.workstation_id)
        except DBAPIError as error:
            if not is_server_lost(error):
                raise
            raise self._lost_server() from error
        with self._local_lock:
            # Asked again: the server may have gone, and saves queued, during the read.
            if not self._may_refresh():
                return 0
            copied = self.local.replace_with(rows, self.display_url)
            with self._lock:
                self._head_is_current = True
            return copied

    def _may_refresh(self) -> bool:
        return self.connectivity is Connectivity.ONLINE and not self.local.waiting_count()


def _forget(session: Session) -> None:
    # When the connection is gone the rollback fails too; the pool drops it.
    with contextlib.suppress(DBAPIError):
        session.rollback()


def _first_table(change_set: ChangeSet) -> str:
    return change_set.changes[0].table if change_set.changes else ""


def _write_events(connection: Connection, change_set: ChangeSet) -> None:
    apply_strictly(connection, ChangeSet(list(change_set.audit_events())))
