"""A spreadsheet's grid placed like a printed page: words with boxes, rules, a picture.

The parser reads pages of words with boxes in 300-dpi pixels. A sheet is
laid out as a clean printout would be: each column as wide as its longest
text (a long text wraps inside its cell, as "wrap text" prints it), every
cell's words left-aligned inside its column's band at a fixed row pitch,
each word read with confidence 1.0 (nothing was recognised: the text is
the file's). A spreadsheet is a ruled grid, so every column and row border
is a rule. The picture for the review screen is drawn at about 100 dpi,
split into pages, within the pixel limits.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np

from borderdesk.limits import DOCUMENT_PIXELS
from borderdesk.ocr.layout import OcrWord, Ruling

CHAR_WIDTH = 25
"""Pixels of one character at 300 dpi (10-point text)."""
LINE_PITCH = 60
"""Pixels from one printed line of a cell to the next."""
WORD_HEIGHT = 36
PADDING = 2
"""Characters of blank space on each side of a cell's text."""
WRAP = 80
"""A cell's text wraps onto a further line beyond this many characters: a party's name or a
description stays on one line, as it is one value."""
MARGIN = 150
PAGE_LINES = 50
"""Printed lines per page of the picture."""
PICTURE_SCALE = 1 / 3
"""The picture's pixels per layout pixel: about 100 dpi."""
PICTURE_WIDTH = 4_000
"""The picture is narrowed to this many pixels at most."""
FONT_FILE = "DejaVuSans.ttf"


@dataclass(frozen=True)
class SheetPage:
    """One page of the picture and the words on it.

    Attributes:
        image: greyscale, the words drawn where their boxes say.
        first, count: the page's words in ``SheetLayout.words``.
        scale: picture pixels per layout pixel.
        top: the layout y the page starts at.
    """

    image: np.ndarray[Any, Any]
    first: int
    count: int
    scale: float
    top: int


@dataclass(frozen=True)
class SheetLayout:
    """The grid as words on one tall page (page 0), for the parser, and its rules."""

    words: tuple[OcrWord, ...]
    ruling: Ruling
    width: int
    height: int
    rows: tuple[tuple[int, int], ...]
    """Each sheet row's layout y and its printed lines, top to bottom (pages break between rows)."""


def _lines(text: str) -> list[str]:
    return textwrap.wrap(text, WRAP, break_long_words=True, break_on_hyphens=False) or [""]


def lay_out(cells: Sequence[Sequence[str]]) -> SheetLayout:
    """Place a grid of cell texts like a printed page.

    Runs of empty rows print as one empty line (a gap, as on paper).
    """
    width = max((len(row) for row in cells), default=0)
    wrapped = [[_lines(row[c]) if c < len(row) and row[c] else [] for c in range(width)]
               for row in cells]
    chars = [max([PADDING * 2 + 1] + [len(line) + PADDING * 2 for row in wrapped
                                        for line in (row[c] if c < len(row) else [])])
             for c in range(width)]
    lefts = [MARGIN]
    for count in chars:
        lefts.append(lefts[-1] + count * CHAR_WIDTH)
    words: list[OcrWord] = []
    borders = [MARGIN]
    rows: list[tuple[int, int]] = []
    y = MARGIN
    previous_empty = False
    for row in wrapped:
        empty = not any(row)
        if empty and previous_empty:
            continue
        previous_empty = empty
        height = max([1] + [len(cell) for cell in row])
        rows.append((y, height))
        for c, cell in enumerate(row):
            for k, line in enumerate(cell):
                x = lefts[c] + PADDING * CHAR_WIDTH
                top = y + k * LINE_PITCH + (LINE_PITCH - WORD_HEIGHT) // 2
                offset = 0
                for word in line.split(" "):
                    if word:
                        words.append(OcrWord(word, 1.0, x + offset * CHAR_WIDTH, top,
                                             len(word) * CHAR_WIDTH, WORD_HEIGHT))
                    offset += len(word) + 1
        y += height * LINE_PITCH
        borders.append(y)
    right = lefts[-1]
    ruling = Ruling(
        page=0,
        vertical=tuple((x, MARGIN, y) for x in lefts) if width else (),
        horizontal=tuple((b, MARGIN, right) for b in borders) if width else (),
    )
    return SheetLayout(tuple(words), ruling, right + MARGIN, y + MARGIN, tuple(rows))


@cache
def _font(size: int) -> Any:
    from PIL import ImageFont

    from borderdesk.paths import resources_dir

    return ImageFont.truetype(str(resources_dir() / "fonts" / FONT_FILE), size)


def _stamp(text: str, font: Any) -> Any:
    """A word drawn once, as a mask of its ink, to be pasted wherever it is written."""
    from PIL import Image, ImageDraw

    _left, _top, right, bottom = font.getbbox(text)
    mask = Image.new("L", (max(1, int(right) + 1), max(1, int(bottom) + 1)), 0)
    ImageDraw.Draw(mask).text((0, 0), text, fill=255, font=font)
    return mask


def picture_pages(layout: SheetLayout, lines_per_page: int = PAGE_LINES) -> list[SheetPage]:
    """The layout drawn page by page (about 100 dpi), all pages within ``DOCUMENT_PIXELS``."""
    from PIL import Image, ImageDraw

    breaks: list[int] = []
    lines = lines_per_page
    for top, height in layout.rows or ((MARGIN, 1),):
        if lines >= lines_per_page:
            breaks.append(top)
            lines = 0
        lines += height
    bounds = [(top, breaks[i + 1] if i + 1 < len(breaks) else layout.height - MARGIN)
              for i, top in enumerate(breaks)]
    area = sum((bottom - top + 2 * MARGIN) * layout.width for top, bottom in bounds)
    scale = min(PICTURE_SCALE, PICTURE_WIDTH / layout.width,
                math.sqrt(DOCUMENT_PIXELS / max(1, area)))
    font = _font(max(4, round(WORD_HEIGHT * scale * 0.85)))
    pages: list[SheetPage] = []
    # A sheet repeats its words (units, currencies, countries, codes): each is drawn once.
    stamps: dict[str, Any] = {}
    index = 0
    words = layout.words
    for top, bottom in bounds:
        shift = top - MARGIN
        size = (max(1, round(layout.width * scale)),
                max(1, round((bottom - top + 2 * MARGIN) * scale)))
        image = Image.new("L", size, 255)
        draw = ImageDraw.Draw(image)
        for x, rule_top, rule_bottom in layout.ruling.vertical:
            low, high = max(rule_top, top), min(rule_bottom, bottom)
            if low < high:
                draw.line([(x * scale, (low - shift) * scale), (x * scale, (high - shift) * scale)],
                          fill=150)
        for y, left, right in layout.ruling.horizontal:
            if top <= y <= bottom:
                level = (y - shift) * scale
                draw.line([(left * scale, level), (right * scale, level)], fill=150)
        first = index
        while index < len(words) and words[index].top < bottom:
            word = words[index]
            stamp = stamps.get(word.text)
            if stamp is None:
                stamp = stamps[word.text] = _stamp(word.text, font)
            image.paste(0, (round(word.left * scale), round((word.top - shift) * scale)), stamp)
            index += 1
        pages.append(SheetPage(np.asarray(image), first, index - first, scale, shift))
    return pages
