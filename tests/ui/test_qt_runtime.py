"""The Qt binding under us must not corrupt Python objects as the app runs for a shift."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    sig_flag = Signal(bool)
    """A flag, as the task runner's busy signal carries."""


def test_emitting_a_flag_keeps_true_and_false_alive() -> None:
    # PySide6 6.12.0 dropped a reference to True on each emit: a workstation
    # aborted ("bool_dealloc") after a few thousand background tasks.
    emitter = _Emitter()
    seen: list[bool] = []
    emitter.sig_flag.connect(seen.append)
    before = sys.getrefcount(True), sys.getrefcount(False)
    for _ in range(500):
        emitter.sig_flag.emit(True)
        emitter.sig_flag.emit(False)
    seen.clear()
    assert (sys.getrefcount(True), sys.getrefcount(False)) == before
