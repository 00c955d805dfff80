"""XLSX and CSV files read into bounded grids of cell texts; every bad file refused on one line."""

from __future__ import annotations

import codecs
import io
import sys
import tracemalloc
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from borderdesk.documents.spreadsheet import (
    CSV,
    XLSX,
    cell_text,
    formatted_text,
    number_text,
    read_spreadsheet,
    spreadsheet_kind,
)
from borderdesk.errors import UserInputError
from borderdesk.limits import CELL_CHARACTERS, SHEET_ROWS, SPREADSHEET_UNPACKED_BYTES

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ocr"))
import digital_files as files


def _book(*sheets: tuple[str, list[list[object]]]) -> Workbook:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    return book


def _bytes(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _refusal(data: bytes, name: str) -> str:
    with pytest.raises(UserInputError) as caught:
        read_spreadsheet(data, name)
    message = str(caught.value)
    assert "\n" not in message and message.startswith(name), message
    return message


# ---- Values


@pytest.mark.parametrize(("value", "text"), [
    (194.17, "194.17"), (194.16999999999999, "194.17"), (0.1 + 0.2, "0.3"), (24000.0, "24000"),
    (24000, "24000"), (1e15, "1000000000000000"), (-0.5, "-0.5"), (0.0, "0"), (1.234, "1.234"),
    (float("nan"), ""), (True, "TRUE"),
])
def test_numbers_are_written_as_a_person_wrote_them(value: float, text: str) -> None:
    assert number_text(value) == text


@pytest.mark.parametrize(("value", "number_format", "text"), [
    (90111, "000000", "090111"), (190110, "000000", "190110"), (24000, "#,##0.00", "24000.00"),
    (194.5, "0.00", "194.50"), (194.166, "0.00", "194.166"), (15, "General", "15"),
    ("7", "000000", "7"), (-5, "000", "-5"),
])
def test_a_number_shows_its_leading_zeros_and_fixed_decimals(
    value: object, number_format: str, text: str,
) -> None:
    assert formatted_text(value, number_format) == text


def test_an_hs_code_formatted_with_zeros_keeps_its_leading_zero() -> None:
    book = _book(("List", [["HS Code", "Value"], [90111, 24000]]))
    book["List"]["A2"].number_format = "000000"
    book["List"]["B2"].number_format = "#,##0.00"
    assert read_spreadsheet(_bytes(book), "l.xlsx").sheets[0].cells[1] == ("090111", "24000.00")


def test_dates_are_iso_and_text_is_folded() -> None:
    assert cell_text(datetime(2026, 11, 20)) == "2026-11-20"
    assert cell_text(datetime(2026, 11, 20, 8, 30)) == "2026-11-20 08:30"
    assert cell_text(date(2026, 11, 20)) == "2026-11-20"
    assert cell_text("  Gạo\n tẻ  ") == "Gạo tẻ"


def test_a_workbook_gives_its_visible_sheet_as_canonical_text() -> None:
    read = read_spreadsheet(files.xlsx(), "list.xlsx")
    assert read.media_type == XLSX and read.warnings == ()
    (sheet,) = read.sheets
    assert sheet.name == "Packing list"
    assert sheet.cells[0][:2] == ("Manifest No:", "PL-2026-0815")
    assert ("3", "100630", "Gạo tẻ hạt dài", "15", "TNE", "15194.17", "8250.75", "USD",
            "LA") in sheet.cells


def test_formulas_read_their_saved_value_and_an_unsaved_one_is_empty_with_a_warning(
    tmp_path: Path,
) -> None:
    book = _book(("Sheet", [["Qty", "Price", "Value"], [3, 1.5, "=A2*B2"], [4, 2.25, 9]]))
    plain = _bytes(book)
    # openpyxl writes a formula with no saved value, as a generator or a script would.
    sheet = read_spreadsheet(plain, "f.xlsx").sheets[0]
    assert sheet.cells[1] == ("3", "1.5", "")
    assert any("1 formula cell(s) have no saved value" in w for w in sheet.warnings)
    # Saved by a spreadsheet program, the value is cached beside the formula.
    cached = plain.replace(b"<f>A2*B2</f><v />", b"<f>A2*B2</f><v>4.5</v>")
    cached = _rezip(plain, {"xl/worksheets/sheet1.xml": _member(plain, "xl/worksheets/sheet1.xml")
                            .replace(b"<f>A2*B2</f><v />", b"<f>A2*B2</f><v>4.5</v>")})
    sheet = read_spreadsheet(cached, "f.xlsx").sheets[0]
    assert sheet.cells[1] == ("3", "1.5", "4.5")
    assert sheet.warnings == ()


def _member(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name)


def _rezip(data: bytes, replaced: dict[str, bytes], added: dict[str, bytes] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, replaced.get(info.filename, source.read(info.filename)))
        for name, content in (added or {}).items():
            target.writestr(name, content)
    return out.getvalue()


def test_a_macro_workbook_is_read_as_values_and_its_macros_never_run() -> None:
    plain = files.xlsx()
    types = _member(plain, "[Content_Types].xml").replace(
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        b"application/vnd.ms-excel.sheet.macroEnabled.main+xml")
    xlsm = _rezip(plain, {"[Content_Types].xml": types},
                  {"xl/vbaProject.bin": b"Attribute VB_Name = \"Auto_Open\"\nShell \"calc\""})
    read = read_spreadsheet(xlsm, "list.xlsm")
    assert any("macros; they were not run" in w for w in read.warnings)
    assert read.sheets[0].cells == read_spreadsheet(plain, "list.xlsx").sheets[0].cells


def test_hidden_sheets_rows_and_columns_are_left_out_and_said() -> None:
    book = _book(("Prices", [["secret", 1]]),
                 ("List", [["A", "B", "C"], ["1", "2", "3"], ["hidden", "row", "!"],
                           ["4", "5", "6"]]))
    book["Prices"].sheet_state = "hidden"
    book["List"].row_dimensions[3].hidden = True
    book["List"].column_dimensions["B"].hidden = True
    read = read_spreadsheet(_bytes(book), "h.xlsx")
    assert [s.name for s in read.sheets] == ["List"]
    assert read.sheets[0].cells == (("A", "C"), ("1", "3"), ("4", "6"))
    assert any("1 hidden sheet was left out: Prices" in w for w in read.warnings)
    assert any("1 hidden row(s) and 1 hidden column(s)" in w for w in read.sheets[0].warnings)


def test_a_merged_cell_keeps_its_value_in_its_first_cell_only() -> None:
    book = _book(("List", [["No", "Description", "", "Qty"], ["1", "Gạo", "", "15"]]))
    book["List"].merge_cells("B1:C1")
    data = _bytes(book)
    # A writer that repeats the value in every merged cell (openpyxl itself empties them).
    xml = _member(data, "xl/worksheets/sheet1.xml")
    assert b'<mergeCell ref="B1:C1"' in xml
    repeated = xml.replace(b'<c r="D1"', b'<c r="C1" t="inlineStr"><is><t>Description</t></is>'
                           b'</c><c r="D1"', 1)
    assert repeated != xml
    for data_ in (data, _rezip(data, {"xl/worksheets/sheet1.xml": repeated})):
        cells = read_spreadsheet(data_, "m.xlsx").sheets[0].cells
        assert cells[0][:2] == ("No", "Description")
        assert cells[0].count("Description") == 1


def test_a_million_row_sheet_is_refused_in_one_line_with_bounded_memory(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    plain = _bytes(_book(("Big", [["x"]])))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(plain)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for info in source.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                target.writestr(info.filename, source.read(info.filename))
        with target.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
                        b'main"><dimension ref="A1:A1"/><sheetData>')
            # Rows and cells without their optional "r" numbers: 45 MB, within the unpacked
            # limit, so the rows themselves must be counted as they stream.
            row = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>'
            for _start in range(0, 1_000_000, 10_000):
                sheet.write(row * 10_000)
            sheet.write(b"</sheetData></worksheet>")
    data = out.getvalue()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert sum(i.file_size for i in archive.infolist()) < SPREADSHEET_UNPACKED_BYTES
    import openpyxl

    def opened(*args: object, **kwargs: object) -> None:
        raise AssertionError("openpyxl reads a sheet with no stated size whole on opening")

    monkeypatch.setattr(openpyxl, "load_workbook", opened)
    tracemalloc.start()
    try:
        message = _refusal(data, "big.xlsx")
        peak_mb = tracemalloc.get_traced_memory()[1] / 1024 / 1024
    finally:
        tracemalloc.stop()
    assert f"sheet Big has more than {SHEET_ROWS:,} rows" in message
    assert peak_mb < 40, peak_mb


def test_a_zip_bomb_is_refused_before_it_is_unpacked() -> None:
    plain = files.xlsx()
    bomb = _rezip(plain, {}, {"xl/media/padding.bin": b"\0" * (SPREADSHEET_UNPACKED_BYTES + 1)})
    assert len(bomb) < 2_000_000
    assert "would unpack to 51 MB; at most 50 MB is read" in _refusal(bomb, "bomb.xlsx")


@pytest.mark.parametrize(("data", "said"), [
    (files.zip_of({"readme.txt": "hello", "photo.jpg": b"\xff\xd8\xff"}),
     "this is a ZIP archive, not an XLSX workbook"),
    (files.zip_of({"mimetype": "application/vnd.oasis.opendocument.spreadsheet",
                   "content.xml": "<x/>"}), "this is an OpenDocument file"),
    (b"PK\x03\x04" + b"\0" * 100, "starts like a ZIP archive but is damaged"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "old Excel workbook (.xls) or one saved "
                                                         "with a password"),
    (files.zip_of({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<not closed"}),
     "the workbook is damaged"),
])
def test_a_file_that_is_no_workbook_is_refused_in_one_line(data: bytes, said: str) -> None:
    assert said in _refusal(data, "list.xlsx")


def test_a_cell_too_long_is_refused_naming_it() -> None:
    data = _bytes(_book(("List", [["a", "b"], ["c", "x" * (CELL_CHARACTERS + 1)]])))
    assert f"cell List!B2 holds {CELL_CHARACTERS + 1:,} characters" in _refusal(data, "l.xlsx")


# ---- CSV


def _windows_1258(text: str) -> bytes:
    """Vietnamese as Windows-1258 writes it: base letters and combining tone marks."""
    import unicodedata

    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = []
    for char in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out.append((base + "".join(c for c in parts if c in tones)).encode("cp1258"))
    return b"".join(out)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1258"])
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_in_every_encoding_and_delimiter_gives_the_same_cells(
    encoding: str, delimiter: str,
) -> None:
    text = files.csv_text(delimiter=delimiter)
    raw = _windows_1258(text) if encoding == "cp1258" else text.encode(encoding)
    read = read_spreadsheet(raw, "list.csv")
    assert read.media_type == CSV
    assert read.sheets[0].cells == read_spreadsheet(text.encode(), "list.csv").sheets[0].cells
    assert ("3", "100630", "Gạo tẻ hạt dài", "15", "TNE", "15194.17", "8250.75", "USD",
            "LA") in read.sheets[0].cells


def test_a_western_csv_in_windows_1252_reads() -> None:
    raw = "Description;Qty\r\nCafé crème;12,5\r\n".encode("cp1252")
    assert read_spreadsheet(raw, "l.csv").sheets[0].cells == (("Description", "Qty"),
                                                              ("Café crème", "12,5"))


def test_a_csv_in_a_wrong_encoding_is_refused_in_one_line() -> None:
    shift_jis = "品名,数量,重量\r\n米、長粒,15,15194.17\r\n".encode("shift_jis")
    assert "an encoding BorderDesk does not read" in _refusal(shift_jis, "list.csv")
    utf32 = files.csv_text().encode("utf-32")
    assert "control characters" in _refusal(utf32, "list.csv")


def test_a_csv_of_a_million_rows_is_refused_after_the_limit() -> None:
    data = b"a,b\r\n" * 1_000_000
    assert f"has more than {SHEET_ROWS:,} rows" in _refusal(data, "big.csv")


@pytest.mark.parametrize(("data", "name", "kind"), [
    (files.csv_text().encode(), "list.txt", CSV),
    (b"just some words\nand more\n", "notes.jpg", None),
    (b"just some words\n", "list.csv", CSV),
    (codecs.BOM_UTF16_LE + "a,b".encode("utf-16-le"), "x", CSV),
    (b"\x89PNG\r\n\x1a\n" + b"\0" * 50, "list.xlsx", None),
    (b"%PDF-1.4 ...", "list.csv", None),
])
def test_the_kind_comes_from_the_bytes(data: bytes, name: str, kind: str | None) -> None:
    assert spreadsheet_kind(data, name) == kind


def test_openpyxl_reads_what_the_tests_write() -> None:
    # The builders' workbook is a real one: openpyxl in full mode opens it too.
    assert load_workbook(io.BytesIO(files.xlsx())).active.title == "Packing list"


def test_a_quoted_csv_cell_may_hold_a_line_break() -> None:
    raw = 'Description,Qty\r\n"Gạo tẻ\r\nhạt dài",15\r\nCà phê,3'.encode()
    assert read_spreadsheet(raw, "l.csv").sheets[0].cells == (
        ("Description", "Qty"), ("Gạo tẻ hạt dài", "15"), ("Cà phê", "3"))
