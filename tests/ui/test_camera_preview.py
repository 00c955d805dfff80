"""The booth's camera preview: live frames from a video file, snapshots that become evidence."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select
from test_camera_grabber import make_video

from borderdesk.config import CameraSource, with_changes
from borderdesk.domain.crossing import ArrivalForm, ContainerEntry, Direction
from borderdesk.domain.evidence import EvidenceKind
from borderdesk.services import crossings, evidence
from borderdesk.storage.models.evidence import Evidence
from borderdesk.ui.kit.camera_preview import CameraPreview

pytestmark = pytest.mark.qt_log_ignore(
    r"This plugin does not support (propagateSizeHints|raise)\(\)"
)


def arrival(ui_gate):
    form = ArrivalForm(
        direction=Direction.IMPORT, lane="2", tractor_plate="74C-123.45",
        arrived_at=datetime.now(UTC), driver_name="Nguyễn Văn Tài",
        driver_document_no="038012345678",
        containers=(ContainerEntry("CSQU3054383", ("A123456",)),),
    )
    return crossings.register_arrival(ui_gate.db, ui_gate.actor_for("guard1"), form)


def preview_of(qtbot, ui_gate, video: Path | str, crossing_id) -> CameraPreview:
    session = ui_gate.session_for("guard1")
    session.settings = with_changes(
        session.settings, camera_sources=(CameraSource("Lane 2 front", str(video)),)
    )
    preview = CameraPreview(session, crossing_id)
    qtbot.addWidget(preview)
    preview.resize(640, 520)
    preview.show()
    return preview


def test_frames_of_the_camera_show_and_a_snapshot_becomes_evidence(qtbot, ui_gate, tmp_path):
    detail = arrival(ui_gate)
    preview = preview_of(qtbot, ui_gate, make_video(tmp_path / "lane2.avi", frames=250),
                         detail.crossing_id)
    qtbot.waitUntil(lambda: preview.frames_shown >= 3, timeout=20_000)
    assert preview.state_label.text() == "Connected"
    assert not preview.picture.pixmap().isNull()
    assert preview.source_combo.currentText() == "Lane 2 front"

    preview.set_kind(EvidenceKind.PLATE)
    with qtbot.waitSignal(preview.sig_evidence_attached, timeout=20_000) as attached:
        qtbot.mouseClick(preview.snapshot_button, Qt.MouseButton.LeftButton)
    item = attached.args[0]
    assert item.kind is EvidenceKind.PLATE
    assert item.officer_name == "Lê Văn Biên"
    assert item.media_type == "image/jpeg"
    assert (item.width, item.height) == (160, 120)
    assert "plate" in preview.message_label.text()
    with ui_gate.db.session() as session:
        rows = session.scalars(
            select(Evidence).where(Evidence.crossing_id == detail.crossing_id)
        ).all()
        assert [(r.kind, r.blob_sha256, r.source) for r in rows] == [
            ("plate", item.sha256, "Lane 2 front")
        ]


def test_a_camera_that_is_lost_says_so_and_keeps_the_snapshot_taken_before(
    qtbot, ui_gate, tmp_path
):
    detail = arrival(ui_gate)
    video = make_video(tmp_path / "lane2.avi", frames=40)
    preview = preview_of(qtbot, ui_gate, video, detail.crossing_id)
    qtbot.waitUntil(lambda: preview.frames_shown >= 2, timeout=20_000)
    with qtbot.waitSignal(preview.sig_evidence_attached, timeout=20_000):
        preview.take_snapshot()
    video.unlink()  # the cable is pulled: the file plays out and cannot be opened again

    qtbot.waitUntil(lambda: "reconnecting (attempt 2)" in preview.state_label.text(),
                    timeout=30_000)
    assert preview.state_label.text() == "Camera lost — reconnecting (attempt 2)…"
    assert preview.state_label.property("lost") is True
    kept = evidence.list_evidence(ui_gate.db, ui_gate.actor_for("guard1"), detail.crossing_id)
    assert [i.kind for i in kept] == [EvidenceKind.PLATE]
    assert not preview.picture.pixmap().isNull()  # the last picture stays on screen


def test_space_takes_a_snapshot(qtbot, ui_gate, tmp_path):
    detail = arrival(ui_gate)
    preview = preview_of(qtbot, ui_gate, make_video(tmp_path / "lane2.avi", frames=250),
                         detail.crossing_id)
    qtbot.waitUntil(lambda: preview.frames_shown >= 2, timeout=20_000)
    preview.activateWindow()
    preview.kind_combo.setFocus()
    with qtbot.waitSignal(preview.sig_evidence_attached, timeout=20_000):
        qtbot.keyClick(preview.kind_combo, Qt.Key.Key_Space)


def test_without_a_camera_the_preview_says_where_to_add_one(qtbot, ui_gate):
    preview = CameraPreview(ui_gate.session_for("guard1"))
    qtbot.addWidget(preview)
    preview.show()
    assert preview.hint_label.isVisible()
    assert "Settings" in preview.hint_label.text()
    assert not preview.source_combo.isVisible()
    preview.take_snapshot()
    assert preview.message_label.text() == "Open a crossing before taking a snapshot."
