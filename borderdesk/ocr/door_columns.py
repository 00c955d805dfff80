"""Container numbers written down a door post, one letter under another.

The detector finds such letters one by one, or a few together in a tall box,
and misses some (a thin "1", the first letter against a hinge). The letters it
found give the column's pitch and slant; the gaps between them and the places
beyond its ends are then read one letter at a time, until a place holds no
letter or the column has the 11 characters of an ISO 6346 number.
"""

from __future__ import annotations

import itertools
import statistics
from dataclasses import dataclass
from typing import Any

import numpy as np

from borderdesk.domain.plate_formats import compact_plate
from borderdesk.ocr.text_regions import RegionReader, TextRegion

NUMBER_LENGTH = 11


@dataclass(frozen=True)
class _Letter:
    x: float  # centre
    y: float
    width: float
    height: float
    text: str
    confidence: float


def _letters(regions: list[TextRegion]) -> list[_Letter]:
    """Single-letter regions, and tall regions cut into as many letters as they read."""
    letters = []
    for region in regions:
        text = compact_plate(region.text)
        x, y, w, h = region.box
        if len(text) == 1:
            letters.append(_Letter(x + w / 2, y + h / 2, w, h, text, region.confidence))
        elif len(text) >= 2 and h >= 2.5 * w and not region.vertical:
            step = h / len(text)
            letters += [_Letter(x + w / 2, y + step * (k + 0.5), w, step, char, region.confidence)
                        for k, char in enumerate(text)]
    return letters


def _below(a: _Letter, b: _Letter) -> bool:
    gap = b.y - a.y
    return 0.5 * a.height < gap < 4.5 * a.height and abs(b.x - a.x) < 0.9 * max(a.width, b.width)


def _columns(letters: list[_Letter]) -> list[list[_Letter]]:
    columns: list[list[_Letter]] = []
    used: set[int] = set()
    order = sorted(range(len(letters)), key=lambda k: letters[k].y)
    for start in order:
        if start in used:
            continue
        column = [start]
        while True:
            nxt = [k for k in order if k not in column and k not in used
                   and _below(letters[column[-1]], letters[k])]
            if not nxt:
                break
            column.append(min(nxt, key=lambda k: letters[k].y))
        if len(column) >= 3:
            used.update(column)
            columns.append([letters[k] for k in column])
    return columns


def _read_letter(image: np.ndarray[Any, Any], place: tuple[float, float, float, float],
                 reader: RegionReader) -> tuple[str, float] | None:
    """The one letter centred at ``place`` (x, y, width, height), if a letter is there."""
    import cv2

    x, y, width, height = place

    left, top = int(x - 0.7 * width), int(y - 0.6 * height)
    right, bottom = int(x + 0.7 * width), int(y + 0.6 * height)
    if left < 0 or top < 0 or right > image.shape[1] or bottom > image.shape[0]:
        return None
    crop = image[top:bottom, left:right]
    if crop.size == 0:
        return None
    pad = max(2, int(height / 3))
    text, confidence = reader.read_line(
        cv2.copyMakeBorder(crop, pad, pad, pad, pad, cv2.BORDER_REPLICATE))
    letter = compact_plate(text)
    return (letter, confidence) if len(letter) == 1 and confidence >= 0.5 else None


def _walked(image: np.ndarray[Any, Any], column: list[_Letter],
            reader: RegionReader) -> TextRegion | None:
    steps = [b.y - a.y for a, b in itertools.pairwise(column)]
    pitch = statistics.median(s for s in steps if s <= 1.5 * min(steps))
    slant = (float(np.polyfit([c.y for c in column], [c.x for c in column], 1)[0])
             if len({c.y for c in column}) > 1 else 0.0)
    width = max(c.width for c in column)
    height = statistics.median(c.height for c in column)
    read = [(c.x, c.y, c.text, c.confidence) for c in column[:1]]
    for a, b in itertools.pairwise(column):
        missing = round((b.y - a.y) / pitch) - 1
        for k in range(1, missing + 1):
            y = a.y + k * (b.y - a.y) / (missing + 1)
            found = _read_letter(image, (a.x + slant * (y - a.y), y, width, height), reader)
            if found is None:
                return None  # a hole the column cannot explain: not one number
            read.append((a.x + slant * (y - a.y), y, *found))
        read.append((b.x, b.y, b.text, b.confidence))
    for direction in (-1, 1):
        while len(read) < NUMBER_LENGTH:
            end = read[0] if direction < 0 else read[-1]
            y = end[1] + direction * pitch
            x = end[0] + direction * slant * pitch
            found = _read_letter(image, (x, y, width, height), reader)
            if found is None:
                break
            if direction < 0:
                read.insert(0, (x, y, *found))
            else:
                read.append((x, y, *found))
    xs, ys = [r[0] for r in read], [r[1] for r in read]
    box = (int(min(xs) - width / 2), int(min(ys) - height / 2),
           int(max(xs) - min(xs) + width), int(max(ys) - min(ys) + height))
    return TextRegion("".join(r[2] for r in read), min(r[3] for r in read), box, vertical=True)


def column_readings(image: np.ndarray[Any, Any], regions: list[TextRegion],
                    reader: RegionReader) -> list[TextRegion]:
    """Each column of letters found on the photo, completed letter by letter and read down."""
    found = []
    for column in _columns(_letters(regions)):
        walked = _walked(image, column, reader)
        if walked is not None:
            found.append(walked)
    return found
