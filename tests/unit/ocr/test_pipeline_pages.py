"""A document of several pages: its pages read at once on the worker threads, the same
manifest as one at a time, with progress, cancel and a page's error as before."""

from __future__ import annotations

import io
import itertools
import threading
import time
from dataclasses import replace
from typing import Any

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from borderdesk.errors import UserInputError
from borderdesk.ocr import pipeline
from borderdesk.ocr.engine import OcrEngine, default_engine
from borderdesk.ocr.layout import OcrWord
from borderdesk.ocr.pipeline import OperationCancelled, read_document

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
GOODS = (("190110", "Milk formula", "1,200", "TIN", "24,000.00"),
         ("090111", "Coffee beans", "300", "BAG", "54,000.50"),
         ("100630", "Jasmine rice", "850", "BAG", "17,850.00"),
         ("170114", "Cane sugar", "410", "BAG", "9,840.00"),
         ("081060", "Fresh durians", "95", "CTN", "5,890.00"),
         ("852872", "LCD television", "40", "PCE", "6,600.00"))


def _three_page_pdf() -> bytes:
    """A packing list over three pages (A4-wide, 200 dpi), two goods lines on each."""
    pages = []
    big, small = ImageFont.truetype(FONT, 40), ImageFont.truetype(FONT, 32)
    for number in range(3):
        image = Image.new("L", (1650, 900), 255)
        draw = ImageDraw.Draw(image)
        if number == 0:
            draw.text((80, 60), "Packing List No: PL-2026-0316   Date: 20/11/2026", font=big,
                      fill=0)
            draw.text((80, 130), "Container No: CSQU3054383", font=big, fill=0)
        rows = [("HS Code", "Description", "Quantity", "Unit", "Value (USD)"),
                *GOODS[2 * number:2 * number + 2]]
        for r, row in enumerate(rows):
            for x, text in zip((80, 330, 800, 1050, 1250), row, strict=True):
                draw.text((x, 260 + 80 * r), text, font=small, fill=0)
        pages.append(image)
    out = io.BytesIO()
    pages[0].save(out, format="PDF", resolution=200, save_all=True, append_images=pages[1:])
    return out.getvalue()


class _Watched:
    """An engine that notes when each page's reading ran, and in which thread."""

    def __init__(self, inner: OcrEngine) -> None:
        self.inner = inner
        self.name = inner.name
        self.readings: list[tuple[int, float, float, str]] = []
        self.lock = threading.Lock()

    def read_words(self, image: np.ndarray[Any, Any], languages: str, psm: int = 6,
                   page: int = 0) -> list[OcrWord]:
        started = time.perf_counter()
        words = self.inner.read_words(image, languages, psm, page)
        with self.lock:
            self.readings.append((page, started, time.perf_counter(),
                                  threading.current_thread().name))
        return words

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


@pytest.fixture
def workers(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Set how many pages are read at once (a fresh pool of worker threads)."""

    def use(count: int) -> None:
        monkeypatch.setattr(pipeline, "MAX_PAGE_WORKERS", count)
        monkeypatch.setattr(pipeline, "page_workers", lambda: count)
        monkeypatch.setattr(pipeline, "_POOL", [])

    yield use
    for pool in pipeline._POOL:
        pool.shutdown()


def _without_confidence(manifest: Any) -> Any:
    return replace(manifest, lines=tuple(replace(line, confidence={}) for line in manifest.lines))


def test_the_pages_are_read_at_once_and_give_the_manifest_read_one_at_a_time(
        workers: Any) -> None:
    pdf = _three_page_pdf()
    workers(1)
    alone = _Watched(default_engine())
    one_by_one = read_document(pdf, engine=alone)
    workers(2)
    together = _Watched(default_engine())
    at_once = read_document(pdf, engine=together)
    assert [line.hs_code for line in at_once.manifest.lines] == [g[0] for g in GOODS]
    assert at_once.manifest == one_by_one.manifest
    assert [page.words for page in at_once.pages] == [page.words for page in one_by_one.pages]
    # One at a time: each page's reading ended before the next began, in one thread.
    spans = sorted(alone.readings, key=lambda r: r[1])
    assert all(before[2] <= after[1] for before, after in itertools.pairwise(spans))
    # At once: two threads, and a page read while another was being read.
    assert len({thread for *_, thread in together.readings}) == 2
    spans = sorted(together.readings, key=lambda r: r[1])
    assert any(after[1] < before[2] for before, after in itertools.pairwise(spans))


def test_progress_goes_from_0_to_the_end_in_order_over_the_pages(workers: Any) -> None:
    workers(2)
    seen: list[tuple[int, int]] = []
    read_document(_three_page_pdf(), progress=lambda done, total: seen.append((done, total)))
    total = 2 * 3 + 1
    assert seen[0] == (0, 1) and seen[1] == (0, total) and seen[-1] == (total, total)
    done = [d for d, t in seen[1:]]
    assert {t for _, t in seen[1:]} == {total}
    assert done == sorted(done) and set(done) == set(range(total + 1))


def test_cancel_stops_a_reading_of_several_pages(workers: Any) -> None:
    workers(2)
    engine = _Watched(default_engine())
    seen: list[tuple[int, int]] = []
    started = time.perf_counter()
    with pytest.raises(OperationCancelled):
        read_document(_three_page_pdf(), engine=engine,
                      progress=lambda done, total: seen.append((done, total)),
                      cancelled=lambda: any(done >= 2 for done, _ in seen[1:]))
    stopped = time.perf_counter() - started
    # Stopped as soon as the first pages' stage was done: the third page was never read.
    time.sleep(0.2)
    assert max(done for done, _ in seen) < 2 * 3
    assert 2 not in {page for page, *_ in engine.readings}
    assert stopped < 30


class _FailingOn:
    """An engine that fails as OpenCV does on some pages (a picture it cannot work on)."""

    def __init__(self, pages: set[int]) -> None:
        self.inner = default_engine()
        self.name = self.inner.name
        self.pages = pages

    def read_words(self, image: np.ndarray[Any, Any], languages: str, psm: int = 6,
                   page: int = 0) -> list[OcrWord]:
        import cv2

        if page in self.pages:
            raise cv2.error("resize.cpp:4065: error: (-215:Assertion failed) !ssize.empty()")
        return self.inner.read_words(image, languages, psm, page)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def test_the_first_page_that_fails_is_named_as_when_pages_were_read_one_by_one(
        workers: Any) -> None:
    workers(2)
    with pytest.raises(UserInputError, match=r"^list\.pdf: page 2 cannot be read"):
        read_document(_three_page_pdf(), engine=_FailingOn({1, 2}), name="list.pdf")
