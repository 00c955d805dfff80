"""The live camera picture at the booth, and the snapshot that becomes evidence of a crossing.

Frames are read by ``capture.camera.FrameGrabber`` on its own thread; each is
scaled to the picture's size there and handed to the GUI thread through a
signal, one at a time (a frame arriving while the previous one is still
waiting to be painted is dropped), so a fast camera never floods the window.
"""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QHideEvent,
    QImage,
    QKeySequence,
    QPixmap,
    QResizeEvent,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from borderdesk.capture.camera import (
    CameraSource,
    CameraState,
    CameraStatus,
    Frame,
    FrameGrabber,
    encode_jpeg,
)
from borderdesk.domain.evidence import EvidenceItem, EvidenceKind, kind_label
from borderdesk.errors import BorderDeskError
from borderdesk.i18n import _
from borderdesk.services import evidence
from borderdesk.ui.session import UiSession


def kind_text(kind: EvidenceKind) -> str:
    """The kind's name as a caption ("Plate"), in the active language."""
    text = kind_label(EvidenceKind(kind))
    return text[:1].upper() + text[1:]


class _Picture(QLabel):
    """The label frames are painted on; remembers its size for the grabber's thread."""

    def __init__(self) -> None:
        super().__init__()
        self.target = QSize(640, 480)
        self.setMinimumSize(320, 240)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self.target = event.size()


class CameraPreview(QWidget):
    """Source chooser, live picture, camera state, evidence kind and "Take snapshot" (Space)."""

    sig_evidence_attached = Signal(object)
    """A snapshot was stored as evidence; carries its ``EvidenceItem``."""
    sig_status_changed = Signal(object)
    """The camera connected, was lost or stopped; carries a ``CameraStatus``."""
    _sig_frame = Signal(QImage)
    _sig_status = Signal(object)

    def __init__(
        self, session: UiSession, crossing_id: UUID | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._session = session
        self.crossing_id = crossing_id
        self._grabber: FrameGrabber | None = None
        self._frame_waiting = False
        self.frames_shown = 0
        self.status = CameraStatus(CameraState.STOPPED)
        self._build()
        self._sig_frame.connect(self.on_frame, Qt.ConnectionType.QueuedConnection)
        self._sig_status.connect(self.on_status, Qt.ConnectionType.QueuedConnection)
        self.retranslate_ui()

    # ---- Construction
    def _build(self) -> None:
        self.source_label, self.source_combo = QLabel(), QComboBox()
        for camera in self._session.settings.camera_sources:
            self.source_combo.addItem(camera.name, camera.source)
        self.source_label.setBuddy(self.source_combo)
        self.source_combo.currentIndexChanged.connect(self.on_source_chosen)
        self.hint_label = QLabel()
        self.hint_label.setObjectName("camera_hint")
        self.hint_label.setWordWrap(True)
        self.picture = _Picture()
        self.picture.setObjectName("camera_picture")
        self.state_label = QLabel()
        self.state_label.setObjectName("camera_state")
        self.kind_label, self.kind_combo = QLabel(), QComboBox()
        self.kind_label.setBuddy(self.kind_combo)
        for kind in EvidenceKind:
            self.kind_combo.addItem("", kind)
        self.snapshot_button = QPushButton()
        self.snapshot_button.clicked.connect(self.take_snapshot)
        shortcut = QShortcut(QKeySequence(Qt.Key.Key_Space), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.take_snapshot)
        self.message_label = QLabel()
        self.message_label.setObjectName("camera_message")
        self.message_label.setWordWrap(True)

        top = QHBoxLayout()
        top.addWidget(self.source_label)
        top.addWidget(self.source_combo, 1)
        top.addWidget(self.state_label, 2)
        bottom = QHBoxLayout()
        bottom.addWidget(self.kind_label)
        bottom.addWidget(self.kind_combo)
        bottom.addWidget(self.snapshot_button)
        bottom.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.hint_label)
        layout.addWidget(self.picture, 1)
        layout.addLayout(bottom)
        layout.addWidget(self.message_label)
        has_sources = self.source_combo.count() > 0
        self.source_combo.setVisible(has_sources)
        self.source_label.setVisible(has_sources)
        self.hint_label.setVisible(not has_sources)

    # ---- Public API
    def retranslate_ui(self) -> None:
        """Every text in the active language."""
        self.source_label.setText(_("&Camera"))
        self.hint_label.setText(
            _("No camera is set up on this workstation. Add one in Settings "
              "(a device number, an RTSP/HTTP address or a video file).")
        )
        self.kind_label.setText(_("&Kind"))
        for i in range(self.kind_combo.count()):
            self.kind_combo.setItemText(i, kind_text(self.kind_combo.itemData(i)))
        self.snapshot_button.setText(_("Take snapshot (Space)"))
        self.snapshot_button.setToolTip(_("Attach the picture to the crossing as evidence"))
        self._show_status()
        if self._grabber is None and not self.frames_shown:
            self.picture.setText(_("No picture"))

    def set_crossing(self, crossing_id: UUID | None) -> None:
        """Attach later snapshots to ``crossing_id`` (None: snapshots are refused)."""
        self.crossing_id = crossing_id
        self.snapshot_button.setEnabled(crossing_id is not None)

    def set_kind(self, kind: EvidenceKind) -> None:
        """Choose the kind of evidence the next snapshot is."""
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(kind))

    def start(self) -> None:
        """Open the chosen camera (again)."""
        self.stop()
        source = self.source_combo.currentData()
        if not source:
            return
        self._frame_waiting = False
        self._grabber = FrameGrabber(CameraSource(str(source)), self._sig_status.emit,
                                     self._deliver)
        self._grabber.start()

    def stop(self) -> None:
        """Close the camera; the last picture stays on screen."""
        grabber, self._grabber = self._grabber, None
        if grabber is not None:
            grabber.stop()

    def take_snapshot(self) -> None:
        """Attach the picture on screen to the crossing, off the GUI thread."""
        if self.crossing_id is None:
            self.message_label.setText(_("Open a crossing before taking a snapshot."))
            return
        frame = self._grabber.latest() if self._grabber is not None else None
        if frame is None:
            self.message_label.setText(_("The camera has not shown a picture yet."))
            return
        kind: EvidenceKind = self.kind_combo.currentData()
        source = self.source_combo.currentText()
        taken_at = datetime.now(UTC)
        db, actor, crossing_id = self._session.db, self._session.actor, self.crossing_id

        def attach() -> EvidenceItem:
            return evidence.attach_evidence(
                db, actor, crossing_id, encode_jpeg(frame), kind, source=source,
                captured_at=taken_at,
            )

        self.message_label.setText(_("Saving the snapshot…"))
        self._session.tasks.run(attach, self.on_attached, self.on_failed, write=True)

    # ---- Slots
    def on_source_chosen(self, _index: int) -> None:
        """Switch to the camera the officer chose."""
        if self.isVisible():
            self.start()

    def on_frame(self, image: QImage) -> None:
        """Paint a frame scaled on the grabber's thread."""
        self._frame_waiting = False
        if self._grabber is None:
            return
        self.picture.setPixmap(QPixmap.fromImage(image))
        self.frames_shown += 1

    def on_status(self, status: CameraStatus) -> None:
        """Say whether the camera is there."""
        self.status = status
        self._show_status()
        self.sig_status_changed.emit(status)

    def on_attached(self, item: EvidenceItem) -> None:
        """The snapshot is evidence of the crossing."""
        self.message_label.setText(
            _("Snapshot attached as {kind} evidence.").format(kind=kind_label(item.kind))
        )
        self.sig_evidence_attached.emit(item)

    def on_failed(self, error: BaseException) -> None:
        """Say why the snapshot was not stored; a bug takes the crash path."""
        if isinstance(error, BorderDeskError):
            self.message_label.setText(str(error))
            return
        self.message_label.setText(_("The snapshot was not saved."))
        self._session.tasks.report(error)

    # ---- Qt events
    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        """The camera runs while the preview is on screen."""
        super().showEvent(event)
        if self._grabber is None:
            self.start()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt's name
        """A hidden preview releases the camera for the other windows."""
        self.stop()
        super().hideEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        """Release the camera."""
        self.stop()
        super().closeEvent(event)

    # ---- Internals
    def _deliver(self, frame: Frame) -> None:
        # On the grabber's thread: QImage (unlike QPixmap) may be built and scaled here.
        if self._frame_waiting:
            return
        height, width = frame.shape[:2]
        image = QImage(frame.data, width, height, frame.strides[0], QImage.Format.Format_BGR888)
        target = self.picture.target
        if target.width() > 0 and target.height() > 0:
            image = image.scaled(target, Qt.AspectRatioMode.KeepAspectRatio,
                                 Qt.TransformationMode.SmoothTransformation)
        else:
            image = image.copy()
        self._frame_waiting = True
        self._sig_frame.emit(image)

    def _show_status(self) -> None:
        status = self.status
        if status.state is CameraState.CONNECTED:
            text = _("Connected")
        elif status.state is CameraState.RECONNECTING:
            text = _("Camera lost — reconnecting (attempt {attempt})…").format(
                attempt=status.attempt
            )
        else:
            text = _("Camera off") if self.source_combo.count() else ""
        self.state_label.setText(text)
        self.state_label.setProperty("lost", status.state is CameraState.RECONNECTING)
        self.state_label.style().unpolish(self.state_label)
        self.state_label.style().polish(self.state_label)
