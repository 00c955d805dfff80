"""Hostile images and PDFs for ``ocr.pipeline.read_document``, small enough to OCR fast.

Images are drawn with PIL (PNG, JPEG, TIFF, GIF, BMP, WebP in odd modes and
shapes, a TIFF of many pages, a PNG whose header claims 100,000 x 100,000),
PDFs are written by hand (odd or huge MediaBox, many pages, missing objects,
JavaScript); then the bytes are cut or flipped. The property: a reading, or
a ``BorderDeskError`` on one line.
"""

from __future__ import annotations

import io
import struct
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from borderdesk.errors import BorderDeskError
from tests.fuzz.draws import Draw
from tests.fuzz.forms import byte_games
from tests.fuzz.harness import Outcome, one_line


@dataclass
class PageCase:
    """The bytes of one image or PDF and what they are."""

    data: bytes
    name: str
    mutations: list[str] = field(default_factory=list)


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(
        ">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


def claimed_png(width: int, height: int) -> bytes:
    """A PNG whose header says ``width`` x ``height`` over a few bytes of data."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header)
            + _png_chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + _png_chunk(b"IEND", b""))


def _image(draw: Draw) -> tuple[bytes, str, str]:
    from PIL import Image, ImageDraw

    width, height = draw.choice(((320, 120), (1, 1), (1, 4000), (4000, 1), (64, 64),
                                 (600, 200)))
    mode = draw.choice(("L", "L", "RGB", "1", "P", "RGBA", "CMYK", "I;16", "LA"))
    image = Image.new("RGB", (width, height), "white")
    ImageDraw.Draw(image).text((4, 4), "INVOICE 0901 KGM 5000", fill="black")
    image = image.convert("L").convert(mode) if mode == "I;16" else image.convert(mode)
    form = draw.choice(("PNG", "JPEG", "TIFF", "GIF", "BMP", "WEBP"))
    out = io.BytesIO()
    if form == "TIFF" and draw.chance(0.3):
        frames = draw.choice((3, 60, 1000))
        image.save(out, "TIFF", save_all=True, append_images=[image] * (frames - 1),
                   compression=draw.choice(("raw", "tiff_deflate", "packbits")))
        return out.getvalue(), "scan.tiff", f"TIFF of {frames} pages {width}x{height} {mode}"
    try:
        image.save(out, form)
    except (OSError, ValueError):  # a mode this format cannot hold: the format's usual one
        out = io.BytesIO()
        image.convert("RGB").save(out, form)
    return out.getvalue(), f"scan.{form.lower()}", f"{form} {width}x{height} {mode}"


def _pdf(objects: list[bytes]) -> bytes:
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, xref))
    return out.getvalue()


MEDIA_BOXES = (b"[0 0 612 792]", b"[0 0 200 100]", b"[0 0 14400 14400]", b"[0 0 0 0]",
               b"[0 0 -612 -792]", b"[0 0 1e30 1e30]", b"[0 0 612]", b"[0 0 3 99999]",
               b"[612 792 0 0]", b"(none)")


def hand_pdf(draw: Draw) -> tuple[bytes, str]:
    """A PDF written by hand: pages of text with the box, count and extras ``draw`` picks."""
    pages = draw.choice((1, 1, 2, 3, 51, 60))
    # Small boxes mostly: a letter page costs tesseract ~4 s, a case must stay under 10 s.
    box = draw.choice(MEDIA_BOXES) if pages == 1 or pages > 50 else MEDIA_BOXES[1]
    rotate = draw.choice((b"", b"/Rotate 90", b"/Rotate 45"))
    count = pages if draw.chance(0.9) else draw.choice((0, 10**9, -1))
    stream = b"BT /F1 12 Tf 20 40 Td (INVOICE 0901 KGM 5000) Tj ET"
    page_numbers = range(5, 5 + pages)
    kids = b" ".join(b"%d 0 R" % n for n in page_numbers)
    extra = b""
    if draw.chance(0.1):
        extra = b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R " + extra + b">>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox " + box + b" " + rotate
                + b" /Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>"
                for _ in page_numbers]
    if draw.chance(0.1):
        objects.pop()  # a page object the tree names is missing
    what = f"PDF of {pages} pages, Count {count}, MediaBox {box.decode()} {rotate.decode()}"
    return _pdf(objects), what


def page_case(draw: Draw) -> PageCase:
    """A hostile image or PDF."""
    kind = draw.integer(0, 9)
    if kind <= 4:
        data, name, what = _image(draw)
    elif kind <= 8:
        data, what = hand_pdf(draw)
        name = "scan.pdf"
    else:
        side = draw.choice((100_000, 65_535, 30_000))
        data, name, what = claimed_png(side, side), "bomb.png", f"PNG claiming {side}x{side}"
    done = [what]
    if draw.chance(0.3):
        data, games = byte_games(draw, data)
        done += games
    return PageCase(data, name, done)


def run_page_case(case: PageCase, folder: Path) -> Outcome:
    """OCR the case as ``borderdesk ocr`` does (real tesseract): ``read`` or ``refused``."""
    from borderdesk.config import load_settings
    from borderdesk.ocr.pipeline import read_document

    settings = load_settings()
    try:
        read_document(case.data, languages=settings.tesseract_languages,
                      tesseract_cmd=settings.tesseract_cmd, name=case.name)
    except BorderDeskError as error:
        return Outcome("refused", one_line(error))
    return Outcome("read")
