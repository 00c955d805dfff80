"""What an imported file really is: its type from its bytes, its size in pixels, its EXIF time.

Photos come from cameras, phones and scanners; a file's name says little.
The bytes are sniffed and the image fully decoded once, so a truncated
JPEG, a text file named ``.jpg`` or a decompression bomb is refused before
anything is stored.
"""

from __future__ import annotations

import hashlib
import io
import logging
import warnings
from dataclasses import dataclass
from datetime import datetime
from typing import cast
from zoneinfo import ZoneInfo

from PIL import ExifTags, Image, UnidentifiedImageError

from borderdesk.errors import UserInputError, excerpt
from borderdesk.i18n import _
from borderdesk.limits import DOCUMENT_FILE_BYTES, PAGE_PIXELS

log = logging.getLogger("borderdesk.capture")

GATE_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")

JPEG, PNG, TIFF, PDF = "image/jpeg", "image/png", "image/tiff", "application/pdf"
_PIL_TYPES = {"JPEG": JPEG, "PNG": PNG, "TIFF": TIFF, "MPO": JPEG}


@dataclass(frozen=True)
class ImageFacts:
    """What an evidence file is.

    Attributes:
        media_type: image/jpeg, image/png, image/tiff or application/pdf.
        width, height: pixels (of the first page at 300 dpi for a PDF).
        exif_taken_at: when the camera says it took the photo, aware, or None.
    """

    media_type: str
    width: int | None
    height: int | None
    exif_taken_at: datetime | None = None


def sha256_hex(data: bytes) -> str:
    """The SHA-256 of ``data`` in lowercase hex: the evidence's address."""
    return hashlib.sha256(data).hexdigest()


def sniff_media_type(data: bytes) -> str | None:
    """The media type the first bytes announce, or None for anything else."""
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data[:4] in (b"II*\x00", b"MM\x00*"):
        return TIFF
    if b"%PDF-" in data[:1024]:
        return PDF
    return None


def _label(name: str) -> str:
    return excerpt(name) if name else _("The file")


def check_size(data: bytes, name: str = "") -> None:
    """Refuse an empty file or one over ``DOCUMENT_FILE_BYTES``.

    Raises:
        UserInputError: naming the file.
    """
    if not data:
        raise UserInputError(_("{name} is empty (0 bytes).").format(name=_label(name)))
    if len(data) > DOCUMENT_FILE_BYTES:
        raise UserInputError(
            _("{name} is larger than {limit} MB.").format(
                name=_label(name), limit=DOCUMENT_FILE_BYTES // (1024 * 1024)
            )
        )


def open_image(data: bytes, name: str = "") -> Image.Image:
    """Decode a JPEG, PNG or TIFF completely, refusing bombs and damaged files.

    The header is read first and the pixel count checked before any pixel
    is decoded, so a 30,000 x 30,000 PNG is refused without allocating it.
    Of a multi-page TIFF only the first page is decoded.

    Raises:
        UserInputError: not an image Pillow can decode, damaged, or too large.
    """
    check_size(data, name)
    too_large = UserInputError(
        _("{name} has too many pixels (at most {limit} million): refused.").format(
            name=_label(name), limit=PAGE_PIXELS // 1_000_000
        )
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            # Pillow's other warnings on odd files (a palette's transparency) are no refusal.
            warnings.simplefilter("ignore", UserWarning)
            image = Image.open(io.BytesIO(data))
            if image.width * image.height > PAGE_PIXELS:
                raise too_large
            if image.width == 0 or image.height == 0:
                raise ValueError("no pixels")
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_large from None
    except UnidentifiedImageError:
        if sniff_media_type(data) is not None:
            # It starts as a PNG or a TIFF does, and Pillow still cannot make it out.
            raise UserInputError(
                _("{name} is damaged or truncated: it cannot be decoded.").format(
                    name=_label(name))
            ) from None
        raise UserInputError(
            _("{name} is not a JPEG, PNG, TIFF or PDF file.").format(name=_label(name))
        ) from None
    except UserInputError:
        raise
    except Exception as error:
        # Pillow's decoders raise many types on a damaged file (OSError, SyntaxError,
        # struct.error, IndexError, ...). Their English text stays in the log: the
        # officer reads what happened in their own language.
        log.info("%s: the image does not decode: %s: %s", name, type(error).__name__, error)
        raise UserInputError(
            _("{name} is damaged or truncated: it cannot be decoded.").format(
                name=_label(name))
        ) from None
    return image


def deep_grey(image: Image.Image) -> bool:
    """Whether ``image`` is 16- or 32-bit grey, which an 8-bit conversion clips to white."""
    return image.mode in ("I", "F") or image.mode.startswith("I;16")


def greyscale(image: Image.Image) -> Image.Image:
    """A decoded image as 8-bit grey ("L"), whatever its mode.

    Transparent parts are laid on white paper (a PNG's transparent
    background is black under its alpha), and 16- or 32-bit grey is scaled
    down rather than clipped to white.
    """
    if image.mode == "L":
        return image
    if deep_grey(image):
        deep = image.convert("F")
        low, high = cast(tuple[float, float], deep.getextrema())
        scale = 255 / max(1.0, high - low)
        return deep.point(lambda value: (value - low) * scale).convert("L")
    if image.mode == "P" and "transparency" in image.info:
        image = image.convert("RGBA")
    if image.mode in ("RGBA", "LA", "PA", "La", "RGBa"):
        image = image.convert("RGBA")
        paper = Image.new("RGBA", image.size, (255, 255, 255, 255))
        return Image.alpha_composite(paper, image).convert("L")
    return image.convert("L")


def _exif_time(image: Image.Image) -> datetime | None:
    """EXIF DateTimeOriginal as an aware time; without an offset, the gate's local time."""
    try:
        exif = image.getexif().get_ifd(ExifTags.IFD.Exif)
    except Exception:  # a broken EXIF block is no reason to refuse a photo
        return None
    raw = exif.get(ExifTags.Base.DateTimeOriginal)
    if not isinstance(raw, str):
        return None
    try:
        taken = datetime.strptime(raw.strip("\x00 "), "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    offset = exif.get(ExifTags.Base.OffsetTimeOriginal)
    if isinstance(offset, str):
        try:
            return datetime.strptime(f"{raw.strip()} {offset.strip()}", "%Y:%m:%d %H:%M:%S %z")
        except ValueError:
            pass
    return taken.replace(tzinfo=GATE_ZONE)


def inspect_image(data: bytes, name: str = "") -> ImageFacts:
    """The real type, pixel size and EXIF time of an evidence file, after decoding it fully.

    Args:
        data: the file's bytes.
        name: the file name, for the messages only.

    Raises:
        UserInputError: empty, too large, not a JPEG/PNG/TIFF/PDF, damaged,
            a decompression bomb, or an encrypted or broken PDF.
    """
    check_size(data, name)
    media_type = sniff_media_type(data)
    if media_type is None:
        raise UserInputError(
            _("{name} is not a JPEG, PNG, TIFF or PDF file.").format(name=_label(name))
        )
    if media_type == PDF:
        from borderdesk.capture.pdf import inspect_pdf

        width, height = inspect_pdf(data, name)
        return ImageFacts(PDF, width, height, None)
    image = open_image(data, name)
    media = _PIL_TYPES.get(image.format or "", media_type)
    return ImageFacts(media, image.width, image.height, _exif_time(image))
