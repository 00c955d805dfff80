"""Word boxes as the OCR engine gives them, grouped into rows and columns.

The engine (tesseract, in process or as a command) gives words with boxes in page
pixels; a manifest is a table, so the parser wants rows (words that share a
vertical band) and columns (horizontal ranges taken from the table header).
Pure: no image, no engine.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise


@dataclass(frozen=True)
class OcrWord:
    """One word the engine read, with its box in page pixels.

    Attributes:
        text: the word as read.
        confidence: 0..1 (tesseract's 0..100 divided by 100).
        left, top, width, height: the box in pixels of the page image.
        block, par, line: tesseract's layout numbers (kept for diagnosis).
        page: the page number, 0-based, in a multi-page document.
        language: the tesseract language that read the word ("vie", "eng"), or ""
            when the engine does not say.
    """

    text: str
    confidence: float
    left: int
    top: int
    width: int
    height: int
    block: int = 0
    par: int = 0
    line: int = 0
    page: int = 0
    language: str = ""

    @property
    def right(self) -> int:
        """The x just right of the box."""
        return self.left + self.width

    @property
    def bottom(self) -> int:
        """The y just below the box."""
        return self.top + self.height

    @property
    def centre_x(self) -> float:
        """The horizontal centre of the box."""
        return self.left + self.width / 2


@dataclass(frozen=True)
class Ruling:
    """The ruling lines printed on one page, in the same pixels as its words' boxes.

    A ruled table's column borders are its vertical rules; an unruled page
    has none and its columns come from how the words line up instead.

    Attributes:
        page: the page number, 0-based, as ``OcrWord.page``.
        vertical: (x, top, bottom) of each vertical rule.
        horizontal: (y, left, right) of each horizontal rule.
    """

    page: int
    vertical: tuple[tuple[int, int, int], ...] = ()
    horizontal: tuple[tuple[int, int, int], ...] = ()


@dataclass(frozen=True)
class LayoutRow:
    """Words that share a vertical band, left to right.

    Attributes:
        words: (index into the word list given to ``rows_from_words``, word),
            sorted by ``left``. The index lets the parser say which field each
            word went into, so the review screen can draw the boxes.
        top, bottom: the band the row covers.
    """

    words: tuple[tuple[int, OcrWord], ...]
    top: int
    bottom: int

    @property
    def text(self) -> str:
        """The row's words joined by single spaces."""
        return " ".join(word.text for _, word in self.words)


def _overlap(top: int, bottom: int, word: OcrWord) -> float:
    """How much of the smaller of the two bands the other covers (0..1)."""
    shared = min(bottom, word.bottom) - max(top, word.top)
    smaller = min(bottom - top, word.height)
    if smaller <= 0:
        return 1.0 if shared >= 0 else 0.0
    return shared / smaller


ROWS_OPEN = 5
"""How many of the last rows a word may still join (words come top to bottom)."""


def _apart(a: OcrWord, b: OcrWord) -> float:
    """The horizontal gap between two boxes (0 when they overlap)."""
    return max(0, a.left - b.right, b.left - a.right)


def rows_from_words(words: Sequence[OcrWord], min_overlap: float = 0.5) -> list[LayoutRow]:
    """Group words into rows by vertical overlap.

    Words are taken top to bottom (by their vertical centre); a word joins
    the row whose word nearest along the line it overlaps by at least
    ``min_overlap`` of the smaller height (the nearest such row), otherwise it
    starts a new row. Pages are kept apart. Words with
    empty text are dropped (tesseract reports layout boxes as empty words).

    Args:
        words: the words in any order.
        min_overlap: the share of the smaller height two boxes must share.

    Returns:
        The rows, top to bottom (page by page), each sorted left to right.
    """
    order = sorted(
        (i for i, w in enumerate(words) if w.text.strip()),
        key=lambda i: (words[i].page, words[i].top + words[i].height / 2, words[i].left),
    )
    open_rows: list[tuple[int, int, int, list[int]]] = []  # page, top, bottom, indices
    for i in order:
        word = words[i]
        best: int | None = None
        best_key = (float("inf"), 0.0)
        # Only the last few rows can still overlap: words come top to bottom.
        for r in range(max(0, len(open_rows) - ROWS_OPEN), len(open_rows)):
            page, _top, _bottom, members = open_rows[r]
            if page != word.page:
                continue
            # Against the row's word nearest along the line, not its whole band:
            # on a tilted page a line climbs across the page, and its band would
            # swallow the next line.
            near = min((words[m] for m in members), key=lambda m: _apart(m, word))
            share = _overlap(near.top, near.bottom, word)
            key = (_apart(near, word), -share)
            if share >= min_overlap and key < best_key:
                best, best_key = r, key
        if best is None:
            open_rows.append((word.page, word.top, word.bottom, [i]))
        else:
            page, top, bottom, members = open_rows[best]
            members.append(i)
            open_rows[best] = (page, min(top, word.top), max(bottom, word.bottom), members)
    rows = [
        LayoutRow(
            words=tuple(sorted(((i, words[i]) for i in members), key=lambda p: p[1].left)),
            top=top,
            bottom=bottom,
        )
        for _, top, bottom, members in open_rows
    ]
    rows.sort(key=lambda r: (r.words[0][1].page, (r.top + r.bottom) / 2))
    return rows


@dataclass(frozen=True)
class Column:
    """A table column: the field it holds and the horizontal band its cells occupy.

    Attributes:
        field: the manifest line field this column holds (a name starting
            with "_" for a column the manifest does not keep, e.g. net weight).
        label_left, label_right: the header label's extent (union when the
            label is written twice, as in bilingual headers).
        left, right: the column's band; a word belongs to the column its
            horizontal centre falls in. The outer columns reach the page edges.
        placement: how sure the column's field is (1.0 when its header and
            its content agree); a field read from it keeps this share of its
            recognition confidence.
        scale: what a figure of the column is multiplied by to make kilograms
            ("(tấn)" in the header: 1000).
        currency: the currency its header names ("Trị giá (USD)"), or "".
    """

    field: str
    label_left: int
    label_right: int
    left: float = float("-inf")
    right: float = float("inf")
    placement: float = 1.0
    scale: Decimal = Decimal(1)
    currency: str = ""


def least_covered(start: float, end: float, spans: Sequence[tuple[int, int]]) -> float:
    """The middle of the widest stretch of [start, end) that the fewest spans cover."""
    cuts = sorted({start, end, *(x for span in spans for x in span if start < x < end)})
    best: tuple[int, float, float] | None = None  # (count, -width, middle)
    for a, b in pairwise(cuts):
        middle = (a + b) / 2
        count = sum(1 for left, right in spans if left <= middle < right)
        key = (count, -(b - a), middle)
        if best is None or key < best:
            best = key
    return best[2] if best is not None else (start + end) / 2


def columns_from_header(
    labels: Iterable[tuple[str, int, int]], body: Iterable[OcrWord] = ()
) -> list[Column]:
    """Columns from the header labels, with boundaries set by the table's own words.

    Between two neighbouring labels the boundary goes where the body's
    words leave a vertical channel (the fewest words across, the widest such
    stretch): in a ruled table that is the rule between the cells, however
    the labels and the cells are aligned.

    Args:
        labels: (field, left, right) for each recognised header label; a
            field named twice (bilingual header) gets the union of its labels.
        body: the words of the table's rows under the header.

    Returns:
        The columns sorted left to right, one per field.
    """
    extents: dict[str, tuple[int, int]] = {}
    for field, left, right in labels:
        old = extents.get(field)
        extents[field] = (left, right) if old is None else (min(old[0], left), max(old[1], right))
    ordered = sorted(extents.items(), key=lambda item: (item[1][0] + item[1][1]) / 2)
    spans = [(w.left, w.right) for w in body]
    bounds: list[float] = []
    for (_, (l1, r1)), (_, (l2, r2)) in pairwise(ordered):
        # A label lies inside its own column, so the boundary is between the two
        # labels' facing edges; between their centres it could fall in the blank
        # left part of a column of right-aligned numbers.
        start, end = (r1, l2) if l2 > r1 else ((l1 + r1) / 2, (l2 + r2) / 2)
        bounds.append(least_covered(start, end, spans) if end > start else start)
    edges = [float("-inf"), *bounds, float("inf")]
    return [
        Column(field=field, label_left=left, label_right=right, left=edges[i], right=edges[i + 1])
        for i, (field, (left, right)) in enumerate(ordered)
    ]


def column_of(columns: Sequence[Column], word: OcrWord) -> Column | None:
    """The column whose band holds the word's horizontal centre, or None."""
    x = word.centre_x
    for column in columns:
        if column.left <= x < column.right:
            return column
    return None
