"""Signed handoff bundles: what an export produced and what a bundle carries.

A bundle is one zip file that takes a handoff to a gate or an agency on
another system (format: ``docs/bundles.md``). Plain dataclasses, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from uuid import UUID


@dataclass(frozen=True)
class BundleInfo:
    """A bundle written by an export, or read by an import."""

    path: Path
    sha256: str
    """SHA-256 of the whole bundle file: how an importing database remembers it."""
    handoff_id: UUID
    items: int
    evidence_files: int
    signer_fingerprint: str
    """``custody.signing.fingerprint`` of the key that signed it, for a person to compare."""


@dataclass(frozen=True)
class BundleContainer:
    """A container on the truck, with its seals as registered at arrival."""

    container_no: str
    seal_nos: tuple[str, ...] = ()


@dataclass(frozen=True)
class BundleCrossing:
    """The crossing a handed-over item belongs to, as the exporting gate registered it."""

    crossing_id: UUID
    reference: str
    gate_code: str
    gate_name: str
    direction: str
    lane: str
    arrived_at: datetime
    status: str
    channel: str | None
    tractor_plate: str
    tractor_country: str
    trailer_plate: str = ""
    trailer_country: str = ""
    driver_name: str = ""
    driver_document_no: str = ""
    driver_nationality: str = ""
    carrier_name: str = ""
    note: str = ""
    containers: tuple[BundleContainer, ...] = ()


@dataclass(frozen=True)
class BundleFile:
    """One evidence file of a bundle, as ``bundle.json`` lists it (and the signature covers)."""

    name: str
    sha256: str
    size: int


@dataclass(frozen=True)
class BundleEvidence:
    """What the exporting gate knew of an evidence file besides its bytes."""

    sha256: str
    media_type: str
    width: int | None = None
    height: int | None = None
    kind: str = ""
    """The evidence kind on the exporting crossing (plate, cargo, seal ...)."""
    captured_at: datetime | None = None
    source: str = ""


@dataclass(frozen=True)
class BundleWorkstation:
    """A workstation of the exporting gate whose audit events the bundle's chain slice holds."""

    workstation_id: UUID
    name: str
    public_key: str
