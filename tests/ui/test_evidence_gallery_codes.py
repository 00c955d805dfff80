"""Codes on a crossing's files shown under the gallery: payloads whole in the file, shown as
plain text with control characters escaped, never as markup."""

from __future__ import annotations

import sys
from pathlib import Path

import cv2
import pytest
from test_camera_preview import arrival
from test_evidence_gallery import gallery_of

from borderdesk.ui.crossing.evidence_gallery import EvidenceGallery

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit" / "ocr"))
from code_pictures import bench_codes

pytestmark = pytest.mark.qt_log_ignore(
    r"This plugin does not support (propagateSizeHints|raise)\(\)"
)

INVOICE = "TK:105123456789|Công ty TNHH Thương mại Lạng Sơn|<b>Gạo tẻ</b>"


def code_file(path: Path, payload: str | bytes, fmt: str = "QRCode") -> Path:
    cv2.imwrite(str(path), bench_codes().printed(payload, fmt, 4))
    return path


def imported(qtbot, gallery: EvidenceGallery, path: Path) -> None:
    with qtbot.waitSignal(gallery.sig_imported, timeout=20_000):
        gallery.import_files([path])
    qtbot.waitUntil(lambda: gallery.codes_label.isVisibleTo(gallery), timeout=20_000)


def test_an_imported_invoice_shows_its_code_in_vietnamese_and_markup_as_text(
        qtbot, ui_gate, tmp_path):
    detail = arrival(ui_gate)
    gallery = gallery_of(qtbot, ui_gate, detail.crossing_id)
    gallery.show()
    imported(qtbot, gallery, code_file(tmp_path / "invoice.png", INVOICE))
    assert gallery.codes_label.text() == f"QR code, page 1: {INVOICE}"
    # Plain text: "<b>" is shown as typed, the label renders no bold.
    assert gallery.codes_label.textFormat().name == "PlainText"


def test_a_code_of_control_characters_is_shown_escaped_and_cut(qtbot, ui_gate, tmp_path):
    detail = arrival(ui_gate)
    gallery = gallery_of(qtbot, ui_gate, detail.crossing_id)
    gallery.show()
    payload = bytes(i % 32 for i in range(2900))
    imported(qtbot, gallery, code_file(tmp_path / "odd.png", payload))
    first, note = gallery.codes_label.text().split("\n")
    assert first.startswith("QR code, page 1: \\x00\\x01\\x02") and first.endswith("…")
    assert len(first) < 400
    assert note == "(this code holds control characters: shown escaped, not used)"
