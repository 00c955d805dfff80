"""Reading a manifest from an image or a PDF: pages, preprocessing, OCR, layout, parsing.

The original bytes are never changed; each page's preprocessed image is
returned with the word boxes, which refer to it, so the review screen can
draw them. A PDF gives one manifest over all its pages.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import math
import os
import queue
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from PIL import Image

from borderdesk.capture.images import PDF, check_size, greyscale, open_image, sniff_media_type
from borderdesk.capture.pdf import plan_pdf, render_images
from borderdesk.domain.manifest import Manifest, ManifestSource
from borderdesk.errors import BorderDeskError, UserInputError, excerpt
from borderdesk.i18n import N_, _
from borderdesk.limits import READ_PIXELS
from borderdesk.ocr.engine import OcrEngine, default_engine
from borderdesk.ocr.layout import OcrWord, Ruling, rows_from_words
from borderdesk.ocr.normalize import read_number
from borderdesk.ocr.parse import parse_manifest
from borderdesk.ocr.preprocess import Preprocessed, find_rules, preprocess, rotate
from borderdesk.ocr.table import NUMERIC_FIELDS
from borderdesk.ocr.tone_marks import restore_tone_marks

log = logging.getLogger("borderdesk.ocr")

# Below this mean confidence a page may be upside down: tesseract's OSD is asked.
DOUBT_CONFIDENCE = 0.75
MIN_WORDS = 5

UPSIDE_DOWN = N_("Page {page} was upside down; it was turned and read again.")
NOT_AN_IMAGE = N_("{name} is not a JPEG, PNG, TIFF or PDF file.")


class OperationCancelled(BorderDeskError):
    """The officer cancelled the reading."""


@dataclass(frozen=True)
class Word:
    """A word on a preprocessed page, and the manifest field it went into (if any)."""

    text: str
    confidence: float
    left: int
    top: int
    width: int
    height: int
    line_no: int | None = None
    field: str | None = None


@dataclass(frozen=True)
class PageReading:
    """One page as read: the preprocessed greyscale image the boxes refer to, and its words."""

    image: np.ndarray[Any, Any] = dataclasses.field(compare=False, repr=False)
    width: int
    height: int
    words: tuple[Word, ...]
    steps: tuple[str, ...] = ()
    ruling: Ruling | None = None
    """The page's ruling lines in the image's pixels (none found: empty)."""

    def png(self) -> bytes:
        """The page image as PNG (encoded when asked: the command line never needs it)."""
        import cv2

        ok, encoded = cv2.imencode(".png", self.image)
        assert ok  # a uint8 greyscale array always encodes
        return bytes(encoded.tobytes())


@dataclass(frozen=True)
class DocumentReading:
    """The manifest read from a document, and each page's words."""

    manifest: Manifest
    pages: tuple[PageReading, ...]


# ---- Pages out of bytes


@dataclass(frozen=True)
class Pages:
    """The pages of a checked file, to be taken one at a time.

    Attributes:
        count: how many there are (known before any is rendered).
        images: each greyscale page, rendered or decoded when it is taken.
    """

    count: int
    images: Iterator[np.ndarray[Any, Any]]

    def close(self) -> None:
        """Let go of the document before its last page was taken (cancelled, failed)."""
        close = getattr(self.images, "close", None)
        if close is not None:
            close()


def document_pages(data: bytes, name: str = "") -> Pages:
    """The greyscale pages of an image or PDF file, checked as evidence import checks them.

    Every check that needs no pixels (size, type, a PDF's page count and page
    sizes, the resolution within the pixel limits) is made before this
    returns; each PDF page is then rendered only when it is taken, so a
    caller that lets go of a page before taking the next holds one at a time.

    Raises:
        UserInputError: empty, too large, not a JPEG/PNG/TIFF/PDF, damaged,
            a decompression bomb, an encrypted or broken PDF, a page larger
            than paper, more pixels than the limits allow.
    """
    check_size(data, name)
    media_type = sniff_media_type(data)
    if media_type == PDF:
        plan = plan_pdf(data, name)
        return Pages(plan.pages, _arrays(render_images(data, name, plan)))
    if media_type is None:
        raise UserInputError(_(NOT_AN_IMAGE).format(name=name or _("The file")))
    return Pages(1, iter([_upright_grey(data, name)]))


def _arrays(images: Iterator[Image.Image]) -> Iterator[np.ndarray[Any, Any]]:
    """Each page as an array, the rendered image let go before the array is handed over."""
    try:
        for image in images:
            array = np.asarray(image)
            del image
            ready = [array]
            del array
            yield ready.pop()
    finally:
        close = getattr(images, "close", None)
        if close is not None:
            close()


def _upright_grey(data: bytes, name: str) -> np.ndarray[Any, Any]:
    from PIL import ImageOps

    image = open_image(data, name)
    try:
        upright = ImageOps.exif_transpose(image) or image
    except Exception:  # a broken EXIF orientation is no reason to refuse a page
        upright = image
    grey = greyscale(upright)
    pixels = grey.width * grey.height
    if pixels > READ_PIXELS:
        # A 60-megapixel photo read at full size takes over a gigabyte in preprocessing; at
        # A3-at-300-dpi size its text is still large enough for tesseract.
        factor = math.sqrt(READ_PIXELS / pixels)
        grey = grey.resize((max(1, int(grey.width * factor)), max(1, int(grey.height * factor))),
                           Image.Resampling.BOX)
    return np.asarray(grey)


def page_images(data: bytes, name: str = "") -> list[np.ndarray[Any, Any]]:
    """All the greyscale pages of an image or PDF file, as ``document_pages`` checks them.

    Within the document pixel limit; a reader of many pages takes them one at a
    time from ``document_pages`` instead.
    """
    return list(document_pages(data, name).images)


# ---- Reading


def _score(words: list[OcrWord]) -> float:
    """How well a page read: the confidence summed over words with letters or digits."""
    return sum(w.confidence for w in words if any(c.isalnum() for c in w.text))


def _doubtful(words: list[OcrWord]) -> bool:
    real = [w for w in words if any(c.isalnum() for c in w.text)]
    if len(real) < MIN_WORDS:
        return True
    return sum(w.confidence for w in real) / len(real) < DOUBT_CONFIDENCE


EDGE_SPECK_HEIGHT = 1.3
"""A lone letter this many times the page's typical word height may be an edge's shadow..."""
EDGE_SPECK_CONFIDENCE = 0.6
"""... when tesseract is no surer of it than this."""
_RULE_MARKS = "|[]{}¦"
_SPECKS = _RULE_MARKS + "_~‘’'`.,:;-—–"


def without_rule_marks(words: list[OcrWord]) -> list[OcrWord]:
    """Words with the bits of table rules tesseract glued to them taken off.

    A rule the eraser missed on a photo reads as ``|`` beside a number
    ("3.482|"); the box shrinks with the text so the word stays in its column.
    Words of marks alone ("_", "~~") are specks of a rule or of dirt, and so is
    a lone, doubtful letter far taller than the page's words: the shadow of a
    photographed page's edge read as "i" or "ị".
    """
    kept: list[OcrWord] = []
    heights = sorted(w.height for w in words if w.height > 0)
    typical = heights[len(heights) // 2] if heights else 0
    for word in words:
        text = word.text.strip(_RULE_MARKS)
        if not text.strip(_SPECKS):
            # Only marks: a speck of a rule or of dirt, not a word.
            continue
        if (len(text) == 1 and word.confidence < EDGE_SPECK_CONFIDENCE
                and word.height >= EDGE_SPECK_HEIGHT * typical and 3 * word.width < word.height):
            continue
        if text == word.text:
            kept.append(word)
            continue
        per_char = word.width / max(1, len(word.text))
        cut_left = len(word.text) - len(word.text.lstrip(_RULE_MARKS))
        kept.append(replace(word, text=text, left=word.left + round(cut_left * per_char),
                            width=max(1, round(len(text) * per_char))))
    return kept


@dataclass(frozen=True)
class _PageRead:
    """What ``_read_page`` found on one page."""

    image: np.ndarray[Any, Any]
    """The page the boxes refer to (turned over if it was upside down)."""
    erased: np.ndarray[Any, Any]
    """The same with its rules erased, as tesseract read it."""
    words: list[OcrWord]
    ruling: Ruling
    turned: bool


def _read_page(engine: OcrEngine, page: Preprocessed, languages: str, index: int) -> _PageRead:
    """Words and rules of a page; a doubtful page that OSD finds upside down is read turned
    over too."""
    erased, ruling = find_rules(page.image)
    words = without_rule_marks(engine.read_words(erased, languages, psm=6, page=index))
    first = _PageRead(page.image, erased, words, replace(ruling, page=index), False)
    # Upside-down text still reads with ~0.5 confidence: the confidence alone cannot tell.
    # A page that reads well is upright: OSD (most of a second) is asked only in doubt.
    if not _doubtful(words) or engine.orientation(page.image) != 180:
        return first
    turned = rotate(page.image, 180)
    turned_erased, turned_ruling = find_rules(turned)
    turned_words = without_rule_marks(
        engine.read_words(turned_erased, languages, psm=6, page=index)
    )
    if _score(turned_words) > 1.5 * _score(words) + 1:
        return _PageRead(turned, turned_erased, turned_words,
                         replace(turned_ruling, page=index), True)
    return first


REREAD_BELOW = 0.8
"""A number cell read with less confidence than this is read again, digits only."""
REREAD_MIN = 0.85
"""The digits-only reading replaces the first only with at least this confidence."""


def reread_numbers(
    engine: OcrEngine, erased: np.ndarray[Any, Any], words: list[OcrWord],
    rulings: Sequence[Ruling] = (),
) -> list[OcrWord]:
    """A photo's words with doubtful quantity, weight and value cells read again, digits only.

    On a photo, tesseract drops or mistakes a number's mark ("4793596" for
    "47.935,96", "2975/07") and reads specks as letters; the same cell read
    alone with only digits, "." and "," allowed usually comes out right.
    The new reading is kept only when it is a number and surer than the first.
    ``erased`` is the page as tesseract read it (rules erased): a rule beside
    a cell would read as a "1". ``rulings`` are the page's rules, as the parser takes them.
    """
    parsed = parse_manifest(rows_from_words(words), rulings)
    lines = {line.line_no: line for line in parsed.manifest.lines}
    cells: dict[tuple[int, str], list[int]] = {}
    for index, (line_no, field) in sorted(parsed.word_fields.items()):
        if line_no is not None and field in NUMERIC_FIELDS:
            cells.setdefault((line_no, field), []).append(index)
    if not cells:
        return words
    result = list(words)
    dropped: set[int] = set()
    for (line_no, field), indexes in cells.items():
        before = lines[line_no].confidence.get(field, 0.0)
        if before >= REREAD_BELOW:
            continue
        cell = [words[i] for i in indexes]
        left, top = min(w.left for w in cell), min(w.top for w in cell)
        right, bottom = max(w.right for w in cell), max(w.bottom for w in cell)
        pad = max(4, (bottom - top) * 3 // 10)
        text, confidence = engine.read_digits(
            erased[max(0, top - pad):bottom + pad, max(0, left - pad):right + pad]
        )
        if confidence < max(REREAD_MIN, before) or read_number(text).value is None:
            continue
        result[indexes[0]] = replace(cell[0], text=text, confidence=confidence, left=left,
                                     top=top, width=right - left, height=bottom - top)
        dropped.update(indexes[1:])
    return [word for i, word in enumerate(result) if i not in dropped]


def _unreadable_page(name: str, index: int, error: Exception) -> UserInputError:
    """OpenCV refused a page's picture (a 1 x 100,000 strip): one line, the detail logged."""
    log.info("%s: page %d: OpenCV failed: %s", name, index + 1, " ".join(str(error).split()))
    return UserInputError(
        _("{name}: page {page} cannot be read: its picture has a shape or form the reader "
          "cannot work on.").format(name=excerpt(name) if name else _("The file"),
                                    page=index + 1))


def cancel_check(cancelled: Callable[[], bool] | None) -> Callable[[], None]:
    """What a reading calls between stages: it stops when the officer cancelled."""
    def check() -> None:
        if cancelled is not None and cancelled():
            raise OperationCancelled(_("The reading was cancelled."))

    return check


def reading_steps(progress: Callable[[int, int], None] | None,
          cancelled: Callable[[], bool] | None) -> Callable[[int, int], None]:
    """What a reading calls with (steps done, steps in all): the cancel first, then progress."""
    check = cancel_check(cancelled)

    def step(done: int, total: int) -> None:
        check()
        if progress is not None:
            progress(done, total)

    return step


def read_document(
    data: bytes,
    *,
    languages: str = "vie+eng",
    tesseract_cmd: str = "tesseract",
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    engine: OcrEngine | None = None,
    name: str = "",
) -> DocumentReading:
    """Read a manifest from the bytes of an image or a PDF.

    Args:
        data: the original file (left untouched).
        languages: tesseract languages ("vie+eng").
        tesseract_cmd: the tesseract command, for the default engine.
        progress: called with (steps done, steps in all) between stages.
        cancelled: asked between stages; True stops the reading.
        engine: the OCR engine (default: ``engine.default_engine``).
        name: the file name, for messages.

    Raises:
        UserInputError: the file is not an image or PDF we can read.
        EnvironmentProblem: tesseract or a language is missing.
        OperationCancelled: ``cancelled`` said so.
    """
    engine = engine or default_engine(tesseract_cmd)

    check = cancel_check(cancelled)
    step = reading_steps(progress, cancelled)

    step(0, 1)
    document = document_pages(data, name)
    total = 2 * document.count + 1
    step(0, total)
    try:
        read = _read_pages(engine, document, languages, name, check=check,
                           report=lambda done: step(done, total))
    finally:
        document.close()
    step(total - 1, total)
    words: list[OcrWord] = []
    page_words: list[tuple[int, int]] = []  # (first index, count) per page
    pages: list[tuple[np.ndarray[Any, Any], tuple[str, ...], Ruling]] = []
    warnings_: list[str] = []
    for index, page in enumerate(read):
        if page.turned:
            warnings_.append(_(UPSIDE_DOWN).format(page=index + 1))
        page_words.append((len(words), len(page.words)))
        words.extend(page.words)
        pages.append((page.image, page.steps, page.ruling))
    del read
    rulings = [ruling for *_, ruling in pages if ruling.vertical or ruling.horizontal]
    parsed = parse_manifest(rows_from_words(words), rulings)
    readings = []
    for (first, count), (image, steps, ruling) in zip(page_words, pages, strict=True):
        page_list = []
        for i in range(first, first + count):
            word = words[i]
            line_no, field = parsed.word_fields.get(i, (None, None))
            page_list.append(Word(word.text, word.confidence, word.left, word.top, word.width,
                                  word.height, line_no, field))
        readings.append(PageReading(image, int(image.shape[1]), int(image.shape[0]),
                                    tuple(page_list), steps, ruling))
    manifest = replace(
        parsed.manifest,
        source=ManifestSource(
            image_sha256=hashlib.sha256(data).hexdigest(), engine=engine.name,
            engine_version=engine.version(), languages=languages,
        ),
        warnings=tuple(warnings_) + tuple(parsed.manifest.warnings),
    )
    step(total, total)
    return DocumentReading(manifest, tuple(readings))


# ---- Pages read at once

MAX_PAGE_WORKERS = 2
"""Pages read at the same time, at most (and no more than the processor's cores).

tesseract reads one page on one core (``OMP_THREAD_LIMIT=1``) and lets go of
the GIL while it reads, so each worker thread reads a page with its own
tesseract; each holds one page in memory (rendered, preprocessed, erased).
"""
_POOL: list[ThreadPoolExecutor] = []
_POOL_LOCK = threading.Lock()
_POLL = 0.05
"""Seconds between two looks at ``cancelled`` while pages are being read."""


def page_workers() -> int:
    """How many pages are read at once on this computer."""
    return max(1, min(MAX_PAGE_WORKERS, os.cpu_count() or 1))


def _pool() -> ThreadPoolExecutor:
    """The worker threads, started once: each keeps its tesseract models loaded."""
    with _POOL_LOCK:
        if not _POOL:
            _POOL.append(ThreadPoolExecutor(page_workers(), thread_name_prefix="ocr-page"))
        return _POOL[0]


@dataclass(frozen=True)
class _Done:
    """A page fully read: the image its boxes refer to, its words, rules and steps."""

    image: np.ndarray[Any, Any]
    words: list[OcrWord]
    ruling: Ruling
    steps: tuple[str, ...]
    turned: bool


def _read_one(
    engine: OcrEngine, image: np.ndarray[Any, Any], *, languages: str, index: int, name: str,
    stop: threading.Event, stage_done: Callable[[], None],
) -> _Done:
    """Preprocess and read one page, in a worker thread; ``stop`` set: given up."""
    import cv2

    try:
        if stop.is_set():
            raise OperationCancelled(_("The reading was cancelled."))
        prepared = preprocess(image)
        # The page as rendered and its working copies are let go once read: only the
        # image the review screen shows is kept, within the document's pixel limit.
        del image
        stage_done()
        if stop.is_set():
            raise OperationCancelled(_("The reading was cancelled."))
        page = _read_page(engine, prepared, languages, index)
        found = page.words
        if prepared.photographed:
            # On a clean scan the numbers read right; re-reading them costs time.
            found = reread_numbers(engine, page.erased, found, [page.ruling])
        found = restore_tone_marks(engine, page.erased, found, languages)
    except cv2.error as error:
        raise _unreadable_page(name, index, error) from None
    stage_done()
    return _Done(page.image, found, page.ruling,
                 prepared.steps + (("turned 180",) if page.turned else ()), page.turned)


def _read_pages(
    engine: OcrEngine, document: Pages, languages: str, name: str, *,
    check: Callable[[], None], report: Callable[[int], None],
) -> list[_Done]:
    """Every page of ``document`` read, several at once, in page order.

    Pages are taken (rendered) in this thread one at a time, only when a
    worker is free, so no more pages are held than there are workers. Each
    finished stage (preprocessed, read) is reported here, in this thread, as
    ``report(stages done so far)``; ``check`` is asked between them and while
    waiting, and raises to stop. A page that fails stops the reading with its
    error once the pages before it are read, as if they were read one by one.
    """
    pool = _pool()
    stages: queue.SimpleQueue[int] = queue.SimpleQueue()
    stop = threading.Event()
    futures: list[Future[_Done]] = []
    done = 0

    def wait_for_a_stage() -> None:
        nonlocal done
        try:
            stages.get(timeout=_POLL)
        except queue.Empty:
            check()
            return
        done += 1
        while True:
            try:
                stages.get_nowait()
            except queue.Empty:
                break
            done += 1
        report(done)

    def busy() -> int:
        return sum(1 for future in futures if not future.done())

    def failed() -> bool:
        return any(future.done() and future.exception() is not None for future in futures)

    try:
        for index in range(document.count):
            while busy() >= page_workers():
                wait_for_a_stage()
            check()
            if failed():
                break
            image = next(document.images)
            futures.append(pool.submit(_read_one, engine, image, languages=languages,
                                       index=index, name=name, stop=stop,
                                       stage_done=lambda: stages.put(1)))
            # Not kept here: the worker lets go of the page once preprocessed.
            del image
        while busy():
            wait_for_a_stage()
    except BaseException:
        stop.set()
        raise
    # In page order: the first page that failed raises, as a one-by-one reading would.
    return [future.result() for future in futures]
