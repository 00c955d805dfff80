"""Vietnamese truck plates from a plate photo: candidates checked by the plate's format.

A plate reads province (2 digits), series (1-2 letters, perhaps a digit) and
serial (4-5 digits): "74C-123.45". Where the format says a digit must stand,
O/I/B/S/Z become 0/1/8/5/2, and where a letter must, the reverse; nothing
else is changed. The same pattern as ``borderdesk.rules.identifiers`` (ocr
may not import rules; a test keeps the two in step).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from borderdesk.ocr.containers import TO_DIGIT, TO_LETTER
from borderdesk.ocr.engine import OcrEngine, read_text_variants

PLATE_SHAPE = re.compile(r"^(\d{2})([A-Z]{1,2}|[A-Z]\d)(\d{4,5})$")
"""A Vietnamese plate, compact: province, series (letters, or a letter and a digit), serial."""


@dataclass(frozen=True)
class PlateCandidate:
    """One possible reading of a plate.

    Attributes:
        plate: the display form ("74C-123.45") or the raw letters and digits.
        valid: whether it is a valid Vietnamese plate.
        votes: how many OCR readings gave it.
    """

    plate: str
    valid: bool
    votes: int


def _display(province: str, series: str, serial: str) -> str | None:
    if not 11 <= int(province) <= 99:
        return None
    body = f"{serial[:3]}.{serial[3:]}" if len(serial) == 5 else serial
    return f"{province}{series}-{body}"


def _shapes(compact: str) -> Iterable[tuple[str, str, str]]:
    """Ways to cut a reading into province, series and serial."""
    for series_len in (1, 2):
        for serial_len in (5, 4):
            if 2 + series_len + serial_len == len(compact):
                yield compact[:2], compact[2 : 2 + series_len], compact[2 + series_len :]


def correct(text: str) -> list[str]:
    """The valid plates a reading can be, after format-decided corrections."""
    compact = re.sub(r"[^A-Z0-9]", "", text.upper().replace("Đ", "D"))
    found: list[str] = []
    for raw_province, raw_series, raw_serial in _shapes(compact):
        province = raw_province.translate(TO_DIGIT)
        # The second series character may be a letter or a digit: left as read.
        series = raw_series[0].translate(TO_LETTER) + raw_series[1:]
        serial = raw_serial.translate(TO_DIGIT)
        if PLATE_SHAPE.match(province + series + serial):
            display = _display(province, series, serial)
            if display and display not in found:
                found.append(display)
    return found


def candidates(readings: Iterable[str]) -> list[PlateCandidate]:
    """Ranked plate readings: valid Vietnamese plates first, then by votes.

    A reading that fits no pattern is kept (uppercased, compact) as an
    invalid candidate, so a foreign plate is still offered.
    """
    votes: dict[str, int] = {}
    valid: dict[str, bool] = {}
    for reading in readings:
        # A two-row plate reads as two lines: the lines are joined.
        joined = " ".join(reading.split())
        options = [(p, True) for p in correct(joined)]
        if not options:
            compact = re.sub(r"[^A-Z0-9]", "", joined.upper())
            options = [(compact, False)] if len(compact) >= 4 else []
        for plate, ok in options:
            votes[plate] = votes.get(plate, 0) + 1
            valid[plate] = ok
    ranked = [PlateCandidate(p, valid[p], votes[p]) for p in votes]
    ranked.sort(key=lambda c: (not c.valid, -c.votes))
    return ranked


def read_plate(image: np.ndarray[Any, Any], engine: OcrEngine) -> list[PlateCandidate]:
    """Plate candidates from a plate photo or a crop of it (psm 7, 8 and 11; also inverted)."""
    return candidates(read_text_variants(image, engine, (7, 8, 11)))
