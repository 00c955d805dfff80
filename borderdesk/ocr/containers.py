"""Container numbers from a container-door photo, picked by their ISO 6346 check digit.

OCR confuses O/0, I/1, B/8, S/5 and Z/2. The format says which one a
position must be (letters in the owner code, digits in the serial), so only
there is a character corrected; the check digit then tells a right reading
from a wrong one. The officer is offered the candidates, never a silent pick.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
from stdnum import iso6346

from borderdesk.ocr.engine import OcrEngine, read_text_variants

TO_LETTER = str.maketrans({"0": "O", "1": "I", "8": "B", "5": "S", "2": "Z"})
TO_DIGIT = str.maketrans({"O": "0", "I": "1", "B": "8", "S": "5", "Z": "2", "Q": "0", "D": "0"})
_CATEGORY = "UJZ"
_SHAPE = re.compile(r"^[A-Z]{3}[UJZ]\d{7}$")


@dataclass(frozen=True)
class ContainerCandidate:
    """One possible reading of a container number.

    Attributes:
        number: 11 characters, compact ("CSQU3054383").
        valid: whether its ISO 6346 check digit is right.
        votes: how many OCR readings gave it.
    """

    number: str
    valid: bool
    votes: int


def correct(text: str) -> str | None:
    """An 11-character reading forced into the container shape, or None if it cannot be."""
    if len(text) != 11:
        return None
    owner = text[:4].translate(TO_LETTER)
    serial = text[4:].translate(TO_DIGIT)
    number = owner + serial
    return number if _SHAPE.match(number) else None


def _windows(text: str) -> Iterable[str]:
    compact = re.sub(r"[^A-Z0-9]", "", text.upper())
    for start in range(max(0, len(compact) - 10)):
        yield compact[start : start + 11]


def candidates(readings: Iterable[str]) -> list[ContainerCandidate]:
    """Ranked container numbers found in OCR readings: valid first, then by votes.

    Args:
        readings: raw OCR texts (one per engine mode or crop).
    """
    votes: dict[str, int] = {}
    order: list[str] = []
    for reading in readings:
        for line in reading.splitlines() or [reading]:
            # A number is often read with spaces ("CSQU 305438 3"): join the line first.
            for window in _windows(line):
                number = correct(window)
                if number is None:
                    continue
                if number not in votes:
                    order.append(number)
                votes[number] = votes.get(number, 0) + 1
    ranked = [ContainerCandidate(n, bool(iso6346.is_valid(n)), votes[n]) for n in order]
    ranked.sort(key=lambda c: (not c.valid, -c.votes))
    return ranked


def read_container(image: np.ndarray[Any, Any], engine: OcrEngine) -> list[ContainerCandidate]:
    """Container-number candidates from a door photo or a crop of it.

    The photo is read in several page-segmentation modes (a line, a word,
    sparse text) and, for light letters on a dark door, inverted too.
    """
    return candidates(read_text_variants(image, engine, (7, 11, 6)))
