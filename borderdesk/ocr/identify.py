"""Plates and container numbers on a whole truck or container-door photo: find, then read.

The text regions that rapidocr finds are read one by one, then also joined
with their neighbours (a number split into "CSQU", "305438", "3"; a
two-line plate; letters stacked down a door post), and every joined text is
tried against ISO 6346 and the plate table (``borderdesk.domain.plate_formats``).

A region that makes a valid ISO 6346 number is a container number and is
never offered as a plate, nor is anything on its line. Candidates are
ranked by format validity, the recogniser's confidence and agreement (the
same value read from several regions, or by tesseract too). Nothing here
writes anything: the officer confirms.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from stdnum import iso6346

from borderdesk.domain.plate_formats import FORMATS_BY_COUNTRY, compact_plate, plate_matches
from borderdesk.ocr import containers, plates
from borderdesk.ocr.door_columns import column_readings
from borderdesk.ocr.engine import OcrEngine
from borderdesk.ocr.text_regions import RegionReader, TextRegion, shared_reader, unstack

Box = tuple[int, int, int, int]
_OWNER_CODE = re.compile(r"[A-Z]{3}[UJZ]")
_SCRIPTS = {"lao": (0x0E80, 0x0EFF), "tha": (0x0E00, 0x0E7F)}
_CJK_FIRST, _CJK_LAST = "\u4e00", "\u9fff"
SECOND_OPINION_BELOW = 0.9
"""A plate read with less confidence than this is read by tesseract too."""


@dataclass(frozen=True)
class PlateReading:
    """One plate candidate.

    Attributes:
        text: the plate's Latin part as printed ("74C-123.45", "SV 8332").
        country: ISO 3166 alpha-2 code of the format it matches ("" if none).
        valid: whether it matches a plate format of the table.
        confidence: 0..1, the recogniser's, raised by agreement.
        box: ``(x, y, width, height)`` in the photo's pixels.
        script_text: the plate's Lao or Thai line as tesseract read it, shown beside.
        unreadable: what of this plate cannot be read (a msgid), for the officer.
    """

    text: str
    country: str
    valid: bool
    confidence: float
    box: Box
    script_text: str = ""
    unreadable: str = ""


@dataclass(frozen=True)
class ContainerReading:
    """One container-number candidate: 11 characters, compact ("CSQU3054383")."""

    text: str
    valid: bool
    confidence: float
    box: Box


@dataclass(frozen=True)
class Identification:
    """What a photo shows, each list best first."""

    plates: tuple[PlateReading, ...] = ()
    containers: tuple[ContainerReading, ...] = ()
    regions: tuple[TextRegion, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class _Source:
    text: str
    confidence: float
    box: Box
    members: frozenset[int]


def _union(boxes: Iterable[Box]) -> Box:
    listed = list(boxes)
    x0 = min(b[0] for b in listed)
    y0 = min(b[1] for b in listed)
    x1 = max(b[0] + b[2] for b in listed)
    y1 = max(b[1] + b[3] for b in listed)
    return (x0, y0, x1 - x0, y1 - y0)


def _same_line(a: Box, b: Box) -> bool:
    """``b`` continues the line of ``a`` to its right."""
    ha, hb = a[3], b[3]
    if not 0.6 <= hb / max(ha, 1) <= 1.6:
        return False
    centre_gap = abs((a[1] + ha / 2) - (b[1] + hb / 2))
    gap = b[0] - (a[0] + a[2])
    return centre_gap < 0.5 * min(ha, hb) and -0.5 * ha < gap < 2.0 * ha


def _below(a: Box, b: Box) -> bool:
    """``b`` is the next line under ``a``, overlapping it sideways (two-line plates)."""
    gap = b[1] - (a[1] + a[3])
    overlap = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
    return -0.6 * a[3] < gap < 0.8 * a[3] and overlap > 0.5 * min(a[2], b[2])


def _sources(regions: list[TextRegion]) -> Iterator[_Source]:
    """Each region, and the joins of neighbours that one marking may be split into (columns
    of letters are ``door_columns``'s)."""
    boxes = [r.box for r in regions]
    for i, region in enumerate(regions):
        yield _Source(region.text, region.confidence, region.box, frozenset({i}))
    order = sorted(range(len(regions)), key=lambda k: boxes[k][0])
    for i in order:
        chain = [i]
        while len(chain) < 4:
            nxt = [k for k in order if k not in chain and _same_line(boxes[chain[-1]], boxes[k])]
            if not nxt:
                break
            chain.append(min(nxt, key=lambda k: boxes[k][0]))
            yield _joined(regions, chain, " ")
        for k in range(len(regions)):
            if k != i and _below(boxes[i], boxes[k]):
                yield _joined(regions, [i, k], " ")


def _joined(regions: list[TextRegion], members: list[int], sep: str) -> _Source:
    return _Source(
        sep.join(regions[k].text for k in members),
        min(regions[k].confidence for k in members),
        _union(regions[k].box for k in members),
        frozenset(members),
    )


def _vertical_regions(
    image: np.ndarray[Any, Any], regions: list[TextRegion], reader: RegionReader
) -> list[TextRegion]:
    """Columns of letters (a container number down a door post) completed letter by letter,
    and tall narrow regions laid out as one line and read again."""
    found = column_readings(image, regions, reader)
    tall = [r.box for r in regions if r.box[3] >= 3 * r.box[2] and r.box[3] >= 60]
    for box in tall:
        x, y, w, h = _clipped(box, image.shape)
        if w < 4 or h < 8:
            continue
        line = unstack(image[y : y + h, x : x + w])
        if line is None:
            continue
        text, confidence = reader.read_line(line)
        if text:
            found.append(TextRegion(text, confidence, (x, y, w, h), vertical=True))
    return found


def _clipped(box: Box, shape: tuple[int, ...]) -> Box:
    x0, y0 = max(0, box[0]), max(0, box[1])
    x1, y1 = min(shape[1], box[0] + box[2]), min(shape[0], box[1] + box[3])
    return (x0, y0, max(0, x1 - x0), max(0, y1 - y0))


_OWNER_AND_SERIAL = re.compile(r"[A-Z]{3}[UJZ]\d{6}")


def _check_digit_regions(
    image: np.ndarray[Any, Any], regions: list[TextRegion], reader: RegionReader
) -> list[TextRegion]:
    """Owner code and serial read without the boxed check digit beside them: the line is
    straightened, lengthened to the right and read again, and the box's inside read alone
    (the box around the digit often hides it from the detector, or turns "0" into "回")."""
    found = []
    for region in regions:
        compact = containers.correct(compact_plate(region.text) + "0")
        if compact is None or not _OWNER_AND_SERIAL.fullmatch(compact[:10]) or not region.quad:
            continue
        line, end = _lengthened(image, region.quad)
        text, confidence = reader.read_line(line)
        if text:
            found.append(TextRegion(text, confidence, region.box))
        inside = _inside_box(line, end - line.shape[0], line.shape[0])
        if inside is not None:
            digit, sure = reader.read_line(inside)
            if len(compact_plate(digit)) == 1:
                found.append(TextRegion(f"{region.text} {digit}", min(sure, region.confidence),
                                        region.box))
    return found


def _lengthened(
    image: np.ndarray[Any, Any], quad: tuple[tuple[float, float], ...]
) -> tuple[np.ndarray[Any, Any], int]:
    """The region's line straightened and reaching 1.6 line heights further right, with the
    x where the found region ended."""
    import cv2

    top_left, top_right, bottom_right, bottom_left = (np.array(p, np.float32) for p in quad)
    length = float(np.linalg.norm(top_right - top_left)) or 1.0
    height = float(np.linalg.norm(bottom_left - top_left)) or 1.0
    along = (top_right - top_left) / length
    reach = along * 1.6 * height
    source = np.array([top_left, top_right + reach, bottom_right + reach, bottom_left], np.float32)
    width = int(length + 1.6 * height)
    target = np.array([[0, 0], [width, 0], [width, int(height)], [0, int(height)]], np.float32)
    warp = cv2.getPerspectiveTransform(source, target)
    line = cv2.warpPerspective(image, warp, (width, int(height)), borderMode=cv2.BORDER_REPLICATE)
    return np.asarray(line), int(length)


def _inside_box(crop: np.ndarray[Any, Any], start: int, height: int) -> np.ndarray[Any, Any] | None:
    """What a drawn box right of ``start`` holds (the check digit), the box's lines painted
    over with the door's colour."""
    import cv2

    grey = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY)
    _t, ink = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    if np.count_nonzero(ink) > ink.size / 2:
        ink = 255 - ink
    contours, _h = cv2.findContours(ink, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    for contour in contours:
        x, y, w, h = cv2.boundingRect(contour)
        if x >= start and 0.4 * height <= h <= 1.0 * height and 0.25 * height <= w <= height:
            cell = crop[y : y + h, x : x + w].copy()
            outline = np.zeros(cell.shape[:2], np.uint8)
            cv2.drawContours(outline, [contour - np.array([x, y])], -1, 255,
                             max(2, w // 8))
            door = np.median(cell[ink[y : y + h, x : x + w] == 0], axis=0)
            cell[outline > 0] = door
            pad = h // 3
            return np.asarray(cv2.copyMakeBorder(cell, pad, pad, pad, pad,
                                                 cv2.BORDER_CONSTANT, value=door.tolist()))
    return None


def _container_readings(sources: list[_Source]) -> tuple[list[ContainerReading], set[int]]:
    best: dict[str, ContainerReading] = {}
    votes: dict[str, int] = {}
    # The regions of each number: those of the smallest join that gives it (a longer join
    # may have swept a plate on the same line along).
    members: dict[str, frozenset[int]] = {}
    for source in sources:
        # Compatibility forms count as what they show: "⑧" is an 8, "Ｕ" a U.
        for candidate in containers.candidates([compact_plate(source.text)]):
            if not candidate.valid:
                continue
            known_members = members.get(candidate.number)
            if known_members is None or len(source.members) < len(known_members):
                members[candidate.number] = source.members
            votes[candidate.number] = votes.get(candidate.number, 0) + 1
            known = best.get(candidate.number)
            if known is None or source.confidence > known.confidence:
                best[candidate.number] = ContainerReading(
                    candidate.number, True, source.confidence, source.box)
    ranked = sorted(best.values(), key=lambda c: -(c.confidence + 0.1 * votes[c.text]))
    used = set().union(*members.values()) if members else set()
    return ranked, used


def _plate_options(text: str) -> list[tuple[str, str]]:
    """``(plate as printed, country)`` for every format a reading fits, likeliest first."""
    compact = compact_plate(text)
    if not 5 <= len(compact) <= 10:
        return []
    options = [(display, plate_format.country)
               for plate_format, display in plate_matches(compact)]
    if any(_CJK_FIRST <= c <= _CJK_LAST for c in text):
        # A Chinese province character read beside the Latin part says which plate this is.
        options.sort(key=lambda option: option[1] != "CN")
    # Vietnamese plates are also tried with the letter/digit confusions their format decides.
    for display in plates.correct(compact):
        if (display, "VN") not in options:
            options.append((display, "VN"))
    return options


def _near_container_text(source: _Source, sources: list[_Source]) -> bool:
    """Whether digits sit on a line with an owner code (a misread container serial, which
    would pass for a Thai plate)."""
    if not compact_plate(source.text).isdigit():
        return False
    return any(
        _OWNER_CODE.search(compact_plate(other.text)) and source.members <= other.members
        and len(other.members) > len(source.members)
        for other in sources
    ) or bool(_OWNER_CODE.search(compact_plate(source.text)))


def _plate_readings(
    regions: list[TextRegion], sources: list[_Source], container_regions: set[int]
) -> list[PlateReading]:
    scores: dict[tuple[str, str], float] = {}
    boxes: dict[tuple[str, str], Box] = {}
    confidences: dict[tuple[str, str], float] = {}
    upright = {k for k, r in enumerate(regions) if r.vertical or r.box[3] >= 2.5 * r.box[2]}
    for source in sources:
        # Letters written down a door are a container's, never a plate's.
        if (source.members & (container_regions | upright)
                or _near_container_text(source, sources)):
            continue
        for rank, (display, country) in enumerate(_plate_options(source.text)):
            key = (display, country)
            # A reading's second-likeliest format starts a little behind its first.
            confidence = source.confidence - 0.01 * rank
            # The same plate from another region or join counts as agreement.
            scores[key] = scores.get(key, 0.0) + confidence
            if confidence >= confidences.get(key, -1.0):
                confidences[key] = confidence
                boxes[key] = source.box
    # Each further region or join that gives the same plate raises it a little.
    raised = {key: min(0.999, confidences[key] + 0.05 * (scores[key] / max(confidences[key], 0.01)
                                                         - 1)) for key in scores}
    ranked = sorted(scores, key=lambda k: -raised[k])
    return [
        PlateReading(display, country, True, round(raised[(display, country)], 3),
                     boxes[(display, country)],
                     unreadable=FORMATS_BY_COUNTRY[country][0].unreadable)
        for display, country in ranked
    ]


def _script_line(
    image: np.ndarray[Any, Any], box: Box, language: str, tesseract: OcrEngine
) -> str:
    """The Lao or Thai writing just above and below a plate's Latin line, as tesseract reads it."""
    x, y, w, h = box
    top, bottom = max(0, y - int(1.4 * h)), min(image.shape[0], y + h + int(1.4 * h))
    left, right = max(0, x - h // 2), min(image.shape[1], x + w + h // 2)
    low, high = _SCRIPTS[language]
    text = tesseract.read_text(image[top:bottom, left:right], language, psm=6)
    kept = "".join(c if low <= ord(c) <= high or c.isspace() else " " for c in text)
    return " ".join(kept.split())


def _second_opinion(
    image: np.ndarray[Any, Any], box: Box, tesseract: OcrEngine
) -> list[tuple[str, str]]:
    x, y, w, h = box
    pad = max(2, h // 4)
    crop = image[max(0, y - pad) : y + h + pad, max(0, x - pad) : x + w + pad]
    return _plate_options(tesseract.read_text(crop, "eng", psm=7))


def identify(
    image: np.ndarray[Any, Any],
    tesseract: OcrEngine | None = None,
    reader: RegionReader | None = None,
) -> Identification:
    """Plate and container-number candidates on a BGR photo, best first.

    Args:
        image: the photo, BGR (as OpenCV loads it) or greyscale.
        tesseract: a second opinion on doubtful plates and the reader of a Lao or
            Thai script line; without it only rapidocr reads.
        reader: the region reader (the process's shared one by default).
    """
    import cv2

    if image.ndim == 2:
        image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    elif image.shape[2] == 4:
        image = cv2.cvtColor(image, cv2.COLOR_BGRA2BGR)
    reader = reader or shared_reader()
    regions, found_plates, found_containers = _read(image, reader.find_and_read(image), reader)
    if not any(p.valid for p in found_plates):
        # A plate far from the camera is too small for the detector's view of the whole
        # photo: look again, closer.
        closer = _read(image, reader.find_and_read_closer(image), reader)
        if any(p.valid for p in closer[1]) or len(closer[2]) > len(found_containers):
            regions, found_plates, found_containers = closer
    if tesseract is not None:
        found_plates = _with_tesseract(image, found_plates, tesseract)
    return Identification(tuple(found_plates), tuple(found_containers), tuple(regions))


def _read(
    image: np.ndarray[Any, Any], regions: list[TextRegion], reader: RegionReader
) -> tuple[list[TextRegion], list[PlateReading], list[ContainerReading]]:
    regions = regions + _vertical_regions(image, regions, reader)
    regions += _check_digit_regions(image, regions, reader)
    sources = list(_sources(regions))
    found_containers, container_regions = _container_readings(sources)
    return regions, _plate_readings(regions, sources, container_regions), found_containers


def _with_tesseract(
    image: np.ndarray[Any, Any], found: list[PlateReading], tesseract: OcrEngine
) -> list[PlateReading]:
    """Doubtful plates re-read by tesseract; Lao and Thai plates get their script line."""
    result = []
    for index, plate in enumerate(found):
        checked = plate
        if (index < 3 and plate.confidence < SECOND_OPINION_BELOW
                and (plate.text, plate.country) in _second_opinion(image, plate.box, tesseract)):
            checked = replace(plate, confidence=round(min(1.0, plate.confidence + 0.1), 3))
        script = FORMATS_BY_COUNTRY[plate.country][0].script if plate.valid else ""
        if index < 2 and script:
            line = _script_line(image, plate.box, script, tesseract)
            # A letter or two is what tesseract makes of a plain background.
            if len(line.replace(" ", "")) >= 2:
                checked = replace(checked, script_text=line)
        result.append(checked)
    result.sort(key=lambda p: -p.confidence)
    return result


def is_container_number(text: str) -> bool:
    """Whether a reading is a valid ISO 6346 number (and so never a plate)."""
    return bool(iso6346.is_valid(compact_plate(text)))
