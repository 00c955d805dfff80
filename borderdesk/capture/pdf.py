"""Scanned manifests that arrive as PDFs: opened, checked and rendered page by page.

The PDF itself is the evidence (stored as one blob); its pages are rendered
at 300 dpi only to be read or shown.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator

from PIL import Image

from borderdesk.capture.images import MAX_PIXELS, check_size
from borderdesk.errors import UserInputError
from borderdesk.i18n import _

DPI = 300
MAX_PAGES = 50

PDFIUM = threading.RLock()
"""pdfium is not thread-safe: every call into it, from any module, holds this lock."""


def _label(name: str) -> str:
    return name or _("The PDF")


def _open(data: bytes, name: str):  # type: ignore[no-untyped-def]
    import pypdfium2 as pdfium

    check_size(data, name)
    try:
        with PDFIUM:
            document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            raise UserInputError(
                _("{name} is encrypted: save it without a password and import it again.").format(
                    name=_label(name)
                )
            ) from None
        raise UserInputError(
            _("{name} is not a readable PDF ({reason}).").format(name=_label(name), reason=error)
        ) from None
    with PDFIUM:
        pages = len(document)
    if pages == 0:
        _close(document)
        raise UserInputError(_("{name} has no pages.").format(name=_label(name)))
    if pages > MAX_PAGES:
        _close(document)
        raise UserInputError(
            _("{name} has {pages} pages; at most {limit} can be read.").format(
                name=_label(name), pages=pages, limit=MAX_PAGES
            )
        )
    return document


def _close(document) -> None:  # type: ignore[no-untyped-def]
    with PDFIUM:
        document.close()


def _scale(width_pt: float, height_pt: float) -> float:
    """300 dpi, less for a page so large it would exceed the pixel limit."""
    scale = DPI / 72
    pixels = width_pt * height_pt * scale * scale
    if pixels > MAX_PIXELS:
        scale *= (MAX_PIXELS / pixels) ** 0.5
    return scale


def inspect_pdf(data: bytes, name: str = "") -> tuple[int, int]:
    """Check that a PDF opens, is not encrypted and has 1 to 50 pages.

    Returns:
        The first page's size in pixels at 300 dpi.

    Raises:
        UserInputError: encrypted, broken, empty or too long.
    """
    document = _open(data, name)
    try:
        with PDFIUM:
            width, height = document.get_page_size(0)
        scale = _scale(width, height)
        return round(width * scale), round(height * scale)
    finally:
        _close(document)


def page_count(data: bytes, name: str = "") -> int:
    """How many pages a (checked) PDF has."""
    document = _open(data, name)
    try:
        with PDFIUM:
            return len(document)
    finally:
        _close(document)


def render_images(data: bytes, name: str = "") -> Iterator[Image.Image]:
    """Each page rendered at 300 dpi as a greyscale image, one at a time.

    Raises:
        UserInputError: encrypted, broken, empty or too long; a page that
            fails to render.
    """
    import pypdfium2 as pdfium

    document = _open(data, name)
    try:
        with PDFIUM:
            pages = len(document)
        for index in range(pages):
            # One page at a time under the lock: never held across a yield.
            with PDFIUM:
                page = document[index]
                try:
                    width, height = page.get_size()
                    bitmap = page.render(scale=_scale(width, height), grayscale=True)
                    image = bitmap.to_pil().convert("L")
                except pdfium.PdfiumError as error:
                    raise UserInputError(
                        _("{name}: page {page} cannot be rendered ({reason}).").format(
                            name=_label(name), page=index + 1, reason=error
                        )
                    ) from None
                finally:
                    page.close()
            yield image
    finally:
        _close(document)


def render_pages(data: bytes, name: str = "") -> Iterator[bytes]:
    """Each page rendered at 300 dpi, as PNG bytes (greyscale), one at a time.

    Raises:
        UserInputError: as ``render_images``.
    """
    for image in render_images(data, name):
        out = io.BytesIO()
        image.save(out, format="PNG")
        yield out.getvalue()
