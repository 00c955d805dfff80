"""Evidence files: real type, size and EXIF time; every kind of bad file refused clearly."""

from __future__ import annotations

import io
import struct
import zlib
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hostile_pages import pdf_of
from PIL import Image

from borderdesk.capture.images import inspect_image, sha256_hex
from borderdesk.capture.pdf import inspect_pdf, page_count, render_pages
from borderdesk.capture.thumbnails import thumbnail
from borderdesk.errors import UserInputError


def jpeg(width: int = 64, height: int = 48, exif_time: str | None = None) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", (width, height), (200, 120, 40))
    exif = Image.Exif()
    if exif_time:
        exif.get_ifd(0x8769)[36867] = exif_time
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def png_bomb(side: int = 30_000) -> bytes:
    """A few hundred bytes of PNG whose header claims side x side pixels."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(
            ">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 100)) + chunk(b"IEND", b""))


def pdf_with_page() -> bytes:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument.new()
    document.new_page(595, 842)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def encrypted_pdf() -> bytes:
    """A PDF with a standard security handler whose user password is not empty."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        b"<< /Filter /Standard /V 1 /R 2 /Length 40 /P -4 /O <" + b"11" * 32
        + b"> /U <" + b"22" * 32 + b"> >>",
    ]
    return pdf_of(objects, f"/Encrypt 4 0 R /ID [<{'ab' * 16}> <{'ab' * 16}>] ")


def test_a_jpeg_is_recognised_by_its_bytes_with_its_size_and_exif_time() -> None:
    facts = inspect_image(jpeg(64, 48, "2026:11:20 08:30:00"), "gate.png")
    assert (facts.media_type, facts.width, facts.height) == ("image/jpeg", 64, 48)
    assert facts.exif_taken_at == datetime(2026, 11, 20, 8, 30,
                                           tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


def test_a_photo_without_exif_has_no_taken_time() -> None:
    assert inspect_image(jpeg()).exif_taken_at is None


def test_sha256_is_the_hex_digest() -> None:
    assert sha256_hex(b"abc").startswith("ba7816bf")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "is empty"),
        (b"plate 74C-123.45\n" * 10, "is not a JPEG, PNG, TIFF or PDF file"),
        (jpeg(400, 300)[:300], "damaged or truncated"),
        (b"%PDF-1.4\n1 0 obj garbage", "not a readable PDF"),
        (encrypted_pdf(), "is encrypted"),
    ],
    ids=["zero-byte", "text-named-jpg", "truncated-jpeg", "broken-pdf", "encrypted-pdf"],
)
def test_bad_files_are_refused_with_a_clear_message(data: bytes, message: str) -> None:
    with pytest.raises(UserInputError, match=message):
        inspect_image(data, "photo.jpg")


def test_a_30000_pixel_square_png_is_refused_without_decoding_it() -> None:
    # Decoding it would need 900 MB: the refusal comes from the header alone.
    with pytest.raises(UserInputError, match="too many pixels"):
        inspect_image(png_bomb(), "bomb.png")


def test_a_file_over_50_mb_is_refused() -> None:
    with pytest.raises(UserInputError, match="larger than 50 MB"):
        inspect_image(b"\xff\xd8\xff" + b"\x00" * (50 * 1024 * 1024))


def test_a_pdf_is_checked_and_rendered_at_300_dpi() -> None:
    data = pdf_with_page()
    assert inspect_image(data).media_type == "application/pdf"
    # The size recorded is the size rendered, to the pixel.
    assert inspect_pdf(data) == (2480, 3509)
    assert page_count(data) == 1
    page = Image.open(io.BytesIO(next(iter(render_pages(data)))))
    assert page.size == (2480, 3509)


def test_thumbnails_are_cached_and_leave_the_original_alone(tmp_path: Path) -> None:
    original = jpeg(640, 480)
    copy = bytes(original)
    first = thumbnail(original, 120, folder=tmp_path)
    assert Image.open(io.BytesIO(first)).size == (120, 90)
    cached = list(tmp_path.rglob("*.png"))
    assert len(cached) == 1 and sha256_hex(original) in cached[0].name
    assert thumbnail(original, 120, folder=tmp_path) == first
    assert original == copy


def test_a_pdf_thumbnail_shows_its_first_page(tmp_path: Path) -> None:
    png = thumbnail(pdf_with_page(), 100, folder=tmp_path)
    assert max(Image.open(io.BytesIO(png)).size) == 100


def test_a_16_bit_scan_has_a_thumbnail_that_shows_it(tmp_path: Path) -> None:
    import numpy as np

    ramp = np.tile(np.arange(0, 65536, 256, dtype=np.uint16), (64, 1))
    out = io.BytesIO()
    Image.fromarray(ramp).save(out, format="PNG")
    png = thumbnail(out.getvalue(), 64, folder=tmp_path)
    shown = np.asarray(Image.open(io.BytesIO(png)).convert("L"))
    assert shown.min() < 32 and shown.max() > 224  # the ramp, not a white square
