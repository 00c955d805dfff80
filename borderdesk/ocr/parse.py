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
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from statistics import median

from rapidfuzz.distance import Levenshtein

from borderdesk.domain.manifest import CONFIDENT, Disagreement, Manifest, ManifestLine
from borderdesk.i18n import N_, _
from borderdesk.ocr.column_labels import header_labels
from borderdesk.ocr.column_types import assign_fields
from borderdesk.ocr.columns import Slot, find_slots
from borderdesk.ocr.cross_checks import PrintedTotals, cross_check
from borderdesk.ocr.header_fields import HEADER_PHRASES, is_label, read_header
from borderdesk.ocr.layout import Column, LayoutRow, Ruling
from borderdesk.ocr.normalize import read_currency, read_number
from borderdesk.ocr.phrases import close, token
from borderdesk.ocr.table import in_ruled_order, read_table, read_totals, starts_line
from borderdesk.ocr.table_rows import (
    figures,
    goods_run_end,
    is_column_index,
    is_section_heading,
)

NO_TEXT = N_("No text was found on the page.")
NO_TABLE = N_("No goods table was found on the page.")

MIN_HEADER_COLUMNS = 3
MAX_HEADER_LINES = 2
MAX_FOOTER_ROWS = 2
"""Rows under a table that still leave it at its page's foot ("Page 1 of 3", "continued")."""
TOTAL_WORDS = frozenset({"total", "tong", "cong", "grand", "subtotal", "sum", "totals", "ttl"})
GAP_IN_HEIGHTS = 4.0
"""A vertical gap this many word heights wide ends the table."""

CORROBORATED = 0.95
"""The confidence of a figure its column's sum and the total row vouch for."""
MIN_CORROBORATING_LINES = 2
"""A one-line column repeats its figure in the total row: that proves nothing."""

_TOTAL_PHRASES = ("total", "tong", "tong cong", "subtotal")
_HS_SHAPE = re.compile(r"\d{4}(?:[. ]?\d{2}){0,3}")



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


def _is_table_header(labels: Sequence[tuple[str, int, int]]) -> bool:
    named = {name for name, _, _ in labels if not name.startswith("_") and name != "line_no"}
    return len(named) >= MIN_HEADER_COLUMNS


def _is_total(row: LayoutRow) -> bool:
    """Whether a row is the table's total row ("Total", "Tổng cộng", "Tôäg cộng 1.234,50").

    A misread total word counts only on a row that carries a number and no
    HS code, so a wrapped description ("Long grain rice") never ends the table.
    """
    tokens = [token(w.text).replace("-", "") for _, w in row.words[:3]]
    tokens = [t for t in tokens if t][:2]
    if not tokens:
        return False
    if tokens[0] in TOTAL_WORDS:
        return True
    # "1,169  SUB-TOTAL  28.487 ...": a figure may come first; every word that is no
    # figure is then a total word.
    words = [w.text for _, w in row.words if read_number(w.text).value is None
             and read_currency(w.text).value is None]
    if words and figures(row) and all(
            token(text).replace("-", "") in TOTAL_WORDS for text in words):
        return True
    texts = [w.text for _, w in row.words]
    if any(_HS_SHAPE.fullmatch(t) for t in texts) or not any(
        read_number(t).value is not None for t in texts
    ):
        return False
    return any(close(tokens[0], total) for total in _TOTAL_PHRASES) or (
        len(tokens) > 1 and Levenshtein.distance(" ".join(tokens), "tong cong") <= 2
    )


def _table_body(rows: Sequence[LayoutRow], start: int, *, continued: bool = False) -> int:
    """The index just past the table whose first body row is ``rows[start]``.

    ``continued``: the table goes on from the page before, so the row above
    ``rows[start]`` (on that page) is not its header.
    """
    heights = [w.height for row in rows[start : start + 10] for _, w in row.words if w.height > 0]
    typical = median(heights) if heights else 1.0
    end = start
    previous = rows[start - 1] if start > 0 and not continued else None
    while end < len(rows):
        row = rows[end]
        if previous is not None and (
            row.words[0][1].page != previous.words[0][1].page
            or row.top - previous.bottom > GAP_IN_HEIGHTS * typical
        ):
            break
        if _is_total(row) or _is_table_header(header_labels(row)):
            break
        if _has_header_label(row, inside_table=True):
            break
        previous = row
        end += 1
    return end


def _has_header_label(row: LayoutRow, *, inside_table: bool = False) -> bool:
    """Whether a row carries a header field's label ("Seal No:", "Người nhận hàng:").

    Inside a table an origin's label is a line's own ("HS: 0901.11 - Origin: Lào").
    """
    tokens = [token(w.text) for _, w in row.words]
    return any(is_label(row, s, e, None) for name, s, e in HEADER_PHRASES.find(tokens)
               if not (inside_table and name == "origin_country"))


def _absorb_header_lines(rows: Sequence[LayoutRow], header: int) -> int:
    """Take in the header's further lines ("(kg)", the second language); return the body's start.

    A header line has no digit and sits right under the line above it; a row
    numbering the columns ("A B C 1 2 3") closes the header.
    """
    i = header + 1
    while i < len(rows) and i <= header + MAX_HEADER_LINES + 1:
        row, above = rows[i], rows[i - 1]
        tall = max((w.height for _, w in above.words), default=1)
        if row.top - above.bottom > tall or _page(row) != _page(above):
            break
        if is_column_index(row):
            return i + 1
        if any(c.isdigit() for c in row.text) or _is_total(row) or i > header + MAX_HEADER_LINES:
            break
        i += 1
    return i


MAX_BAND_ROWS = 5
"""Read lines a header of two levels may come in (a photo cuts a tall cell's labels apart)."""


def _header_band(rows: Sequence[LayoutRow], i: int) -> int | None:
    """The body's start when ``rows[i]`` opens a header whose labels stand on several lines.

    A header of two levels ("Số lượng" over "Thực xuất | Thực nhập") may name
    no three columns on any one read line. Its lines sit close together, hold
    no figure (but for a closing column-index row), name columns between
    them, and goods rows with figures follow.
    """
    if not header_labels(rows[i]):
        return None
    named: set[str] = set()
    end = i
    bottom = rows[i].bottom
    while end < len(rows) and end - i < MAX_BAND_ROWS:
        row = rows[end]
        tall = max((w.height for _, w in rows[end - 1].words), default=1)
        if end > i and (row.top - bottom > tall or _page(row) != _page(rows[i])):
            break
        if any(c.isdigit() for c in row.text) or _is_total(row) or _has_header_label(row):
            break  # a figure, a total, or a header field ("Seal No.: pending") ends it
        named |= {name for name, _, _ in header_labels(row)}
        bottom = max(bottom, row.bottom)
        end += 1
    if end < len(rows) and is_column_index(rows[end]):
        end += 1
    if not _is_table_header([(name, 0, 0) for name in named]) or end >= len(rows):
        return None
    after = rows[end]
    return end if len(figures(after)) >= 2 or is_section_heading(after) else None


def _header_end(rows: Sequence[LayoutRow], i: int) -> int:
    """The body's start under a header row that names three columns by itself.

    Such a header may still run on over more lines than a second language and
    a unit (two levels, a tall cell a photo cut apart): it does when the lines
    further down name columns too, or a row numbering the columns closes them.
    A wrapped first description (no figure, no label) stays in the body.
    """
    end = _absorb_header_lines(rows, i)
    band = _header_band(rows, i)
    if band is None or band <= end:
        return end
    if is_column_index(rows[band - 1]) or all(header_labels(row) for row in rows[end:band]):
        return band
    return end


def _unlabelled_header(rows: Sequence[LayoutRow], i: int) -> int | None:
    """The body's start when ``rows[i]`` heads a goods table none of whose labels is known here.

    Only on a document where no header was found by its labels: a line (or
    two) of words with no figure and no header field's label, right above
    goods rows found by their figures (``goods_run_end``). The columns are then
    placed by their content alone, and doubted as such.
    """
    for first in (i + 1, i + 2):
        heads = rows[i:first]
        if first >= len(rows) or any(
                any(c.isdigit() for c in row.text) or _has_header_label(row) or len(row.words) < 2
                for row in heads):
            return None
        tall = max(w.height for _, w in rows[first - 1].words)
        if rows[first].top - rows[first - 1].bottom > 3 * tall:
            return None
        if goods_run_end(rows, first) > first:
            return first
    return None


@dataclass
class _Document:
    """What the tables of a document gave, gathered for the cross-checks."""

    lines: list[ManifestLine] = field(default_factory=list)
    printed: list[int | None] = field(default_factory=list)
    totals: dict[str, tuple[Decimal, float]] = field(default_factory=dict)
    side: dict[str, list[Decimal | None]] = field(default_factory=dict)
    placement: list[dict[str, float]] = field(default_factory=list)
    found_table: bool = False


def _page(row: LayoutRow) -> int:
    return row.words[0][1].page


def _as_before(slots: Sequence[Slot], before: Sequence[Column]) -> list[Column] | None:
    """A continued table's columns: as many as on the page before, in the same order.

    A photographed page lies differently from the one before, so its header's
    positions there say little about this page's columns; their order does.
    None when this page shows a different number of columns.
    """
    if len(slots) != len(before):
        return None
    return [replace(column, left=slot.left, right=slot.right)
            for slot, column in zip(slots, before, strict=True)]


def _runs_out(rows: Sequence[LayoutRow], end: int) -> bool:
    """Whether a table that ended at ``rows[end]`` reached its page's foot.

    It did when the next page starts within ``MAX_FOOTER_ROWS`` rows (a footer
    such as "Page 1" may stand between).
    """
    last = _page(rows[end - 1])
    after = rows[end : end + MAX_FOOTER_ROWS + 1]
    return any(_page(row) != last for row in after)


def _continues(rows: Sequence[LayoutRow], i: int, columns: Sequence[Column]) -> bool:
    """Whether ``rows[i]``, on the page after a table that ran to the page's end, goes on with it.

    It does when it starts a goods line under the table's columns and no
    table header of its own follows it closely.
    """
    ahead = rows[i : i + MAX_HEADER_LINES + 1]
    if any(_is_table_header(header_labels(row)) for row in ahead):
        return False
    return starts_line(rows[i], columns)


def _read_tables(
    rows: Sequence[LayoutRow], rulings: Sequence[Ruling],
    word_fields: dict[int, tuple[int | None, str]],
) -> tuple[_Document, list[LayoutRow]]:
    """The goods tables of a document, and the rows outside them."""
    by_page = {ruling.page: ruling for ruling in rulings}
    document = _Document()
    outside: list[LayoutRow] = []
    # A table that ran to the end of its page: its header and columns, for the next page.
    open_table: tuple[int, list[LayoutRow], list[Column]] | None = None
    labelled = any(_is_table_header(header_labels(row)) or _header_band(rows, k) is not None
                   for k, row in enumerate(rows))
    i = 0
    while i < len(rows):
        is_header = _is_table_header(header_labels(rows[i]))
        band_end = None if is_header else _header_band(rows, i)
        if band_end is None and not is_header and not labelled:
            band_end = _unlabelled_header(rows, i)
        is_header = is_header or band_end is not None
        continued = (not is_header and open_table is not None
                     and _page(rows[i]) == open_table[0] + 1
                     and _continues(rows, i, open_table[2]))
        if not (is_header or continued):
            outside.append(rows[i])
            i += 1
            continue
        document.found_table = True
        if is_header:
            first = band_end or _header_end(rows, i)
            header_rows = list(rows[i:first])
        else:
            assert open_table is not None
            first, header_rows = i, open_table[1]
        end = _table_body(rows, first, continued=not is_header)
        body = list(rows[first:end])
        totals = [rows[end]] if end < len(rows) and _is_total(rows[end]) else []
        ruling = by_page.get(_page(body[0])) if body else None
        goods = [row for row in body if not is_section_heading(row)]
        columns = assign_fields(find_slots(header_rows, goods, ruling))
        if not is_header and open_table is not None:
            columns = _as_before(find_slots((), goods, ruling), open_table[2]) or columns
        end = _past_subtotals(rows, end, columns, body, totals)
        total = _grand_total(totals, columns)
        rules = _rules_across(ruling, goods)
        table = read_table(in_ruled_order(body, columns, rules), columns,
                           len(document.lines) + 1, word_fields, total)
        for name, side in table.side_figures.items():
            column = document.side.setdefault(name, [])
            column.extend([None] * (len(document.lines) - len(column)) + side)
        document.lines.extend(table.lines)
        document.printed.extend(table.printed_numbers)
        document.placement.extend(table.placement for _ in table.lines)
        if table.totals:
            document.totals = table.totals
        open_table = (_page(body[-1]), header_rows, columns) if (
            body and not totals and _runs_out(rows, end)) else None
        i = max(end, i + 1)
    return document, outside


ACROSS_SHARE = 0.8
"""A horizontal rule parts two goods lines when it runs across this share of the table."""


def _rules_across(ruling: Ruling | None, rows: Sequence[LayoutRow]) -> list[int]:
    """The y of each horizontal rule that runs across the body's width."""
    words = [w for row in rows for _, w in row.words]
    if ruling is None or not words:
        return []
    left, right = min(w.left for w in words), max(w.right for w in words)
    return sorted(y for y, start, end in ruling.horizontal
                  if min(end, right) - max(start, left) >= ACROSS_SHARE * (right - left))


def _past_subtotals(rows: Sequence[LayoutRow], end: int, columns: Sequence[Column],
                    body: list[LayoutRow], totals: list[LayoutRow]) -> int:
    """Read on past a section's subtotal when the goods go on under it; return the table's end.

    A list cut into sections ("I. ...", "II. ...") has a subtotal under each
    and the grand total under the last. Goods lines after a total row (a
    section heading may stand between), on the same page and under the same
    columns, belong to the same table: their rows join ``body``, each total
    row joins ``totals``. Returns the index of the last total row, or the
    table's end when it has none.
    """
    if not totals:
        return end
    last = end
    while True:
        k = last + 1
        while k < len(rows) and is_section_heading(rows[k]):
            k += 1
        if k >= len(rows) or _page(rows[k]) != _page(rows[last]):
            return last
        if _is_total(rows[k]):
            totals.append(rows[k])
            last = k
            continue
        goods_row = _next_goods_row(rows, k, columns)
        if goods_row is None:
            return last
        more = _table_body(rows, goods_row, continued=True)
        body.extend(rows[goods_row:more])
        if more >= len(rows) or not _is_total(rows[more]):
            # The goods ran on with no total under them: the table ends there.
            totals.clear()
            return more
        totals.append(rows[more])
        last = more


def _next_goods_row(rows: Sequence[LayoutRow], k: int, columns: Sequence[Column]) -> int | None:
    """The goods row at or just after ``rows[k]`` that goes on with a table after its subtotal.

    A line naming the next group may stand between ("Invoice UDT-INV-26-0324
    of 27 APR 2026"): up to ``MAX_HEADER_LINES`` rows that are no header, no
    header field and on the same page are passed over, and go on no line.
    """
    for n in range(k, min(len(rows), k + MAX_HEADER_LINES + 1)):
        row = rows[n]
        if (_page(row) != _page(rows[k]) or _is_table_header(header_labels(row))
                or _has_header_label(row) or _is_total(row)):
            return None
        if starts_line(row, columns):
            return n
        if not any(sum(c.isalpha() for c in w.text) >= 3 for _, w in row.words):
            return None  # specks, a rule's remains: no line naming a group
    return None


def _grand_total(totals: Sequence[LayoutRow], columns: Sequence[Column]) -> LayoutRow | None:
    """The total row that stands for the whole table, if one does.

    One total row is the table's. Of several (subtotals, then a grand total)
    the last is the table's only when it is the sum of the ones before it;
    otherwise each is a section's and none adds up the table.
    """
    if len(totals) <= 1:
        return totals[0] if totals else None
    sums = [read_totals(row, columns, None) for row in totals]
    last, parts = sums[-1], sums[:-1]
    agree = [name for name, (value, _) in last.items()
             if all(name in part for part in parts)
             and sum(part[name][0] for part in parts) == value]
    return totals[-1] if agree else None


def _printed_sequence(printed: Sequence[int | None]) -> list[int] | None:
    """The lines' numbers as printed, where the printed numbers can be trusted; else None.

    The trusted numbers are the longest run, in reading order, that climbs at
    least one per line (a misread "31" as "2" falls out of it); a line between
    two of them is numbered on from the one before. Trusted when that run
    holds half the lines or more and no line would be numbered below 1.
    """
    known = [(i, p) for i, p in enumerate(printed) if p is not None]
    if 2 * len(known) < max(1, len(printed)):
        return None
    # Longest non-decreasing run of (number - position): numbers climb at least one per line.
    tails: list[tuple[int, int]] = []  # (key, index into known) ending each run length
    back: list[int | None] = [None] * len(known)
    for k, (i, p) in enumerate(known):
        key = p - i
        size = next((n for n, (tail, _) in enumerate(tails) if tail > key), len(tails))
        back[k] = tails[size - 1][1] if size else None
        entry = (key, k)
        tails[size : size + 1] = [entry]
    chain: list[int] = []
    at: int | None = tails[-1][1]
    while at is not None:
        chain.append(at)
        at = back[at]
    anchors = {known[k][0]: known[k][1] for k in chain}
    if 2 * len(anchors) < len(printed):
        return None
    first = min(anchors)
    numbers = []
    for i in range(len(printed)):
        before = [a for a in anchors if a <= i]
        a = max(before) if before else first
        numbers.append(anchors[a] + (i - a))
    return numbers if numbers[0] >= 1 else None


def _number_as_printed(
    document: _Document, word_fields: dict[int, tuple[int | None, str]]
) -> None:
    """Number the lines as printed, so a line lost or split does not shift the rest."""
    numbers = _printed_sequence(document.printed)
    if numbers is None or numbers == [line.line_no for line in document.lines]:
        return
    renamed = {line.line_no: number for line, number in zip(document.lines, numbers, strict=True)}
    document.lines = [replace(line, line_no=number)
                      for line, number in zip(document.lines, numbers, strict=True)]
    # Only the tables' words are mapped yet: the header is read afterwards.
    for index, (line_no, name) in word_fields.items():
        word_fields[index] = (renamed[line_no] if line_no is not None else None, name)


def _cross_checked(
    document: _Document,
) -> tuple[tuple[ManifestLine, ...], tuple[Disagreement, ...]]:
    """The lines after the document's own figures were checked against each other."""
    totals = PrintedTotals(
        values={name: value for name, (value, _) in document.totals.items()},
        confidence={name: level for name, (_, level) in document.totals.items()},
    ) if document.totals else None
    lines, disagreements = cross_check(
        document.lines, totals, document.printed,
        net_weights_kg=document.side.get("net_weight_kg", ()),
        unit_prices=document.side.get("unit_price", ()))
    return _corroborated(document, lines, disagreements), disagreements


def _corroborated(
    document: _Document, lines: tuple[ManifestLine, ...], disagreements: Sequence[Disagreement]
) -> tuple[ManifestLine, ...]:
    """The lines with each figure of a column that adds up to its total row taken as sure.

    A column of two lines or more whose figures add up exactly to the total
    row's figure, with no disagreement about it, vouches for every figure in
    it: a misread digit would break the sum. Only a column whose header and
    content agreed is vouched for, since a figure in the wrong column adds up
    just as well.
    """
    doubted = {name.removeprefix("total_") for d in disagreements for _, name in d.cells}
    sure: set[str] = set()
    for name, (total, _level) in document.totals.items():
        column = [getattr(line, name, None) for line in lines]
        if (name not in doubted and len(column) >= MIN_CORROBORATING_LINES
                and all(isinstance(f, Decimal) for f in column)
                and sum(f for f in column if f is not None) == total):
            sure.add(name)
    if not sure:
        return lines
    return tuple(
        replace(line, confidence={
            name: max(level, CORROBORATED)
            if name in sure and placement.get(name, 0.0) >= CONFIDENT else level
            for name, level in line.confidence.items()
        })
        for line, placement in zip(lines, document.placement, strict=True)
    )


def _with_stated_origin(lines: Sequence[ManifestLine], origin: object, confidence: float
                        ) -> tuple[ManifestLine, ...]:
    """The lines with no origin of their own given the one the document states for all.

    A packing list without an origin column says it once ("COUNTRY OF
    ORIGIN: CHINA"); a line that has an origin keeps it.
    """
    if not isinstance(origin, str) or len(origin) != 2:
        return tuple(lines)
    return tuple(
        line if line.origin_country else replace(
            line, origin_country=origin,
            confidence={**line.confidence, "origin_country": round(confidence, 3)})
        for line in lines)


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
    document, outside = _read_tables(rows, rulings, word_fields)
    _number_as_printed(document, word_fields)
    lines, disagreements = _cross_checked(document)
    header = read_header(outside, rulings, word_fields)
    values = header.values
    lines = _with_stated_origin(lines, values.get("origin_country"),
                                header.confidence.get("origin_country", 0.0))
    when = values.get("date")
    manifest = Manifest(
        document_no=str(values.get("document_no", "")),
        date=when if isinstance(when, date) else None,
        consignor=str(values.get("consignor", "")),
        consignee=str(values.get("consignee", "")),
        vehicle_plate=str(values.get("vehicle_plate", "")),
        container_no=str(values.get("container_no", "")),
        seal_no=str(values.get("seal_no", "")),
        lines=lines,
        confidence={k: round(v, 3) for k, v in header.confidence.items()},
        warnings=() if document.found_table else (_(NO_TABLE),),
        disagreements=disagreements,
    )
    return ParsedManifest(manifest, word_fields)
