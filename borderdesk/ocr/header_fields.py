"""The document's header fields, read as label/value pairs ("Container No: TCNU7200794").

A field's value is the words after its label up to the next label on the row.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from borderdesk.ocr.layout import LayoutRow, Ruling
from borderdesk.ocr.normalize import parse_date, place_tone_marks
from borderdesk.ocr.phrases import Phrases, token
from borderdesk.ocr.table import PUNCT, cell_confidence, cell_text

HEADER_LABELS: Mapping[str, tuple[str, ...]] = {
    "document_no": (
        "manifest no", "manifest number", "so manifest", "so chung tu", "document no",
        "invoice no", "packing list no", "so hoa don", "so phieu", "so bang ke", "ref no",
    ),
    "date": ("date", "ngay", "ngay lap", "issue date", "ngay chung tu"),
    "consignor": (
        "consignor", "shipper", "exporter", "nguoi gui hang", "nguoi gui", "nguoi xuat khau",
    ),
    "consignee": (
        "consignee", "importer", "nguoi nhan hang", "nguoi nhan", "nguoi nhap khau",
    ),
    "vehicle_plate": (
        "vehicle plate", "truck no", "plate no", "vehicle no", "bien so xe", "bien so",
        "bien kiem soat",
    ),
    "container_no": ("container no", "container", "so container", "so cont"),
    "seal_no": ("seal no", "seal", "so niem phong", "so seal", "niem phong", "so chi"),
}

HEADER_PHRASES = Phrases(HEADER_LABELS)


@dataclass
class Header:
    values: dict[str, str | date] = field(default_factory=dict)
    confidence: dict[str, float] = field(default_factory=dict)


# ---- Header fields


def is_label(row: LayoutRow, start: int, end: int, previous_end: int | None) -> bool:
    """Whether a label phrase found in a row is used as a label, not inside a value."""
    words = row.words
    if start in (0, previous_end):
        return True
    if words[end - 1][1].text.rstrip().endswith(":"):
        return True
    if end < len(words) and words[end][1].text.lstrip().startswith(":"):
        return True
    if end < len(words) and words[end][1].text.strip().startswith("/"):
        return True
    return words[start - 1][1].text.rstrip().endswith("/")


def read_header_row(
    row: LayoutRow, header: Header, word_fields: dict[int, tuple[int | None, str]]
) -> bool:
    """Fill header fields from one row; True when the row carried a label."""
    tokens = [token(w.text) for _, w in row.words]
    labels: list[tuple[str, int, int]] = []
    for name, start, end in HEADER_PHRASES.find(tokens):
        if is_label(row, start, end, labels[-1][2] if labels else None):
            labels.append((name, start, end))
    for k, (name, _start, end) in enumerate(labels):
        stop = labels[k + 1][1] if k + 1 < len(labels) else len(row.words)
        value_words = [p for p in row.words[end:stop] if token(p[1].text)]
        if not value_words or name in header.values:
            continue
        text = cell_text(value_words).strip(PUNCT.replace(".", "").replace("-", ""))
        if name in ("consignor", "consignee"):
            text = place_tone_marks(text)
        if name == "date":
            when = parse_date(text) or parse_date("ngay " + text)
            if when is None:
                continue
            header.values[name] = when
        elif name == "container_no":
            header.values[name] = "".join(text.split()).upper()
        else:
            header.values[name] = text
        header.confidence[name] = cell_confidence(value_words)
        for index, _word in value_words:
            word_fields[index] = (None, name)
    return bool(labels)


def read_header(
    rows: Sequence[LayoutRow],
    rulings: Sequence[Ruling],
    word_fields: dict[int, tuple[int | None, str]],
) -> Header:
    """The header fields of a document from its rows outside the goods tables, top to bottom.

    Args:
        rows: every row that is not part of a goods table, in reading order.
        rulings: the pages' ruling lines (a boxed header grid's cell borders).
        word_fields: filled with word index -> (None, field) for each word used.
    """
    header = Header()
    for row in rows:
        read_header_row(row, header, word_fields)
    return header
