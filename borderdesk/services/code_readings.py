"""Codes on a crossing's papers and goods, the driver's document and the booth cameras' readings,
offered to the officer.

Nothing here writes: a declaration number read from a code, a driver's name
read from a card, a plate read from a camera frame are offers that the
officer confirms in the form, and only the form's save writes them.

The codes of a piece of evidence are not stored beside it: evidence is never
modified, so decoding its blob again always gives the same payload, and a
hostile code (3 KB of control characters, a script) is never written anywhere.
One process keeps what it decoded by the blob's SHA-256.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import UUID

import numpy as np

from borderdesk.access.permissions import Action, require
from borderdesk.capture.images import PDF, sniff_media_type
from borderdesk.domain.officer import Actor
from borderdesk.errors import EnvironmentProblem, UserInputError
from borderdesk.i18n import _
from borderdesk.intake import read_handed_file
from borderdesk.limits import DOCUMENT_FILE_BYTES
from borderdesk.ocr.codes import CodeReading, declaration_numbers, read_codes, shown_payload
from borderdesk.ocr.engine import OcrEngine, default_engine
from borderdesk.ocr.travel_documents import DocumentReading, read_documents
from borderdesk.services.evidence import evidence_bytes, list_evidence
from borderdesk.storage.engine import Database

__all__ = [
    "CODE_PAGES", "CameraPlate", "CameraReading", "DeclarationNumberOffer", "DocumentReading",
    "EvidenceCodes", "PageCode", "camera_frame", "camera_reading", "codes_in_file",
    "declaration_number_offers", "driver_documents", "driver_documents_from_camera",
    "driver_documents_in_file", "driver_documents_in_path", "evidence_codes", "read_from_camera",
    "shown_payload",
]

CODE_PAGES = 20
"""Pages of one PDF searched for codes: a declaration and its annexes; later pages are not read."""
OFFER_FILES = 30
"""The crossing's newest files searched for a declaration number (a booth adds a dozen photos)."""
_KEPT = 64
"""Decoded evidence kept in memory, by SHA-256."""


@dataclass(frozen=True)
class PageCode:
    """A code found on a page (0 for a photo) of a file."""

    page: int
    reading: CodeReading


@dataclass(frozen=True)
class EvidenceCodes:
    """Every code on a piece of evidence, and the declaration numbers they hold."""

    sha256: str
    codes: tuple[PageCode, ...]
    declaration_numbers: tuple[str, ...]
    pages_read: int
    pages: int


@dataclass(frozen=True)
class DeclarationNumberOffer:
    """A declaration number read from a code on one of the crossing's files."""

    number: str
    sha256: str
    page: int


_cache: OrderedDict[str, EvidenceCodes] = OrderedDict()
_cache_lock = threading.Lock()


def codes_in_file(data: bytes, name: str = "",
                  cancelled: Callable[[], bool] | None = None) -> tuple[list[PageCode], int, int]:
    """The codes on a photo or on the first ``CODE_PAGES`` pages of a PDF.

    Returns:
        The codes, how many pages were read and how many the file has.

    Raises:
        UserInputError: not a JPEG/PNG/TIFF/PDF, damaged, too large (as evidence import says).
    """
    from borderdesk.ocr.pipeline import document_pages

    pages = document_pages(data, name)
    found: list[PageCode] = []
    read = 0
    try:
        for index, page in enumerate(pages.images):
            if index >= CODE_PAGES or (cancelled is not None and cancelled()):
                break
            found += [PageCode(index, reading) for reading in read_codes(page)]
            read += 1
    finally:
        pages.close()
    return found, read, pages.count


def evidence_codes(db: Database, actor: Actor, sha256: str) -> EvidenceCodes:
    """The codes on a crossing's photo or scan, each payload whole (shown escaped by the window).

    Raises:
        PermissionDenied: the role may not open crossings.
        UserInputError: no such evidence, or a file that cannot be read.
    """
    data = evidence_bytes(db, actor, sha256)
    with _cache_lock:
        if sha256 in _cache:
            _cache.move_to_end(sha256)
            return _cache[sha256]
    codes, read, count = codes_in_file(data)
    found = EvidenceCodes(sha256, tuple(codes),
                          tuple(declaration_numbers([c.reading for c in codes])), read, count)
    with _cache_lock:
        _cache[sha256] = found
        while len(_cache) > _KEPT:
            _cache.popitem(last=False)
    return found


def declaration_number_offers(db: Database, actor: Actor,
                              crossing_id: UUID) -> tuple[DeclarationNumberOffer, ...]:
    """Declaration numbers in the codes on the crossing's documents, newest file first.

    A file that cannot be read offers nothing (its problem was said when it was attached).

    Raises:
        PermissionDenied: the role may not open crossings.
    """
    require(actor.role, Action.VIEW_CROSSING)
    offers: dict[str, DeclarationNumberOffer] = {}
    for item in list(reversed(list_evidence(db, actor, crossing_id)))[:OFFER_FILES]:
        try:
            found = evidence_codes(db, actor, item.sha256)
        except UserInputError:
            continue
        for code in found.codes:
            for number in declaration_numbers([code.reading]):
                offers.setdefault(number, DeclarationNumberOffer(number, item.sha256, code.page))
    return tuple(offers.values())


# ---- The driver's documents and the booth's cameras, before there is a crossing


def _tesseract(command: str) -> OcrEngine | None:
    try:
        return default_engine(command)
    except EnvironmentProblem:
        return None


def driver_documents(actor: Actor, image: np.ndarray[Any, Any],
                     tesseract_cmd: str = "tesseract") -> list[DocumentReading]:
    """The driver's documents on a camera frame or a decoded photo, valid ones first.

    Raises:
        PermissionDenied: the role may not register arrivals.
        EnvironmentProblem: no CCCD code was found and tesseract cannot read the zone.
    """
    require(actor.role, Action.REGISTER_ARRIVAL)
    return read_documents(image, default_engine(tesseract_cmd))


def driver_documents_in_file(actor: Actor, data: bytes, name: str = "",
                             tesseract_cmd: str = "tesseract") -> list[DocumentReading]:
    """The driver's documents on a photo or on a PDF scan's first page.

    Raises:
        PermissionDenied: the role may not register arrivals.
        UserInputError: not an image or PDF that can be read.
    """
    require(actor.role, Action.REGISTER_ARRIVAL)
    if sniff_media_type(data) == PDF:
        from borderdesk.ocr.pipeline import document_pages

        pages = document_pages(data, name)
        try:
            image = next(pages.images)
        finally:
            pages.close()
    else:
        from borderdesk.services.identifier_readings import photo

        image = photo(data, name)
    return driver_documents(actor, image, tesseract_cmd)


def driver_documents_in_path(actor: Actor, path: Path,
                             tesseract_cmd: str = "tesseract") -> list[DocumentReading]:
    """``driver_documents_in_file`` on a file the officer chose (a FIFO or a folder refused).

    Raises:
        PermissionDenied: the role may not register arrivals.
        UserInputError: not a regular file, too large, not an image or PDF that can be read.
    """
    require(actor.role, Action.REGISTER_ARRIVAL)
    data = read_handed_file(path, DOCUMENT_FILE_BYTES)
    return driver_documents_in_file(actor, data, path.name, tesseract_cmd)


@dataclass(frozen=True)
class CameraPlate:
    """A plate read from a camera: as printed ("74C-123.45") and its country's alpha-2 code."""

    plate: str
    country: str


@dataclass(frozen=True)
class CameraReading:
    """What a booth camera's frame offers: plates and container numbers, best first."""

    plates: tuple[CameraPlate, ...]
    containers: tuple[str, ...]


def camera_reading(actor: Actor, frame: np.ndarray[Any, Any],
                   tesseract_cmd: str = "tesseract") -> CameraReading:
    """Valid plates and container numbers on a camera frame, best first.

    Only format-valid readings are offered from a camera: the officer is not
    looking at the picture while the form fills.

    Raises:
        PermissionDenied: the role may not register arrivals.
        UserInputError: the camera gave no picture.
    """
    require(actor.role, Action.REGISTER_ARRIVAL)
    if frame is None or not getattr(frame, "size", 0):
        raise UserInputError(_("The camera has not shown a picture yet."))
    from borderdesk.ocr.identify import identify

    found = identify(frame, _tesseract(tesseract_cmd))
    return CameraReading(
        plates=tuple(dict.fromkeys(CameraPlate(p.text, p.country)
                                   for p in found.plates if p.valid)),
        containers=tuple(dict.fromkeys(c.text for c in found.containers if c.valid)),
    )


FRAMES_TO_SETTLE = 5
"""Frames read before the one kept: a network camera hands out what it buffered first."""


def camera_frame(source: str, name: str = "") -> Any:
    """One fresh picture from a booth camera (a device number, an RTSP/HTTP address, a file).

    Raises:
        UserInputError: the camera does not answer or gives no picture.
    """
    from borderdesk.capture.camera import CameraSource

    capture = CameraSource(source).open()
    if capture is None:
        raise UserInputError(_("The camera {name} does not answer.").format(name=name or source))
    frame = None
    try:
        for _attempt in range(FRAMES_TO_SETTLE):
            ok, got = capture.read()
            if ok and got is not None:
                frame = got
    finally:
        capture.release()
    if frame is None:
        raise UserInputError(_("The camera has not shown a picture yet."))
    return frame


def read_from_camera(actor: Actor, source: str, name: str = "",
                     tesseract_cmd: str = "tesseract") -> CameraReading:
    """A snapshot of a booth camera read for plates and container numbers (see ``camera_reading``).

    Raises:
        PermissionDenied: the role may not register arrivals.
        UserInputError: the camera does not answer or gives no picture.
    """
    require(actor.role, Action.REGISTER_ARRIVAL)
    return camera_reading(actor, camera_frame(source, name), tesseract_cmd)


def driver_documents_from_camera(actor: Actor, source: str, name: str = "",
                                 tesseract_cmd: str = "tesseract") -> list[DocumentReading]:
    """A snapshot of a booth camera read for the driver's documents (see ``driver_documents``).

    Raises:
        PermissionDenied: the role may not register arrivals.
        UserInputError: the camera does not answer or gives no picture.
    """
    require(actor.role, Action.REGISTER_ARRIVAL)
    return driver_documents(actor, camera_frame(source, name), tesseract_cmd)
