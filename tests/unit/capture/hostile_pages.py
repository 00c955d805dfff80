"""Images and PDFs a smuggler or a broken scanner could hand in, made on the spot.

Shared by the capture, OCR and CLI tests (the CLI tests put this folder on
``sys.path``, as test_cli_ocr does for the OCR pages).
"""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np
from PIL import Image, ImageDraw, ImageFont

INCH = 72
"""PDF units (points) per inch."""


def tiny_pdf(pages: int, box: str = "0 0 595 842", page_extra: str = "",
             catalog_extra: str = "") -> bytes:
    """A hand-written PDF of ``pages`` empty pages with this MediaBox: a few hundred bytes
    whatever size the pages claim."""
    objects = [
        f"<< /Type /Catalog /Pages 2 0 R {catalog_extra}>>".encode(),
        ("<< /Type /Pages /Kids [" + " ".join(f"{3 + i} 0 R" for i in range(pages))
         + f"] /Count {pages} >>").encode(),
    ]
    objects += [f"<< /Type /Page /Parent 2 0 R /MediaBox [{box}] {page_extra}>>".encode()
                for _ in range(pages)]
    return pdf_of(objects)


def pdf_of(objects: list[bytes], trailer_extra: str = "") -> bytes:
    """A PDF file of these objects (numbered from 1, the first the catalog), with its
    cross-reference table: the hand-written PDFs of the tests, byte for byte."""
    body = b"%PDF-1.4\n"
    offsets = []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(body))
        body += f"{number} 0 obj\n".encode() + content + b"\nendobj\n"
    xref = len(body)
    body += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    body += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    body += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R {trailer_extra}>>\n"
             f"startxref\n{xref}\n%%EOF\n").encode()
    return body


def huge_pages_pdf() -> bytes:
    """The issue's PDF: 50 pages of 200 x 200 inches in about 5 KB (7.4 GB once rendered)."""
    return tiny_pdf(50, f"0 0 {200 * INCH} {200 * INCH}")


def scanned_pdf(pages: int = 20) -> bytes:
    """A PDF of ``pages`` scanned manifest-like pages: pictures only, so they are OCR'd.

    A PDF with a text layer is read without OCR in a fraction of a second; a
    scan keeps tesseract busy for a second or more a page.
    """
    font = ImageFont.truetype("DejaVuSans.ttf", 22)
    sheets = []
    for page in range(pages):
        sheet = Image.new("L", (1240, 1754), 255)  # A4 at 150 dpi
        draw = ImageDraw.Draw(sheet)
        draw.text((80, 60), f"Manifest No: MN-2026-{page:04d}   Date: 20/11/2026", font=font)
        for row in range(50):
            draw.text((80, 110 + 30 * row), f"{row + 1:3d}  190110  Milk formula 800 g tins  "
                      f"{1200 + row:,}  TIN  {24000 + row * 7:,}.00  USD  TH", font=font)
        sheets.append(sheet)
    return _encoded(sheets[0], "PDF", save_all=True, append_images=sheets[1:], resolution=150)


def _encoded(image: Image.Image, fmt: str, **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, format=fmt, **options)
    return out.getvalue()


def _page(mode: str = "L", size: tuple[int, int] = (400, 200)) -> Image.Image:
    image = Image.new("L", size, 255)
    ImageDraw.Draw(image).text((10, 10), "HS 190110 Milk 1200 TIN", fill=0)
    return image if mode == "L" else image.convert(mode)


def _png_claiming(width: int, height: int) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 10)) + chunk(b"IEND", b""))


def _tiff_of_unknown_compression() -> bytes:
    data = bytearray(_encoded(_page(), "TIFF"))
    tag = data.find(struct.pack("<HHI", 259, 3, 1))  # Compression, SHORT, 1 value
    data[tag + 8:tag + 10] = struct.pack("<H", 9999)
    return bytes(data)


def many_page_tiff(pages: int = 1000) -> bytes:
    """A TIFF of ``pages`` small pages (each different, so none is skipped as a copy)."""
    frames = [_page(size=(120, 40)) for _ in range(pages)]
    return _encoded(frames[0], "TIFF", save_all=True, append_images=frames[1:],
                    compression="packbits")


def _palette_with_transparency() -> bytes:
    image = _page().convert("P")
    return _encoded(image, "PNG", transparency=255)


def _black_text_on_transparency() -> bytes:
    pixels = np.array(_page("RGBA"))
    pixels[..., 3] = np.where(pixels[..., 0] < 128, 255, 0)
    return _encoded(Image.fromarray(pixels, "RGBA"), "PNG")


JAVASCRIPT = "/OpenAction << /S /JavaScript /JS (app.alert\\('x'\\);) >>"


def hostile_pages() -> dict[str, bytes]:
    """Name -> bytes of each hostile or odd image and PDF the OCR must refuse or read."""
    return {
        "truncated.png": _encoded(_page(), "PNG")[:200],
        "truncated.jpg": _encoded(_page("RGB"), "JPEG")[:300],
        "empty.png": b"",
        "zero-by-zero.png": _png_claiming(0, 0),
        "strip-1x100000.png": _encoded(Image.new("L", (1, 100_000), 255), "PNG"),
        "strip-100000x1.png": _encoded(Image.new("L", (100_000, 1), 0), "PNG"),
        "grey-16-bit.png": _encoded(
            Image.fromarray(np.array(_page()).astype(np.uint16) * 257), "PNG"),
        "cmyk.jpg": _encoded(_page("CMYK"), "JPEG"),
        "cmyk.tif": _encoded(_page("CMYK"), "TIFF"),
        "palette.png": _encoded(_page().convert("P"), "PNG"),
        "palette-transparent.png": _palette_with_transparency(),
        "alpha.png": _black_text_on_transparency(),
        "grey-alpha.png": _encoded(_page("LA"), "PNG"),
        "one-bit.png": _encoded(_page("1"), "PNG"),
        "lzw.tif": _encoded(_page(), "TIFF", compression="tiff_lzw"),
        "group4.tif": _encoded(_page("1"), "TIFF", compression="group4"),
        "jpeg-in.tif": _encoded(_page("RGB"), "TIFF", compression="jpeg"),
        "unknown-compression.tif": _tiff_of_unknown_compression(),
        "float.tif": _encoded(Image.fromarray(np.array(_page()).astype(np.float32)), "TIFF"),
        "javascript.pdf": tiny_pdf(1, catalog_extra=JAVASCRIPT),
        "mediabox-0x0.pdf": tiny_pdf(1, "0 0 0 0"),
        "mediabox-negative.pdf": tiny_pdf(1, "0 0 -595 -842"),
        "huge-rotated.pdf": tiny_pdf(1, f"0 0 200 {300 * INCH}", page_extra="/Rotate 90"),
        "no-page-object.pdf": (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
                               b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
                               b"trailer << /Root 1 0 R >>\n%%EOF"),
    }
