"""The manifest: what OCR read from the paper (or a carrier exported), field by field.

Each field may carry a confidence between 0 and 1; a manifest typed by hand
has none. A correction by an officer is a new version, never an edit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

CONFIDENT = 0.9
"""A field read at this confidence or more needs no officer's look; below it the review marks it.

The reader earns it only when recognition, the column the field was placed in
and the document's own totals agree (docs/ocr-benchmark.md measures that no
wrong figure reaches it).
"""


@dataclass(frozen=True)
class ManifestLine:
    """One goods line as read; any field may be missing when OCR could not read it."""

    line_no: int
    description: str = ""
    hs_code: str = ""
    quantity: Decimal | None = None
    unit: str = ""
    gross_weight_kg: Decimal | None = None
    value: Decimal | None = None
    currency: str = ""
    origin_country: str | None = None
    confidence: Mapping[str, float] = field(default_factory=dict)
    """Field name -> confidence 0..1, for the fields OCR read."""


@dataclass(frozen=True)
class ManifestSource:
    """Where a manifest came from: the evidence image and the OCR engine that read it."""

    image_sha256: str = ""
    engine: str = ""
    engine_version: str = ""
    languages: str = ""


@dataclass(frozen=True)
class Disagreement:
    """A place where the document contradicts itself: a line sum against its total row ...

    Attributes:
        message: translated, for the officer ("The weights add up to 1,204.50 kg;
            the total row says 1,240.50 kg.").
        cells: the cells involved, as (line number, field); the line number is
            None for a header field or the total row.
    """

    message: str
    cells: tuple[tuple[int | None, str], ...] = ()


@dataclass(frozen=True)
class Manifest:
    """A manifest, invoice or packing list: header and goods lines."""

    document_no: str = ""
    date: date | None = None
    consignor: str = ""
    consignee: str = ""
    vehicle_plate: str = ""
    container_no: str = ""
    seal_no: str = ""
    lines: tuple[ManifestLine, ...] = ()
    confidence: Mapping[str, float] = field(default_factory=dict)
    """Header field name -> confidence 0..1."""
    source: ManifestSource | None = None
    warnings: tuple[str, ...] = ()
    """Translated remarks for the officer (no text found, page upside down ...)."""
    disagreements: tuple[Disagreement, ...] = ()
    """Where the document's own figures do not agree (totals, line numbers, unit weights)."""
