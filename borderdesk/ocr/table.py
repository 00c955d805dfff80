"""Read the goods table's body rows into manifest lines: cells by column, then typed fields.

A row starts a new goods line when it has a line number, an HS code or a
quantity; other rows continue the line above (a wrapped description). A word
tesseract ran across a column rule is cut where both parts read as their
columns' content. Each field keeps the lowest confidence of its words,
lowered when OCR confusions had to be corrected to read it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from itertools import pairwise

from borderdesk.domain.manifest import ManifestLine
from borderdesk.ocr.layout import Column, LayoutRow, OcrWord, column_of
from borderdesk.ocr.normalize import (
    Reading,
    decimal_mark_of,
    place_tone_marks,
    read_currency,
    read_hs_code,
    read_number,
)
from borderdesk.ocr.table_rows import is_section_heading
from borderdesk.ocr.vocabulary import fold, parse_country, parse_unit, unit_candidates

CORRECTED_FACTOR = 0.7
"""A field that needed OCR confusions corrected keeps this share of its confidence."""
NUMERIC_FIELDS = ("quantity", "gross_weight_kg", "value")
SIDE_FIGURES = {"_net_weight": "net_weight_kg", "_unit_price": "unit_price"}
"""Columns the manifest does not keep, read for the cross-checks, and their names there."""
PUNCT = " .:;,()[]/\\|-_*'\"“”‘’`«»+~"
"""Marks trimmed off a cell's text: rules, specks, quotes."""


@dataclass
class _Item:
    cells: dict[str, list[tuple[int, OcrWord]]] = field(default_factory=dict)

    def add(self, cells: Mapping[str, list[tuple[int, OcrWord]]]) -> None:
        for name, words in cells.items():
            self.cells.setdefault(name, []).extend(words)


def cell_text(words: Sequence[tuple[int, OcrWord]]) -> str:
    """The words of a cell as one text."""
    return " ".join(w.text for _, w in words).strip()


def cell_confidence(words: Sequence[tuple[int, OcrWord]]) -> float:
    """A cell's confidence: its least sure word's."""
    return min((max(0.0, min(1.0, w.confidence)) for _, w in words), default=0.0)


MIN_SIDE_SHARE = 0.25
"""A word reaching this share of its width into each of two columns may be two cells' words."""
MAX_CUT_SHIFT = 3
MIN_LONG_RUN = 12
"""A word this long that crosses a border may be cut with only ``MIN_SIDE_CHARS`` on a side."""
MIN_SIDE_CHARS = 3


def _fits(name: str, text: str) -> bool:
    """Whether ``text`` can be the content of a cell of column ``name``."""
    if name in NUMERIC_FIELDS:
        return read_number(text).value is not None
    if name == "unit":
        return bool(unit_candidates(text))
    if name == "currency":
        return read_currency(text).value is not None
    if name == "hs_code":
        return read_hs_code(text).value is not None
    return any(c.isalnum() for c in text)


def _split_across(word: OcrWord, left: Column, right: Column) -> tuple[OcrWord, OcrWord] | None:
    """A word tesseract ran across a column boundary ("1.573,925.697.385,00"), as two words.

    The cut goes near where the boundary falls in the text, at the nearest
    place where each part reads as what its column holds; None when no such
    place is near.
    """
    boundary = left.right
    share = (boundary - word.left) / max(1, word.width)
    text = word.text
    aim = share * len(text)
    # A long run of several cells' texts may be cut near its ends too.
    long_enough = len(text) >= MIN_LONG_RUN and MIN_SIDE_CHARS <= aim <= len(text) - MIN_SIDE_CHARS
    if not (MIN_SIDE_SHARE <= share <= 1 - MIN_SIDE_SHARE or long_enough) or len(text) < 2:
        return None
    # A cut between two characters that are letters or digits is likelier than
    # one that has to shed a mark, whatever the distance.
    cuts = sorted(
        (cut for cut in range(1, len(text)) if abs(cut - aim) <= MAX_CUT_SHIFT),
        key=lambda cut: (not (text[cut - 1].isalnum() and text[cut].isalnum()), abs(cut - aim)),
    )
    # When the next border falls inside the word too, the right part only has to
    # read as its column up to near there: the rest is the next cell's.
    further = (right.right - word.left) / max(1, word.width) * len(text)
    ends = [len(text)] + ([end for end in range(1, len(text))
                           if abs(end - further) <= MAX_CUT_SHIFT] if further < len(text) else [])
    for cut in cuts:
        head, tail = text[:cut].strip(PUNCT), text[cut:].strip(PUNCT)
        if head and tail and _fits(left.field, head) and any(
                _fits(right.field, text[cut:end].strip(PUNCT)) for end in ends if end > cut):
            per_char = word.width / len(text)
            width = round(cut * per_char)
            return (replace(word, text=head, width=width),
                    replace(word, text=tail, left=word.left + width, width=word.width - width))
    return None


def _cells(row: LayoutRow, columns: Sequence[Column]) -> dict[str, list[tuple[int, OcrWord]]]:
    cells: dict[str, list[tuple[int, OcrWord]]] = {}
    for index, word in row.words:
        # A word may run over several borders ("16.527,402.300.668.500,00CAMPUCHIA"
        # where a cell's text overflows into the next): cut at each in turn.
        pieces: list[OcrWord] = []
        rest = word
        for left, right in pairwise(columns):
            if rest.left < left.right < rest.right:
                cut = _split_across(rest, left, right)
                if cut is None:
                    break
                pieces.append(cut[0])
                rest = cut[1]
        pieces.append(rest)
        for piece in pieces:
            column = column_of(columns, piece)
            # Columns reach from -inf to +inf, so every word has one.
            cells.setdefault(column.field if column else "_", []).append((index, piece))
    return cells


def starts_line(row: LayoutRow, columns: Sequence[Column]) -> bool:
    """Whether a row starts a goods line, filling half the columns or more, when cut into them.

    A page's running head ("Trang 2/2") may read as a line number or a quantity;
    it does not fill a goods line's cells.
    """
    cells = _cells(row, columns)
    filled = sum(1 for name in cells if name != "_")
    return 2 * filled >= len(columns) and _starts_line(cells)


def _anchors(cells: Mapping[str, list[tuple[int, OcrWord]]]) -> set[str]:
    """The cells of a row that mark a goods line: a line number, an HS code, a quantity."""
    found = set()
    if cell_text(cells.get("line_no", [])).strip(PUNCT).isdigit():
        found.add("line_no")
    if read_hs_code(cell_text(cells.get("hs_code", []))).value is not None:
        found.add("hs_code")
    if read_number(cell_text(cells.get("quantity", []))).value is not None:
        found.add("quantity")
    return found


def _starts_line(cells: Mapping[str, list[tuple[int, OcrWord]]]) -> bool:
    return bool(_anchors(cells))


def _starts_item(cells: Mapping[str, list[tuple[int, OcrWord]]], item: _Item | None) -> bool:
    """Whether a body row starts a new goods line rather than going on with ``item``.

    A printed line number starts one. Without one, an HS code or a quantity
    starts one only when the line above has its own already: an item printed
    on two rows (the description wrapping, its HS code on the second row) stays
    one line, and a line whose number was not read is not swallowed.
    """
    anchors = _anchors(cells)
    if "line_no" in anchors or item is None:
        return bool(anchors)
    return bool(anchors & _anchors(item.cells))


@dataclass
class _LineBuilder:
    """Turns one item's cells into a ManifestLine, noting where each word went."""

    line_no: int
    decimal_mark: str | None
    word_fields: dict[int, tuple[int | None, str]]
    columns: Sequence[Column]
    units_seen: Counter[str] = field(default_factory=Counter)
    decimals: Mapping[str, int] = field(default_factory=dict)
    values: dict[str, object] = field(default_factory=dict)
    confidence: dict[str, float] = field(default_factory=dict)

    def put(self, name: str, words: Sequence[tuple[int, OcrWord]], value: object,
            corrected: bool = False) -> None:
        ok = value is not None and value != ""
        placement = next((c.placement for c in self.columns if c.field == name), 1.0)
        level = cell_confidence(words) * (CORRECTED_FACTOR if corrected else 1.0) * placement
        self.values[name] = value
        self.confidence[name] = round(level, 3) if ok else 0.0
        for index, _word in words:
            self.word_fields[index] = (self.line_no, name)

    def number(self, name: str, words: Sequence[tuple[int, OcrWord]]) -> None:
        reading = read_number(cell_text(words), self.decimal_mark)
        scale = next((c.scale for c in self.columns if c.field == name), Decimal(1))
        value = reading.value * scale if reading.value is not None else None
        # In a column printed with a set number of decimals, a figure with another may
        # have lost or gained a mark or a digit ("76.00" read "7600", "61.95" read "61.995").
        places = self.decimals.get(name)
        odd = (places is not None and reading.value is not None
               and _places(reading.value) != places)
        self.put(name, words, value, reading.corrected or odd)


def _split_words(
    words: Sequence[tuple[int, OcrWord]], wanted: str
) -> tuple[list[tuple[int, OcrWord]], list[tuple[int, OcrWord]]]:
    """Split a cell into the words that read as ``wanted`` (a unit or currency) and the rest."""
    picked: list[tuple[int, OcrWord]] = []
    rest: list[tuple[int, OcrWord]] = []
    for pair in words:
        text = pair[1].text
        reads = parse_unit(text) if wanted == "unit" else read_currency(text).value
        is_wanted = any(c.isalpha() for c in text) and reads is not None
        (picked if is_wanted else rest).append(pair)
    return picked, rest


_EDGE_MARKS = " |_~`'\"‘’“”«»+*"


def _unit(text: str, seen: Counter[str]) -> str | None:
    """The unit a unit cell names; of two equally near, the one the table uses more."""
    candidates = unit_candidates(text)
    if len(candidates) == 1:
        return candidates[0]
    counts = sorted(((seen[code], code) for code in candidates), reverse=True)
    if len(counts) > 1 and counts[0][0] > counts[1][0]:
        return counts[0][1]
    return None


_HS_LABELS = frozenset({"hs", "hs code", "ma hs", "h.s", "h.s. code"})
_ORIGIN_LABELS = frozenset({"origin", "xuat xu", "made in", "c/o", "country of origin"})
_LINKS = frozenset({"", "-", "/", ":", "–", "—"})


def _inline_fields(
    words: Sequence[tuple[int, OcrWord]],
) -> dict[str, tuple[list[tuple[int, OcrWord]], list[tuple[int, OcrWord]]]]:
    """HS code and origin written inside a description ("HS: 0901.11 - Xuất xứ / Origin: Lào").

    Some lists print them on the item's second row, under the description, with
    their labels instead of columns of their own. Returns, per field, the
    value's words and the words the description loses (label, links, value).
    """
    tokens = [fold(w.text).strip(PUNCT) for _, w in words]
    labels = _HS_LABELS | _ORIGIN_LABELS

    def label_at(i: int, j: int) -> bool:
        return " ".join(tokens[max(0, i):j]) in labels

    def label_start(end: int) -> int:
        """Where the labels and links just before ``end`` begin ("- Xuất xứ / Origin:")."""
        start = end
        while start > 0:
            sizes = [n for n in (1, 2, 3) if label_at(start - n, start)]
            if tokens[start - 1] in _LINKS:
                start -= 1
            elif sizes:
                start -= sizes[-1]
            else:
                break
        return start

    found: dict[str, tuple[list[tuple[int, OcrWord]], list[tuple[int, OcrWord]]]] = {}
    for j in range(1, len(words)):
        if not any(label_at(j - n, j) for n in (1, 2, 3)) or any(
                label_at(j, j + n) for n in (1, 2, 3)):
            continue  # not the end of a label
        start = label_start(j)
        k = j
        while k < len(words) and tokens[k] in _LINKS:
            k += 1
        if any(" ".join(tokens[i:j]) in _HS_LABELS for i in range(start, j)):
            ends = [e for e in range(k + 1, min(len(words), k + 4) + 1)
                    if read_hs_code(cell_text(words[k:e])).value is not None]
            if ends and "hs_code" not in found:
                found["hs_code"] = (list(words[k : ends[-1]]), list(words[start : ends[-1]]))
        elif parse_country(cell_text(words[k:])) is not None and "origin_country" not in found:
            found["origin_country"] = (list(words[k:]), list(words[start:]))
    return found


def _marked_currency(text: str) -> str:
    """The currency a figure's own sign names ("$997.50", "¥1,200"), else ""."""
    sign = text.strip()[:1]
    return read_currency(sign).value or "" if sign and not sign.isalnum() else ""


def _build_line(item: _Item, builder: _LineBuilder) -> ManifestLine:
    cells = dict(item.cells)
    for carrier, extra in (("quantity", "unit"), ("value", "currency")):
        if carrier in cells and not cells.get(extra):
            picked, rest = _split_words(cells[carrier], extra)
            if picked and rest:
                cells[carrier], cells[extra] = rest, picked
    if "description" in cells:
        for name, (found, taken) in _inline_fields(cells["description"]).items():
            if not cells.get(name) and not any(c.field == name for c in builder.columns):
                cells[name] = found
                cells["description"] = [p for p in cells["description"] if p not in taken]
        text = place_tone_marks(cell_text(cells["description"]).strip(_EDGE_MARKS))
        builder.put("description", cells["description"], text)
    if "hs_code" in cells:
        code = cell_text(cells["hs_code"]).strip()
        reading = read_hs_code(code)
        if reading.value is None and code.isdigit() and len(code) in (5, 7, 9):
            # A spreadsheet keeps an HS code as a number and drops its leading 0 ("81060").
            reading = Reading("0" + code, corrected=True)
        builder.put("hs_code", cells["hs_code"], reading.value or "", reading.corrected)
    for name in ("quantity", "gross_weight_kg", "value"):
        if name in cells:
            builder.number(name, cells[name])
    if "unit" in cells:
        text = cell_text(cells["unit"])
        unit = _unit(text, builder.units_seen)
        builder.put("unit", cells["unit"], unit or text.upper(),
                    unit is None or unit != parse_unit(text))
    if "currency" in cells:
        reading = read_currency(cell_text(cells["currency"]))
        builder.put("currency", cells["currency"], reading.value or "", reading.corrected)
    elif "value" in cells:
        # "Trị giá (USD)": the header names every line's currency; else "$997.50" its own.
        named = next((c.currency for c in builder.columns if c.field == "value"), "") or (
            _marked_currency(cell_text(cells["value"])))
        if named:
            builder.values["currency"] = named
            builder.confidence["currency"] = builder.confidence.get("value", 0.0)
    if "origin_country" in cells:
        words = cells["origin_country"]
        country = parse_country(cell_text(words))
        # A speck beside the name ("ID FE" at a photo's edge): the words that name one.
        for size in range(len(words) - 1, 0, -1):
            if country is not None:
                break
            country = parse_country(cell_text(words[:size]))
            if country is not None:
                words = words[:size]
        builder.put("origin_country", words, country)
    v = builder.values
    quantity, weight, value = v.get("quantity"), v.get("gross_weight_kg"), v.get("value")
    return ManifestLine(
        line_no=builder.line_no,
        description=str(v.get("description", "")),
        hs_code=str(v.get("hs_code", "")),
        quantity=quantity if isinstance(quantity, Decimal) else None,
        unit=str(v.get("unit", "")),
        gross_weight_kg=weight if isinstance(weight, Decimal) else None,
        value=value if isinstance(value, Decimal) else None,
        currency=str(v.get("currency", "")),
        origin_country=str(v["origin_country"]) if v.get("origin_country") else None,
        confidence=dict(builder.confidence),
    )


@dataclass(frozen=True)
class TableReading:
    """A table's goods lines and what its own figures say about them.

    Attributes:
        lines: the goods lines, numbered on from the first line number given.
        printed_numbers: each line's printed line number (None where none was read).
        totals: the total row's figures by field, with their confidence.
        side_figures: per line, the figures of the columns the manifest does not
            keep but the cross-checks use ("net_weight_kg", "unit_price").
        placement: each field's column placement confidence.
    """

    lines: list[ManifestLine]
    printed_numbers: list[int | None]
    totals: dict[str, tuple[Decimal, float]]
    side_figures: dict[str, list[Decimal | None]] = field(default_factory=dict)
    placement: dict[str, float] = field(default_factory=dict)


def _printed_number(item: _Item) -> int | None:
    text = cell_text(item.cells.get("line_no", [])).strip(PUNCT)
    return int(text) if text.isdigit() and len(text) <= 6 else None


def read_totals(
    row: LayoutRow, columns: Sequence[Column], decimal_mark: str | None
) -> dict[str, tuple[Decimal, float]]:
    """The figures of a total row ("Total ... 11,180.50") under the numeric columns."""
    cells = _cells(row, columns)
    totals: dict[str, tuple[Decimal, float]] = {}
    by_field = {column.field: column for column in columns}
    for name in (*NUMERIC_FIELDS, "_net_weight"):
        words = cells.get(name, [])
        reading = read_number(cell_text(words), decimal_mark)
        if words and reading.value is not None:
            column = by_field[name]
            level = cell_confidence(words) * (CORRECTED_FACTOR if reading.corrected else 1.0)
            totals[SIDE_FIGURES.get(name, name)] = (reading.value * column.scale,
                                                    level * column.placement)
    return totals


def in_ruled_order(rows: Sequence[LayoutRow], columns: Sequence[Column],
                   rules: Sequence[int]) -> list[LayoutRow]:
    """The body rows with each ruled cell's goods row first.

    A grid that centres its cells vertically prints a wrapped description
    above and below its line's figures ("Cao su thiên nhiên tờ xông" / figures /
    "khói"): read top to bottom, the first part would go on the line above.
    Between two horizontal rules (``rules``, their y) stands one goods line,
    so the row that starts it is taken first there.
    """
    if not rules:
        return list(rows)
    bands: dict[int, list[LayoutRow]] = {}
    for row in rows:
        middle = (row.top + row.bottom) / 2
        bands.setdefault(sum(1 for y in rules if y < middle), []).append(row)
    ordered: list[LayoutRow] = []
    for band in bands.values():
        starting = [k for k, row in enumerate(band)
                    if _starts_line(_cells(row, columns)) and not is_section_heading(row)]
        first = starting[0] if len(starting) == 1 else 0
        ordered += [band[first], *band[:first], *band[first + 1 :]]
    return ordered


def read_table(
    rows: Sequence[LayoutRow],
    columns: Sequence[Column],
    first_line_no: int,
    word_fields: dict[int, tuple[int | None, str]],
    total_row: LayoutRow | None = None,
) -> TableReading:
    """The goods lines of one table's body rows, read with its columns."""
    items: list[_Item] = []
    in_section_heading = False
    for row in rows:
        if is_section_heading(row):
            # "II. Hàng chuyển cửa khẩu" names the goods below; it goes on no line.
            in_section_heading = True
            continue
        cells = _cells(row, columns)
        if _starts_item(cells, items[-1] if items else None):
            items.append(_Item())
            in_section_heading = False
        elif not items or in_section_heading:
            continue  # a second header line ("(kg)", the other language), a heading's
        items[-1].add({name: words for name, words in cells.items()
                       if not name.startswith("_") or name in SIDE_FIGURES})
    # A lone mark read on a row of its own (a speck by the header on a photo, "1") is no
    # goods line: kept, it would number every line after it one too high. A printed line
    # number alone stays: a line whose cells were all lost is still a line.
    items = [item for item in items if sum(map(len, item.cells.values())) > 1
             or item.cells.get("line_no")] or items
    if not any(column.field == "line_no" for column in columns):
        _drop_line_numbers(items, first_line_no)
    numeric = [
        cell_text(words) for item in items
        for name, words in item.cells.items() if name in NUMERIC_FIELDS
    ]
    mark = decimal_mark_of(numeric)
    seen = Counter(parse_unit(cell_text(item.cells.get("unit", []))) for item in items)
    decimals = {name: places for name in NUMERIC_FIELDS
                if (places := _printed_places(items, name, mark)) is not None}
    lines = [
        _build_line(item, _LineBuilder(first_line_no + k, mark, word_fields, columns, Counter(
            {code: count for code, count in seen.items() if code}), decimals))
        for k, item in enumerate(items)
    ]
    totals = read_totals(total_row, columns, mark) if total_row is not None else {}
    side: dict[str, list[Decimal | None]] = {}
    for column in columns:
        if column.field in SIDE_FIGURES:
            figures = (read_number(cell_text(item.cells.get(column.field, [])), mark).value
                       for item in items)
            side[SIDE_FIGURES[column.field]] = [
                None if figure is None else figure * column.scale for figure in figures]
    return TableReading(lines, [_printed_number(item) for item in items], totals, side,
                        {column.field: column.placement for column in columns})


DECIMALS_SHARE = 0.8
"""A column whose figures (three or more) show one number of decimals this often is printed so."""


def _places(value: Decimal) -> int:
    """How many decimals a figure was printed with."""
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _printed_places(items: Sequence[_Item], name: str, mark: str | None) -> int | None:
    """The number of decimals a column's figures are printed with, if they agree on one."""
    figures = [read_number(cell_text(item.cells[name]), mark).value
               for item in items if item.cells.get(name)]
    counts = Counter(_places(f) for f in figures if f is not None)
    if not counts:
        return None
    places, count = counts.most_common(1)[0]
    total = sum(counts.values())
    return places if total >= 3 and count >= DECIMALS_SHARE * total else None


def _drop_line_numbers(items: Sequence[_Item], first_line_no: int) -> None:
    """Take the line number off the front of a description when its column went unrecognised.

    With no line-number label ("STT" misread), the numbers fall into the
    description ("1 Máy tính ..."); a first word equal to the line's number is one.
    """
    for k, item in enumerate(items):
        words = item.cells.get("description", [])
        if words and words[0][1].text.strip(PUNCT) in (str(k + 1), str(first_line_no + k)):
            del words[0]
