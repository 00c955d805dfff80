"""The watch lists against a crossing: prohibited and licensed goods, brands, flagged parties.

Goods are looked up on the declared lines and on the manifest lines (an
undeclared manifest line of prohibited goods is a hit too, once).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from borderdesk.domain.declaration import Declaration
from borderdesk.domain.findings import Finding, Rule, Severity
from borderdesk.domain.manifest import Manifest
from borderdesk.domain.phrase import Phrase
from borderdesk.domain.watchlist import FlaggedParty, PartyKind, WatchedBrand, WatchLists
from borderdesk.i18n import N_
from borderdesk.rules.hs import clean_hs_code
from borderdesk.rules.identifiers import normalize_container, normalize_plate
from borderdesk.rules.reconcile import describe
from borderdesk.rules.vehicle import ArrivalFacts


@dataclass(frozen=True)
class _Goods:
    """A line of either document, as the watch lists see it."""

    declared_line: int | None
    manifest_line: int | None
    hs_code: str
    description: str


def _goods(declaration: Declaration, manifest: Manifest | None) -> list[_Goods]:
    found = [_Goods(d.line_no, None, clean_hs_code(d.hs_code), d.description)
             for d in declaration.lines]
    if manifest is not None:
        found += [_Goods(None, m.line_no, clean_hs_code(m.hs_code), m.description)
                  for m in manifest.lines]
    return found


def _lines(hits: Sequence[_Goods]) -> dict[str, object]:
    return {
        "declared_lines": sorted({g.declared_line for g in hits if g.declared_line is not None}),
        "manifest_lines": sorted({g.manifest_line for g in hits if g.manifest_line is not None}),
    }


def _first_line(hits: Sequence[_Goods]) -> int | None:
    declared = [g.declared_line for g in hits if g.declared_line is not None]
    return min(declared) if declared else None


def _line_list(hits: Sequence[_Goods]) -> str:
    declared = sorted({g.declared_line for g in hits if g.declared_line is not None})
    manifest = sorted({g.manifest_line for g in hits if g.manifest_line is not None})
    return ", ".join([*map(str, declared), *(f"M{n}" for n in manifest)])


def check_watch_lists(
    declaration: Declaration,
    manifest: Manifest | None,
    arrival: ArrivalFacts | None,
    watch_lists: WatchLists,
) -> list[Finding]:
    """PROHIBITED_GOODS, LICENCE_REQUIRED, BRAND_WATCH and FLAGGED_PARTY findings."""
    goods = _goods(declaration, manifest)
    findings: list[Finding] = []
    for banned in watch_lists.prohibited:
        hits = [g for g in goods if g.hs_code.startswith(clean_hs_code(banned.hs_prefix))]
        if hits:
            findings.append(Finding(
                Rule.PROHIBITED_GOODS, Severity.HIGH,
                Phrase(N_("Lines {lines}: HS {prefix} ({description}) is prohibited ({source})."),
                       {"lines": _line_list(hits), "prefix": banned.hs_prefix,
                        "description": banned.description, "source": banned.legal_source}),
                _first_line(hits),
                {**_lines(hits), "hs_prefix": banned.hs_prefix,
                 "legal_source": banned.legal_source},
            ))
    for licensed in watch_lists.licensed:
        hits = [g for g in goods if g.hs_code.startswith(clean_hs_code(licensed.hs_prefix))]
        if hits:
            findings.append(Finding(
                Rule.LICENCE_REQUIRED, Severity.MEDIUM,
                Phrase(N_("Lines {lines}: HS {prefix} ({description}) needs a licence from "
                          "{authority} ({source})."),
                       {"lines": _line_list(hits), "prefix": licensed.hs_prefix,
                        "description": licensed.description, "authority": licensed.authority,
                        "source": licensed.legal_source}),
                _first_line(hits),
                {**_lines(hits), "hs_prefix": licensed.hs_prefix,
                 "authority": licensed.authority, "legal_source": licensed.legal_source},
            ))
    tax_code = _tax_code(declaration.trader.tax_code)
    for brand in watch_lists.brands:
        authorised = {_tax_code(t) for t in brand.authorised_importers}
        hits = [g for g in goods if _mentions(brand, g)]
        if hits and tax_code not in authorised:
            findings.append(Finding(
                Rule.BRAND_WATCH, Severity.HIGH,
                Phrase(N_("Lines {lines}: {brand} goods (rights holder {holder}) from {trader}, "
                          "who is not among the importers the rights holder authorised."),
                       {"lines": _line_list(hits), "brand": brand.brand,
                        "holder": brand.rights_holder,
                        "trader": declaration.trader.name or tax_code}),
                _first_line(hits),
                {**_lines(hits), "brand": brand.brand, "rights_holder": brand.rights_holder,
                 "trader_tax_code": tax_code, "legal_source": brand.legal_source},
            ))
    findings.extend(_flagged(declaration, manifest, arrival, watch_lists.parties))
    return findings


def _tax_code(text: str) -> str:
    return re.sub(r"[\s.-]", "", text)


def _mentions(brand: WatchedBrand, goods: _Goods) -> bool:
    if brand.hs_prefixes and not any(
        goods.hs_code.startswith(clean_hs_code(p)) for p in brand.hs_prefixes
    ):
        return False
    name = describe(brand.brand)
    return bool(name) and f" {name} " in f" {describe(goods.description)} "


def _flagged(
    declaration: Declaration,
    manifest: Manifest | None,
    arrival: ArrivalFacts | None,
    parties: Iterable[FlaggedParty],
) -> list[Finding]:
    plates = {declaration.vehicle.plate}
    containers = {declaration.vehicle.container_no}
    if manifest is not None:
        plates.add(manifest.vehicle_plate)
        containers.add(manifest.container_no)
    if arrival is not None:
        plates |= {arrival.tractor_plate, arrival.trailer_plate}
        containers |= set(arrival.container_nos)
    on_truck = {
        PartyKind.TRADER: {_tax_code(declaration.trader.tax_code)},
        PartyKind.VEHICLE: {normalize_plate(p) for p in plates},
        PartyKind.CONTAINER: {normalize_container(c) for c in containers},
    }
    normalise = {PartyKind.TRADER: _tax_code, PartyKind.VEHICLE: normalize_plate,
                 PartyKind.CONTAINER: normalize_container}
    findings = []
    for party in parties:
        value = normalise[party.party_kind](party.value)
        if not value or value not in on_truck[party.party_kind]:
            continue
        reported = party.reported_on.isoformat() if party.reported_on else "?"
        findings.append(Finding(
            Rule.FLAGGED_PARTY, Severity.HIGH,
            Phrase(N_("{value} is on the watch list: {reason} (source: {source}, {reported})."),
                   {"value": party.value, "reason": party.reason, "source": party.source or "?",
                    "reported": reported}),
            None,
            {"party_kind": str(party.party_kind), "value": value, "reason": party.reason,
             "source": party.source, "reported_on": party.reported_on.isoformat()
             if party.reported_on else None},
        ))
    return findings
