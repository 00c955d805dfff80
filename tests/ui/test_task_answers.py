"""A background task's answer reaches the widget that asked, unless it was closed meanwhile."""

from __future__ import annotations

import threading

import shiboken6
from PySide6.QtWidgets import QLabel

from borderdesk.ui.tasks import TaskRunner


def test_an_answer_to_a_closed_window_is_dropped_and_one_to_an_open_window_arrives(qtbot) -> None:
    runner = TaskRunner()
    gate = threading.Event()
    closed, kept = QLabel(), QLabel()
    qtbot.addWidget(kept)
    # A lambda, not the bound method: the window is found among what the closure captured.
    runner.run(lambda: gate.wait(10) and "late", lambda text: closed.setText(text))  # noqa: PLW0108
    runner.run(lambda: gate.wait(10) and "read", kept.setText)
    closed.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(closed), timeout=5000)
    gate.set()
    qtbot.waitUntil(lambda: kept.text() == "read", timeout=5000)
    assert runner.wait_for_done(5000)
    qtbot.waitUntil(lambda: not runner.busy, timeout=5000)
