"""Reading plates, container numbers, codes and driver documents from a photo, to offer.

The readings are candidates ranked by validity (the plate table of
``borderdesk.domain.plate_formats``, the ISO 6346 check digit) and agreement;
nothing is written from them: the officer types or confirms what is right.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

import numpy as np

from borderdesk.access.permissions import Action, require
from borderdesk.domain.officer import Actor
from borderdesk.errors import EnvironmentProblem, UserInputError
from borderdesk.i18n import _
from borderdesk.ocr.engine import OcrEngine, default_engine
from borderdesk.ocr.identify import ContainerReading, Identification, PlateReading, identify
from borderdesk.services.evidence import evidence_bytes
from borderdesk.storage.engine import Database

MAX_CANDIDATES = 5
PHOTO_PIXELS = 12_000_000
"""A photo larger than this (a 4000 x 3000 camera) is scaled down before it is read."""


@dataclass(frozen=True)
class PlateCandidate:
    """A plate offered to the officer.

    Attributes:
        plate: as printed ("74C-123.45", "SV 8332").
        country: ISO 3166 alpha-2 code of the format it matches.
        valid: whether it matches a plate format of its country.
        script_text: the plate's Lao or Thai line as read, shown beside.
    """

    plate: str
    country: str
    valid: bool
    confidence: float
    script_text: str = ""

    @property
    def label(self) -> str:
        """The plate with its country (and script line), as offered."""
        shown = f"{self.plate} ({self.country})" if self.country else self.plate
        return f"{shown} {self.script_text}" if self.script_text else shown


@dataclass(frozen=True)
class ContainerCandidate:
    """A container number offered to the officer, compact ("CSQU3054383")."""

    number: str
    valid: bool
    confidence: float


@dataclass(frozen=True)
class IdentifierReading:
    """Plate and container-number candidates read from one photo, best first."""

    plates: tuple[PlateCandidate, ...]
    containers: tuple[ContainerCandidate, ...]


def _second_opinion(tesseract_cmd: str) -> OcrEngine | None:
    try:
        return default_engine(tesseract_cmd)
    except EnvironmentProblem:
        # tesseract only confirms doubtful plates here: without it rapidocr still reads.
        return None


def _offered(found: Identification) -> IdentifierReading:
    return IdentifierReading(
        plates=tuple(PlateCandidate(p.text, p.country, p.valid, p.confidence, p.script_text)
                     for p in found.plates[:MAX_CANDIDATES]),
        containers=tuple(ContainerCandidate(c.text, c.valid, c.confidence)
                         for c in found.containers[:MAX_CANDIDATES]),
    )


def read_identifiers(
    db: Database, actor: Actor, sha256: str, tesseract_cmd: str = "tesseract"
) -> IdentifierReading:
    """Plate and container candidates from a photo of the crossing's evidence.

    No database transaction is held while the photo is read.

    Raises:
        PermissionDenied: the role may not attach evidence.
        UserInputError: no such evidence, or not an image that can be read.
    """
    require(actor.role, Action.ATTACH_EVIDENCE)
    data = evidence_bytes(db, actor, sha256)
    # A PDF scan is read on its first page: rendering the others would be work for nothing.
    from borderdesk.capture.images import PDF, sniff_media_type

    if sniff_media_type(data) == PDF:
        from borderdesk.ocr.pipeline import document_pages

        image = next(document_pages(data).images)
    else:
        image = photo(data)
    return _offered(identify(image, _second_opinion(tesseract_cmd)))


# ---- Public API: a photo file, with no crossing (``borderdesk identify``)

@dataclass(frozen=True)
class PhotoReading:
    """Everything ``borderdesk identify`` reports about one photo, each list best first."""

    plates: tuple[PlateReading, ...]
    containers: tuple[ContainerReading, ...]
    codes: tuple[Any, ...]
    documents: tuple[Any, ...]


def photo(data: bytes, name: str = "") -> np.ndarray[Any, Any]:
    """A JPEG, PNG or TIFF decoded upright in colour (BGR), refused as evidence import refuses.

    Raises:
        UserInputError: a PDF, not an image, truncated or damaged, or too many pixels.
    """
    from PIL import ImageOps

    from borderdesk.capture.images import PDF, open_image, sniff_media_type

    label = name or _("The file")
    kind = sniff_media_type(data)
    if kind == PDF:
        raise UserInputError(
            _("{name} is a PDF: read its pages with 'borderdesk ocr'.").format(name=label))
    if kind is None:
        raise UserInputError(_("{name} is not a JPEG, PNG or TIFF image.").format(name=label))
    image = open_image(data, name)
    try:
        upright = ImageOps.exif_transpose(image) or image
    except Exception:  # a broken EXIF orientation is no reason to refuse a photo
        upright = image
    if upright.width * upright.height > PHOTO_PIXELS:
        # Plates are found at a third of 1920 pixels anyway: a 60-megapixel photo read at
        # full size would cost memory and time for nothing.
        scale = (PHOTO_PIXELS / (upright.width * upright.height)) ** 0.5
        upright = upright.resize((int(upright.width * scale), int(upright.height * scale)))
    rgb = np.asarray(upright.convert("RGB"))
    return np.ascontiguousarray(rgb[:, :, ::-1])


def _optional_reader(module: str, function: str) -> Any:
    """A reader from a module that a gate's build may not have yet (codes, documents)."""
    try:
        return getattr(importlib.import_module(f"borderdesk.ocr.{module}"), function)
    except (ImportError, AttributeError):
        return None


def read_photo(data: bytes, name: str = "", tesseract_cmd: str = "tesseract") -> PhotoReading:
    """Plates, container numbers, codes and driver documents on a photo file.

    Raises:
        UserInputError: not an image that can be read (see ``photo``).
    """
    image = photo(data, name)
    tesseract = _second_opinion(tesseract_cmd)
    found = identify(image, tesseract)
    read_codes = _optional_reader("codes", "read_codes")
    read_documents = _optional_reader("travel_documents", "read_documents")
    codes = tuple(read_codes(image)) if read_codes else ()
    documents = (tuple(read_documents(image, tesseract)) if read_documents and tesseract
                 else ())
    return PhotoReading(found.plates, found.containers, codes, documents)
