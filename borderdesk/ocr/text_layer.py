"""PDFs that carry their text: words and rules read from the file, exactly, no OCR.

What e-manifest and accounting systems export is a PDF whose text is text:
its words and their positions are read with pdfplumber, the rules drawn on
the page (table borders) with them, and nothing is guessed. Positions are
turned from points into 300-dpi pixels (x 300/72), the page size the parser
is tuned on, so its pixel heuristics hold.

The decision is made per document: the text layer is used when every page
that shows more than its words (a scan's picture, or text drawn as outlines:
thousands of path segments) also has enough real, visible words, and no
page's text is junk. A scanned page with no text, a page whose text is an
invisible OCR layer (render mode 3, what scanners and OCR tools lay over the
picture) or junk (unmapped glyphs, "(cid:12)") sends the whole document to
OCR, so one manifest is never read half one way, half another. A blank page,
or one of a few words and no picture (a signature page), is read as it is.

Words are cut where a table's vertical rule runs between two letters: a
narrow cell's text can come closer to its neighbour's than a space.
"""

from __future__ import annotations

import io
import logging
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from borderdesk.capture.pdf import PDFIUM, POINTS_PER_INCH, PdfPlan, render_images
from borderdesk.ocr.layout import OcrWord, Ruling

log = logging.getLogger("borderdesk.ocr")

DPI = 300
"""The pixels the words' boxes are given in: the OCR pages' resolution."""
SCALE = DPI / POINTS_PER_INCH
PICTURE_DPI = 100
"""The review screen's picture of a page: enough to read, a ninth of 300 dpi's pixels."""
MIN_WORDS = 5
"""A page with fewer real words than this is a scan (or blank): OCR reads the document."""
MIN_REAL_SHARE = 0.8
"""At least this share of a page's words must be made of letters, digits and common marks."""
MIN_RULE_POINTS = 4.0
"""A drawn line shorter than this (points) is a mark, not a rule."""
SCAN_SHARE = 0.3
"""A page with pictures covering this share of it may be a scan: it needs real words."""
OUTLINE_SEGMENTS = 500
"""A page drawing this many path segments with few words may be text turned into outlines."""
LETTER_GAP = 1.5
"""Points between two letters beyond which they are two words (a space is about 2.8 at 10 pt)."""
_COMMON_MARKS = set(".,:;-/()%#&'\"+*=_@[]{}<>!?°·–—“”‘’₫$€")


@dataclass(frozen=True)
class TextPage:
    """One page's words and rules in 300-dpi pixels, and its size in the same pixels."""

    words: tuple[OcrWord, ...]
    ruling: Ruling
    width: int
    height: int


def _real(text: str) -> bool:
    if "(cid:" in text or "\ufffd" in text:
        return False
    alnum = sum(1 for c in text if c.isalnum())
    marks = sum(1 for c in text if c in _COMMON_MARKS or unicodedata.combining(c))
    return alnum > 0 and alnum + marks == len(text)


def _usable(words: Sequence[OcrWord], inked: bool) -> bool:
    """Whether a page's text can be trusted: not junk, and enough of it on a page that shows
    more than its words (a scan's picture, text drawn as outlines)."""
    texts = [w.text for w in words]
    real = sum(1 for t in texts if _real(t))
    if real < MIN_REAL_SHARE * len(texts):
        return False
    return real >= MIN_WORDS or not inked


def _pictured(page: Any) -> bool:
    area = float(page.width) * float(page.height)
    covered = sum(max(0.0, float(i["x1"]) - float(i["x0"])) * max(0.0, float(i["bottom"])
                                                                     - float(i["top"]))
                  for i in page.images)
    return area > 0 and covered >= SCAN_SHARE * area


@dataclass(frozen=True)
class _Drawn:
    """What pdfium finds drawn on a page, before any word is read."""

    invisible: bool
    """Most of its text objects are drawn invisible (an OCR layer over a scan)."""
    segments: int
    """Segments of its drawn paths: text turned into outlines draws thousands."""


def _drawn(data: bytes) -> list[_Drawn]:
    import pypdfium2 as pdfium
    from pypdfium2 import raw

    found: list[_Drawn] = []
    with PDFIUM:
        document = pdfium.PdfDocument(data)
        try:
            for index in range(len(document)):
                page = document[index]
                try:
                    seen = hidden = segments = 0
                    for item in page.get_objects(max_depth=4):
                        if item.type == raw.FPDF_PAGEOBJ_PATH:
                            segments += max(0, raw.FPDFPath_CountSegments(item.raw))
                        elif item.type == raw.FPDF_PAGEOBJ_TEXT:
                            seen += 1
                            mode = raw.FPDFTextObj_GetTextRenderMode(item.raw)
                            hidden += mode == raw.FPDF_TEXTRENDERMODE_INVISIBLE
                    found.append(_Drawn(seen > 0 and hidden * 2 > seen, segments))
                finally:
                    page.close()
        finally:
            document.close()
    return found


def _ruling(page: Any, index: int, left: float, top: float) -> Ruling:
    vertical: set[tuple[int, int, int]] = set()
    horizontal: set[tuple[int, int, int]] = set()
    for edge in page.edges:
        x0, x1 = float(edge["x0"]) - left, float(edge["x1"]) - left
        y0, y1 = float(edge["top"]) - top, float(edge["bottom"]) - top
        if edge.get("orientation") == "v" and y1 - y0 >= MIN_RULE_POINTS:
            vertical.add((round((x0 + x1) / 2 * SCALE), round(y0 * SCALE), round(y1 * SCALE)))
        elif edge.get("orientation") == "h" and x1 - x0 >= MIN_RULE_POINTS:
            horizontal.add((round((y0 + y1) / 2 * SCALE), round(x0 * SCALE), round(x1 * SCALE)))
    return Ruling(index, tuple(sorted(vertical)), tuple(sorted(horizontal)))


def read_text_layer(data: bytes, name: str, pages: int) -> list[TextPage] | None:
    """Every page's words and rules, or None when the document must be read by OCR.

    The PDF has been checked by ``capture.pdf.plan_pdf`` (it opens, is not
    encrypted, has 1 to ``PDF_PAGES`` pages of paper size). Pages are taken
    one at a time and let go once read.
    """
    try:
        drawn = _drawn(data)
    except Exception as error:  # pdfium refused what plan_pdf opened: let OCR say why
        log.info("%s: the text objects do not read: %s", name, error)
        return None
    if len(drawn) != pages or any(page.invisible for page in drawn):
        return None
    import pdfplumber

    read: list[TextPage] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for index, page in enumerate(pdf.pages):
                try:
                    left, top = float(page.bbox[0]), float(page.bbox[1])
                    ruling = _ruling(page, index, left, top)
                    words = _words(page, index, left, top, ruling)
                    inked = _pictured(page) or drawn[index].segments >= OUTLINE_SEGMENTS
                    if not _usable(words, inked):
                        log.info("%s: page %d has no usable text layer: OCR", name, index + 1)
                        return None
                    read.append(TextPage(tuple(words), ruling, round(float(page.width) * SCALE),
                                         round(float(page.height) * SCALE)))
                finally:
                    page.close()
    except Exception as error:  # pdfminer raises many types on an odd file; OCR may still read it
        log.info("%s: pdfplumber failed: %s: %s", name, type(error).__name__, error)
        return None
    if len(read) != pages or sum(len(page.words) for page in read) < MIN_WORDS:
        return None
    return read


def _words(page: Any, index: int, left: float, top: float, ruling: Ruling) -> list[OcrWord]:
    """The page's words in 300-dpi pixels, each cut where a vertical rule crosses it."""
    found = []
    for word in page.extract_words(keep_blank_chars=False, use_text_flow=False,
                                   x_tolerance=LETTER_GAP, return_chars=True):
        chars = word.get("chars") or [word]
        group: list[dict[str, Any]] = []
        for char in chars:
            if group and _rule_between(group[-1], char, left, top, ruling):
                found.append(_word(group, index, left, top))
                group = []
            group.append(char)
        found.append(_word(group, index, left, top))
    return [word for word in found if word.text.strip()]


def _rule_between(before: dict[str, Any], after: dict[str, Any], left: float, top: float,
                  ruling: Ruling) -> bool:
    low = (float(before["x1"]) - left) * SCALE
    high = (float(after["x0"]) - left) * SCALE
    middle = ((float(before["top"]) + float(before["bottom"])) / 2 - top) * SCALE
    return any(low - 2 <= x <= high + 2 and y0 <= middle <= y1 for x, y0, y1 in ruling.vertical)


def _word(chars: Sequence[dict[str, Any]], index: int, left: float, top: float) -> OcrWord:
    x0 = min(float(c["x0"]) for c in chars) - left
    x1 = max(float(c["x1"]) for c in chars) - left
    y0 = min(float(c["top"]) for c in chars) - top
    y1 = max(float(c["bottom"]) for c in chars) - top
    return OcrWord(
        text=unicodedata.normalize("NFC", "".join(str(c["text"]) for c in chars)), confidence=1.0,
        left=round(x0 * SCALE), top=round(y0 * SCALE),
        width=max(1, round((x1 - x0) * SCALE)), height=max(1, round((y1 - y0) * SCALE)),
        page=index,
    )


def pictures(data: bytes, name: str, plan: PdfPlan) -> Iterator[np.ndarray[Any, Any]]:
    """Each page drawn at ``PICTURE_DPI`` (greyscale), one at a time, for the review screen."""
    ratio = PICTURE_DPI / plan.dpi
    small = PdfPlan(float(PICTURE_DPI), tuple(
        (max(1, round(w * ratio)), max(1, round(h * ratio))) for w, h in plan.sizes))
    for image in render_images(data, name, small):
        yield np.asarray(image)
