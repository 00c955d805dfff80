"""Builders for declarations, manifests and watch lists the rules tests share."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from borderdesk.domain.declaration import (
    Declaration,
    DeclarationLine,
    DeclaredVehicle,
    OriginCertificate,
    Trader,
)
from borderdesk.domain.findings import CheckResult
from borderdesk.domain.manifest import Manifest, ManifestLine
from borderdesk.domain.watchlist import WatchLists
from borderdesk.rules.check import ArrivalFacts, check
from borderdesk.rules.hs import Nomenclature

NOMENCLATURE = Nomenclature.from_rows(
    [
        ("19", "Preparations of cereals", 2),
        ("1901", "Malt extract; food preparations of flour", 4),
        ("190110", "Preparations for infant use, put up for retail sale", 6),
        ("190120", "Mixes and doughs", 6),
        ("2106", "Food preparations n.e.c.", 4),
        ("210690", "Food preparations n.e.c.: other", 6),
        ("8517", "Telephone sets", 4),
        ("851713", "Smartphones", 6),
        ("851714", "Other telephones for cellular networks", 6),
        ("6403", "Footwear with outer soles of rubber and uppers of leather", 4),
        ("640399", "Footwear: other", 6),
        ("0803", "Bananas", 4),
        ("080390", "Bananas, other than plantains", 6),
        ("9303", "Other firearms", 4),
        ("930320", "Sporting shotguns", 6),
    ],
    [("851712", "Telephones for cellular networks", 6), ("8517", "Telephone sets", 4)],
)
CONTAINER = "CSQU3054383"
PLATE = "74C-123.45"


def d_line(line_no: int = 1, **changes: Any) -> DeclarationLine:
    base = DeclarationLine(
        line_no=line_no, hs_code="190110", description="Infant milk formula, 800 g tins",
        quantity=Decimal(1200), unit="TIN", gross_weight_kg=Decimal("1100.0"),
        value=Decimal("24000.0"), currency="USD", origin_country="TH",
    )
    return replace(base, **changes)


def m_line_of(line: DeclarationLine, line_no: int | None = None, **changes: Any) -> ManifestLine:
    base = ManifestLine(
        line_no=line.line_no if line_no is None else line_no, description=line.description,
        hs_code=line.hs_code, quantity=line.quantity, unit=line.unit,
        gross_weight_kg=line.gross_weight_kg, value=line.value, currency=line.currency,
        origin_country=line.origin_country,
    )
    return replace(base, **changes)


def declaration(*lines: DeclarationLine, **changes: Any) -> Declaration:
    base = Declaration(
        declaration_no="105123456789", type="import",
        declared_at=datetime(2026, 11, 20, 1, 30, tzinfo=UTC),
        trader=Trader("Cong ty TNHH ABC", "0101234567"),
        vehicle=DeclaredVehicle(PLATE, CONTAINER, "A123456"),
        origin_certificate=None, lines=lines or (d_line(),),
    )
    return replace(base, **changes)


def manifest_of(decl: Declaration, **changes: Any) -> Manifest:
    base = Manifest(
        document_no="INV-1", date=date(2026, 11, 19), vehicle_plate=decl.vehicle.plate,
        container_no=decl.vehicle.container_no, seal_no=decl.vehicle.seal_no,
        lines=tuple(m_line_of(line) for line in decl.lines),
    )
    return replace(base, **changes)


def certificate(**changes: Any) -> OriginCertificate:
    base = OriginCertificate("D", "TH-2026-000123", date(2026, 11, 18), "TH")
    return replace(base, **changes)


NO_LISTS = WatchLists()
ARRIVAL = ArrivalFacts(tractor_plate=PLATE, trailer_plate="74R-012.34",
                       container_nos=(CONTAINER,), seal_nos=("A123456",))


def run(
    decl: Declaration,
    manifest: Manifest | None = None,
    *,
    arrival: ArrivalFacts | None = ARRIVAL,
    watch_lists: WatchLists = NO_LISTS,
) -> CheckResult:
    return check(decl, manifest, arrival=arrival, watch_lists=watch_lists,
                 nomenclature=NOMENCLATURE)


def rules_of(result: CheckResult) -> list[str]:
    return [str(f.rule) for f in result.findings]
