"""Manifests as digital files, made on the spot: XLSX (openpyxl), CSV, PDF with a text layer.

Shared by the text-layer, spreadsheet, manifest-file and CLI tests (the CLI
tests put this folder on ``sys.path``). The truth is ``HEADER`` and ``LINES``;
Vietnamese text is real text in every file.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

FONT = str(Path(__file__).resolve().parents[3] / "resources" / "fonts" / "DejaVuSans.ttf")

HEADER = {
    "document_no": "PL-2026-0815",
    "date": "2026-11-20",
    "consignor": "Công ty TNHH Xuất khẩu Savan",
    "consignee": "Công ty Cổ phần Thương mại Đông Hà",
    "vehicle_plate": "74C-123.45",
    "container_no": "CSQU3054383",
    "seal_no": "A123456",
}
HEADER_LABELS = [
    ("Manifest No:", "document_no"), ("Date:", "date"), ("Consignor:", "consignor"),
    ("Consignee:", "consignee"), ("Vehicle plate:", "vehicle_plate"),
    ("Container No:", "container_no"), ("Seal No:", "seal_no"),
]
COLUMNS = ["No", "HS Code", "Description", "Quantity", "Unit", "Gross weight",
           "Value", "Currency", "Origin"]
LINES: list[tuple[int, str, str, int, str, Decimal, Decimal, str, str]] = [
    (1, "190110", "Sữa bột trẻ em, hộp 800 g", 1200, "TIN", Decimal("1100.5"),
     Decimal("24000.00"), "USD", "TH"),
    (2, "090111", "Cà phê nhân Robusta", 300, "BAG", Decimal("18015.25"),
     Decimal("54000.50"), "USD", "LA"),
    (3, "100630", "Gạo tẻ hạt dài", 15, "TNE", Decimal("15194.17"),
     Decimal("8250.75"), "USD", "LA"),
]


def many_lines(count: int) -> list[tuple[int, str, str, int, str, Decimal, Decimal, str, str]]:
    """``count`` goods lines, figures to the cent, descriptions with Vietnamese letters."""
    return [(n, "190110" if n % 2 else "090111",
             f"Hàng mẫu số {n} – bánh kẹo", 10 + n, "CTN", Decimal(f"{100 + n}.25"),
             Decimal(f"{1000 + n * 3}.75"), "USD", "TH" if n % 3 else "LA")
            for n in range(1, count + 1)]


def rows(lines: Sequence[tuple[object, ...]] = LINES) -> list[list[object]]:
    """The printed rows: header fields, a blank row, the column header, the lines."""
    out: list[list[object]] = [[label, HEADER[key]] for label, key in HEADER_LABELS]
    out.append([])
    out.append(list(COLUMNS))
    out.extend(list(line) for line in lines)
    return out


def xlsx(lines: Sequence[tuple[object, ...]] = LINES, *, floats: bool = True) -> bytes:
    """A workbook of one sheet laid out as ``rows``; figures stored as floats (as Excel does)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Packing list"
    for row in rows(lines):
        sheet.append([float(v) if floats and isinstance(v, Decimal) else v for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_text(lines: Sequence[tuple[object, ...]] = LINES, delimiter: str = ",") -> str:
    import csv

    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    for row in rows(lines):
        writer.writerow(row)
    return out.getvalue()


def text_pdf(lines: Sequence[tuple[object, ...]] = LINES, *, pages: int = 1,
             ruled: bool = True) -> bytes:
    """A manifest PDF with a text layer (reportlab, DejaVu embedded), the table split over
    ``pages`` pages with its header repeated."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("TestSans", FONT))
    out = io.BytesIO()
    width, height = landscape(A4)
    sheet = canvas.Canvas(out, pagesize=(width, height))
    xs = [30, 55, 110, 330, 400, 440, 520, 610, 670, 720]
    per_page = -(-len(lines) // pages)
    for page in range(pages):
        sheet.setFont("TestSans", 10)
        y = height - 40
        if page == 0:
            for label, key in HEADER_LABELS:
                sheet.drawString(30, y, f"{label} {HEADER[key]}")
                y -= 16
            y -= 14
        chunk = lines[page * per_page:(page + 1) * per_page]
        table_top = y + 12
        for row in [COLUMNS, *chunk]:
            for x, value in zip(xs, row, strict=False):
                sheet.drawString(x + 3, y, str(value))
            if ruled:
                sheet.line(xs[0], y - 5, xs[-1] + 40, y - 5)
            y -= 18
        if ruled:
            sheet.line(xs[0], table_top, xs[-1] + 40, table_top)
            for x in [*xs, xs[-1] + 40]:
                sheet.line(x, table_top, x, y + 13)
        sheet.showPage()
    sheet.save()
    return out.getvalue()


def zip_of(parts: dict[str, bytes | str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()
