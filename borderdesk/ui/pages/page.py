"""What every navigation page offers the main window, so the window calls typed methods."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from borderdesk.domain.offline import OfflineStatus


class Page(QWidget):
    """A work area of the main window's navigation.

    The main window builds each page with the officer's ``UiSession`` and calls
    these methods on every page alike; a page overrides those it has work for.
    """

    # ---- Public API
    def retranslate_ui(self) -> None:
        """Set every text of the page in the active language."""

    def refresh(self) -> None:
        """Read what the page shows again (another workstation may have changed it)."""

    def set_offline_status(self, status: OfflineStatus) -> None:
        """The connectivity watch has news: the server went away, came back, or queued saves
        moved. Most pages read the database when shown and have nothing to change."""
