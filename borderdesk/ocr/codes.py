"""Barcodes and QR codes on declarations, invoices, ID cards and goods, read with zxing-cpp.

A payload is data from whoever printed the code: it is kept exactly as
decoded (UTF-8 Vietnamese intact) and never interpreted. What the officer
sees of it is ``shown_payload``: control characters escaped, the length cut.

A photo is read within a bound of pixels and time: a large one is read
scaled down first and, when that finds nothing, in overlapping tiles at
full resolution (a QR code on a declaration photographed from afar is too
small to survive the scaling), as many as the time bound allows.
"""

from __future__ import annotations

import math
import re
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

CODE_READ_PIXELS = 6_000_000
"""A photo is first read at most this large: a 1920x1080 camera frame is read as it is."""
TILE_SIDE = 2048
"""Side of a tile of a large photo read at full resolution."""
TILE_OVERLAP = 384
"""Tiles overlap by this much, so that a code on a seam lies whole in one of them."""
READ_SECONDS = 5.0
"""Tiles are read until this much time has passed: a huge photo costs seconds, not minutes."""
TURNS = (-10.0, 10.0)
"""Angles a photo that showed no code is turned by and read again (see ``read_codes``)."""
SHOWN_CHARACTERS = 600
"""What the officer is shown of a payload at most; the whole payload is kept."""

VNACCS_DECLARATION = re.compile(r"(?<!\d)([13]\d{11})(?!\d)")
"""A VNACCS declaration number: 12 digits, the first 1 (import) or 3 (export)."""


@dataclass(frozen=True)
class CodeReading:
    """One code found in an image.

    Attributes:
        format: the symbology as zxing-cpp names it ("QRCode", "Code128", "PDF417"...).
        text: the payload exactly as decoded (may hold anything its printer put there).
        box: ``(x, y, width, height)`` around the code, in the image's pixels.
    """

    format: str
    text: str
    box: tuple[int, int, int, int]

    @property
    def shown(self) -> str:
        """The payload as the officer may be shown it (see ``shown_payload``)."""
        return shown_payload(self.text)

    @property
    def plain(self) -> bool:
        """Whether the payload is plain text (no control characters besides line breaks)."""
        return not any(_hidden(c) for c in self.text if c not in "\n\t")


def _hidden(character: str) -> bool:
    """Characters that would act instead of show: controls, format marks (bidi overrides)."""
    return unicodedata.category(character) in ("Cc", "Cf", "Cs", "Co", "Cn")


def shown_payload(text: str, limit: int = SHOWN_CHARACTERS) -> str:
    """``text`` fit to put on screen: every hidden character as ``\\xNN``/``\\uNNNN``, cut with "…".

    A payload of control characters or a right-to-left override cannot
    rearrange or hide what the officer reads, nor a line break start a line
    that looks like the window's own; markup stays plain characters (the
    window shows it as plain text).
    """
    out: list[str] = []
    size = 0
    for character in text:
        if _hidden(character):
            code = ord(character)
            piece = f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
        else:
            piece = character
        if size + len(piece) > limit:
            out.append("…")
            break
        out.append(piece)
        size += len(piece)
    return "".join(out)


def declaration_numbers(readings: list[CodeReading]) -> list[str]:
    """VNACCS declaration numbers in the payloads, in the order the codes were found."""
    found: list[str] = []
    for reading in readings:
        for number in VNACCS_DECLARATION.findall(reading.text):
            if number not in found:
                found.append(number)
    return found


def read_codes(image: np.ndarray[Any, Any]) -> list[CodeReading]:
    """Every barcode and QR code in a BGR or greyscale image, best first.

    Best is the largest plain-text code (the one the officer photographed);
    a payload with control characters comes after the plain ones.
    """
    grey = _grey(image)
    height, width = grey.shape[:2]
    if height == 0 or width == 0:
        return []
    factor = min(1.0, math.sqrt(CODE_READ_PIXELS / (height * width)))
    first = _scaled(grey, factor)
    found = _read(first, 1.0 / factor, 0, 0, thorough=True)
    if not found:
        # A small or soft code (a phone photo from arm's length, a blurred camera frame):
        # sharpened, then at twice the size, zxing finds the module edges it missed.
        found = _read(_sharpened(first), 1.0 / factor, 0, 0, thorough=False)
    if not found and first.size * 4 <= CODE_READ_PIXELS:
        found = _read(_scaled(first, 2.0), 0.5 / factor, 0, 0, thorough=False)
    for angle in TURNS if not found else ():
        # zxing's PDF417 detector gives up past about 8 degrees of tilt: a declaration
        # photographed askew is read turned back by a few likely angles.
        found = _read_turned(first, angle, 1.0 / factor)
        if found:
            break
    if not found and factor < 1.0:
        deadline = time.monotonic() + READ_SECONDS
        for x, y in _tiles(width, height):
            found += _read(grey[y : y + TILE_SIDE, x : x + TILE_SIDE], 1.0, x, y, thorough=False)
            if time.monotonic() > deadline:
                break
    unique: dict[tuple[str, str], CodeReading] = {}
    for reading in found:
        unique.setdefault((reading.format, reading.text), reading)
    return sorted(unique.values(), key=lambda r: (not r.plain, -r.box[2] * r.box[3]))


def _grey(image: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    import cv2

    array = np.asarray(image)
    if array.dtype != np.uint8:
        array = cv2.normalize(array, None, 0, 255, cv2.NORM_MINMAX).astype(np.uint8)
    if array.ndim == 3 and array.shape[2] == 4:
        array = cv2.cvtColor(array, cv2.COLOR_BGRA2GRAY)
    elif array.ndim == 3 and array.shape[2] == 3:
        array = cv2.cvtColor(array, cv2.COLOR_BGR2GRAY)
    elif array.ndim == 3:
        array = array[:, :, 0]
    return np.ascontiguousarray(array)


def _scaled(grey: np.ndarray[Any, Any], factor: float) -> np.ndarray[Any, Any]:
    if factor == 1.0:
        return grey
    import cv2

    height, width = grey.shape[:2]
    size = (max(1, round(width * factor)), max(1, round(height * factor)))
    return cv2.resize(grey, size,
                      interpolation=cv2.INTER_AREA if factor < 1.0 else cv2.INTER_CUBIC)


def _read_turned(grey: np.ndarray[Any, Any], angle: float, scale: float) -> list[CodeReading]:
    """The codes of ``grey`` turned by ``angle`` degrees, their boxes mapped back onto it."""
    import cv2

    height, width = grey.shape[:2]
    turn = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    turned = cv2.warpAffine(grey, turn, (width, height), borderMode=cv2.BORDER_REPLICATE)
    back = cv2.invertAffineTransform(turn)
    readings = []
    for reading in _read(turned, 1.0, 0, 0, thorough=False):
        x, y, w, h = reading.box
        corners = np.array([[x, y, 1], [x + w, y, 1], [x + w, y + h, 1], [x, y + h, 1]], float)
        mapped = corners @ back.T
        x0, y0 = mapped.min(axis=0)
        x1, y1 = mapped.max(axis=0)
        readings.append(CodeReading(reading.format, reading.text, (
            round(x0 * scale), round(y0 * scale), max(1, round((x1 - x0) * scale)),
            max(1, round((y1 - y0) * scale)))))
    return readings


def _sharpened(grey: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    import cv2

    return cv2.addWeighted(grey, 1.8, cv2.GaussianBlur(grey, (0, 0), 2.0), -0.8, 0)


def _tiles(width: int, height: int) -> Iterator[tuple[int, int]]:
    step = TILE_SIDE - TILE_OVERLAP
    for y in range(0, max(1, height - TILE_OVERLAP), step):
        for x in range(0, max(1, width - TILE_OVERLAP), step):
            yield x, y


def _read(grey: np.ndarray[Any, Any], scale: float, left: int, top: int, *,
          thorough: bool) -> list[CodeReading]:
    """The codes of one image or tile; a tile is read without the rotated and inverted passes,
    which triple its time (a whole photo read first had them)."""
    import zxingcpp

    readings = []
    # Plain: the payload's characters as printed; the default spells control characters
    # out as "<NUL>", which would hide what the code really holds.
    for code in zxingcpp.read_barcodes(np.ascontiguousarray(grey), try_rotate=thorough,
                                       try_invert=thorough, text_mode=zxingcpp.TextMode.Plain):
        if not code.valid:
            continue
        position = code.position
        corners = (position.top_left, position.top_right,
                   position.bottom_right, position.bottom_left)
        xs = [p.x for p in corners]
        ys = [p.y for p in corners]
        x0, y0 = min(xs) * scale + left, min(ys) * scale + top
        box = (round(x0), round(y0), max(1, round((max(xs) - min(xs)) * scale)),
               max(1, round((max(ys) - min(ys)) * scale)))
        readings.append(CodeReading(code.format.name, code.text, box))
    return readings
