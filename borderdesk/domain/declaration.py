"""The electronic customs declaration, as DESIGN.md's declaration JSON describes it.

Numbers are ``Decimal`` so that a quantity or value is compared exactly as
it was declared; HS codes are digits only; countries ISO 3166 alpha-2.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal


@dataclass(frozen=True)
class Trader:
    """The declaring trader."""

    name: str
    tax_code: str = ""


@dataclass(frozen=True)
class DeclaredVehicle:
    """The vehicle, container and seal the declaration names."""

    plate: str = ""
    container_no: str = ""
    seal_no: str = ""


@dataclass(frozen=True)
class OriginCertificate:
    """A certificate of origin (Form D, E, AK, AJ, VJ, EUR.1 ...) or an origin declaration."""

    form: str
    number: str
    issued_at: date
    origin_country: str


@dataclass(frozen=True)
class LineCost:
    """Cost data for a regional-value-content check, build-down or build-up.

    Build-down uses ``non_originating_materials``; build-up uses the
    originating materials, labour, overhead, profit and other costs.
    """

    fob: Decimal
    non_originating_materials: Decimal | None = None
    originating_materials: Decimal | None = None
    direct_labour: Decimal | None = None
    direct_overhead: Decimal | None = None
    profit: Decimal | None = None
    other: Decimal | None = None


@dataclass(frozen=True)
class DeclarationLine:
    """One goods line of a declaration."""

    line_no: int
    hs_code: str
    description: str
    quantity: Decimal
    unit: str
    gross_weight_kg: Decimal | None = None
    value: Decimal | None = None
    currency: str = "USD"
    origin_country: str | None = None
    preference: str | None = None
    cost: LineCost | None = None


@dataclass(frozen=True)
class Declaration:
    """An electronic declaration: header, origin certificate and goods lines."""

    declaration_no: str
    type: str
    """import, export or transit."""
    declared_at: datetime
    trader: Trader
    vehicle: DeclaredVehicle
    origin_certificate: OriginCertificate | None
    lines: tuple[DeclarationLine, ...]
