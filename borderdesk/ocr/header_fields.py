"""The document's header fields, read as label/value pairs wherever they stand.

A label is a known phrase ("Container No", "Biển số xe / Truck plate",
``header_labels``) or any short phrase ending in a colon ("Terms:", "Cửa
khẩu:"). A field's value is what follows its label in the same cell up to the
next label; in a ruled box the vertical rules crossing the row are the cells'
walls, and a value never crosses one. A label with nothing after it takes the
next cell of its row, or else what stands under it on the next line (a
"Người gửi hàng / Shipper" box with the name below). The value is then cut to
its field's shape (a container number, a plate, a date, a code), so the words
after it are never taken in; a value that does not fit its shape is kept,
with a low confidence.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from itertools import pairwise
from statistics import median

from borderdesk.ocr.header_labels import FALLBACK_LABELS, HEADER_LABELS, STRONG_WORDS
from borderdesk.ocr.header_values import (
    MAX_DATE_WORDS,
    NAME_GAP,
    WIDE_GAP,
    Reading,
    Word,
    compact,
    parse_value_date,
    read_value,
)
from borderdesk.ocr.layout import LayoutRow, OcrWord, Ruling
from borderdesk.ocr.phrases import Match, Phrases, token
from borderdesk.ocr.table import CORRECTED_FACTOR, PUNCT, cell_confidence
from borderdesk.ocr.vocabulary import fold

__all__ = ["HEADER_LABELS", "HEADER_PHRASES", "Header", "is_label", "read_header"]

HEADER_PHRASES = Phrases(
    {**HEADER_LABELS, **{"~" + name: labels for name, labels in FALLBACK_LABELS.items()}}
)
"""Every header label; a name starting with "~" is a fallback label of that field."""

APPROXIMATE_LABEL_FACTOR = 0.8
"""A value whose label was read one letter off keeps this share of its confidence."""
MISFIT_CONFIDENCE = 0.4
"""The most a value gets when it does not have its field's shape."""
CONFLICT_CONFIDENCE = 0.5
"""The most a field gets when the document gives two different values for it."""
BELOW_GAP = 2.0
"""A value under its label starts within this many word heights of it ..."""
BOXED_BELOW_GAP = 3.0
"""... or this many when one horizontal rule parts them (the cell below)."""
ALONE_GAP = 3.0
"""A one-word label ("BKS", "No.") set apart by gaps this many word heights wide needs no colon."""
MAX_LABEL_WORDS = 4

_FIELDS = ("document_no", "date", "consignor", "consignee", "vehicle_plate", "container_no",
           "seal_no", "origin_country")
_CONNECTORS = frozenset({"of", "to", "for", "and", "&", "de", "/"})
_LABEL_TOKENS = frozenset(
    part for labels in (*HEADER_LABELS.values(), *FALLBACK_LABELS.values())
    for phrase in labels for part in phrase.split()
)
_STRONG = STRONG_WORDS | {
    "".join(phrase.split()) for labels in HEADER_LABELS.values() for phrase in labels
    if " " in phrase
}
_FALLBACK = frozenset(tuple(p.split()) for labels in FALLBACK_LABELS.values() for p in labels)
_KEPT_NOWHERE = frozenset(
    variant for name, labels in HEADER_LABELS.items() if name.startswith("_") for p in labels
    for variant in (tuple(p.split()), ("".join(p.split()),))
)


@dataclass
class Header:
    """The header fields read, and how sure each is.

    Attributes:
        values: field -> its text, or a ``date`` for "date".
        confidence: field -> 0..1.
    """

    values: dict[str, str | date] = field(default_factory=dict)
    confidence: dict[str, float] = field(default_factory=dict)


# ---- Labels


_RULE_MARKS = " |[]"
"""What a cell's rule leaves on a word read against it ("No.:|")."""


def _ends_colon(text: str) -> bool:
    return text.rstrip(_RULE_MARKS).endswith((":", "："))


def _marked(words: Sequence[OcrWord], start: int, end: int) -> bool:
    """Whether a phrase carries its colon ("Seal No:", "Seal No :", "Seal No.:|")."""
    if _ends_colon(words[end - 1].text):
        return True
    return end < len(words) and words[end].text.lstrip(_RULE_MARKS).startswith((":", "："))


def _joined(words: Sequence[OcrWord], start: int, end: int) -> bool:
    """Whether a phrase is joined to another by a slash or a bracket ("Số / No.")."""
    if end < len(words) and words[end].text.strip()[:1] in ("/", "("):
        return True
    return start > 0 and words[start - 1].text.rstrip().endswith("/")


def _weak(tokens: Sequence[str]) -> bool:
    """Whether a label needs its colon to count: a one-word label other than the strong few."""
    return tuple(tokens) in _FALLBACK or (len(tokens) == 1 and tokens[0] not in _STRONG)


def is_label(row: LayoutRow, start: int, end: int, previous_end: int | None) -> bool:
    """Whether a label phrase found in a row is used as a label, not inside a value.

    A phrase is a label when it carries a colon; a strong label ("Consignee",
    "Container No") also when it starts the row, follows another label or is
    joined to one by a slash. A weak one-word label ("No", "Số", "Truck") and
    a label of something the manifest does not keep ("Địa chỉ", "Rơ moóc")
    need their colon: a goods table is not ended by a description's second
    line that starts like one.
    """
    words = [w for _, w in row.words]
    if _marked(words, start, end):
        return True
    tokens = tuple(token(w.text) for w in words[start:end])
    if _weak(tokens) or tokens in _KEPT_NOWHERE:
        return False
    return start in (0, previous_end) or _joined(words, start, end)


def _label_token(text: str) -> str:
    """A word's token for label matching: of "Ngày/Date" or "Shipper/Exporter", the last part."""
    folded = token(text)
    if "/" in folded and folded not in _LABEL_TOKENS:
        parts = folded.split("/")
        if all(part.isalpha() for part in parts):
            return parts[-1]
    return folded


@dataclass(frozen=True)
class _Label:
    """A label in a cell: ``name`` (a field, "~field" for a fallback, "_..." for a
    label whose value is kept nowhere, "?" for an unknown one) over words[start:end]."""

    name: str
    start: int
    end: int
    exact: bool = True


def _between_empty(tokens: Sequence[str], a: int, b: int) -> bool:
    return all(not t for t in tokens[a:b])


def _field_of(name: str) -> str:
    return name.lstrip("~")


def _date_follows(words: Sequence[OcrWord], end: int) -> bool:
    texts = [w.text for w in words[end : end + MAX_DATE_WORDS]]
    return any(parse_value_date(" ".join(texts[:n])) for n in range(1, len(texts) + 1))


def _alone(words: Sequence[OcrWord], start: int, end: int) -> bool:
    """Whether a phrase stands by itself: alone in its cell, or set apart by wide gaps."""
    height = _height(words)
    before = start == 0 or words[start].left - words[start - 1].right > ALONE_GAP * height
    after = end == len(words) or words[end].left - words[end - 1].right > ALONE_GAP * height
    return before and after


SET_APART_HEIGHTS = 3.0
"""A label this many word heights right of the word before it starts a column of its own."""


def _set_apart(words: Sequence[OcrWord], start: int) -> bool:
    """Whether a word stands far right of the one before it: a label heading its own column.

    "Số / No."  …  "Consignee" on one row, each value under its label: the
    second label is no part of the first one's value, colon or not.
    """
    before = words[start - 1]
    return words[start].left - before.right > SET_APART_HEIGHTS * max(1, before.height)


SHAPED_FIELDS = frozenset({"vehicle_plate", "container_no", "date"})
"""Fields whose values have a shape of their own: a plate, an ISO 6346 number, a date."""
MIN_CODE_CHARS = 4


def _shaped_value_follows(words: Sequence[OcrWord], m: Match, previous_end: int | None) -> bool:
    """Whether a weak label is followed by a value only its field can hold.

    "Vehicle 38C-190.78", "Cntr. CKEU7559744", "BKS 14C-2852": the value's
    shape (a plate, a container number whose check digit holds, a date)
    confirms the label a colon would have. A document or seal number has no
    shape of its own: its weak label ("Ref.", "Số") counts when it opens the
    row or follows another label and the next word is a code with digits.
    """
    name = _field_of(m.name)
    after = [(k, w) for k, w in enumerate(words[m.end : m.end + MAX_DATE_WORDS])]
    if not after or words[m.end].left - words[m.end - 1].right > NAME_GAP * _height(words):
        return False
    if name in SHAPED_FIELDS:
        reading = read_value(name, after, _height(words))
        return reading is not None and reading.fits and not reading.corrected
    if name in ("document_no", "seal_no") and m.start in (0, previous_end):
        text = words[m.end].text.strip(PUNCT)
        return sum(c.isdigit() for c in text) >= 2 and len(compact(text)) >= MIN_CODE_CHARS
    return False


def _known_labels(words: Sequence[OcrWord], tokens: Sequence[str]) -> list[_Label]:
    exact = HEADER_PHRASES.matches(tokens, fuzzy=False)
    strong = {i for m in exact if not _weak(tokens[m.start : m.end])
              for i in range(m.start, m.end)}
    # A label read one letter off counts only with its colon ("Consignce:",
    # "Sea1 No:", where the exact "No:" alone would name another field): the
    # longest phrase ending at a colon no strong label has.
    approximate: list[Match] = []
    for k in range(len(words)):
        if k in strong or not _marked(words, k, k + 1):
            continue
        for size in range(min(MAX_LABEL_WORDS, k + 1), 0, -1):
            m = HEADER_PHRASES.approximately(tokens, k + 1 - size, k + 1)
            if m is not None and not m.exact and not strong.intersection(range(m.start, k + 1)):
                approximate.append(m)
                break
    exact = [m for m in exact if not any(a.start < m.end and m.start < a.end for a in approximate)]
    accepted: list[Match] = []
    pending: list[Match] = []
    for m in sorted([*exact, *approximate], key=lambda m: m.start):
        previous_end = accepted[-1].end if accepted else None
        if not m.exact or _marked(words, m.start, m.end):
            accepted.append(m)
        elif _weak(tokens[m.start : m.end]):
            if _alone(words, m.start, m.end) or _shaped_value_follows(
                    words, m, previous_end):
                accepted.append(m)
            else:
                pending.append(m)
        elif m.start in (0, previous_end) or _joined(words, m.start, m.end) or (
            _field_of(m.name) == "date" and _date_follows(words, m.end)
        ) or _set_apart(words, m.start) or _shaped_value_follows(words, m, previous_end):
            accepted.append(m)
    # A weak label next to another label of its field: "Số / No.", "No. / Số:".
    changed = True
    while changed:
        changed = False
        for m in list(pending):
            for other in [*accepted, *pending]:
                if other is m or _field_of(other.name) != _field_of(m.name):
                    continue
                left, right = (m, other) if m.end <= other.start else (other, m)
                if left.end <= right.start and _between_empty(tokens, left.end, right.start):
                    accepted.append(m)
                    pending.remove(m)
                    changed = True
                    break
    labels: list[_Label] = []
    for m in sorted(accepted, key=lambda m: m.start):
        last = labels[-1] if labels else None
        if (last is not None and _field_of(last.name) == _field_of(m.name)
                and _between_empty(tokens, last.end, m.start)):
            labels[-1] = _Label(last.name, last.start, m.end, last.exact and m.exact)
        else:
            labels.append(_Label(m.name, m.start, m.end, m.exact))
    return labels


def _height(words: Sequence[OcrWord]) -> float:
    heights = [w.height for w in words if w.height > 0]
    return float(median(heights)) if heights else 1.0


def _extends(words: Sequence[OcrWord], start: int, height: float) -> bool:
    """Whether an unknown label starting at ``words[start]`` reaches back one more word.

    It does over lower-case words and connectors ("Port of loading:", "Cửa
    khẩu:", "PORT OF LOADING:"), never over a digit, a wide gap or a word
    ending a clause.
    """
    current, previous = words[start], words[start - 1]
    if current.left - previous.right > WIDE_GAP * height:
        return False
    before = fold(previous.text).strip(PUNCT)
    if any(c.isdigit() for c in previous.text) or previous.text.rstrip().endswith((",", ";", ":")):
        return False
    if before in _CONNECTORS or previous.text.strip() in _CONNECTORS:
        return True
    if not before.isalpha():
        return False
    now = current.text.lstrip("([/\"'")
    return now[:1].islower() or fold(now).strip(PUNCT) in _CONNECTORS


def _unknown_labels(
    words: Sequence[OcrWord], known: Sequence[_Label], height: float
) -> list[_Label]:
    """Short phrases ending in a colon that are no known label: "Terms:", "Port of loading:"."""
    covered = {i for label in known for i in range(label.start, label.end)}
    found: list[_Label] = []
    k = 0
    while k < len(words):
        text = words[k].text.strip(_RULE_MARKS)
        end = None
        if k not in covered:
            if len(text) > 1 and _ends_colon(text):
                end = k + 1
            elif k + 1 < len(words) and words[k + 1].text.strip(_RULE_MARKS) in (":", "："):
                end = k + 2
        core = text.rstrip(":：")
        if end is None or any(c.isdigit() for c in core) or not any(c.isalpha() for c in core):
            k += 1
            continue
        bound = max((lb.end for lb in [*known, *found] if lb.end <= k), default=0)
        start = k
        while start > bound and k - start < MAX_LABEL_WORDS - 1 and _extends(words, start, height):
            start -= 1
        found.append(_Label("?", start, end))
        k = end
    return found


def _cell_labels(words: Sequence[OcrWord]) -> list[_Label]:
    """The labels among a cell's words, left to right."""
    tokens = [_label_token(w.text) for w in words]
    known = _known_labels(words, tokens)
    unknown = _unknown_labels(words, known, _height(words))
    labels: list[_Label] = []
    for label in sorted([*known, *unknown], key=lambda lb: lb.start):
        last = labels[-1] if labels else None
        # "Consignee (name and address):", "Số hóa đơn (Invoice No.):": words
        # right after a label, in brackets or up to a colon, qualify it.
        if last is not None and not _marked(words, last.start, last.end) and (
            (label.name == "?" and label.start == last.end)
            or (words[last.end].text.startswith("(") and ")" in words[label.end - 1].text
                and _marked(words, label.start, label.end))
        ):
            labels[-1] = _Label(last.name, last.start, label.end, last.exact)
        else:
            labels.append(label)
    return labels


# ---- Rows and cells


@dataclass
class _Cell:
    left: float
    right: float
    words: list[Word]
    labels: list[_Label]


@dataclass
class _Line:
    row: LayoutRow
    page: int
    height: float
    walled: bool
    cells: list[_Cell]


def _walls(row: LayoutRow, ruling: Ruling | None, height: float) -> list[float]:
    """The x of each vertical rule crossing the whole row, close pairs taken once."""
    if ruling is None:
        return []
    slack = height / 2
    xs = sorted(x for x, top, bottom in ruling.vertical
                if top <= row.top + slack and bottom >= row.bottom - slack)
    walls: list[float] = []
    for x in xs:
        if not walls or x - walls[-1] > slack:
            walls.append(x)
    return walls


def _unglued(pair: Word) -> list[Word]:
    """A word tesseract read with no space after a label's colon ("Seal:VN977917"), as two.

    Both parts keep the word's index: the box the review screen draws is the word's.
    """
    index, word = pair
    text = word.text
    cut = text.find(":") + 1
    head, tail = text[:cut], text[cut:]
    if not 1 < cut < len(text) or any(c.isdigit() for c in head) or not token(tail) or not any(
        c.isalpha() for c in head
    ):
        return [pair]
    width = round(word.width * len(head) / len(text))
    return [(index, replace(word, text=head, width=width)),
            (index, replace(word, text=tail, left=word.left + width, width=word.width - width))]


def _line(row: LayoutRow, rulings: Mapping[int, Ruling]) -> _Line:
    page = row.words[0][1].page
    height = _height([w for _, w in row.words])
    walls = _walls(row, rulings.get(page), height)
    edges = [float("-inf"), *walls, float("inf")]
    split = [part for pair in row.words for part in _unglued(pair)]
    cells = []
    for left, right in pairwise(edges):
        words = [p for p in split if left <= p[1].centre_x < right]
        cells.append(_Cell(left, right, words, _cell_labels([w for _, w in words])))
    return _Line(row, page, height, bool(walls), cells)


# ---- Values


def _content(words: Sequence[Word]) -> list[Word]:
    """The words with the marks before and after them taken off ("/", ":", a speck)."""
    kept = [k for k, p in enumerate(words) if token(p[1].text)]
    return list(words[kept[0] : kept[-1] + 1]) if kept else []


def _bracketed(words: Sequence[Word]) -> bool:
    """Whether words are an instruction in brackets ("(Signature)"), not a value."""
    text = " ".join(w.text for _, w in words).strip()
    return text.startswith("(") and text.endswith(")")


_LIST_NUMBER = re.compile(r"\d{1,2}[.)]")
"""A form's field number ("4.", "7)") before the next label on the line."""


def _before_list_number(words: list[Word]) -> list[Word]:
    """The words up to the next field's number ("2." of "2. Người nhập khẩu")."""
    cut = next((k for k, (_, w) in enumerate(words) if _LIST_NUMBER.fullmatch(w.text)), None)
    return words[:cut] if cut is not None else words


def _inline(cell: _Cell, i: int, height: float) -> list[Word]:
    """The words after a label in its cell, up to the next label.

    None when they start far across the page ("Sold to" at the left margin,
    "By truck ..." under another label at the right): the value is then below.
    """
    label = cell.labels[i]
    stop = cell.labels[i + 1].start if i + 1 < len(cell.labels) else len(cell.words)
    words = _content(cell.words[label.end : stop])
    # A form numbers its fields and prints the label's translation in brackets:
    # "1. Người xuất khẩu (Exporter)   2. Người nhập khẩu (Importer)".
    opened = False
    while words and (words[0][1].text.startswith("(") or opened):
        opened = not words[0][1].text.rstrip(":").endswith(")")
        words = words[1:]
    words = _before_list_number(words)
    last = cell.words[label.end - 1][1]
    if words and words[0][1].left - last.right > NAME_GAP * height:
        return []
    return words


def _next_cell(line: _Line, c: int, i: int) -> list[Word]:
    """The next cell's words when a ruled box puts the value beside its label's cell."""
    cell = line.cells[c]
    if i + 1 < len(cell.labels) or c + 1 >= len(line.cells):
        return []
    beside = line.cells[c + 1]
    if beside.labels and beside.labels[0].start == 0:
        return []
    stop = beside.labels[0].start if beside.labels else len(beside.words)
    return _content(beside.words[:stop])


def _span(line: _Line, c: int, i: int) -> tuple[float, float]:
    """The stretch of the page under a label where its value may stand."""
    cell = line.cells[c]
    left, right = cell.left, cell.right
    if i > 0:
        left = cell.words[cell.labels[i].start][1].left - line.height
    if i + 1 < len(cell.labels):
        right = cell.words[cell.labels[i + 1].start][1].left - line.height
    return left, right


def _rules_between(ruling: Ruling | None, top: int, bottom: int, span: tuple[float, float]) -> int:
    if ruling is None:
        return 0
    return sum(1 for y, left, right in ruling.horizontal
               if top <= y <= bottom and left < span[1] and right > span[0])


def _under(line: _Line, span: tuple[float, float]) -> list[tuple[Word, _Label | None]]:
    """A line's words within a stretch, each with the label it starts, if any."""
    out: list[tuple[Word, _Label | None]] = []
    for cell in line.cells:
        starts = {lb.start: lb for lb in cell.labels}
        out.extend((pair, starts.get(k)) for k, pair in enumerate(cell.words)
                   if span[0] <= pair[1].centre_x < span[1])
    return out


def _below(lines: Sequence[_Line], r: int, c: int, i: int,
           rulings: Mapping[int, Ruling]) -> list[Word]:
    """The value standing under a label with nothing after it, on the next line.

    The words under the label up to the next label are its value; a line
    holding the label again (its second language) is passed over, unless a
    value follows it there.
    """
    line = lines[r]
    name = _field_of(line.cells[c].labels[i].name)
    span = _span(line, c, i)
    above = line
    for nr in range(r + 1, min(r + 3, len(lines))):
        below = lines[nr]
        if below.page != line.page:
            return []
        rules = _rules_between(rulings.get(line.page), above.row.bottom, below.row.top, span)
        limit = (BOXED_BELOW_GAP if rules == 1 else BELOW_GAP) * line.height
        if rules > 1 or below.row.top - above.row.bottom > limit:
            return []
        under = _under(below, span)
        if under and under[0][1] is not None and _field_of(under[0][1].name) == name:
            rest = under[1:]
            skip = under[0][1].end - under[0][1].start - 1
            if _content([pair for pair, _ in rest[skip:]]):
                return []  # the second label takes the value after it
            above = below
            continue
        words: list[Word] = []
        for pair, label in under:
            if label is not None:
                break
            words.append(pair)
        return _content(words)
    return []


@dataclass(frozen=True)
class _Found:
    name: str
    reading: Reading
    confidence: float
    fallback: bool


def _key(value: str | date) -> str:
    return value.isoformat() if isinstance(value, date) else compact(fold(value))


def _resolve(found: Sequence[_Found], word_fields: dict[int, tuple[int | None, str]]) -> Header:
    """One value per field: the first read that fits its shape, doubted when another differs."""
    header = Header()
    for name in _FIELDS:
        pool = [f for f in found if f.name == name and not f.fallback] or [
            f for f in found if f.name == name
        ]
        if not pool:
            continue
        chosen = next((f for f in pool if f.reading.fits), pool[0])
        confidence = chosen.confidence
        if any(_key(f.reading.value) != _key(chosen.reading.value) for f in pool):
            confidence = min(confidence, CONFLICT_CONFIDENCE)
        header.values[name] = chosen.reading.value
        header.confidence[name] = confidence
        for index, _word in chosen.reading.words:
            word_fields[index] = (None, name)
    return header


def read_header(
    rows: Sequence[LayoutRow],
    rulings: Sequence[Ruling],
    word_fields: dict[int, tuple[int | None, str]],
) -> Header:
    """The header fields of a document from its rows outside the goods tables, top to bottom.

    Args:
        rows: every row that is not part of a goods table, in reading order.
        rulings: the pages' ruling lines (a boxed header grid's cell walls).
        word_fields: filled with word index -> (None, field) for each word used.

    Returns:
        Each field found, with its confidence: the value words' recognition
        confidence, lowered when the label was read one letter off, when the
        value had to be corrected or does not fit the field's shape, and
        when the document gives the field two different values.
    """
    by_page: dict[int, Ruling] = {}
    for ruling in rulings:
        old = by_page.get(ruling.page)
        by_page[ruling.page] = ruling if old is None else Ruling(
            ruling.page, old.vertical + ruling.vertical, old.horizontal + ruling.horizontal)
    lines = [_line(row, by_page) for row in rows if row.words]
    found: list[_Found] = []
    used: set[int] = set()
    for r, line in enumerate(lines):
        for c, cell in enumerate(line.cells):
            for i, label in enumerate(cell.labels):
                if label.name == "?" or label.name.startswith("_"):
                    continue
                words = _inline(cell, i, line.height)
                beside = not words and line.walled
                if beside:
                    words = _before_list_number(_next_cell(line, c, i))
                if not words:
                    words = _below(lines, r, c, i, by_page)
                elif beside and not _fit(label.name, words, line.height, used):
                    # The cell beside holds another caption ("Depot seal" | "Gate out"), not
                    # this one's value: a value of the field's shape under the label wins.
                    under = _below(lines, r, c, i, by_page)
                    words = under if _fit(label.name, under, line.height, used) else words
                words = [p for p in words if p[0] not in used]
                if _bracketed(words):
                    continue  # "(Ký, ghi rõ họ tên)" under a signature's caption
                for name, reading in _readings(_field_of(label.name), words, line.height):
                    used.update(index for index, _ in reading.words)
                    confidence = cell_confidence(reading.words)
                    if not label.exact:
                        confidence *= APPROXIMATE_LABEL_FACTOR
                    if reading.corrected:
                        confidence *= CORRECTED_FACTOR
                    if not reading.fits:
                        confidence = min(confidence, MISFIT_CONFIDENCE)
                    found.append(_Found(name, reading, confidence, label.name.startswith("~")))
    return _resolve(found, word_fields)


def _fit(name: str, words: Sequence[Word], height: float, used: set[int]) -> bool:
    """Whether words not used yet give field ``name`` values that all have its shape."""
    readings = _readings(_field_of(name), [p for p in words if p[0] not in used], height)
    return bool(readings) and all(reading.fits for _, reading in readings)


_BETWEEN_TWO = frozenset({"/", "&", "-", "and", "+", ","})


def _readings(name: str, words: Sequence[Word], height: float) -> list[tuple[str, Reading]]:
    """The field values a label's words give: one, or a container and a seal under one label."""
    if not words:
        return []
    if name != "container_seal":
        reading = read_value(name, words, height)
        return [] if reading is None else [(name, reading)]
    container = read_value("container_no", words, height)
    if container is None or not container.fits:
        return []
    rest = list(words[len(container.words):])
    while rest and rest[0][1].text.strip() in _BETWEEN_TWO:
        rest.pop(0)
    if rest and rest[0][1].text.startswith("/"):
        rest[0] = (rest[0][0], replace(rest[0][1], text=rest[0][1].text.lstrip("/")))
    seal = read_value("seal_no", rest, height) if rest and rest[0][1].text else None
    return [("container_no", container)] + ([("seal_no", seal)] if seal is not None else [])
