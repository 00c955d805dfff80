"""Goods tables laid out by hand the way tesseract reports them: words in aligned columns."""

from __future__ import annotations

from borderdesk.domain.manifest import Manifest
from borderdesk.ocr.layout import OcrWord, Ruling, rows_from_words
from borderdesk.ocr.parse import parse_manifest

CHAR = 18  # pixels per character
HEIGHT = 30
PITCH = 60
PAD = 12  # space between a cell's text and its column's edge


class Page:
    """Words placed in columns (left edge, width, alignment), one printed row at a time."""

    def __init__(self, columns: list[tuple[int, int, str]], page: int = 0,
                 confidence: float = 0.95) -> None:
        self.columns = columns
        self.words: list[OcrWord] = []
        self.y = 100
        self.page = page
        self.confidence = confidence

    def put(self, x: int, text: str) -> None:
        for part in text.split():
            self.words.append(OcrWord(part, self.confidence, x, self.y, CHAR * len(part), HEIGHT,
                                      page=self.page))
            x += CHAR * (len(part) + 1)

    def free(self, x: int, text: str) -> None:
        self.put(x, text)
        self.y += PITCH

    def row(self, *cells: str) -> None:
        for (left, width, align), text in zip(self.columns, cells, strict=False):
            if not text:
                continue
            size = CHAR * len(text)
            if align == "left":
                x = left + PAD
            elif align == "right":
                x = left + width - PAD - size
            elif align == "centre":
                x = left + (width - size) // 2
            else:  # on the decimal mark, two places kept for the fraction
                mark = text.rfind(".") if "." in text else len(text)
                x = max(left + PAD, left + width - PAD - CHAR * 3 - CHAR * mark)
            self.put(x, text)
        self.y += PITCH


def layout(widths: list[int], aligns: list[str], start: int = 100) -> list[tuple[int, int, str]]:
    columns = []
    x = start
    for width, align in zip(widths, aligns, strict=True):
        columns.append((x, width, align))
        x += width
    return columns


PACKING = layout([100, 560, 220, 200, 130, 240, 300, 200],
                 ["centre", "left", "centre", "right", "centre", "right", "right", "centre"])


def read(page: Page, rulings: tuple[Ruling, ...] = ()) -> Manifest:
    """The manifest read from a page."""
    return parse_manifest(rows_from_words(page.words), rulings).manifest


def read_words(words: list[OcrWord]) -> Manifest:
    """The manifest read from words of one or more pages."""
    return parse_manifest(rows_from_words(words)).manifest
