"""The goods table's columns, found on the page rather than in a list of known layouts.

Where vertical rules cross the table's body, the columns are the cells
between them. Otherwise a column border is a stretch of whitespace that runs
down (nearly) every body row: it holds however a column's cells are aligned
(left, right, centred or on the decimal mark), and a wrapped description
never opens one, since its words sit inside the description's own stretch.
A column is never made from a header label alone: the header's labels are
assigned to the columns they sit over, and a column under two different
labels is cut between them where the fewest body words cross.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import groupby, pairwise
from statistics import median

from borderdesk.ocr.column_labels import (
    header_labels,
    header_phrases,
    is_bracketed,
    stacked_labels,
)
from borderdesk.ocr.layout import LayoutRow, OcrWord, Ruling, least_covered
from borderdesk.ocr.table_rows import figures

RULE_COVER = 0.6
"""A vertical rule is a column border when it runs along this share of the body's height."""
GAP_IN_HEIGHTS = 0.6
"""Whitespace wider than this many word heights, down the body, is a column border.

A word space is narrower (about a third of a word's height), so the words of
one cell stay together even in a one-row table.
"""
MIN_GOODS_ROWS = 3
"""Rows with figures enough to draw the columns by themselves."""
STRAY_SHARE = 1 / 12
"""Words across a gap in up to this share of the body rows (specks, an overflowing cell)
leave it open."""


@dataclass
class Slot:
    """One column found on the page, before it is given a field.

    Attributes:
        left, right: the column's band (a word belongs to the band its centre
            falls in); the outer ones reach the page edges.
        fields: the known header labels over it, as fields, left to right.
        header: the texts of every header word over it ("T.lượng", "(kg)").
        cells: per body row, the text of the row's words in the band.
    """

    left: float
    right: float
    fields: list[str] = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    cells: list[str] = field(default_factory=list)


def typical_height(words: Sequence[OcrWord]) -> float:
    """The median height of the words, 1.0 when there are none."""
    heights = [w.height for w in words if w.height > 0]
    return float(median(heights)) if heights else 1.0


def body_rules(rows: Sequence[LayoutRow], ruling: Ruling | None) -> list[int]:
    """The x of every vertical rule running down the body, empty columns' walls included."""
    if ruling is None or not rows:
        return []
    top, bottom = min(row.top for row in rows), max(row.bottom for row in rows)
    height = max(1, bottom - top)
    return sorted(x for x, rule_top, rule_bottom in ruling.vertical
                  if min(rule_bottom, bottom) - max(rule_top, top) >= RULE_COVER * height)


def _walled_off(extent: tuple[float, float] | None, left: float, right: float,
                walls: Sequence[int]) -> bool:
    """Whether a rule stands between a label and the cells of the column it was given.

    The label then heads a column of its own with nothing in it ("Thực nhập"
    on a note of goods going out).
    """
    if extent is None:
        return False
    if right <= extent[0]:
        return any(right <= x <= extent[0] for x in walls)
    if left >= extent[1]:
        return any(extent[1] <= x <= left for x in walls)
    return False


def cuts_between_rules(rows: Sequence[LayoutRow], ruling: Ruling | None) -> list[float] | None:
    """The column borders of a ruled table: its vertical rules running down the body.

    None when the page has no such rules (fewer than two). Of two rules with
    no word between them (a doubled rule, an empty column) one is kept.
    """
    xs = body_rules(rows, ruling)
    if len(xs) < 2:
        return None
    words = [w for row in rows for _, w in row.words]
    cuts: list[float] = []
    for x in xs:
        if cuts and not any(cuts[-1] <= w.centre_x < x for w in words):
            continue
        cuts.append(x)
    return cuts


def cuts_from_alignment(
    rows: Sequence[LayoutRow], rules: Sequence[float] = (), stray_share: float = STRAY_SHARE
) -> list[float]:
    """The column borders the gaps down a table's body make, where no rule already is one.

    Args:
        rows: the body rows.
        rules: the vertical rules found as borders: a gap around one is that
            rule's; a gap between two rules (a table ruled only around its
            edge) is a border of its own.
        stray_share: the share of the rows whose words may cross a gap that stays open.
    """
    words = [w for row in rows for _, w in row.words if w.width > 0]
    if not words:
        return []
    wide = GAP_IN_HEIGHTS * typical_height(words)
    stray = int(len(rows) * stray_share)
    events: list[tuple[int, int]] = []
    for row in rows:
        # A row counts once however many of its words overlap.
        spans = sorted((w.left, w.right) for _, w in row.words if w.width > 0)
        merged: list[list[int]] = []
        for left, right in spans:
            if merged and left <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], right)
            else:
                merged.append([left, right])
        for left, right in merged:
            events += [(left, 1), (right, -1)]
    events.sort()
    # The body's width cut into stretches, each with how many rows have a word there.
    stretches: list[tuple[float, float, int]] = []
    count = 0
    previous: float | None = None
    for x, edges in groupby(events, key=lambda event: event[0]):
        if previous is not None and x > previous:
            stretches.append((previous, x, count))
        count += sum(step for _, step in edges)
        previous = x
    cuts: list[float] = []
    run: list[tuple[float, float, int]] = []
    for stretch in stretches:
        if stretch[2] <= stray:
            run.append(stretch)
            continue
        if (run and run[0][0] > stretches[0][0] and run[-1][1] - run[0][0] > wide
                and not any(run[0][0] <= x <= run[-1][1] for x in rules)):
            cuts.append(_cut_in(run))
        run = []
    return cuts


def _cut_in(run: Sequence[tuple[float, float, int]]) -> float:
    """Where to cut a gap: the middle of its widest stretch no word crosses, else its middle.

    A long description overflowing on one row makes the gap beside it reach far
    left; cutting in its clear part keeps that row's words in their column.
    """
    clear = [(b - a, (a + b) / 2) for a, b, count in run if count == 0]
    return max(clear)[1] if clear else (run[0][0] + run[-1][1]) / 2


def _band_of(cuts: Sequence[float], x: float) -> int:
    """The band (index) that holds ``x``."""
    return sum(1 for cut in cuts if cut <= x)


def _extents(cuts: Sequence[float], words: Sequence[OcrWord]) -> list[tuple[float, float] | None]:
    """Per band, the span its body words cover (None for a band with none).

    A word across a border (two cells read as one) says nothing of either column.
    """
    spans: list[tuple[float, float] | None] = [None] * (len(cuts) + 1)
    for word in words:
        k = _band_of(cuts, word.centre_x)
        if _band_of(cuts, word.left) != _band_of(cuts, word.right - 1):
            continue
        old = spans[k]
        spans[k] = (word.left, word.right) if old is None else (
            min(old[0], word.left), max(old[1], word.right))
    return spans


def _owner(extents: Sequence[tuple[float, float] | None], cuts: Sequence[float],
           left: float, right: float) -> int:
    """The column a header span sits over: the one whose cells it overlaps most, else the nearest.

    A label wider than its column reaches over the gap, into the neighbour's
    band; it is over its own column's cells all the same.
    """
    def distance(k: int) -> float:
        extent = extents[k]
        if extent is None:
            return float("inf")
        return max(extent[0] - right, left - extent[1], -(min(right, extent[1])
                                                         - max(left, extent[0])))

    best = min(range(len(extents)), key=distance)
    if distance(best) == float("inf"):
        return _band_of(cuts, (left + right) / 2)
    return best


def _split_under_labels(
    cuts: list[float], labels: Sequence[tuple[str, int, int]], body: Sequence[OcrWord]
) -> list[float]:
    """Cut a column that sits under two different labels between them, where fewest words cross."""
    spans = [(w.left, w.right) for w in body]
    ordered = sorted(labels, key=lambda label: (label[1] + label[2]) / 2)
    extents = _extents(cuts, body)
    extra: list[float] = []
    for (f1, l1, r1), (f2, l2, r2) in pairwise(ordered):
        k = _owner(extents, cuts, l1, r1)
        if f1 == f2 or k != _owner(extents, cuts, l2, r2):
            continue
        extent = extents[k]
        if extent is None or not all(min(b, extent[1]) - max(a, extent[0]) >= (b - a) / 3
                                     for a, b in ((l1, r1), (l2, r2))):
            continue  # a label beside the cells, over no column of its own
        start, end = (r1, l2) if l2 > r1 else ((l1 + r1) / 2, (l2 + r2) / 2)
        extra.append(least_covered(start, end, spans) if end > start else start)
    return sorted({*cuts, *extra})


GROUP_COVER = 0.5
"""A label over this share of two or more columns' cells is a group label over all of them."""


def _spanned(extents: Sequence[tuple[float, float] | None], left: float, right: float
             ) -> list[int]:
    """The columns whose cells a header span covers for the most part."""
    return [k for k, extent in enumerate(extents) if extent is not None
            and min(right, extent[1]) - max(left, extent[0])
            >= GROUP_COVER * max(1.0, extent[1] - extent[0])]


def _with_brackets(phrases: list[tuple[str | None, list[OcrWord]]]
                   ) -> list[tuple[str | None, list[OcrWord]]]:
    """The row's label phrases, each bracket ("(kg)") joined to the label it follows closely."""
    ordered = sorted(phrases, key=lambda item: item[1][0].left)
    joined: list[tuple[str | None, list[OcrWord]]] = []
    for name, group in ordered:
        word = group[0]
        if (name is None and len(group) == 1 and is_bracketed(word.text) and joined
                and joined[-1][0] is not None
                and word.left - joined[-1][1][-1].right <= 2 * word.height):
            joined[-1] = (joined[-1][0], [*joined[-1][1], word])
            continue
        joined.append((name, list(group)))
    return joined


def _without_brackets(name: str | None, group: list[OcrWord]
                      ) -> list[tuple[str | None, list[OcrWord]]]:
    """A label and the bracket ``_with_brackets`` joined to it, apart again."""
    if name is not None and len(group) > 1 and is_bracketed(group[-1].text):
        return [(name, group[:-1]), (None, group[-1:])]
    return [(name, group)]


LENIENT_STRAY_SHARE = 0.25
"""Rows that may cross a gap when looking for the rows that run across columns."""


def _across_fewest(rows: Sequence[LayoutRow]) -> list[LayoutRow]:
    """The rows without those running across two columns' borders or more.

    A grouping row ("Invoice UDT-INV-26-7350 of 27 APR 2026") carries figures
    like a goods row but runs across the gaps the goods rows leave open; the
    borders that most rows leave open tell it.
    """
    # One row at least may cross a gap here, however few the rows.
    lenient = cuts_from_alignment(rows, stray_share=max(LENIENT_STRAY_SHARE, 1 / len(rows)))
    kept = [row for row in rows
            if sum(1 for cut in lenient
                   if any(w.left < cut < w.right for _, w in row.words)) < 2]
    return kept if len(kept) >= 2 else list(rows)


def find_slots(
    header_rows: Sequence[LayoutRow], body: Sequence[LayoutRow], ruling: Ruling | None
) -> list[Slot]:
    """The table's columns with the header words over them and the body's cell texts.

    Args:
        header_rows: the header's lines (labels, a second language, "(kg)").
        body: the body rows, total row excluded.
        ruling: the rules of the body's page, if it has any.
    """
    body = [row for row in body if row.words]
    if not body:
        return []
    words = [w for row in body for _, w in row.words]
    labels = [label for row in header_rows for label in header_labels(row)]
    rules = cuts_between_rules(body, ruling)
    # The goods rows (two figures or more) draw the columns; a heading, a subtotal or a
    # wrapped line between them may run across a gap.
    goods = [row for row in body if len(figures(row)) >= 2]
    aligned = _across_fewest(goods) if len(goods) >= MIN_GOODS_ROWS else body
    if rules is None:
        cuts = _split_under_labels(cuts_from_alignment(aligned), labels, words)
    else:
        # Gaps count too inside a ruled cell that stands under several labels
        # (a table ruled only around its edge); elsewhere the rules are the borders.
        crowded = {k for k in range(len(rules) + 1)
                   if len({name for name, left, right in labels
                           if _band_of(rules, (left + right) / 2) == k}) > 1}
        cuts = sorted({*rules, *(cut for cut in cuts_from_alignment(aligned, rules)
                                 if _band_of(rules, cut) in crowded)})
    extents = _extents(cuts, words)
    edges = [float("-inf"), *cuts, float("inf")]
    slots = [Slot(a, b) for a, b in pairwise(edges)]
    groups: list[list[str]] = [[] for _ in slots]
    walls = body_rules(body, ruling)

    def place(name: str | None, words: list[OcrWord]) -> None:
        """Put a phrase's words over the column they stand over, unless a rule parts them."""
        k = _owner(extents, cuts, words[0].left, words[-1].right)
        if name is None or not _walled_off(extents[k], words[0].left, words[-1].right, walls):
            slots[k].header.extend(word.text for word in words)

    for r, row in enumerate(header_rows):
        # A label's words go together, over the column the label stands over.
        phrases = _with_brackets(header_phrases(row))
        below = [w for lower in header_rows[r + 1:] for _, w in lower.words]
        for name, group in sorted(phrases, key=lambda item: item[1][0].left):
            left, right = group[0].left, group[-1].right
            under = _spanned(extents, left, right)
            # A group label has the labels of its columns under it.
            subs = sum(1 for w in below if left <= w.centre_x <= right)
            if name is not None and len(under) > 1 and subs >= len(under):
                for k in under:  # "Khối lượng (kg)" over "Tịnh | Cả bì"
                    groups[k].extend(word.text for word in group)
                continue
            # Elsewhere a label and its bracket each go over the cells they stand over.
            for piece in _without_brackets(name, group):
                place(*piece)
    for slot, over in zip(slots, groups, strict=True):
        # Read down the column: a label may be printed on two lines ("Commodity" / "code").
        # A column under a group label with no label of its own is the group's field;
        # the group's brackets ("(kg)") hold for every column under it.
        slot.fields = stacked_labels(slot.header) or stacked_labels(over)
        slot.header += [text for text in over if is_bracketed(text)]
    # Columns are typed by the goods rows' cells: wrapped lines and headings between
    # them would make a column of HS codes look sparse.
    for row in aligned:
        texts: list[list[str]] = [[] for _ in slots]
        for _, word in row.words:
            texts[_band_of(cuts, word.centre_x)].append(word.text)
        for slot, cell in zip(slots, texts, strict=True):
            slot.cells.append(" ".join(cell))
    return [slot for slot in slots if slot.fields or any(slot.cells)]
