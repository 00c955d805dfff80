"""PDFs that carry their text are read from it exactly; a scan, an invisible OCR layer or junk
goes to OCR."""

from __future__ import annotations

import io
import sys
from pathlib import Path

from PIL import Image, ImageDraw

from borderdesk.capture.pdf import plan_pdf
from borderdesk.ocr.text_layer import PICTURE_DPI, pictures, read_text_layer

sys.path.insert(0, str(Path(__file__).resolve().parent))
import digital_files as files


def _pages(data: bytes):  # type: ignore[no-untyped-def]
    return read_text_layer(data, "m.pdf", plan_pdf(data).pages)


def test_a_digital_pdf_gives_its_words_in_300_dpi_pixels_and_its_rules() -> None:
    pages = _pages(files.text_pdf(pages=3))
    assert pages is not None and len(pages) == 3
    first = pages[0]
    # Landscape A4 is 842 x 595 points: 3508 x 2479 pixels at 300 dpi.
    assert abs(first.width - 3508) <= 1 and abs(first.height - 2479) <= 1
    texts = [w.text for w in first.words]
    assert "PL-2026-0815" in texts and "Sữa" in texts and "Gạo" not in texts
    assert all(w.confidence == 1.0 and w.page == 0 for w in first.words)
    number = next(w for w in first.words if w.text == "PL-2026-0815")
    assert 30 * 300 / 72 < number.left < 140 * 300 / 72
    assert len(first.ruling.vertical) >= 10 and len(first.ruling.horizontal) >= 2
    assert pages[2].ruling.page == 2 and any(w.text == "Gạo" for w in pages[2].words)


def test_an_unruled_digital_pdf_has_words_and_no_rules() -> None:
    pages = _pages(files.text_pdf(ruled=False))
    assert pages is not None
    assert pages[0].ruling.vertical == () and pages[0].ruling.horizontal == ()


def _scan_pdf(text_mode: int | None = None, junk: bool = False,
              digital_first: bool = False) -> bytes:
    """A page that is a picture of text, with no text layer, an invisible one or a junk one;
    after a digital page when asked."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    picture = Image.new("L", (1240, 1754), 255)
    ImageDraw.Draw(picture).text((40, 40), "Manifest No: MN-1  HS Code 190110", fill=0)
    out = io.BytesIO()
    sheet = canvas.Canvas(out, pagesize=(595, 842))
    if digital_first:
        sheet.drawString(40, 800, "Manifest No: MN-1 Date: 2026-11-20 Seal No: A123456")
        sheet.showPage()
    sheet.drawImage(ImageReader(picture), 0, 0, 595, 842)  # a scan covers its page
    if text_mode is not None:
        text = sheet.beginText(40, 600)
        text.setTextRenderMode(text_mode)
        text.textLine("~|| ¦¦ ~~ ._ |~ ¦" if junk else "Manifest No: MN-1 HS Code 190110 Milk")
        sheet.drawText(text)
    sheet.showPage()
    sheet.save()
    return out.getvalue()


def test_a_scan_an_invisible_ocr_layer_or_junk_send_the_document_to_ocr() -> None:
    assert _pages(_scan_pdf()) is None
    assert _pages(_scan_pdf(text_mode=3)) is None
    assert _pages(_scan_pdf(text_mode=0, junk=True)) is None
    # The same words drawn visibly are a text layer.
    assert _pages(_scan_pdf(text_mode=0)) is not None


def test_one_scanned_page_sends_the_whole_document_to_ocr() -> None:
    assert _pages(_scan_pdf(text_mode=0, digital_first=True)) is not None
    assert _pages(_scan_pdf(digital_first=True)) is None


def test_a_blank_page_or_a_signature_page_keeps_the_text_layer() -> None:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    sheet = canvas.Canvas(out, pagesize=(595, 842))
    sheet.drawString(40, 800, "Manifest No: MN-1 Date: 2026-11-20 Seal No: A123456")
    sheet.showPage()
    sheet.showPage()  # blank
    sheet.drawString(40, 800, "Signed:")
    sheet.showPage()
    sheet.save()
    pages = _pages(out.getvalue())
    assert pages is not None and [len(p.words) for p in pages] == [8, 0, 1]


def test_a_page_of_text_drawn_as_outlines_sends_the_document_to_ocr() -> None:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    sheet = canvas.Canvas(out, pagesize=(595, 842))
    sheet.drawString(40, 800, "Manifest No: MN-1 Date: 2026-11-20 Seal No: A123456")
    sheet.showPage()
    # Page 2: "glyphs" as paths, no text object (what "convert text to outlines" leaves).
    path = sheet.beginPath()
    for row in range(40):
        for column in range(30):
            x, y = 40 + column * 17, 780 - row * 18
            path.moveTo(x, y)
            path.lineTo(x + 6, y + 10)
            path.lineTo(x + 12, y)
    sheet.drawPath(path, stroke=1, fill=0)
    sheet.showPage()
    sheet.save()
    assert _pages(out.getvalue()) is None


def test_a_word_is_cut_where_a_rule_runs_between_two_cells() -> None:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    sheet = canvas.Canvas(out, pagesize=(595, 842))
    sheet.drawString(40, 800, "Manifest No: MN-1 Date: 2026-11-20")
    # "Quantity" ends 2 points before "Unit" begins, a rule between them.
    width = sheet.stringWidth("Quantity", "Helvetica", 12)
    sheet.drawString(100, 700, "Quantity")
    sheet.line(100 + width + 1, 690, 100 + width + 1, 715)
    sheet.drawString(100 + width + 2, 700, "Unit")
    sheet.showPage()
    sheet.save()
    pages = _pages(out.getvalue())
    assert pages is not None
    assert [w.text for w in pages[0].words if w.text in ("Quantity", "Unit", "QuantityUnit")] == [
        "Quantity", "Unit"]


def test_the_pictures_are_drawn_at_100_dpi_one_per_page() -> None:
    data = files.text_pdf(pages=2)
    drawn = list(pictures(data, "m.pdf", plan_pdf(data)))
    assert len(drawn) == 2
    height, width = drawn[0].shape
    assert abs(height - 595 * PICTURE_DPI / 72) <= 1 and abs(width - 842 * PICTURE_DPI / 72) <= 1
    assert drawn[0].min() < 100  # text was drawn
