"""Scanned manifests that arrive as PDFs: opened, checked and rendered page by page.

The PDF itself is the evidence (stored as one blob); its pages are rendered
only to be read or shown. A PDF is a few KB of text that may ask for any
number of pixels, so nothing is rendered before every page's size is known:
a page larger than any paper is refused, and one resolution is chosen for
the whole document (300 dpi, less if needed, never below ``MIN_DPI``) so
that each page and all pages together stay within the limits of
``borderdesk.limits``. Pages are then rendered one at a time.
"""

from __future__ import annotations

import io
import logging
import math
import threading
from collections.abc import Iterator
from dataclasses import dataclass

from PIL import Image

from borderdesk.capture.images import check_size
from borderdesk.errors import UserInputError, excerpt
from borderdesk.i18n import _
from borderdesk.limits import DOCUMENT_PIXELS, MIN_DPI, PAGE_SIDE_MM, PDF_PAGES, READ_PIXELS

log = logging.getLogger("borderdesk.capture")

DPI = 300
"""The resolution pages are rendered at when the limits allow it."""
POINTS_PER_INCH = 72
MM_PER_INCH = 25.4

PDFIUM = threading.RLock()
"""pdfium is not thread-safe: every call into it, from any module, holds this lock."""


@dataclass(frozen=True)
class PdfPlan:
    """How a checked PDF will be rendered.

    Attributes:
        dpi: the one resolution of every page.
        sizes: each page's width and height in pixels at ``dpi``.
    """

    dpi: float
    sizes: tuple[tuple[int, int], ...]

    @property
    def pages(self) -> int:
        """How many pages the PDF has."""
        return len(self.sizes)


def _label(name: str) -> str:
    return excerpt(name) if name else _("The PDF")


def _mm(points: float) -> str:
    return f"{points / POINTS_PER_INCH * MM_PER_INCH:,.0f}"


def _open(data: bytes, name: str):  # type: ignore[no-untyped-def]
    import pypdfium2 as pdfium

    check_size(data, name)
    try:
        with PDFIUM:
            document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        log.info("%s: pdfium refused to open it: %s", name, error)
        if "password" in str(error).lower():
            raise UserInputError(
                _("{name} is encrypted: save it without a password and import it again.").format(
                    name=_label(name)
                )
            ) from None
        raise UserInputError(
            _("{name} is not a readable PDF: it is damaged or not a PDF.").format(
                name=_label(name))
        ) from None
    with PDFIUM:
        pages = len(document)
    if pages == 0:
        _close(document)
        raise UserInputError(_("{name} has no pages.").format(name=_label(name)))
    if pages > PDF_PAGES:
        _close(document)
        raise UserInputError(
            _("{name} has {pages} pages; at most {limit} can be read.").format(
                name=_label(name), pages=pages, limit=PDF_PAGES
            )
        )
    return document


def _close(document) -> None:  # type: ignore[no-untyped-def]
    with PDFIUM:
        document.close()


def _page_sizes(document, name: str) -> list[tuple[float, float]]:  # type: ignore[no-untyped-def]
    """Every page's width and height in points, each checked against ``PAGE_SIDE_MM``.

    pdfium gives a page's size from its boxes alone (rotation applied, an
    empty or upside-down MediaBox replaced by a default), without rendering it.
    """
    import pypdfium2 as pdfium

    largest = PAGE_SIDE_MM / MM_PER_INCH * POINTS_PER_INCH
    sizes = []
    with PDFIUM:
        pages = len(document)
        for index in range(pages):
            try:
                width, height = document.get_page_size(index)
            except pdfium.PdfiumError as error:
                log.info("%s: page %d has no size: %s", name, index + 1, error)
                raise _unrenderable(name, index) from None
            if not (math.isfinite(width) and math.isfinite(height)) or min(width, height) <= 0:
                raise UserInputError(_("{name}: page {page} has no size.").format(
                    name=_label(name), page=index + 1))
            if max(width, height) > largest:
                raise UserInputError(
                    _("{name}: page {page} is {width} × {height} mm; a page of at most "
                      "{limit} mm a side (A0) is read.").format(
                        name=_label(name), page=index + 1, width=_mm(width),
                        height=_mm(height), limit=f"{PAGE_SIDE_MM:,}"))
            sizes.append((width, height))
    return sizes


def choose_dpi(sizes: list[tuple[float, float]], name: str = "") -> float:
    """300 dpi, lowered so each page (``READ_PIXELS``) and all pages together fit the pixel limits.

    Args:
        sizes: each page's width and height in points.

    Raises:
        UserInputError: even ``MIN_DPI`` would go past the limits.
    """
    areas = [width * height / (POINTS_PER_INCH * POINTS_PER_INCH) for width, height in sizes]
    within = min(math.sqrt(READ_PIXELS / max(areas)), math.sqrt(DOCUMENT_PIXELS / sum(areas)))
    # Rounding a page's sides up adds a pixel to each: stay a little below the limits.
    dpi = min(float(DPI), math.floor(within * 0.999 * 100) / 100)
    if dpi < MIN_DPI:
        raise UserInputError(
            _("{name}: its {pages} pages are too large to read together: even at {dpi} dpi "
              "they would make more than {limit} million pixels. Split the PDF and read "
              "each part.").format(name=_label(name), pages=len(sizes), dpi=MIN_DPI,
                                   limit=DOCUMENT_PIXELS // 1_000_000))
    return dpi


def _pixels(points: float, dpi: float) -> int:
    return max(1, math.ceil(points * dpi / POINTS_PER_INCH))


def _plan(document, name: str) -> PdfPlan:  # type: ignore[no-untyped-def]
    sizes = _page_sizes(document, name)
    dpi = choose_dpi(sizes, name)
    return PdfPlan(dpi, tuple((_pixels(w, dpi), _pixels(h, dpi)) for w, h in sizes))


def plan_pdf(data: bytes, name: str = "") -> PdfPlan:
    """Check a PDF without rendering it: opens, not encrypted, 1 to ``PDF_PAGES`` pages of
    paper size, readable within the pixel limits at ``MIN_DPI`` or more.

    Raises:
        UserInputError: one line naming the file (and the page) and the problem.
    """
    document = _open(data, name)
    try:
        return _plan(document, name)
    finally:
        _close(document)


def inspect_pdf(data: bytes, name: str = "") -> tuple[int, int]:
    """Check a PDF as ``plan_pdf`` does.

    Returns:
        The first page's size in pixels at the resolution it will be rendered at.

    Raises:
        UserInputError: encrypted, broken, empty, too long or too large.
    """
    return plan_pdf(data, name).sizes[0]


def page_count(data: bytes, name: str = "") -> int:
    """How many pages a (checked) PDF has."""
    return plan_pdf(data, name).pages


def _unrenderable(name: str, index: int) -> UserInputError:
    return UserInputError(_("{name}: page {page} cannot be rendered: it is damaged.").format(
        name=_label(name), page=index + 1))


def render_images(
    data: bytes, name: str = "", plan: PdfPlan | None = None
) -> Iterator[Image.Image]:
    """Each page rendered at the plan's resolution as a greyscale image, one at a time.

    Args:
        data: the PDF's bytes.
        name: the file name, for the messages only.
        plan: ``plan_pdf(data)`` when the caller has it already.

    Raises:
        UserInputError: as ``plan_pdf``; a page that fails to render.
    """
    import pypdfium2 as pdfium

    document = _open(data, name)
    try:
        plan = plan or _plan(document, name)
        for index in range(plan.pages):
            # One page at a time under the lock: never held across a yield.
            with PDFIUM:
                try:
                    page = document[index]
                except pdfium.PdfiumError as error:
                    log.info("%s: page %d does not load: %s", name, index + 1, error)
                    raise _unrenderable(name, index) from None
                try:
                    bitmap = page.render(scale=plan.dpi / POINTS_PER_INCH, grayscale=True)
                    ready = [bitmap.to_pil().convert("L")]
                    bitmap.close()
                except (pdfium.PdfiumError, ValueError) as error:
                    log.info("%s: page %d does not render: %s", name, index + 1, error)
                    raise _unrenderable(name, index) from None
                finally:
                    page.close()
            # Handed over out of a list: this frame keeps no reference to the page while the
            # caller works on it, so only one rendered page is alive at a time.
            yield ready.pop()
    finally:
        _close(document)


def render_pages(data: bytes, name: str = "") -> Iterator[bytes]:
    """Each page rendered as ``render_images`` does, as PNG bytes (greyscale), one at a time.

    Raises:
        UserInputError: as ``render_images``.
    """
    for image in render_images(data, name):
        out = io.BytesIO()
        image.save(out, format="PNG")
        yield out.getvalue()
