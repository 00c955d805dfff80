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
from itertools import pairwise

from borderdesk.ocr.layout import LayoutRow
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
    texts = [w.text.strip() for _, w in row.words]
    if not texts:
        return False
    named = fold(texts[0]).strip(" .:;,()-") in _SECTION_WORDS and len(texts) > 1
    # "Phần 2 - Hàng chuyển khẩu": the section word's own number is no figure.
    rest = texts[2:] if named else texts[1:]
    if any(any(c.isdigit() for c in t) for t in rest):
        return False
    return named or bool(_ROMAN.fullmatch(texts[0]))
