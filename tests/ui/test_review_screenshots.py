"""The review screen and the gallery render with real content (docs/screenshots are made so).

Set ``BORDERDESK_SCREENSHOTS`` to a folder to keep the pictures
(``review-en.png``, ``gallery-en.png``) for the documentation.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from test_evidence_gallery import picture
from test_review_manifest import attach_page, open_review

from borderdesk.domain.evidence import EvidenceKind
from borderdesk.services import evidence
from borderdesk.ui.widgets.evidence_gallery import EvidenceGallery

pytestmark = pytest.mark.qt_log_ignore(
    r"This plugin does not support (propagateSizeHints|raise)\(\)"
)


def _folder(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("BORDERDESK_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_review_and_gallery_screenshots(qtbot, ui_gate, tmp_path):
    crossing_id, sha256 = attach_page(ui_gate)
    review = open_review(qtbot, ui_gate, crossing_id, sha256)
    with qtbot.waitSignal(review.sig_read, timeout=180_000):
        pass
    review.table.setCurrentIndex(review.model.index(0, 1))
    review.viewer.zoom_in()
    review.viewer.highlight(review.viewer.highlighted())
    folder = _folder(tmp_path)
    assert review.grab().save(str(folder / "review-en.png"))

    guard = ui_gate.actor_for("guard1")
    for kind, colour, text in (
        (EvidenceKind.PLATE, (235, 235, 225), "74C-123.45"),
        (EvidenceKind.FRONT, (70, 90, 120), "FRONT"),
        (EvidenceKind.SEAL, (150, 40, 40), "A123456"),
        (EvidenceKind.CARGO, (120, 95, 60), "CSQU3054383"),
    ):
        evidence.attach_evidence(ui_gate.db, guard, crossing_id,
                                 picture(size=(640, 420), colour=colour, text=text), kind)
    gallery = EvidenceGallery(ui_gate.session_for("customs1"), crossing_id)
    qtbot.addWidget(gallery)
    gallery.resize(1000, 560)
    with qtbot.waitSignal(gallery.sig_loaded, timeout=20_000) as loaded:
        gallery.show()
    assert loaded.args == [5]
    assert gallery.grab().save(str(folder / "gallery-en.png"))

    shot = QImage(str(folder / "review-en.png"))
    assert (shot.width(), shot.height()) == (1400, 860)
