"""Spreadsheets a trader hands in (XLSX, CSV): a bounded grid of cell texts per sheet.

Pure I/O: what the cells say, as text, and nothing about manifests (the OCR
layer places the grid like a printed page and reads it with the same parser
as a scan). Every bound is checked while the file is streamed, before the
work it bounds: the file's size, the workbook's parts and their unpacked
size (a zip bomb), the rows and columns of a sheet (a sheet of a million
rows is refused after ``SHEET_ROWS`` rows, never loaded whole) and the
characters of a cell.

What is read, and what is not:

- XLSX through openpyxl, ``read_only=True, data_only=True``: the values the
  workbook last saved. A formula with no saved value reads as empty, with a
  warning; macros (.xlsm) are never run, only the cells' values are read.
- Hidden sheets, rows and columns are left out, with a warning: the officer
  reads what the trader's staff see when they print the sheet.
- Merged cells: the value belongs to the merge's first (top-left) cell, the
  others are empty, as Excel keeps them. openpyxl's read-only mode does not
  give the merged ranges; the sheet's XML is scanned for them (and for the
  hidden rows and columns) in a first streamed pass that also counts rows.
- Numbers are written canonically: at most 15 significant digits (what
  Excel shows), no float noise (194.17, never 194.16999999999999), no
  exponent, no grouping; dates as ISO 8601 ("2026-11-20").
- CSV: UTF-8 with or without a BOM, UTF-16 with a BOM, else Windows-1258
  (Vietnamese) or Windows-1252; the delimiter (``,`` ``;`` or tab) is the
  one that splits the first lines most evenly.
"""

from __future__ import annotations

import codecs
import csv
import io
import logging
import re
import unicodedata
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

from borderdesk.errors import UserInputError, excerpt
from borderdesk.i18n import _, ngettext
from borderdesk.limits import (
    CELL_CHARACTERS,
    SHEET_COLUMNS,
    SHEET_ROWS,
    SPREADSHEET_PARTS,
    SPREADSHEET_UNPACKED_BYTES,
    STRUCTURED_FILE_BYTES,
)

log = logging.getLogger("borderdesk.documents")

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
"""An XLSX workbook's registered media type (65 characters: migration 0007 made the
evidence table's ``media_type`` column wide enough for it)."""
CSV = "text/csv"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""An old .xls workbook, or an XLSX saved with a password (an encrypted OOXML package)."""
DELIMITERS = (",", ";", "\t")
SNIFF_CHARACTERS = 65_536
"""The delimiter is chosen from the first lines within this many characters."""
SIGNIFICANT_DIGITS = 15
"""What Excel shows of a number; beyond it a float's digits are noise."""


@dataclass(frozen=True)
class SheetGrid:
    """One visible sheet as text.

    Attributes:
        name: the sheet's name ("" for a CSV file).
        cells: the rows top to bottom, each as wide as the widest row, hidden
            rows and columns left out; an empty cell is "".
        warnings: translated remarks for the officer about this sheet (hidden
            rows, formulas with no saved value ...).
    """

    name: str
    cells: tuple[tuple[str, ...], ...]
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Spreadsheet:
    """The visible sheets of a workbook (one for a CSV file), in order.

    Attributes:
        media_type: ``XLSX`` or ``CSV``.
        sheets: every visible sheet.
        warnings: remarks about the whole file (hidden sheets, macros ...).
    """

    media_type: str
    sheets: tuple[SheetGrid, ...]
    warnings: tuple[str, ...] = ()


def _label(name: str) -> str:
    return excerpt(name) if name else _("The spreadsheet")


def _refuse(name: str, problem: str) -> UserInputError:
    return UserInputError(_("{file}: {problem}").format(file=_label(name), problem=problem))


# ---- What a file is


def spreadsheet_kind(data: bytes, name: str = "") -> str | None:
    """``XLSX`` for a ZIP package, ``CSV`` for text cut into columns, else None.

    Decided by the bytes: a name ending in ".csv" only lets a text of one
    column count as CSV (so that it is refused as no table, not as no file).
    """
    if data.startswith(ZIP_MAGIC):
        return XLSX
    if data.startswith(OLE_MAGIC) or b"%PDF-" in data[:1024]:
        return None
    sample = data[:8192]
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return CSV
    if b"\x00" in sample:
        return None
    if name.lower().endswith(".csv"):
        return CSV
    try:
        text = _decode(sample, name, partial=True)
    except UserInputError:
        return None
    return CSV if _delimiter(text)[1] >= 2 else None


def read_spreadsheet(data: bytes, name: str = "") -> Spreadsheet:
    """The visible sheets of an XLSX or CSV file, every bound checked.

    Raises:
        UserInputError: one line naming the file: empty, too large, an old .xls
            or a password-protected workbook, a ZIP that is no XLSX, damaged,
            a zip bomb, a sheet beyond the rows, columns or cell limits, text
            in no encoding BorderDesk reads, no visible sheet.
    """
    if not data:
        raise _refuse(name, _("the file is empty (0 bytes)"))
    if len(data) > STRUCTURED_FILE_BYTES:
        raise _refuse(name, _("a spreadsheet may be at most {limit} MB").format(
            limit=STRUCTURED_FILE_BYTES // 1024 // 1024))
    if data.startswith(OLE_MAGIC):
        raise _refuse(name, _("this is an old Excel workbook (.xls) or one saved with a "
                              "password: save it as XLSX without a password, or as CSV"))
    kind = spreadsheet_kind(data, name)
    if kind == XLSX:
        return _read_xlsx(data, name)
    if kind == CSV:
        return Spreadsheet(CSV, (_read_csv(data, name),))
    raise _refuse(name, _("this is not an XLSX or CSV spreadsheet"))


# ---- Cell values as text


def number_text(value: float | int | Decimal) -> str:
    """A number as a person wrote it: 194.17, 24000, 0.5; never 194.16999999999999 or 1e+15."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    try:
        number = Decimal(f"{value:.{SIGNIFICANT_DIGITS}g}")
    except (InvalidOperation, ValueError):
        return str(value)
    if not number.is_finite():
        return ""
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def cell_text(value: Any) -> str:
    """A cell's value as text: numbers canonical, dates ISO, text with its spaces folded."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, int | float | Decimal):
        return number_text(value)
    return " ".join(unicodedata.normalize("NFC", str(value)).split())


_ZERO_PADDED = re.compile(r"0+")
_FIXED = re.compile(r"(?:#,##)?0\.(0+)")


def formatted_text(value: Any, number_format: str) -> str:
    """A cell's text as the sheet shows it, where that adds to the value and loses nothing.

    Two number formats are followed: digits padded with zeros ("000000", how an HS code
    keeps its leading zero) and a fixed count of decimals ("0.00", "#,##0.00": 24000 shows
    as 24000.00, without the grouping). A value with more decimals than its format shows
    keeps them all: the file's figure, never a rounded one.
    """
    text = cell_text(value)
    if isinstance(value, bool) or not isinstance(value, int | float) or not text:
        return text
    if _ZERO_PADDED.fullmatch(number_format) and "." not in text and not text.startswith("-"):
        return text.zfill(len(number_format))
    fixed = _FIXED.fullmatch(number_format)
    if fixed:
        whole, _sep, fraction = text.partition(".")
        return f"{whole}.{fraction.ljust(len(fixed[1]), '0')}"
    return text


def _checked_cell(text: str, name: str, where: str) -> str:
    if len(text) > CELL_CHARACTERS:
        raise _refuse(name, _("cell {cell} holds {n:,} characters; at most {limit:,} are read")
                      .format(cell=where, n=len(text), limit=CELL_CHARACTERS))
    return text


def _column_letters(index: int) -> str:
    """1 -> A, 27 -> AA."""
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _too_many_rows(name: str, sheet: str) -> UserInputError:
    where = _("sheet {sheet}").format(sheet=excerpt(sheet, 40)) if sheet else _("the file")
    return _refuse(name, _("{where} has more than {limit:,} rows; a manifest of at most "
                           "{limit:,} rows is read").format(where=where, limit=SHEET_ROWS))


def _too_many_columns(name: str, sheet: str) -> UserInputError:
    where = _("sheet {sheet}").format(sheet=excerpt(sheet, 40)) if sheet else _("the file")
    return _refuse(name, _("{where} has more than {limit:,} columns").format(
        where=where, limit=SHEET_COLUMNS))


def _grid(rows: Sequence[Sequence[str]]) -> tuple[tuple[str, ...], ...]:
    """Rows made rectangular, with the empty rows and columns at the edges taken off."""
    kept = [list(row) for row in rows]
    while kept and not any(kept[-1]):
        kept.pop()
    while kept and not any(kept[0]):
        kept.pop(0)
    width = max((len(row) for row in kept), default=0)
    used = [c for c in range(width) if any(c < len(row) and row[c] for row in kept)]
    return tuple(tuple(row[c] if c < len(row) else "" for c in used) for row in kept)


# ---- CSV


def _decode(data: bytes, name: str, *, partial: bool = False) -> str:
    """The text of a CSV file: UTF-8 (BOM or not), UTF-16 with a BOM, Windows-1258 or -1252."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16", errors="strict" if not partial else "ignore")
        except UnicodeDecodeError:
            raise _refuse(name, _("the text is not valid UTF-16")) from None
    else:
        text = _decode_8bit(data, name, partial=partial)
    if any(unicodedata.category(c) == "Cc" and c not in "\r\n\t" for c in text):
        raise _refuse(name, _("the text holds control characters: it is not a CSV file in "
                              "UTF-8, UTF-16 or a Windows code page; save it as CSV UTF-8"))
    return unicodedata.normalize("NFC", text)


def _decode_8bit(data: bytes, name: str, *, partial: bool) -> str:
    """UTF-8 (with or without a BOM), else Windows-1258 when it carries Vietnamese tone marks,
    else Windows-1252."""
    try:
        text = codecs.getincrementaldecoder("utf-8-sig")().decode(data, final=not partial)
    except UnicodeDecodeError:
        text = ""
        for encoding in ("cp1258", "cp1252"):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            if encoding == "cp1258" and not _uses_vietnamese_marks(text):
                continue  # no combining tone mark: the Western code page reads it as well
            break
        else:
            if not text:
                raise _refuse(name, _("the text is in an encoding BorderDesk does not read: "
                                      "save it as CSV UTF-8")) from None
    return text


def _uses_vietnamese_marks(text: str) -> bool:
    """Whether Windows-1258 text carries its combining tone marks after a letter."""
    return re.search(r"[A-Za-z\u00c0-\u01b0][\u0300\u0301\u0303\u0309\u0323]", text) is not None


def _delimiter(text: str) -> tuple[str, int]:
    """The delimiter that splits the first lines most evenly, and the columns it makes."""
    # The first lines only: splitting a 20 MB file into its lines would copy it whole.
    lines = [line for line in text[:SNIFF_CHARACTERS].splitlines()[:30] if line.strip()]
    best = (",", 1)
    best_key = (0.0, 1)
    for delimiter in DELIMITERS:
        counts = [len(row) for row in csv.reader(lines, delimiter=delimiter)]
        if not counts:
            continue
        common = max(set(counts), key=counts.count)
        share = sum(1 for c in counts if c == common) / len(counts)
        key = (share if common > 1 else 0.0, common)
        if key > best_key:
            best, best_key = (delimiter, common), key
    return best


def _lines_of(text: str) -> Iterator[str]:
    """The lines of ``text`` with their endings, one at a time (no copy of the whole text)."""
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        if end < 0:
            yield text[start:]
            return
        yield text[start:end + 1]
        start = end + 1


def _read_csv(data: bytes, name: str) -> SheetGrid:
    text = _decode(data, name)
    delimiter, _columns = _delimiter(text)
    rows: list[list[str]] = []
    reader = csv.reader(_lines_of(text), delimiter=delimiter)
    try:
        for number, row in enumerate(reader, start=1):
            if number > SHEET_ROWS:
                raise _too_many_rows(name, "")
            if len(row) > SHEET_COLUMNS:
                raise _too_many_columns(name, "")
            rows.append([
                _checked_cell(cell_text(value), name,
                              _column_letters(column) + str(number))
                for column, value in enumerate(row, start=1)
            ])
    except csv.Error as error:
        # A field past csv's own limit (128 KB) or a NUL byte: beyond CELL_CHARACTERS anyway.
        log.info("%s: csv refused it: %s", name, error)
        raise _refuse(name, _("line {line} is not CSV that BorderDesk reads").format(
            line=reader.line_num)) from None
    return SheetGrid("", _grid(rows))


# ---- XLSX


@dataclass
class _SheetShape:
    """What the first pass over a sheet's XML found."""

    rows: int = 0
    columns: int = 0
    hidden_rows: set[int] | None = None
    hidden_columns: set[int] | None = None
    merged: list[tuple[int, int, int, int]] | None = None  # first row, col, last row, col
    uncached: int = 0


_CELL_REF = re.compile(r"([A-Z]{1,3})(\d+)")


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - ord("A") + 1
    return index


def _reference(text: str) -> tuple[int, int] | None:
    match = _CELL_REF.fullmatch(text.strip().upper().replace("$", ""))
    return (int(match[2]), _column_index(match[1])) if match else None


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _scan_sheet(archive: zipfile.ZipFile, path: str, name: str, sheet: str) -> _SheetShape:
    """Stream a sheet's XML once: rows and columns counted (refused past the limits), hidden
    rows and columns, merged ranges, formulas with no saved value."""
    from defusedxml.ElementTree import iterparse

    shape = _SheetShape(hidden_rows=set(), hidden_columns=set(), merged=[])
    assert shape.hidden_rows is not None and shape.hidden_columns is not None
    assert shape.merged is not None
    row_no = 0
    column_no = 0
    formula = value = False
    with archive.open(path) as stream:
        for event, element in iterparse(stream, events=("start", "end")):
            tag = _local(element.tag)
            if event == "start":
                if tag == "row":
                    given = element.get("r")
                    row_no = int(given) if given and given.isdigit() else row_no + 1
                    column_no = 0
                    if row_no > SHEET_ROWS:
                        raise _too_many_rows(name, sheet)
                    if element.get("hidden") in ("1", "true"):
                        shape.hidden_rows.add(row_no)
                elif tag == "c":
                    where = _reference(element.get("r", ""))
                    column_no = where[1] if where else column_no + 1
                    if column_no > SHEET_COLUMNS:
                        raise _too_many_columns(name, sheet)
                    formula = value = False
                continue
            if tag == "c":
                has_text = element.get("t") == "inlineStr"
                if formula and not value and not has_text:
                    shape.uncached += 1
                if value or has_text:
                    shape.rows = max(shape.rows, row_no)
                    shape.columns = max(shape.columns, column_no)
                element.clear()
            elif tag == "f":
                formula = True
            elif tag == "v":
                value = bool(element.text)
            elif tag == "row":
                element.clear()
            elif tag == "col" and element.get("hidden") in ("1", "true"):
                low, high = int(element.get("min", "0")), int(element.get("max", "0"))
                shape.hidden_columns.update(range(max(1, low), min(high, SHEET_COLUMNS) + 1))
            elif tag == "mergeCell":
                first, _sep, last = element.get("ref", "").partition(":")
                start, end = _reference(first), _reference(last or first)
                if start and end:
                    shape.merged.append((*start, *end))
    return shape


_RELATIONSHIP = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Each worksheet part of the package and its sheet's name (from the workbook and its
    relationships; a worksheet part they do not name keeps its file name)."""
    from defusedxml.ElementTree import fromstring

    names: dict[str, str] = {}
    try:
        targets = {
            rel.get("Id", ""): rel.get("Target", "")
            for rel in fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        }
        for element in fromstring(archive.read("xl/workbook.xml")).iter():
            if _local(element.tag) == "sheet":
                target = targets.get(element.get(_RELATIONSHIP, ""), "")
                path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
                names[path] = element.get("name", "")
    except (KeyError, SyntaxError, ValueError) as error:
        log.info("workbook parts without names: %s", error)
    parts = [m.filename for m in archive.infolist()
             if m.filename.startswith("xl/worksheets/") and m.filename.endswith(".xml")
             and "/_rels/" not in m.filename]
    return {part: names.get(part) or part.rpartition("/")[2].removesuffix(".xml")
            for part in parts}


def _check_package(archive: zipfile.ZipFile, name: str) -> None:
    members = archive.infolist()
    if len(members) > SPREADSHEET_PARTS:
        raise _refuse(name, _("the workbook has {n:,} parts; at most {limit:,} are read").format(
            n=len(members), limit=SPREADSHEET_PARTS))
    unpacked = sum(member.file_size for member in members)
    if unpacked > SPREADSHEET_UNPACKED_BYTES:
        raise _refuse(name, _("the workbook would unpack to {size:,} MB; at most {limit:,} MB "
                              "is read").format(size=-(-unpacked // 1024 // 1024),
                                                limit=SPREADSHEET_UNPACKED_BYTES // 1024 // 1024))
    names = {member.filename for member in members}
    if "xl/workbook.xml" not in names and "xl/workbook.bin" not in names:
        if "mimetype" in names or "content.xml" in names:
            raise _refuse(name, _("this is an OpenDocument file: save it as XLSX or CSV"))
        raise _refuse(name, _("this is a ZIP archive, not an XLSX workbook"))
    if "xl/workbook.bin" in names:
        raise _refuse(name, _("this is a binary workbook (.xlsb): save it as XLSX or CSV"))


def _damaged(name: str) -> UserInputError:
    return _refuse(name, _("the workbook is damaged: it cannot be read"))


def _read_xlsx(data: bytes, name: str) -> Spreadsheet:
    import openpyxl

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _refuse(name, _("the file starts like a ZIP archive but is damaged")) from None
    with archive:
        _check_package(archive, name)
        warnings: list[str] = []
        if any(m.filename.lower().endswith("vbaproject.bin") for m in archive.infolist()):
            warnings.append(_("{file} carries macros; they were not run: only the values the "
                              "cells hold were read.").format(file=_label(name)))
        # Every worksheet is scanned, and refused past the limits, before openpyxl opens the
        # workbook: it reads a whole sheet on opening when the sheet does not state its size.
        try:
            shapes = {path: _scan_sheet(archive, path, name, title)
                      for path, title in _sheet_parts(archive).items()}
        except UserInputError:
            raise
        except Exception as error:  # a damaged part: zlib, XML, a CRC
            log.info("%s: a sheet does not scan: %s: %s", name, type(error).__name__, error)
            raise _damaged(name) from None
        try:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True,
                                          keep_links=False)
        except Exception as error:  # openpyxl raises many types on a damaged package
            log.info("%s: openpyxl refused it: %s: %s", name, type(error).__name__, error)
            raise _damaged(name) from None
        try:
            sheets: list[SheetGrid] = []
            hidden_sheets = []
            for sheet in book.worksheets:
                if getattr(sheet, "sheet_state", "visible") != "visible":
                    hidden_sheets.append(sheet.title)
                    continue
                sheets.append(_read_sheet(shapes, archive, sheet, name))
        except UserInputError:
            raise
        except Exception as error:
            log.info("%s: a sheet does not read: %s: %s", name, type(error).__name__, error)
            raise _damaged(name) from None
        finally:
            book.close()
    if hidden_sheets:
        warnings.append(ngettext(
            "{n} hidden sheet was left out: {names}.", "{n} hidden sheets were left out: {names}.",
            len(hidden_sheets)).format(n=len(hidden_sheets),
                                       names=excerpt(", ".join(hidden_sheets), 80)))
    if not sheets:
        raise _refuse(name, _("the workbook has no visible sheet"))
    return Spreadsheet(XLSX, tuple(sheets), tuple(warnings))


def _read_sheet(shapes: dict[str, _SheetShape], archive: zipfile.ZipFile, sheet: Any,
                name: str) -> SheetGrid:
    """One worksheet's values, hidden rows and columns left out, merges kept in their first cell."""
    path = str(getattr(sheet, "_worksheet_path", "")).lstrip("/")
    shape = shapes.get(path) or _scan_sheet(archive, path, name, sheet.title)
    assert shape.hidden_rows is not None and shape.hidden_columns is not None
    assert shape.merged is not None
    rows: list[list[str]] = []
    if shape.rows and shape.columns:
        for row_no, cells in enumerate(sheet.iter_rows(
                min_row=1, max_row=shape.rows, min_col=1, max_col=shape.columns), start=1):
            rows.append([
                _checked_cell(formatted_text(getattr(cell, "value", None),
                                             getattr(cell, "number_format", "")), name,
                              f"{excerpt(sheet.title, 40)}!{_column_letters(col)}{row_no}")
                for col, cell in enumerate(cells, start=1)
            ])
    for first_row, first_col, last_row, last_col in shape.merged:
        # Only the first cell holds the value; openpyxl gives the others empty already, but a
        # writer that repeated it would show it twice.
        for r in range(first_row, min(last_row, len(rows)) + 1):
            for c in range(first_col, last_col + 1):
                if (r, c) != (first_row, first_col) and c <= len(rows[r - 1]):
                    rows[r - 1][c - 1] = ""
    warnings: list[str] = []
    hidden_rows = sorted(r for r in shape.hidden_rows if r <= len(rows))
    hidden_columns = sorted(c for c in shape.hidden_columns if c <= shape.columns)
    if hidden_rows or hidden_columns:
        warnings.append(_("Sheet {sheet}: {rows} hidden row(s) and {columns} hidden column(s) "
                          "were left out.").format(sheet=excerpt(sheet.title, 40),
                                                  rows=len(hidden_rows),
                                                  columns=len(hidden_columns)))
    if shape.uncached:
        warnings.append(_("Sheet {sheet}: {n} formula cell(s) have no saved value and were "
                          "read as empty: open the file in Excel or LibreOffice, save it and "
                          "hand it in again.").format(sheet=excerpt(sheet.title, 40),
                                                      n=shape.uncached))
    skip_rows = set(hidden_rows)
    skip_columns = set(hidden_columns)
    visible = [[text for c, text in enumerate(row, start=1) if c not in skip_columns]
               for r, row in enumerate(rows, start=1) if r not in skip_rows]
    return SheetGrid(sheet.title, _grid(visible), tuple(warnings))


def iter_visible(spreadsheet: Spreadsheet) -> Iterator[SheetGrid]:
    """The sheets in order (a helper for callers that pick the first that fits)."""
    yield from spreadsheet.sheets
