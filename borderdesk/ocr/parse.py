"""Read a manifest out of OCR'd rows: header fields by their labels, goods lines from the table.

Pure: it sees only ``LayoutRow``s (words with boxes) and returns a domain
``Manifest`` plus, for every word it used, the line and field it went into,
so the review screen can link boxes and cells. It never raises on odd input:
what it cannot read it leaves empty, with a low confidence.

How a page is read, top to bottom:

- A row naming at least three table columns ("Description", "HS code",
  "Quantity" ... or "Mô tả hàng hóa", "Mã HS", "Số lượng" ...) is the table
  header; column bands come from the labels and the gaps between the words
  below them (``layout.columns_from_header``).
- Under it, a row starts a new goods line when it has a line number, an HS
  code or a quantity; other rows continue the line above (a wrapped
  description); ``table`` reads those rows into goods lines. The table
  ends at a total row ("Total", "Tổng cộng", "Cộng"), at a row carrying a
  header label ("Seal No: ..."), at a wide vertical gap or at a page break.
- Every other row is searched for header labels ("Container No:",
  "Số container:" ...); a field's value is the words after its label up to
  the next label on the row.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from statistics import median

from rapidfuzz.distance import Levenshtein

from borderdesk.domain.manifest import Manifest, ManifestLine
from borderdesk.i18n import N_, _
from borderdesk.ocr.header_fields import HEADER_PHRASES, is_label, read_header
from borderdesk.ocr.layout import LayoutRow, Ruling
from borderdesk.ocr.normalize import read_number
from borderdesk.ocr.phrases import Phrases, close, token
from borderdesk.ocr.table import read_table

NO_TEXT = N_("No text was found on the page.")
NO_TABLE = N_("No goods table was found on the page.")

COLUMN_LABELS: Mapping[str, tuple[str, ...]] = {
    "line_no": ("no", "stt", "#", "item no", "line"),
    "description": (
        "description", "description of goods", "goods description", "goods", "commodity",
        "mo ta hang hoa", "mo ta", "ten hang", "ten hang hoa", "hang hoa",
    ),
    "hs_code": ("hs code", "hs", "ma hs", "hs-code", "tariff code", "ma so hang hoa"),
    "quantity": ("quantity", "qty", "so luong"),
    "unit": ("unit", "don vi", "don vi tinh", "dvt", "uom"),
    "gross_weight_kg": (
        "gross weight", "gross wt", "g.w", "weight", "trong luong", "trong luong ca bi",
        "khoi luong", "khoi luong ca bi", "trong luong gop",
    ),
    "value": ("value", "amount", "tri gia", "gia tri", "thanh tien", "total value"),
    "currency": ("currency", "curr", "tien te", "loai tien", "ngoai te", "dong tien"),
    "origin_country": (
        "origin", "country of origin", "xuat xu", "nuoc xuat xu", "noi xuat xu",
    ),
    # Columns the manifest does not keep; naming them stops their words
    # spilling into a neighbour.
    "_net_weight": (
        "net weight", "net wt", "n.w", "trong luong tinh", "khoi luong tinh",
    ),
    "_unit_price": ("unit price", "don gia", "price"),
    "_packages": ("packages", "so kien", "kien", "cartons", "so thung"),
    "_marks": ("marks", "ky ma hieu", "ky hieu", "marks and numbers"),
}
MIN_HEADER_COLUMNS = 3
MAX_HEADER_LINES = 2
TOTAL_WORDS = frozenset({"total", "tong", "cong", "grand", "subtotal", "sum", "totals"})
GAP_IN_HEIGHTS = 4.0
"""A vertical gap this many word heights wide ends the table."""

_TOTAL_PHRASES = ("total", "tong", "tong cong", "subtotal")
_HS_SHAPE = re.compile(r"\d{4}(?:[. ]?\d{2}){0,3}")


_COLUMN_PHRASES = Phrases(COLUMN_LABELS, fuzzy=True)


@dataclass(frozen=True)
class ParsedManifest:
    """The manifest read from the rows, and where each word went.

    Attributes:
        manifest: the manifest (lines numbered 1.. in reading order).
        word_fields: word index (as in ``LayoutRow.words``) -> (line number,
            field); the line number is None for a header field.
    """

    manifest: Manifest
    word_fields: dict[int, tuple[int | None, str]]


# ---- The goods table


def _header_columns(row: LayoutRow) -> list[tuple[str, int, int]]:
    """The column labels on a row, as (field, left, right).

    A word in brackets ("(kg)") is a unit under a label; on a tilted photo
    it can land inside the label above it ("Trọng (kg) lượng"), so it is
    left out of the matching.
    """
    words = [w for _, w in row.words if not (w.text.startswith("(") and w.text.endswith(")"))]
    tokens = [token(w.text) for w in words]
    return [
        (name, words[start].left, words[end - 1].right)
        for name, start, end in _COLUMN_PHRASES.find(tokens)
    ]


def _is_table_header(labels: Sequence[tuple[str, int, int]]) -> bool:
    named = {name for name, _, _ in labels if not name.startswith("_") and name != "line_no"}
    return len(named) >= MIN_HEADER_COLUMNS


def _is_total(row: LayoutRow) -> bool:
    """Whether a row is the table's total row ("Total", "Tổng cộng", "Tôäg cộng 1.234,50").

    A misread total word counts only on a row that carries a number and no
    HS code, so a wrapped description ("Long grain rice") never ends the table.
    """
    tokens = [token(w.text) for _, w in row.words[:3]]
    tokens = [t for t in tokens if t][:2]
    if not tokens:
        return False
    if tokens[0] in TOTAL_WORDS:
        return True
    texts = [w.text for _, w in row.words]
    if any(_HS_SHAPE.fullmatch(t) for t in texts) or not any(
        read_number(t).value is not None for t in texts
    ):
        return False
    return any(close(tokens[0], total) for total in _TOTAL_PHRASES) or (
        len(tokens) > 1 and Levenshtein.distance(" ".join(tokens), "tong cong") <= 2
    )


def _table_body(rows: Sequence[LayoutRow], start: int) -> int:
    """The index just past the table whose first body row is ``rows[start]``."""
    heights = [w.height for row in rows[start : start + 10] for _, w in row.words if w.height > 0]
    typical = median(heights) if heights else 1.0
    end = start
    previous = rows[start - 1] if start > 0 else None
    while end < len(rows):
        row = rows[end]
        if previous is not None and (
            row.words[0][1].page != previous.words[0][1].page
            or row.top - previous.bottom > GAP_IN_HEIGHTS * typical
        ):
            break
        if _is_total(row) or _is_table_header(_header_columns(row)):
            break
        tokens = [token(w.text) for _, w in row.words]
        if any(is_label(row, s, e, None) for _, s, e in HEADER_PHRASES.find(tokens)):
            break
        previous = row
        end += 1
    return end


def _absorb_header_lines(
    rows: Sequence[LayoutRow], header: int, labels: list[tuple[str, int, int]]
) -> int:
    """Take in the header's further lines ("(kg)", the second language); return the body's start.

    A header line has no digit and sits right under the line above it.
    """
    i = header + 1
    while i < len(rows) and i <= header + MAX_HEADER_LINES:
        row, above = rows[i], rows[i - 1]
        tall = max((w.height for _, w in above.words), default=1)
        if any(c.isdigit() for c in row.text) or row.top - above.bottom > tall or _is_total(row):
            break
        labels.extend(_header_columns(row))
        i += 1
    return i


def parse_manifest(rows: Sequence[LayoutRow], rulings: Sequence[Ruling] = ()) -> ParsedManifest:
    """Read a manifest from the rows of one document (all its pages, in order).

    Args:
        rows: the rows from ``layout.rows_from_words``.
        rulings: the ruling lines of each page that has any (none for an
            unruled page, a spreadsheet or a page whose rules were not found).

    Returns:
        The manifest with per-field confidences and the word -> field map.
        No words at all give an empty manifest with a warning.
    """
    rows = [row for row in rows if row.words]
    word_fields: dict[int, tuple[int | None, str]] = {}
    if not rows:
        return ParsedManifest(Manifest(warnings=(_(NO_TEXT),)), word_fields)
    outside: list[LayoutRow] = []
    lines: list[ManifestLine] = []
    found_table = False
    i = 0
    while i < len(rows):
        labels = _header_columns(rows[i])
        if _is_table_header(labels):
            found_table = True
            first = _absorb_header_lines(rows, i, labels)
            end = _table_body(rows, first)
            lines.extend(read_table(rows[first:end], labels, len(lines) + 1, word_fields))
            i = max(end, i + 1)
            continue
        outside.append(rows[i])
        i += 1
    header = read_header(outside, rulings, word_fields)
    values = header.values
    when = values.get("date")
    manifest = Manifest(
        document_no=str(values.get("document_no", "")),
        date=when if isinstance(when, date) else None,
        consignor=str(values.get("consignor", "")),
        consignee=str(values.get("consignee", "")),
        vehicle_plate=str(values.get("vehicle_plate", "")),
        container_no=str(values.get("container_no", "")),
        seal_no=str(values.get("seal_no", "")),
        lines=tuple(lines),
        confidence={k: round(v, 3) for k, v in header.confidence.items()},
        warnings=() if found_table else (_(NO_TABLE),),
    )
    return ParsedManifest(manifest, word_fields)
