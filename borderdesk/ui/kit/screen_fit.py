"""Opening a window at its usual size, never beyond the screen it opens on.

A booth screen is often 1024x768: a window sized for a desk monitor would
open with its buttons off the screen's edge.
"""

from __future__ import annotations

from PySide6.QtGui import QScreen
from PySide6.QtWidgets import QApplication, QWidget


def fit_to_screen(window: QWidget, width: int | None = None, height: int | None = None) -> None:
    """Give ``window`` the size asked (default: its own), cut to the available screen."""
    # Qt's stubs say a screen always exists; with every monitor unplugged there is none.
    screen: QScreen | None = window.screen() or QApplication.primaryScreen()
    width = window.width() if width is None else width
    height = window.height() if height is None else height
    if screen is None:
        window.resize(width, height)
        return
    room = screen.availableGeometry()
    window.resize(min(width, room.width()), min(height, room.height()))
    if width > room.width() or height > room.height():
        window.move(room.topLeft())
