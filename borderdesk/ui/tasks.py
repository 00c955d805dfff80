"""One way to run slow work off the GUI thread.

Every query, save, OCR run, import and report goes through ``TaskRunner.run``:
the function runs on a pool thread and its result or error comes back on
the GUI thread. Writes go through a single-worker lane so that one
workstation never races itself on the database.

Every function runs through ``through_outage``: when the gate's server is
lost inside it (nothing committed), it runs once more on the workstation's
local copy, so no page has to know about outages. On a database without a
local copy it changes nothing.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger("borderdesk.ui")

Result = TypeVar("Result")


class _Signals(QObject):
    sig_finished = Signal(object)
    """The function returned; carries its result."""
    sig_failed = Signal(object)
    """The function raised; carries the exception."""


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any]) -> None:
        super().__init__()
        self.fn = fn
        self.signals = _Signals()

    @Slot()
    def run(self) -> None:
        try:
            # Imported here, on the worker: the login screen must not wait for it.
            from borderdesk.services.offline import through_outage

            result = through_outage(self.fn)
        except BaseException as error:  # every failure is handed to the GUI thread
            error.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            self.signals.sig_failed.emit(error)
        else:
            self.signals.sig_finished.emit(result)


def _receiver_alive(callback: Callable[..., Any]) -> bool:
    """False when ``callback`` belongs to a widget that was closed and deleted meanwhile.

    A bound method's object and the objects a closure or lambda captured (its
    ``self``, a dialog) are the receivers; when one of them is gone the answer
    has nobody to go to (a failure still goes to ``report``).
    """
    receivers: list[object] = [getattr(callback, "__self__", None)]
    for cell in getattr(callback, "__closure__", None) or ():
        try:
            receivers.append(cell.cell_contents)
        except ValueError:  # a cell not filled yet
            continue
    return all(shiboken6.isValid(r) for r in receivers if isinstance(r, QObject))


class TaskRunner(QObject):
    """Runs functions off the GUI thread and calls back on it."""

    sig_busy_changed = Signal(bool)
    """True while any task is running."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._reads = QThreadPool(self)
        self._reads.setMaxThreadCount(2)
        self._writes = QThreadPool(self)
        self._writes.setMaxThreadCount(1)
        self._running = 0
        self._jobs: set[_Job] = set()
        self.default_error_handler: Callable[[BaseException], None] | None = None

    # ---- Public API
    def run(
        self,
        fn: Callable[[], Result],
        on_done: Callable[[Result], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        *,
        write: bool = False,
    ) -> None:
        """Run ``fn()`` on a pool thread, then ``on_done`` or ``on_error`` on the GUI thread.

        Args:
            fn: the work; it must not touch widgets.
            on_done: called with the result.
            on_error: called with the exception; ``default_error_handler`` when None.
            write: run on the single-worker write lane.
        """
        job = _Job(fn)
        self._jobs.add(job)

        def finished(result: Result) -> None:
            self._end(job)
            if on_done is not None and _receiver_alive(on_done):
                on_done(result)

        def failed(error: BaseException) -> None:
            self._end(job)
            if on_error is None or not _receiver_alive(on_error):
                self.report(error)
                return
            on_error(error)

        job.signals.sig_finished.connect(finished)
        job.signals.sig_failed.connect(failed)
        self._running += 1
        if self._running == 1:
            self.sig_busy_changed.emit(True)
        (self._writes if write else self._reads).start(job)

    def report(self, error: BaseException) -> None:
        """Hand an error no widget could explain to the default handler (the crash
        path in the application), or to the log when there is none."""
        if self.default_error_handler is not None:
            self.default_error_handler(error)
        else:
            log.error("task failed: %s", getattr(error, "__traceback_text__", error))

    def wait_for_done(self, msecs: int = 30_000) -> bool:
        """Block until every task finished (tests and shutdown only)."""
        return self._reads.waitForDone(msecs) and self._writes.waitForDone(msecs)

    @property
    def busy(self) -> bool:
        """Whether a task is running."""
        return self._running > 0

    def _end(self, job: _Job) -> None:
        self._jobs.discard(job)
        self._running -= 1
        if self._running == 0:
            self.sig_busy_changed.emit(False)
