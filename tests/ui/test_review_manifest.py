"""The manifest review screen: a generated page read by OCR, corrected and saved as version 2."""

from __future__ import annotations

import sys
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select
from test_camera_preview import arrival

from borderdesk.domain.evidence import EvidenceKind
from borderdesk.domain.manifest import ManifestLine
from borderdesk.services import evidence, manifests
from borderdesk.storage.models import Manifest as ManifestRow
from borderdesk.ui.crossing.manifest_review import ManifestReview
from borderdesk.ui.models.manifest_lines_model import (
    DOUBT_COLOUR,
    ManifestLinesModel,
    parse_decimal,
)

ROOT = Path(__file__).resolve().parents[2]
PAGE_SEED = 10
"""A corpus seed whose first page is a short English manifest (7 lines): quick to read."""

pytestmark = pytest.mark.qt_log_ignore(
    r"This plugin does not support (propagateSizeHints|raise)\(\)"
)


@cache
def manifest_page() -> bytes:
    """A clean manifest page from the OCR corpus generator (fixed seed)."""
    import tempfile

    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from bench.ocr.corpus import generate

    out = Path(tempfile.mkdtemp(prefix="bd-review-"))
    entry = generate(out, 1, seed=PAGE_SEED)[0]
    return (out / entry["file"]).read_bytes()


def attach_page(ui_gate):
    detail = arrival(ui_gate)
    item = evidence.attach_evidence(ui_gate.db, ui_gate.actor_for("customs1"),
                                    detail.crossing_id, manifest_page(), EvidenceKind.DOCUMENT)
    return detail.crossing_id, item.sha256


def open_review(qtbot, ui_gate, crossing_id, sha256) -> ManifestReview:
    review = ManifestReview(ui_gate.session_for("customs1"), crossing_id, sha256)
    qtbot.addWidget(review)
    review.resize(1400, 860)
    review.show()
    return review


def test_a_page_is_read_shown_with_its_boxes_corrected_and_saved_as_version_2(qtbot, ui_gate):
    crossing_id, sha256 = attach_page(ui_gate)
    review = open_review(qtbot, ui_gate, crossing_id, sha256)
    with qtbot.waitSignal(review.sig_read, timeout=180_000) as read:
        pass
    record = read.args[0]
    assert record.version == 1
    assert review.model.rowCount() == len(record.manifest.lines) > 0
    assert review.header_edits["document_no"].text() == record.manifest.document_no != ""
    assert review.viewer.image_size() == (record.reading.pages[0].width,
                                          record.reading.pages[0].height)
    assert len(review.viewer.box_keys()) > 10
    assert not review.progress_row.isVisible()

    # A cell points at the words it was read from, and a word at its cell.
    column = 1  # description
    index = review.model.index(0, column)
    assert review.words_of(index)
    review.table.setCurrentIndex(index)
    assert review.viewer.highlighted() == set(review.words_of(index))
    other = review.model.index(review.model.rowCount() - 1, column)
    key = review.words_of(other)[0]
    qtbot.mouseClick(review.viewer.viewport(), Qt.MouseButton.LeftButton,
                     pos=review.viewer.box_centre_in_view(key))
    assert review.table.currentIndex() == other

    # The officer corrects a description and a quantity and saves.
    assert review.model.setData(index, "Sữa bột trẻ em, hộp 800 g")
    quantity = review.model.index(0, 3)
    assert review.model.setData(quantity, "1.200,50")
    assert review.model.data(index, Qt.ItemDataRole.FontRole).bold()
    with qtbot.waitSignal(review.sig_saved, timeout=20_000) as saved:
        qtbot.mouseClick(review.save_button, Qt.MouseButton.LeftButton)
    assert saved.args[0].version == 2
    assert review.saved_label.text() == "Saved as version 2; the OCR version is kept."

    latest = manifests.latest_manifest(ui_gate.db, ui_gate.actor_for("customs1"), crossing_id)
    assert latest.version == 2
    assert latest.manifest.lines[0].description == "Sữa bột trẻ em, hộp 800 g"
    assert latest.manifest.lines[0].quantity == Decimal("1200.50")
    with ui_gate.db.session() as session:
        versions = session.scalars(
            select(ManifestRow.version).where(ManifestRow.crossing_id == crossing_id)
        ).all()
    assert sorted(versions) == [1, 2]


def test_cancel_during_reading_stops_it_and_saves_nothing(qtbot, ui_gate):
    crossing_id, sha256 = attach_page(ui_gate)
    review = open_review(qtbot, ui_gate, crossing_id, sha256)
    assert review.reading_active
    with qtbot.waitSignal(review.sig_cancelled, timeout=180_000):
        qtbot.mouseClick(review.cancel_button, Qt.MouseButton.LeftButton)
    assert review.status_label.text() == "The reading was cancelled; nothing was saved."
    assert not review.save_button.isEnabled()
    assert manifests.latest_manifest(
        ui_gate.db, ui_gate.actor_for("customs1"), crossing_id
    ) is None


def test_low_confidence_cells_are_marked_with_their_confidence(qtbot, qtmodeltester):
    model = ManifestLinesModel()
    model.set_lines([
        ManifestLine(line_no=1, description="Infant milk formula", quantity=Decimal(1200),
                     unit="TIN", confidence={"description": 0.97, "quantity": 0.42,
                                             "unit": 0.85}),
        ManifestLine(line_no=2, description="Dried longan", hs_code="081340"),
    ])
    qtmodeltester.check(model)
    quantity, description, unit = model.index(0, 3), model.index(0, 1), model.index(0, 4)
    assert model.data(quantity) == "1200"
    assert model.data(quantity, Qt.ItemDataRole.BackgroundRole).color() == DOUBT_COLOUR
    assert model.data(quantity, Qt.ItemDataRole.ToolTipRole) == (
        "Read at 42 %: check it against the page."
    )
    # 0.85 is below CONFIDENT (0.9): marked too.
    assert model.data(unit, Qt.ItemDataRole.BackgroundRole).color() == DOUBT_COLOUR
    assert model.data(description, Qt.ItemDataRole.BackgroundRole) is None
    assert model.data(description, Qt.ItemDataRole.ToolTipRole) == "Read at 97 %"
    # Corrected by the officer: no longer OCR's doubt.
    assert model.setData(quantity, "1,250")
    assert model.lines()[0].quantity == Decimal(1250)
    assert model.data(quantity, Qt.ItemDataRole.BackgroundRole) is None
    assert "quantity" not in model.lines()[0].confidence
    assert not model.setData(quantity, "twelve")
    assert not model.setData(model.index(0, 0), "7")  # the line number is not editable


@pytest.mark.parametrize(("text", "value"), [
    ("1200", Decimal(1200)), ("1,200.50", Decimal("1200.50")), ("1.200,50", Decimal("1200.50")),
    ("12,5", Decimal("12.5")), ("", None),
])
def test_numbers_are_read_in_both_conventions(text, value):
    assert parse_decimal(text) == value
