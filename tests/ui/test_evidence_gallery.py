"""The evidence gallery of a crossing: thumbnails, the viewer, import and drag-and-drop."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication
from test_camera_preview import arrival

from borderdesk.domain.evidence import EvidenceKind
from borderdesk.services import evidence
from borderdesk.ui.crossing.evidence_gallery import EvidenceGallery

pytestmark = pytest.mark.qt_log_ignore(
    r"This plugin does not support (propagateSizeHints|raise)\(\)"
)


def picture(fmt: str = "PNG", size=(320, 200), colour=(30, 90, 160), text="74C-123.45") -> bytes:
    image = Image.new("RGB", size, colour)
    ImageDraw.Draw(image).text((20, 80), text, fill=(255, 255, 255))
    out = io.BytesIO()
    image.save(out, fmt)
    return out.getvalue()


def drag_and_drop(widget, mime: QMimeData) -> bool:
    """Drag ``mime`` over ``widget`` and drop it, as a file manager does; whether it was taken."""
    enter = QDragEnterEvent(QPoint(50, 50), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, enter)
    if not enter.isAccepted():
        return False
    drop = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, drop)
    return drop.isAccepted()


def gallery_of(qtbot, ui_gate, crossing_id, who="customs1") -> EvidenceGallery:
    gallery = EvidenceGallery(ui_gate.session_for(who), crossing_id)
    qtbot.addWidget(gallery)
    gallery.resize(720, 420)
    return gallery


def test_the_gallery_shows_a_thumbnail_per_evidence_with_kind_officer_and_time(qtbot, ui_gate):
    detail = arrival(ui_gate)
    guard = ui_gate.actor_for("guard1")
    evidence.attach_evidence(ui_gate.db, guard, detail.crossing_id, picture(), EvidenceKind.PLATE)
    evidence.attach_evidence(ui_gate.db, guard, detail.crossing_id,
                             picture("JPEG", colour=(120, 60, 20)), EvidenceKind.SEAL)
    gallery = EvidenceGallery(ui_gate.session_for("customs1"), detail.crossing_id)
    qtbot.addWidget(gallery)
    with qtbot.waitSignal(gallery.sig_loaded, timeout=20_000) as loaded:
        gallery.show()
    assert loaded.args == [2]
    captions = sorted(gallery.model.item(r).text() for r in range(gallery.model.rowCount()))
    assert captions[0].startswith("Plate\nLê Văn Biên\n")
    assert captions[1].startswith("Seal\nLê Văn Biên\n")
    for row in range(2):
        icon = gallery.model.item(row).icon()
        assert not icon.isNull()
        assert max(icon.availableSizes()[0].width(), icon.availableSizes()[0].height()) <= 240


def test_double_click_opens_the_picture_full_size(qtbot, ui_gate):
    detail = arrival(ui_gate)
    evidence.attach_evidence(ui_gate.db, ui_gate.actor_for("guard1"), detail.crossing_id,
                             picture(size=(900, 600)), EvidenceKind.CARGO)
    gallery = gallery_of(qtbot, ui_gate, detail.crossing_id)
    with qtbot.waitSignal(gallery.sig_loaded, timeout=20_000):
        gallery.show()
    index = gallery.model.index(0, 0)
    gallery.list_view.doubleClicked.emit(index)
    window = gallery.viewer_window
    assert window is not None and window.isVisible()
    qtbot.waitUntil(lambda: window.viewer.image_size() == (900, 600), timeout=20_000)
    before = window.viewer.scale_factor()
    window.viewer.zoom_in()
    assert window.viewer.scale_factor() > before
    window.viewer.fit()
    assert window.viewer.scale_factor() == pytest.approx(before)


def test_import_attaches_good_files_and_names_the_bad_one(qtbot, ui_gate, tmp_path):
    detail = arrival(ui_gate)
    good = tmp_path / "cargo-door.png"
    good.write_bytes(picture())
    bad = tmp_path / "notes.jpg"
    bad.write_text("this is not a photo", encoding="utf-8")
    gallery = gallery_of(qtbot, ui_gate, detail.crossing_id)
    gallery.show()

    with qtbot.waitSignal(gallery.sig_imported, timeout=20_000) as imported:
        gallery.import_files([bad, good])
    outcome = imported.args[0]
    assert [item.source for item in outcome.attached] == ["cargo-door.png"]
    assert [name for name, _reason in outcome.refused] == ["notes.jpg"]
    message = gallery.message_label.text()
    assert "notes.jpg was not attached" in message
    assert "1 file(s) attached." in message
    assert gallery.message_label.property("problem") is True
    stored = evidence.list_evidence(ui_gate.db, ui_gate.actor_for("customs1"), detail.crossing_id)
    assert [(i.source, i.kind) for i in stored] == [("cargo-door.png", EvidenceKind.CARGO)]
    qtbot.waitUntil(lambda: gallery.model.rowCount() == 1, timeout=20_000)


def test_files_dropped_on_the_gallery_are_attached_photos_as_cargo_pdfs_as_documents(
    qtbot, ui_gate, tmp_path
):
    detail = arrival(ui_gate)
    photo = tmp_path / "seal.png"
    photo.write_bytes(picture(colour=(10, 120, 40)))
    scan = tmp_path / "manifest.pdf"
    Image.new("RGB", (595, 842), "white").save(scan, "PDF")
    gallery = gallery_of(qtbot, ui_gate, detail.crossing_id)
    gallery.show()

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(photo)), QUrl.fromLocalFile(str(scan))])
    with qtbot.waitSignal(gallery.sig_imported, timeout=20_000):
        assert drag_and_drop(gallery, mime)
    stored = evidence.list_evidence(ui_gate.db, ui_gate.actor_for("customs1"), detail.crossing_id)
    assert sorted((i.source, i.kind) for i in stored) == [
        ("manifest.pdf", EvidenceKind.DOCUMENT), ("seal.png", EvidenceKind.CARGO)
    ]
    qtbot.waitUntil(lambda: gallery.model.rowCount() == 2, timeout=20_000)


def test_text_dropped_on_the_gallery_is_refused(qtbot, ui_gate):
    detail = arrival(ui_gate)
    gallery = gallery_of(qtbot, ui_gate, detail.crossing_id)
    mime = QMimeData()
    mime.setText("74C-123.45")
    assert not drag_and_drop(gallery, mime)


def test_the_kind_chosen_applies_to_imported_files(qtbot, ui_gate, tmp_path: Path):
    detail = arrival(ui_gate)
    photo = tmp_path / "rear.jpg"
    photo.write_bytes(picture("JPEG"))
    gallery = gallery_of(qtbot, ui_gate, detail.crossing_id)
    gallery.kind_combo.setCurrentIndex(gallery.kind_combo.findData(EvidenceKind.REAR))
    with qtbot.waitSignal(gallery.sig_imported, timeout=20_000):
        gallery.import_files([photo])
    stored = evidence.list_evidence(ui_gate.db, ui_gate.actor_for("customs1"), detail.crossing_id)
    assert [i.kind for i in stored] == [EvidenceKind.REAR]
