"""How much of a file BorderDesk will read, and how much work one file may cost.

One table, the same for the window and the command line: every reader of a
file someone handed in (a declaration, a manifest, a photo, a scanned PDF, a
signed bundle) checks its input against these numbers *before* the work they
bound, so a small hostile file cannot hold the gate's workstation for minutes
or fill its memory. ``docs/limits.md`` explains each one to the officers and
administrators; a test keeps that page and this table in step.

The numbers are generous for real papers (a 50-page manifest scanned at
300 dpi, a declaration of thousands of lines, amounts up to a thousand
trillion) and far below what would hurt a booth's 4 GB workstation.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

_MiB = 1024 * 1024


@dataclass(frozen=True)
class Limit:
    """One line of the table.

    Attributes:
        name: the constant's name below.
        value: the number itself.
        unit: what it counts ("bytes", "pages", "pixels", ...).
        why: one sentence on why this much and no more.
    """

    name: str
    value: int
    unit: str
    why: str


STRUCTURED_FILE_BYTES = 20 * _MiB
"""A declaration, a manifest JSON or spreadsheet, a watch-list file: thousands of lines are
a few MB."""

DOCUMENT_FILE_BYTES = 50 * _MiB
"""A photo, a scan or a PDF of a manifest: a 50-page scan at 300 dpi is about 40 MB."""

BUNDLE_FILE_BYTES = 1024 * _MiB
"""A signed handoff bundle, and all the files in it once unpacked: a handoff's photos and scans."""

PDF_PAGES = 50
"""Pages of one scanned PDF read by OCR: a manifest with its annexes."""

PAGE_PIXELS = 80_000_000
"""One image or one rendered page: about 9,000 x 9,000, more than any camera at the gate."""

READ_PIXELS = 40_000_000
"""A page is read by OCR at most this large (A3 at 300 dpi): a larger photo is scaled down
first and a PDF page rendered smaller, so reading one page stays well under 1 GB."""

DOCUMENT_PIXELS = 250_000_000
"""All pages of one PDF together once rendered: 50 A4 pages at 200 dpi, 28 at 300 dpi."""

PAGE_SIDE_MM = 1_200
"""The longest side of a PDF page: A0 is 1,189 mm; a larger page is no paper document."""

MIN_DPI = 150
"""Pages are rendered at 300 dpi, less to stay within the pixel limits, never below this."""

DECLARATION_LINES = 5_000
"""Goods lines in one declaration or manifest: VNACCS allows 50 per declaration."""

LINE_NUMBER = 99_999
"""The largest ``line_no`` of a goods line: line numbers may skip, but five digits is plenty."""

FIRST_YEAR = 2000
"""The earliest year of a declaration, a certificate of origin or a manifest date."""

LAST_YEAR = 2100
"""The latest such year: a date outside 2000-2100 is a typing error, not a shipment."""

NESTING_DEPTH = 32
"""Depth of JSON or XML nesting: a declaration is four levels deep."""

NUMBER_CHARACTERS = 40
"""Characters of one number as written in a file (digits, sign, point, exponent)."""

INTEGER_DIGITS = 12
"""Digits before the decimal point of a quantity, weight or amount: below a trillion.
With three decimals that is 15 significant digits, what both databases keep exactly
(SQLite stores these columns as binary floating point)."""

FRACTION_DIGITS = 3
"""Digits after the point of a quantity or weight: a gram of a kilogram, as stored."""

MONEY_FRACTION_DIGITS = 2
"""Digits after the point of a value or a cost: a cent, as stored."""

SHEET_ROWS = 10_000
"""Rows of one spreadsheet sheet (XLSX or CSV) read as a manifest: 5,000 goods lines and their
wrapped descriptions, headers and totals. A sheet of more is refused after this many rows are
streamed, never loaded whole."""

SHEET_COLUMNS = 200
"""Columns of one spreadsheet sheet: a packing list has a dozen or two."""

CELL_CHARACTERS = 2_000
"""Characters of one spreadsheet cell: a long goods description is a few hundred."""

SPREADSHEET_UNPACKED_BYTES = 50 * _MiB
"""All the parts of one XLSX workbook once unpacked: a zip bomb is refused before it is read.
A 10,000-row sheet is about 12 MB; 40 MB of shared strings took 210 MB to read."""

SPREADSHEET_PARTS = 1_000
"""Parts (zip members) of one XLSX workbook: a workbook of a few sheets has a dozen or two."""

SHOWN_VALUE_CHARACTERS = 60
"""A value echoed in an error message is cut to this many characters."""

MESSAGE_CHARACTERS = 400
"""One error line on the terminal or in a dialog is cut to this length."""

REASON_CHARACTERS = 4_000
"""A reason an officer writes for an override, a release, a cancellation: a page of text."""

LARGEST_AMOUNT = Decimal(10) ** INTEGER_DIGITS
"""Every number read from a file is below this: arithmetic on it cannot overflow."""

TABLE: tuple[Limit, ...] = (
    Limit("STRUCTURED_FILE_BYTES", STRUCTURED_FILE_BYTES, "bytes",
          "declarations, manifest JSON and spreadsheets, watch lists"),
    Limit("DOCUMENT_FILE_BYTES", DOCUMENT_FILE_BYTES, "bytes",
          "photos, scans and PDFs, read or attached"),
    Limit("BUNDLE_FILE_BYTES", BUNDLE_FILE_BYTES, "bytes",
          "a signed handoff bundle, and its files unpacked"),
    Limit("PDF_PAGES", PDF_PAGES, "pages", "pages of one PDF"),
    Limit("PAGE_PIXELS", PAGE_PIXELS, "pixels", "one image or rendered page"),
    Limit("READ_PIXELS", READ_PIXELS, "pixels", "one page as OCR reads it"),
    Limit("DOCUMENT_PIXELS", DOCUMENT_PIXELS, "pixels", "all rendered pages of one PDF"),
    Limit("PAGE_SIDE_MM", PAGE_SIDE_MM, "millimetres", "longest side of a PDF page"),
    Limit("MIN_DPI", MIN_DPI, "dots per inch", "lowest rendering resolution"),
    Limit("DECLARATION_LINES", DECLARATION_LINES, "lines",
          "goods lines of a declaration or manifest"),
    Limit("LINE_NUMBER", LINE_NUMBER, "line number", "largest line_no of a goods line"),
    Limit("FIRST_YEAR", FIRST_YEAR, "year",
          "earliest date of a declaration, certificate or manifest"),
    Limit("LAST_YEAR", LAST_YEAR, "year", "latest date of a declaration, certificate or manifest"),
    Limit("NESTING_DEPTH", NESTING_DEPTH, "levels", "JSON or XML nesting"),
    Limit("REASON_CHARACTERS", REASON_CHARACTERS, "characters",
          "a reason for an override, a release of a hold or a cancellation"),
    Limit("NUMBER_CHARACTERS", NUMBER_CHARACTERS, "characters", "one number as written"),
    Limit("INTEGER_DIGITS", INTEGER_DIGITS, "digits", "before the decimal point"),
    Limit("FRACTION_DIGITS", FRACTION_DIGITS, "digits", "after the decimal point"),
    Limit("MONEY_FRACTION_DIGITS", MONEY_FRACTION_DIGITS, "digits",
          "after the decimal point of a value or cost"),
    Limit("SHEET_ROWS", SHEET_ROWS, "rows", "rows of one spreadsheet sheet"),
    Limit("SHEET_COLUMNS", SHEET_COLUMNS, "columns", "columns of one spreadsheet sheet"),
    Limit("CELL_CHARACTERS", CELL_CHARACTERS, "characters", "one spreadsheet cell"),
    Limit("SPREADSHEET_UNPACKED_BYTES", SPREADSHEET_UNPACKED_BYTES, "bytes",
          "an XLSX workbook's parts once unpacked"),
    Limit("SPREADSHEET_PARTS", SPREADSHEET_PARTS, "parts", "zip members of one XLSX workbook"),
    Limit("SHOWN_VALUE_CHARACTERS", SHOWN_VALUE_CHARACTERS, "characters",
          "a value quoted in an error"),
    Limit("MESSAGE_CHARACTERS", MESSAGE_CHARACTERS, "characters", "one error line"),
)
