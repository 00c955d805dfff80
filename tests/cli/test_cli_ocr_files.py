"""``borderdesk ocr FILE`` and ``check --manifest FILE`` on digital files, through the executable.

Each bad file: one line on stderr, exit 2.
"""

from __future__ import annotations

import io
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from cli_kit import Cli

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit" / "ocr"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit" / "capture"))
import digital_files as files
from hostile_pages import tiny_pdf

CHECKS = Path(__file__).resolve().parents[1] / "data" / "checks"


@pytest.mark.parametrize("kind", ["xlsx", "csv", "pdf"])
def test_ocr_reads_a_digital_manifest_exactly(cli: Cli, tmp_path: Path, kind: str) -> None:
    path = tmp_path / f"list.{kind}"
    path.write_bytes({"xlsx": files.xlsx, "csv": lambda: files.csv_text().encode("utf-8-sig"),
                      "pdf": files.text_pdf}[kind]())
    result = cli("ocr", str(path), "--json")
    assert result.code == 0, result.stderr
    manifest = result.json()
    assert {key: manifest[key] for key in files.HEADER} == files.HEADER
    assert [(line["quantity"], line["gross_weight_kg"], line["value"])
            for line in manifest["lines"]] == [(1200, 1100.5, 24000), (300, 18015.25, 54000.5),
                                               (15, 15194.17, 8250.75)]
    assert manifest["lines"][2]["description"] == "Gạo tẻ hạt dài"


def test_ocr_help_names_every_kind_of_file(cli: Cli) -> None:
    result = cli("ocr", "--help")
    assert result.code == 0
    text = " ".join(result.stdout.split())
    assert "FILE" in text
    for kind in ("JPEG", "PDF with or without a text layer", "XLSX", "CSV"):
        assert kind in text
    assert "read a manifest" in " ".join(cli("--help").stdout.split())


def _macro_workbook() -> bytes:
    import zipfile

    plain = files.xlsx()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(plain)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info.filename))
        target.writestr("xl/vbaProject.bin", b"Sub Auto_Open()\nShell \"calc\"\nEnd Sub")
    return out.getvalue()


def _not_a_manifest() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Name", "Phone"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _encrypted_pdf() -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    sheet = canvas.Canvas(out, encrypt="secret")
    sheet.drawString(72, 720, "Manifest No: MN-1")
    sheet.showPage()
    sheet.save()
    return out.getvalue()


@pytest.mark.parametrize(("name", "data", "line"), [
    ("long.pdf", tiny_pdf(500), "long.pdf has 500 pages; at most 50 can be read."),
    ("locked.pdf", _encrypted_pdf(),
     "locked.pdf is encrypted: save it without a password and import it again."),
    ("big.csv", b"No,Description,Quantity\r\n" + b"1,Rice,15\r\n" * 1_000_000,
     "big.csv: the file has more than 10,000 rows"),
    ("broken.pdf", b"%PDF-1.7\n" + b"\x00junk" * 100,
     "broken.pdf is not a readable PDF: it is damaged or not a PDF."),
    ("staff.xlsx", _not_a_manifest(), "staff.xlsx: no goods table was found in it"),
    ("archive.xlsx", files.zip_of({"a.txt": "x"}),
     "archive.xlsx: this is a ZIP archive, not an XLSX workbook"),
    ("list.csv", "品名,数量\r\n米、長粒,15\r\n".encode("shift_jis"),
     "list.csv: the text is in an encoding BorderDesk does not read"),
    ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,
     "old.xls: this is an old Excel workbook (.xls)"),
])
def test_a_bad_file_is_one_line_and_exit_2(cli: Cli, tmp_path: Path, name: str, data: bytes,
                                           line: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    result = cli("ocr", str(path))
    assert result.code == 2
    assert len(result.error_lines) == 1 and result.stdout == ""
    assert result.error_lines[0].startswith(f"borderdesk: {line}"), result.error_lines


def test_a_macro_workbook_is_read_with_a_warning(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "list.xlsm"
    path.write_bytes(_macro_workbook())
    result = cli("ocr", str(path))
    assert result.code == 0, result.stderr
    assert "Warning: list.xlsm carries macros; they were not run" in result.stdout
    assert "Line 3: 100630 Gạo tẻ hạt dài | 15 TNE | 15194.17 kg | 8250.75 USD | LA" in (
        result.stdout)


def test_check_takes_a_spreadsheet_manifest(cli: Cli, tmp_path: Path) -> None:
    lines = [(1, "190590", "Rice crackers, 200 g bags", 1200, "BAG", Decimal("300.5"),
              Decimal("2400"), "USD", "TH"),
             (2, "09011190", "Coffee beans, not roasted", 5000, "KGM", Decimal("5050"),
              Decimal("15000"), "USD", "TH")]
    path = tmp_path / "manifest.xlsx"
    path.write_bytes(files.xlsx(lines))
    result = cli("check", "--declaration", str(CHECKS / "declaration.json"), "--manifest",
                 str(path), "--json")
    assert result.code == 0, result.stderr
    assert result.json()["channel"] == "green", result.stdout
