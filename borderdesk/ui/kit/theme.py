"""BorderDesk's one look: ``resources/styles/style.qss``, set once on the application.

Widgets carry an objectName or a dynamic property and the theme styles them,
so a screen's look is read in one file and a colour is changed in one place.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtWidgets import QApplication

from borderdesk.paths import resources_dir

log = logging.getLogger("borderdesk.ui")


def theme_file() -> Path:
    """The theme shipped with BorderDesk (in the bundle's resources when frozen)."""
    return resources_dir() / "styles" / "style.qss"


def apply_theme(app: QApplication) -> None:
    """Style every window of ``app`` with the theme.

    A missing theme leaves Qt's plain look: the windows still work, and the log
    says why they look bare.
    """
    try:
        sheet = theme_file().read_text(encoding="utf-8")
    except OSError as error:
        log.warning("Theme not loaded from %s: %s", theme_file(), error)
        return
    app.setStyleSheet(sheet)
