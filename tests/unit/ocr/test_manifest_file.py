"""Any file a trader hands in reads into the same manifest; exactly when it carries its text."""

from __future__ import annotations

import io
import sys
import time
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from borderdesk.domain.manifest import Manifest
from borderdesk.errors import UserInputError
from borderdesk.ocr.manifest_file import read_manifest_file
from borderdesk.ocr.pipeline import OperationCancelled

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "capture"))
import digital_files as files
from hostile_pages import tiny_pdf
from test_pipeline import _small_manifest_png


def _assert_exact(manifest: Manifest, lines: Sequence[tuple[object, ...]] = files.LINES) -> None:
    header = {key: getattr(manifest, key) for key in files.HEADER}
    header["date"] = manifest.date.isoformat() if manifest.date else None
    assert header == files.HEADER
    read = [(line.line_no, line.hs_code, line.description, line.quantity, line.unit,
             line.gross_weight_kg, line.value, line.currency, line.origin_country)
            for line in manifest.lines]
    assert read == [(n, hs, text, Decimal(q), unit, weight, value, currency, origin)
                    for n, hs, text, q, unit, weight, value, currency, origin in lines]


@pytest.mark.parametrize(("kind", "engine"), [("xlsx", "xlsx"), ("csv", "csv"),
                                              ("pdf", "pdf text layer")])
def test_a_digital_manifest_reads_every_field_exactly(kind: str, engine: str) -> None:
    data = {"xlsx": files.xlsx, "csv": lambda: files.csv_text().encode(),
            "pdf": files.text_pdf}[kind]()
    reading = read_manifest_file(data, f"list.{kind}")
    _assert_exact(reading.manifest)
    source = reading.manifest.source
    assert source is not None and source.engine == engine and len(source.image_sha256) == 64
    assert reading.manifest.warnings == ()
    page = reading.pages[0]
    assert page.image.shape == (page.height, page.width)
    word = next(w for w in page.words if w.text == "15194.17")
    assert (word.line_no, word.field) == (3, "gross_weight_kg")
    assert 0 <= word.left < page.width and 0 <= word.top < page.height


def test_a_three_page_pdf_and_a_thousand_line_workbook_read_exactly() -> None:
    lines = files.many_lines(60)
    _assert_exact(read_manifest_file(files.text_pdf(lines, pages=3), "l.pdf").manifest, lines)
    many = files.many_lines(1000)
    reading = read_manifest_file(files.xlsx(many), "l.xlsx")
    _assert_exact(reading.manifest, many)
    assert len(reading.pages) > 10
    assert sum(len(p.words) for p in reading.pages) > 9000


def test_the_bytes_decide_not_the_name() -> None:
    _assert_exact(read_manifest_file(files.xlsx(), "list.png").manifest)
    manifest = read_manifest_file(_small_manifest_png(), "list.xlsx").manifest
    assert manifest.source is not None and manifest.source.engine in ("tesseract", "tesserocr")
    assert [line.hs_code for line in manifest.lines] == ["190110", "090111"]


def test_the_sheet_with_the_goods_table_is_read_and_hidden_sheets_are_not() -> None:
    book = Workbook()
    book.active.title = "Notes"
    book.active.append(["Prepared by", "Phòng xuất nhập khẩu"])
    hidden = book.create_sheet("Old")
    for row in files.rows(files.many_lines(2)):
        hidden.append(row)
    hidden.sheet_state = "hidden"
    listed = book.create_sheet("Packing list")
    for row in files.rows():
        listed.append([float(v) if isinstance(v, Decimal) else v for v in row])
    out = io.BytesIO()
    book.save(out)
    manifest = read_manifest_file(out.getvalue(), "book.xlsx").manifest
    _assert_exact(manifest)
    assert any("hidden sheet was left out: Old" in w for w in manifest.warnings)
    assert any("Read from the sheet Packing list" in w for w in manifest.warnings)


def _refused(data: bytes, name: str) -> str:
    with pytest.raises(UserInputError) as caught:
        read_manifest_file(data, name)
    message = str(caught.value)
    assert "\n" not in message, message
    return message


def test_a_spreadsheet_that_is_not_a_manifest_is_refused_in_one_line() -> None:
    book = Workbook()
    book.active.append(["Name", "Phone"])
    book.active.append(["Nguyễn Văn A", "0912 345 678"])
    out = io.BytesIO()
    book.save(out)
    assert _refused(out.getvalue(), "staff.xlsx").startswith(
        "staff.xlsx: no goods table was found in it")
    assert "no goods table" in _refused(b"Name;Phone\r\nA;1\r\n", "staff.csv")


def _encrypted_pdf() -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    sheet = canvas.Canvas(out, encrypt="secret")
    sheet.drawString(72, 720, "Manifest No: MN-1")
    sheet.showPage()
    sheet.save()
    return out.getvalue()


def test_bad_pdfs_are_refused_in_one_line_before_anything_is_read() -> None:
    assert _refused(_encrypted_pdf(), "locked.pdf") == (
        "locked.pdf is encrypted: save it without a password and import it again.")
    assert _refused(b"%PDF-1.7\n" + b"\x00garbage" * 200, "broken.pdf") == (
        "broken.pdf is not a readable PDF: it is damaged or not a PDF.")
    started = time.perf_counter()
    assert _refused(tiny_pdf(500), "long.pdf") == (
        "long.pdf has 500 pages; at most 50 can be read.")
    assert time.perf_counter() - started < 5


def test_a_file_of_no_kind_read_here_is_refused_in_one_line() -> None:
    assert _refused(b"\x00\x01\x02 binary", "blob.bin") == (
        "blob.bin is not a JPEG, PNG, TIFF, PDF, XLSX or CSV file.")
    assert _refused(b"just a note\n", "scan.jpg") == (
        "scan.jpg is not a JPEG, PNG, TIFF, PDF, XLSX or CSV file.")


def test_progress_reaches_the_end_and_cancel_stops_the_reading() -> None:
    steps: list[tuple[int, int]] = []
    read_manifest_file(files.xlsx(), "l.xlsx", progress=lambda d, t: steps.append((d, t)))
    assert steps[0][0] == 0 and steps[-1][0] == steps[-1][1]
    steps.clear()
    read_manifest_file(files.text_pdf(pages=2), "l.pdf",
                       progress=lambda d, t: steps.append((d, t)))
    assert steps[-1][0] == steps[-1][1]
    with pytest.raises(OperationCancelled):
        read_manifest_file(files.text_pdf(), "l.pdf", cancelled=lambda: True)
