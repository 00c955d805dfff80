"""Cameras through OpenCV: a USB device index, an RTSP/HTTP URL or a video file.

All three go through the same ``cv2.VideoCapture`` path, so the tests and the
demo gate (which play a video file) exercise exactly what a gate camera does.
``FrameGrabber`` reads on its own thread at the source's frame rate, keeps
the latest frame, and reconnects with backoff when the source goes away; it
reports what happens through a callback and never raises into its owner.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from borderdesk.errors import UserInputError
from borderdesk.i18n import _

log = logging.getLogger("borderdesk.capture")

DEFAULT_FPS = 25.0
BACKOFF_SECONDS = (0.5, 1.0, 2.0, 5.0)
FAILED_READS_BEFORE_LOST = 5
OPEN_TIMEOUT_MS = 5000
"""How long a network camera may take to answer before the attempt counts as failed."""

Frame = Any
"""A BGR image as OpenCV gives it (a numpy array of shape (height, width, 3))."""


class CameraState(Enum):
    """What the grabber is doing."""

    CONNECTED = "connected"
    RECONNECTING = "reconnecting"
    STOPPED = "stopped"


@dataclass(frozen=True)
class CameraStatus:
    """A state change; ``attempt`` counts reconnection attempts (1, 2, ...)."""

    state: CameraState
    attempt: int = 0


class CameraSource:
    """Where frames come from, as the officer typed it in Settings.

    Args:
        source: ``"0"`` (a device index), ``"rtsp://..."``/``"http://..."`` or a file path.
    """

    def __init__(self, source: str) -> None:
        self.source = source.strip()

    @property
    def target(self) -> int | str:
        """What ``cv2.VideoCapture`` is given: an int for a device index, else the text."""
        return int(self.source) if self.source.isdigit() else self.source

    @property
    def is_network(self) -> bool:
        """Whether the source is a network camera (a timeout applies when opening it)."""
        return self.source.lower().startswith(("rtsp://", "http://", "https://"))

    def open(self) -> Any | None:
        """An opened ``cv2.VideoCapture``, or None when the source does not answer."""
        import cv2

        params: list[int] = []
        if self.is_network:
            params = [cv2.CAP_PROP_OPEN_TIMEOUT_MSEC, OPEN_TIMEOUT_MS,
                      cv2.CAP_PROP_READ_TIMEOUT_MSEC, OPEN_TIMEOUT_MS]
        try:
            capture = cv2.VideoCapture(self.target, cv2.CAP_ANY, params)
        except cv2.error as error:
            log.info("camera %s did not open: %s", self.source, error)
            return None
        if not capture.isOpened():
            capture.release()
            return None
        return capture

    def __repr__(self) -> str:
        return f"CameraSource({self.source!r})"


def frames_per_second(capture: Any) -> float:
    """The source's frame rate, or ``DEFAULT_FPS`` when it does not say (or says nonsense)."""
    import cv2

    fps = float(capture.get(cv2.CAP_PROP_FPS) or 0.0)
    return fps if 1.0 <= fps <= 120.0 else DEFAULT_FPS


def encode_jpeg(frame: Frame | None, quality: int = 92) -> bytes:
    """A frame as JPEG bytes (what a snapshot stores).

    Raises:
        UserInputError: there is no frame yet, or it cannot be encoded.
    """
    import cv2

    if frame is None:
        raise UserInputError(_("The camera has not shown a picture yet."))
    ok, encoded = cv2.imencode(".jpg", frame, [cv2.IMWRITE_JPEG_QUALITY, quality])
    if not ok:
        raise UserInputError(_("The camera picture could not be saved as JPEG."))
    return bytes(encoded.tobytes())


class FrameGrabber:
    """Reads a camera on a plain thread and keeps its latest frame.

    Args:
        source: the camera.
        on_status: called (on the grabber's thread) at each state change.
        on_frame: called (on the grabber's thread) with each new frame.
        backoff: seconds to wait before reconnection attempt 1, 2, ... (the last repeats).
        failed_reads: consecutive failed reads after which the camera counts as lost.
    """

    def __init__(
        self,
        source: CameraSource,
        on_status: Callable[[CameraStatus], None] | None = None,
        on_frame: Callable[[Frame], None] | None = None,
        *,
        backoff: Sequence[float] = BACKOFF_SECONDS,
        failed_reads: int = FAILED_READS_BEFORE_LOST,
    ) -> None:
        self.source = source
        self._on_status = on_status
        self._on_frame = on_frame
        self._backoff = tuple(backoff) or BACKOFF_SECONDS
        self._failed_reads = max(1, failed_reads)
        self._lock = threading.Lock()
        self._latest: Frame | None = None
        self._status = CameraStatus(CameraState.STOPPED)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # ---- Public API
    def start(self) -> None:
        """Start reading (again); does nothing when already running."""
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(
            target=self._run, name=f"camera {self.source.source}", daemon=True
        )
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop reading and wait for the thread; the latest frame stays available."""
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    @property
    def status(self) -> CameraStatus:
        """The last reported state."""
        return self._status

    @property
    def running(self) -> bool:
        """Whether the reading thread is alive."""
        return self._thread is not None and self._thread.is_alive()

    def latest(self) -> Frame | None:
        """The latest frame read, or None before the first one."""
        with self._lock:
            return self._latest

    def snapshot(self, quality: int = 92) -> bytes:
        """The latest frame as JPEG bytes.

        Raises:
            UserInputError: no frame was read yet.
        """
        return encode_jpeg(self.latest(), quality)

    # ---- The reading thread
    def _report(self, status: CameraStatus) -> None:
        self._status = status
        if self._on_status is None:
            return
        try:
            self._on_status(status)
        except Exception:  # the owner's bug must not kill the camera thread
            log.exception("camera status callback failed")

    def _run(self) -> None:
        attempt = 0
        try:
            while not self._stop.is_set():
                capture = self.source.open()
                if capture is not None:
                    attempt = 0
                    self._report(CameraStatus(CameraState.CONNECTED))
                    try:
                        self._read_until_lost(capture)
                    finally:
                        capture.release()
                    if self._stop.is_set():
                        break
                    log.warning("camera %s lost", self.source.source)
                attempt += 1
                self._report(CameraStatus(CameraState.RECONNECTING, attempt))
                self._stop.wait(self._backoff[min(attempt, len(self._backoff)) - 1])
        except Exception:
            log.exception("camera %s stopped after an unexpected error", self.source.source)
        self._report(CameraStatus(CameraState.STOPPED))

    def _read_until_lost(self, capture: Any) -> None:
        period = 1.0 / frames_per_second(capture)
        failures = 0
        due = time.monotonic()
        while not self._stop.is_set():
            try:
                ok, frame = capture.read()
            except Exception:
                log.exception("camera %s read failed", self.source.source)
                ok, frame = False, None
            if not ok or frame is None:
                failures += 1
                if failures >= self._failed_reads:
                    return
                self._stop.wait(period)
                continue
            failures = 0
            with self._lock:
                self._latest = frame
            if self._on_frame is not None:
                try:
                    self._on_frame(frame)
                except Exception:
                    log.exception("camera frame callback failed")
            # A file would otherwise play as fast as it decodes: pace it like a camera.
            due += period
            delay = due - time.monotonic()
            if delay < -period:
                due = time.monotonic()
            elif delay > 0:
                self._stop.wait(delay)
