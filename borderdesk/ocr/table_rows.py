"""Rows around and inside a goods table that are neither its labels nor its goods.

Vietnamese forms number their columns under the labels ("A B C 1 2 3", or
"(1) (2) (3)") so that instructions can refer to them; warehouse notes and
consolidated lists cut the goods into sections ("I. Hàng nhập khẩu",
"Part B") with a subtotal under each. Such a row is told by its shape, not by
the form it comes from: every word of a column-index row is one short mark,
and a section heading starts with an enumerator and carries no figure.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise
from statistics import median

from borderdesk.ocr.layout import LayoutRow, OcrWord
from borderdesk.ocr.normalize import read_number
from borderdesk.ocr.vocabulary import fold

MIN_INDEX_MARKS = 3
"""A column-index row numbers at least this many columns."""
_INDEX_MARK = re.compile(r"[(\[]?(?:\d{1,2}|[A-Za-z]{1,2}|[IVXivx]{1,4})[)\].]?")
_ROMAN = re.compile(r"(?:[IVX]{1,4}|[A-H])[.):]")
_SECTION_WORDS = frozenset({"phan", "part", "section", "nhom", "group", "muc"})


def is_column_index(row: LayoutRow) -> bool:
    """Whether a row numbers the columns above it ("A B C D 1 2 3 4 5 E", "(1) (2) (3)").

    Its digits, read left to right, climb (one may be misread as a letter), so a short goods row
    ("1 2 3" is never a whole goods line with its description) is not taken
    for one.
    """
    texts = [w.text.strip() for _, w in row.words]
    if len(texts) < MIN_INDEX_MARKS or not all(_INDEX_MARK.fullmatch(t) for t in texts):
        return False
    digits = [int(d) for t in texts if (d := t.strip("()[].")).isdigit()]
    return all(b > a for a, b in pairwise(digits))


def is_section_heading(row: LayoutRow) -> bool:
    """Whether a row inside a table heads a section of its goods ("I. Hàng nhập khẩu ...").

    It starts with a Roman numeral or a capital letter and a mark ("II.",
    "B)"), or a word such as "Part" or "Phần", and holds no figure.
    """
    texts = [w.text.strip() for _, w in row.words] or [""]
    named = fold(texts[0]).strip(" .:;,()-") in _SECTION_WORDS and len(texts) > 1
    # "Phần 2 - Hàng chuyển khẩu": the section word's own number is no figure.
    rest = texts[2:] if named else texts[1:]
    if any(any(c.isdigit() for c in t) for t in rest):
        return False
    return named or bool(_ROMAN.fullmatch(texts[0]))


MIN_GOODS_ROWS = 3
"""A table found by its figures alone has at least this many goods rows."""
MIN_FIGURE_COLUMNS = 2
"""... and at least this many columns of figures running down them."""
FIGURE_COLUMN_SHARE = 0.8
"""A column of figures has one in this share of the rows, at least."""


def figures(row: LayoutRow) -> list[OcrWord]:
    """The words of a row that read as figures."""
    return [w for _, w in row.words if read_number(w.text).value is not None]


def _named(row: LayoutRow) -> bool:
    """Whether a row has a word of three letters or more (a description, a unit's name)."""
    return any(sum(c.isalpha() for c in w.text) >= 3 for _, w in row.words)


def goods_run_end(rows: Sequence[LayoutRow], start: int) -> int:
    """The end of the goods rows from ``rows[start]`` on, found by their figures; ``start`` if none.

    A goods table whose header names no column known here is still a table:
    rows that each carry words and two figures or more, whose figures stand
    in at least two columns down them (right edges in line, as figures are
    printed), one under another. Address and telephone lines have figures too,
    but they do not line up in columns over three rows.
    """
    goods: list[LayoutRow] = []
    end = start
    while end < len(rows):
        row = rows[end]
        if goods and (row.words[0][1].page != goods[-1].words[0][1].page
                      or row.top - rows[end - 1].bottom > 3 * _height(row)):
            break
        if len(figures(row)) >= MIN_FIGURE_COLUMNS and _named(row):
            goods.append(row)
        elif not (goods and (is_section_heading(row) or not any(c.isdigit() for c in row.text))):
            break  # a wrapped description or a section heading may stand between goods rows
        end += 1
    while end > start and rows[end - 1] is not (goods[-1] if goods else None):
        end -= 1  # the run ends with its last goods row
    if len(goods) < MIN_GOODS_ROWS:
        return start
    height = median(_height(row) for row in goods)
    edges = sorted((w.right, k) for k, row in enumerate(goods) for w in figures(row))
    columns = 0
    group: list[tuple[int, int]] = []
    for edge in [*edges, (10**9, -1)]:
        if group and edge[0] - group[0][0] > height:
            if len({k for _, k in group}) >= FIGURE_COLUMN_SHARE * len(goods):
                columns += 1
            group = []
        group.append(edge)
    return end if columns >= MIN_FIGURE_COLUMNS else start


def _height(row: LayoutRow) -> float:
    return float(median(w.height for _, w in row.words)) if row.words else 1.0
