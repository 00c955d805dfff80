"""The idle lock of a shared booth: no keyboard or mouse for a while locks the window."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication

_INPUT_EVENTS = frozenset({
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
})


def minutes_to_ms(minutes: int) -> int:
    """The idle timeout of ``minutes`` in milliseconds."""
    return minutes * 60_000


class IdleWatch(QObject):
    """Watches every input event of the application and says when none came for a while."""

    sig_idle = Signal()
    """No input for the whole timeout."""

    def __init__(self, timeout_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        # A coarse timer rounds its deadline, which would hide a restart from remaining_ms().
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(timeout_ms)
        self._timer.timeout.connect(self.sig_idle)
        self._installed = False

    # ---- Public API
    @property
    def timeout_ms(self) -> int:
        """The idle time that locks, in milliseconds."""
        return self._timer.interval()

    def set_timeout_ms(self, timeout_ms: int) -> None:
        """Change the idle time; counting starts again."""
        self._timer.setInterval(timeout_ms)
        if self._timer.isActive():
            self._timer.start()

    def start(self) -> None:
        """Start counting, and restart on every input."""
        app = QApplication.instance()
        if app is not None and not self._installed:
            app.installEventFilter(self)
            self._installed = True
        self._timer.start()

    def stop(self) -> None:
        """Stop counting (while locked, after logout)."""
        self._timer.stop()
        app = QApplication.instance()
        if app is not None and self._installed:
            app.removeEventFilter(self)
            self._installed = False

    def remaining_ms(self) -> int:
        """Milliseconds left before the lock (-1 when not counting)."""
        return self._timer.remainingTime()

    @property
    def active(self) -> bool:
        """Whether the watch is counting."""
        return self._timer.isActive()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Restart the count on keyboard, mouse or touch input; never swallow the event."""
        if event.type() in _INPUT_EVENTS and self._timer.isActive():
            self._timer.start()
        return False
