"""The status bar's word on the gate's server: online, offline with the queue, replaying, conflicts.

Quiet while all is well; plainly coloured when saves wait or a conflict needs
the officer. A click opens the offline queue.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QWidget

from borderdesk.domain.offline import Connectivity, OfflineStatus
from borderdesk.i18n import _, ngettext
from borderdesk.ui.kit.form_fields import repolish


def status_text(status: OfflineStatus | None, progress: tuple[int, int] | None) -> tuple[str, str]:
    """What the status bar says, and its kind ("", offline, replaying, conflict)."""
    if status is None:
        return _("Online"), ""
    parts: list[str] = []
    kind = ""
    if progress is not None or status.connectivity is Connectivity.REPLAYING:
        done, total = progress or (0, status.waiting)
        parts.append(_("Sending queued saves: {done} of {total}").format(done=done, total=total))
        kind = "replaying"
    elif status.connectivity is Connectivity.OFFLINE:
        parts.append(ngettext("Offline — {count} save queued", "Offline — {count} saves queued",
                              status.waiting).format(count=status.waiting))
        kind = "offline"
    if status.open_conflicts:
        parts.append(ngettext("{count} conflict needs your decision",
                              "{count} conflicts need your decision",
                              status.open_conflicts).format(count=status.open_conflicts))
        kind = "conflict"
    return (" · ".join(parts) if parts else _("Online")), kind


class ConnectivityStatus(QPushButton):
    """A flat button in the status bar; clicked, the main window opens the offline queue."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("connectivity_status")
        self.setFlat(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.status: OfflineStatus | None = None
        self.progress: tuple[int, int] | None = None
        self.retranslate_ui()

    def show_status(self, status: OfflineStatus | None,
                    progress: tuple[int, int] | None = None) -> None:
        """Show what the connectivity watch knows."""
        self.status, self.progress = status, progress
        self.retranslate_ui()

    def kind(self) -> str:
        """"", "offline", "replaying" or "conflict" (the colour shown)."""
        return str(self.property("kind") or "")

    def retranslate_ui(self) -> None:
        """The text in the active language."""
        text, kind = status_text(self.status, self.progress)
        self.setText(text)
        self.setToolTip(_("Saves made offline, and what needs your decision"))
        self.setProperty("kind", kind)
        repolish(self)
