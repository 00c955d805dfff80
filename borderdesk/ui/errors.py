"""The crash path and the officer-facing error boxes.

A ``BorderDeskError`` is the officer's to read: one translated line in a
message box. Anything else is a bug: it is logged with its traceback and
shown in the crash dialog, whose "Copy details" puts the traceback on the
clipboard for the supervisor. ``faulthandler`` writes hard crashes (a
segfault in a Qt plugin) to a file in the log folder.

Tests and batch runs set ``MODAL_ERRORS = False``: errors become log lines
and nothing waits for a click.
"""

from __future__ import annotations

import faulthandler
import logging
import sys
import threading
import traceback
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QWidget

from borderdesk import paths
from borderdesk.errors import BorderDeskError, excerpt
from borderdesk.i18n import _

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path
    from types import TracebackType
    from typing import IO

    # Imported where a box is made: the login screen, shown before any, would wait for it.
    from PySide6.QtWidgets import QMessageBox

log = logging.getLogger("borderdesk.ui")

MODAL_ERRORS = True
"""Show error and crash dialogs; False turns them into log lines (tests, batch runs)."""

FAULT_FILE = "faulthandler.log"

_fault_file: IO[str] | None = None
_bridge: _CrashBridge | None = None


class _CrashBridge(QObject):
    """Carries a crash from any thread to the GUI thread, where dialogs may be shown."""

    sig_crash = Signal(str, str)
    """A one-line summary and the traceback text."""


def traceback_text(error: BaseException) -> str:
    """The traceback of ``error``, including one recorded on a worker thread."""
    text = getattr(error, "__traceback_text__", None)
    if isinstance(text, str) and text:
        return text
    return "".join(traceback.format_exception(type(error), error, error.__traceback__))


def show_crash(summary: str, details: str) -> None:
    """Log a bug and, when modal errors are on, show the crash dialog."""
    log.critical("unexpected error: %s\n%s", summary, details)
    if not MODAL_ERRORS or QApplication.instance() is None:
        return
    from borderdesk.ui.dialogs.crash_dialog import CrashDialog

    dialog = CrashDialog(summary, details, QApplication.activeWindow())
    dialog.exec()


def error_line(error: BaseException | str) -> str:
    """The officer's one line for ``error``: newlines folded, cut to ``MESSAGE_CHARACTERS``.

    A hostile file's 100 KB value must not become a dialog wider than the screen.
    """
    # Imported here, as datetime below: the login screen, shown before any error, would wait
    # for them (limits brings decimal).
    from borderdesk.limits import MESSAGE_CHARACTERS

    return excerpt(str(error), MESSAGE_CHARACTERS)


def readable(box: QMessageBox) -> QMessageBox:
    """``box`` with its texts (set before) as plain text.

    A value quoted from a file (``<img src=...>``) is shown, never rendered. Qt wraps a
    plain line wider than the dialog at spaces, and anywhere past its hard width limit.
    """
    # Imported here: the Qt namespace takes PySide 40-80 ms to build, and the login screen,
    # shown before it is needed, must not wait for it.
    from PySide6.QtCore import Qt

    box.setTextFormat(Qt.TextFormat.PlainText)
    return box


def error_box(parent: QWidget | None, error: BorderDeskError) -> QMessageBox:
    """The message box of an officer's error, not shown yet: one line, cut, wrapped."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_("BorderDesk"))
    box.setText(error_line(error))
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.button(QMessageBox.StandardButton.Ok).setText(_("OK"))
    return readable(box)


def show_error(parent: QWidget | None, error: BaseException) -> None:
    """Show an error to the officer: one translated line, or the crash dialog for a bug."""
    if not isinstance(error, BorderDeskError):
        show_crash(f"{type(error).__name__}: {error}", traceback_text(error))
        return
    log.warning("%s: %s", type(error).__name__, error_line(error))
    if not MODAL_ERRORS:
        return
    error_box(parent, error).exec()


def error_handler(parent: QWidget | None) -> Callable[[BaseException], None]:
    """A ``TaskRunner.default_error_handler`` that shows errors over ``parent``."""

    def handle(error: BaseException) -> None:
        show_error(parent, error)

    return handle


def _excepthook(
    kind: type[BaseException], error: BaseException, tb: TracebackType | None
) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, error, tb)
        return
    details = "".join(traceback.format_exception(kind, error, tb))
    summary = f"{kind.__name__}: {error}"
    if _bridge is not None and threading.current_thread() is not threading.main_thread():
        _bridge.sig_crash.emit(summary, details)
    else:
        show_crash(summary, details)


def _thread_excepthook(args: threading.ExceptHookArgs) -> None:
    if args.exc_value is None:
        return
    _excepthook(args.exc_type, args.exc_value, args.exc_traceback)


def keep_previous_crash() -> Path | None:
    """Move a hard crash that faulthandler wrote last time aside; its new path, or None."""
    fault = paths.log_dir() / FAULT_FILE
    if not fault.is_file() or fault.stat().st_size == 0:
        return None
    from datetime import UTC, datetime

    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    kept = fault.with_name(f"crash-{stamp}.log")
    fault.replace(kept)
    log.error("the previous run ended in a hard crash; details kept in %s", kept)
    return kept


def offer_previous_crash(report: Path) -> None:
    """Tell the officer the last run crashed and where the details are for the supervisor."""
    if not MODAL_ERRORS:
        return
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Warning, _("BorderDesk"), _(
        "BorderDesk stopped unexpectedly last time. Nothing saved before then is lost.\n"
        "Please give the supervisor the file {path}."
    ).format(path=report))
    box.setDetailedText(report.read_text(encoding="utf-8", errors="replace"))
    box.exec()


def install_crash_handlers() -> Path | None:
    """Route uncaught exceptions of every thread to the crash path; enable faulthandler.

    Call once, on the GUI thread, after the QApplication exists.

    Returns:
        The kept report of a hard crash of the previous run, or None.
    """
    global _fault_file, _bridge  # noqa: PLW0603 - one crash path per process
    previous = keep_previous_crash() if _fault_file is None else None
    _bridge = _CrashBridge()
    _bridge.sig_crash.connect(show_crash)
    sys.excepthook = _excepthook
    threading.excepthook = _thread_excepthook
    if _fault_file is None:
        # Kept open for the life of the process: faulthandler writes to its descriptor.
        _fault_file = (paths.log_dir() / FAULT_FILE).open("a", encoding="utf-8")
        faulthandler.enable(_fault_file)
    return previous
