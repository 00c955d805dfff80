"""The main window's eye on the handoffs: the agency's pending count, kept current.

Every ``queue_refresh_seconds`` the cheap ``handoff_marker`` is read off the
GUI thread; only when it changed is the pending count read again and the
inbox page reloaded. A handoff sent from another workstation shows within
one poll.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel

from borderdesk.access.permissions import Action
from borderdesk.domain.custody import agency_of, custody_label
from borderdesk.i18n import _
from borderdesk.services import handoffs
from borderdesk.ui.kit.form_fields import repolish
from borderdesk.ui.session import UiSession

log = logging.getLogger("borderdesk.ui")


class HandoffWatch(QObject):
    """Polls the handoff marker and keeps ``pending`` (the agency's pending count) current."""

    sig_count_changed = Signal(int)
    """The pending count changed; carries the new count."""
    sig_handoffs_changed = Signal()
    """Some handoff changed somewhere (the inbox should reload)."""

    def __init__(self, session: UiSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.agency = agency_of(session.actor.role)
        self.pending: int | None = None
        self.marker: str | None = None
        self._polling = False
        self.status_label = QLabel()
        self.status_label.setObjectName("pending_handoffs")
        self.timer = QTimer(self, interval=session.settings.queue_refresh_seconds * 1000)
        self.timer.timeout.connect(self.poll)

    @staticmethod
    def wanted(session: UiSession) -> bool:
        """Whether the officer has an inbox to watch."""
        return session.may(Action.RECEIVE_HANDOFF) and agency_of(session.actor.role) is not None

    # ---- Public API
    def start(self) -> None:
        """Poll now and every refresh interval."""
        self.timer.start()
        self.poll()

    def stop(self) -> None:
        """Stop polling (the window closes)."""
        self.timer.stop()

    def title(self, base: str) -> str:
        """The inbox area's title with the count: "Handoff inbox (3)"."""
        return _("{title} ({count})").format(title=base, count=self.pending) if self.pending \
            else base

    def retranslate_ui(self) -> None:
        """The status bar text in the active language."""
        if self.pending is None or self.agency is None:
            self.status_label.setText("")
            return
        self.status_label.setText(_("Handoffs pending for {agency}: {count}").format(
            agency=custody_label(self.agency), count=self.pending))
        self.status_label.setProperty("pending", bool(self.pending))
        repolish(self.status_label)

    def poll(self) -> None:
        """Read the marker off the GUI thread (one poll at a time)."""
        if self._polling:
            return
        self._polling = True
        db, actor = self._session.db, self._session.actor
        self._session.tasks.run(lambda: handoffs.handoff_marker(db, actor), self.on_marker,
                                self.on_failed)

    # ---- Slots
    def on_marker(self, marker: str) -> None:
        """Read the count again when the marker moved."""
        if marker == self.marker and self.pending is not None:
            self._polling = False
            return
        changed = self.marker is not None
        self.marker = marker
        db, actor = self._session.db, self._session.actor
        self._session.tasks.run(lambda: handoffs.pending_count(db, actor),
                                lambda count: self.on_count(count, changed), self.on_failed)

    def on_count(self, count: int, changed: bool) -> None:
        """Show the new count."""
        self._polling = False
        if count != self.pending:
            self.pending = count
            self.retranslate_ui()
            self.sig_count_changed.emit(count)
        if changed:
            self.sig_handoffs_changed.emit()

    def on_failed(self, error: BaseException) -> None:
        """A failed poll is logged and tried again at the next tick (a weak network)."""
        self._polling = False
        log.warning("could not read the pending handoffs: %s", error)
