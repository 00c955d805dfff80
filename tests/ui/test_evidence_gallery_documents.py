"""Spreadsheets in the evidence gallery: attached as documents, drawn as a thumbnail, read exactly
in the review."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from test_camera_preview import arrival
from test_evidence_gallery import gallery_of

from borderdesk.documents.spreadsheet import XLSX
from borderdesk.domain.evidence import EvidenceKind
from borderdesk.services import evidence
from borderdesk.ui.crossing.manifest_review import ManifestReview

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit" / "ocr"))
import digital_files as files

pytestmark = pytest.mark.qt_log_ignore(
    r"This plugin does not support (propagateSizeHints|raise)\(\)"
)


def test_a_spreadsheet_is_attached_as_a_document_and_read_in_the_review(
    qtbot, ui_gate, tmp_path: Path,
) -> None:
    detail = arrival(ui_gate)
    sheet = tmp_path / "packing-list.xlsx"
    sheet.write_bytes(files.xlsx())
    bomb = tmp_path / "bomb.csv"
    bomb.write_bytes(b"a,b\r\n" * 20_000)
    gallery = gallery_of(qtbot, ui_gate, detail.crossing_id)
    gallery.show()
    with qtbot.waitSignal(gallery.sig_imported, timeout=20_000) as imported:
        gallery.import_files([sheet, bomb])
    outcome = imported.args[0]
    assert [(item.source, item.kind) for item in outcome.attached] == [
        ("packing-list.xlsx", EvidenceKind.DOCUMENT)]
    assert [name for name, _reason in outcome.refused] == ["bomb.csv"]
    assert ("bomb.csv was not attached: the file has more than 10,000 rows"
            in gallery.message_label.text())
    qtbot.waitUntil(lambda: gallery.model.rowCount() == 1, timeout=20_000)
    assert not gallery.model.item(0).icon().isNull()

    item = outcome.attached[0]
    review = ManifestReview(ui_gate.session_for("customs1"), detail.crossing_id, item.sha256)
    qtbot.addWidget(review)
    review.resize(1400, 860)
    with qtbot.waitSignal(review.sig_read, timeout=60_000) as read:
        review.show()
    record = read.args[0]
    assert [str(line.gross_weight_kg) for line in record.manifest.lines] == [
        "1100.5", "18015.25", "15194.17"]
    assert review.header_edits["container_no"].text() == "CSQU3054383"
    assert review.model.rowCount() == 3
    stored = evidence.list_evidence(ui_gate.db, ui_gate.actor_for("customs1"), detail.crossing_id)
    assert [i.media_type for i in stored] == [XLSX]  # the registered name, 65 characters
