"""Small previews of evidence for galleries: derived, cached, never the evidence itself."""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from pathlib import Path

from PIL import Image

from borderdesk import paths
from borderdesk.capture.images import (
    PDF,
    deep_grey,
    greyscale,
    open_image,
    sha256_hex,
    sniff_media_type,
)
from borderdesk.errors import UserInputError
from borderdesk.i18n import _

MIN_SIZE, MAX_SIZE = 16, 2048


def _cache_file(sha256: str, size: int, folder: Path | None) -> Path:
    base = (folder or paths.cache_dir()) / "thumbnails" / sha256[:2]
    return base / f"{sha256}-{size}.png"


def check_thumbnail_size(size: int) -> None:
    """Refuse a thumbnail size out of range.

    Raises:
        UserInputError: below ``MIN_SIZE`` or above ``MAX_SIZE`` pixels.
    """
    if not MIN_SIZE <= size <= MAX_SIZE:
        raise UserInputError(
            _("A thumbnail is {low} to {high} pixels.").format(low=MIN_SIZE, high=MAX_SIZE)
        )


def make_thumbnail(data: bytes, size: int = 240) -> bytes:
    """A PNG whose longer side is at most ``size`` pixels, from an image or a PDF's first page.

    Raises:
        UserInputError: the size is out of range or the data is not evidence we read.
    """
    check_thumbnail_size(size)
    if sniff_media_type(data) == PDF:
        from borderdesk.capture.pdf import render_pages

        image: Image.Image = Image.open(io.BytesIO(next(iter(render_pages(data)))))
    else:
        image = open_image(data)
    if deep_grey(image):
        image = greyscale(image)  # 16-bit grey would clip to a white square
    return picture_thumbnail(image, size)


def picture_thumbnail(image: Image.Image, size: int) -> bytes:
    """A PNG of ``image`` whose longer side is at most ``size`` pixels."""
    image = image.convert("RGB") if image.mode not in ("L", "RGB") else image
    image.thumbnail((size, size), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def thumbnail(data: bytes, size: int = 240, folder: Path | None = None,
              make: Callable[[bytes, int], bytes] | None = None) -> bytes:
    """The cached thumbnail of ``data`` (made and cached on first use).

    Args:
        data: the original evidence bytes (left untouched).
        size: the longer side in pixels.
        folder: the cache folder (default: BorderDesk's cache folder).
        make: what draws it (default ``make_thumbnail``; a spreadsheet's is drawn by the
            service, which knows how to read one).
    """
    target = _cache_file(sha256_hex(data), size, folder)
    if target.exists():
        return target.read_bytes()
    png = (make or make_thumbnail)(data, size)
    target.parent.mkdir(parents=True, exist_ok=True)
    # Written beside and renamed, so a reader never sees half a file.
    partial = target.with_name(f"{target.name}.{os.getpid()}.part")
    partial.write_bytes(png)
    partial.replace(target)
    return png
