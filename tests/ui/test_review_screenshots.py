"""The review screen and the gallery render with real content (docs/screenshots are made so).

Set ``BORDERDESK_SCREENSHOTS`` to a folder to keep the pictures
(``review-en.png``, ``review-vi.png``, ``gallery-en.png``, and the marked
review at the gate's smallest and largest screens, ``review-disagreement-1024.png``
and ``review-1920.png`` with their Vietnamese ``-vi`` twins) for the documentation.
"""

from __future__ import annotations

import io
import os
import random
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QLabel, QPushButton
from test_camera_preview import arrival
from test_evidence_gallery import picture
from test_review_manifest import attach_page, open_review
from test_review_marks import WEIGHTS_DISAGREE, cell, hand_reading, reviewed

from borderdesk.domain.evidence import EvidenceKind
from borderdesk.services import evidence
from borderdesk.ui.crossing.evidence_gallery import EvidenceGallery
from borderdesk.ui.crossing.manifest_review import ManifestReview
from borderdesk.ui.models.review_state import Mark
from borderdesk.ui.translation import apply_language

VIETNAMESE_PAGE_SEED = 1
"""A Vietnamese page of 13 lines, two of whose descriptions lose their tone marks when
the English model reads their first word ("San lát khô", "Tui nhựa PE")."""

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


def _vietnamese_page() -> tuple[bytes, list[str]]:
    import sys

    from test_review_manifest import ROOT

    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from bench.ocr.corpus import clean_page

    image, truth, _ = clean_page(random.Random(VIETNAMESE_PAGE_SEED), "vietnamese")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue(), [line.description for line in truth.lines]


def test_a_vietnamese_manifest_shows_its_descriptions_with_their_tone_marks(
    qtbot, ui_gate, tmp_path
):
    page, descriptions = _vietnamese_page()
    apply_language("vi")
    try:
        detail = arrival(ui_gate)
        item = evidence.attach_evidence(ui_gate.db, ui_gate.actor_for("customs1"),
                                        detail.crossing_id, page, EvidenceKind.DOCUMENT)
        review = open_review(qtbot, ui_gate, detail.crossing_id, item.sha256)
        with qtbot.waitSignal(review.sig_read, timeout=180_000):
            pass
        shown = [review.model.index(row, 1).data() for row in range(review.model.rowCount())]
        assert shown == descriptions
        review.table.setCurrentIndex(review.model.index(descriptions.index("Sắn lát khô"), 1))
        review.viewer.zoom_in()
        review.viewer.highlight(review.viewer.highlighted())
        assert review.grab().save(str(_folder(tmp_path) / "review-vi.png"))
    finally:
        apply_language("en")


def _nothing_cut(review: ManifestReview) -> None:
    """Every caption and button shows its whole text; the disagreement's message fits its list."""
    for widget in review.findChildren(QPushButton) + review.findChildren(QLabel):
        if widget.isVisible() and widget.text() and not (
                isinstance(widget, QLabel) and widget.wordWrap()):
            assert widget.width() >= widget.sizeHint().width(), widget.text()
    listed = review.disagreements.list
    rect = listed.visualItemRect(listed.item(0))
    assert listed.viewport().rect().contains(rect), (rect, listed.viewport().rect())
    for name in ("document_no", "consignee"):
        edit = review.header_edits[name]
        assert edit.width() >= edit.fontMetrics().horizontalAdvance(edit.text()), name


@pytest.mark.parametrize("language", ["en", "vi"])
def test_the_marked_review_fits_the_smallest_and_the_largest_screen(
    qtbot, ui_gate, tmp_path, language
):
    apply_language(language)
    try:
        review = reviewed(qtbot, ui_gate, hand_reading())
        review.retranslate_ui()
        suffix = "" if language == "en" else "-vi"
        folder = _folder(tmp_path)
        # 1024 x 768, the disagreement selected: its cells and their boxes on the page.
        review.resize(1024, 768)
        QApplication.processEvents()
        review.go_to(Mark(disagreement=0))
        QApplication.processEvents()
        assert review.disagreements.list.item(0).text() == WEIGHTS_DISAGREE
        _nothing_cut(review)
        first = review.table.visualRect(cell(review, 1, "gross_weight_kg"))
        assert review.table.viewport().rect().contains(first)
        path = folder / f"review-disagreement-1024{suffix}.png"
        assert review.grab().save(str(path))
        assert (QImage(str(path)).width(), QImage(str(path)).height()) == (1024, 768)
        # 1920 x 1080, a doubtful quantity selected: both kinds of mark in view.
        review.resize(1920, 1080)
        QApplication.processEvents()
        review.go_to(Mark(cell=(2, "quantity")))
        review.viewer.fit()
        QApplication.processEvents()
        _nothing_cut(review)
        for column in range(review.model.columnCount()):  # every column in view, none cut
            assert not review.table.isColumnHidden(column)
        assert review.table.horizontalScrollBar().maximum() == 0
        path = folder / f"review-1920{suffix}.png"
        assert review.grab().save(str(path))
    finally:
        apply_language("en")
