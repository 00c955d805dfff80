"""The crash path and the officer-facing error boxes."""

from __future__ import annotations

import logging
import sys
import threading

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox

from borderdesk.errors import EnvironmentProblem
from borderdesk.ui import errors
from borderdesk.ui.dialogs.crash_dialog import CrashDialog


def test_borderdesk_error_shows_its_one_line_message(qtbot, monkeypatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(errors, "MODAL_ERRORS", True)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    errors.show_error(None, EnvironmentProblem("The database is locked."))
    assert shown == ["The database is locked."]


def test_errors_become_log_lines_when_modal_errors_are_off(
        qtbot, monkeypatch, caplog, expect_errors) -> None:
    expect_errors("unexpected error: ZeroDivisionError")
    monkeypatch.setattr(QMessageBox, "exec", lambda box: pytest.fail("a box was shown"))
    with caplog.at_level(logging.WARNING, logger="borderdesk"):
        errors.show_error(None, EnvironmentProblem("The database is locked."))
        errors.show_error(None, ZeroDivisionError("division by zero"))
    assert "The database is locked." in caplog.text
    assert "ZeroDivisionError" in caplog.text


def test_bug_takes_the_crash_dialog_with_copyable_details(
        qtbot, monkeypatch, expect_errors) -> None:
    expect_errors("unexpected error: KeyError: 'lane 7'")
    dialogs: list[CrashDialog] = []
    monkeypatch.setattr(errors, "MODAL_ERRORS", True)
    monkeypatch.setattr(CrashDialog, "exec", lambda dialog: dialogs.append(dialog) or 0)
    try:
        raise KeyError("lane 7")
    except KeyError as error:
        errors.show_error(None, error)
    (dialog,) = dialogs
    qtbot.addWidget(dialog)
    assert "KeyError" in dialog.summary_label.text()
    dialog.copy_button.click()
    copied = QGuiApplication.clipboard().text()
    assert "Traceback" in copied
    assert "lane 7" in copied


def test_uncaught_exceptions_of_any_thread_reach_the_crash_path(qtbot, monkeypatch) -> None:
    crashes: list[str] = []
    monkeypatch.setattr(errors, "show_crash", lambda summary, details: crashes.append(summary))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    monkeypatch.setattr(errors, "_bridge", None)
    # pytest keeps its own faulthandler: pretend ours is already enabled.
    monkeypatch.setattr(errors, "_fault_file", sys.stderr)
    errors.install_crash_handlers()
    errors._bridge.sig_crash.disconnect()
    errors._bridge.sig_crash.connect(lambda summary, _details: crashes.append(summary))

    sys.excepthook(ValueError, ValueError("on the GUI thread"), None)

    def fail() -> None:
        raise RuntimeError("on a worker thread")

    worker = threading.Thread(target=fail)
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: len(crashes) == 2)
    assert crashes == ["ValueError: on the GUI thread", "RuntimeError: on a worker thread"]


def test_a_hard_crash_of_the_last_run_is_kept_for_the_supervisor(expect_errors) -> None:
    expect_errors("the previous run ended in a hard crash")
    from borderdesk import paths

    fault = paths.log_dir() / errors.FAULT_FILE
    fault.write_text("Fatal Python error: Segmentation fault\n", encoding="utf-8")
    kept = errors.keep_previous_crash()
    assert kept is not None and kept.name.startswith("crash-")
    assert "Segmentation fault" in kept.read_text(encoding="utf-8")
    assert not fault.exists()
    assert errors.keep_previous_crash() is None, "a clean last run reports nothing"
