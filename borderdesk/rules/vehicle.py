"""Plates, containers and seals: do the declaration, the manifest and the arrival agree?

Numbers are compared normalised (letters and digits only, uppercase), so
"74C-123.45" and "74C12345" are the same plate. A document may name either
the tractor or the trailer: both are on the truck, so both are accepted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from stdnum import iso6346

from borderdesk.domain.declaration import Declaration
from borderdesk.domain.findings import Finding, Rule, Severity
from borderdesk.domain.manifest import Manifest
from borderdesk.domain.phrase import Phrase
from borderdesk.i18n import N_
from borderdesk.rules.identifiers import normalize_container, normalize_plate

_CONTAINER_FORM = re.compile(r"^[A-Z]{3}[UJZ]\d{7}$")


@dataclass(frozen=True)
class ArrivalFacts:
    """What the border guard recorded at arrival, to compare with the documents."""

    tractor_plate: str = ""
    trailer_plate: str = ""
    container_nos: tuple[str, ...] = ()
    seal_nos: tuple[str, ...] = ()


def check_vehicle(
    declaration: Declaration, manifest: Manifest | None, arrival: ArrivalFacts | None
) -> list[Finding]:
    """CONTAINER_CHECK_DIGIT, PLATE_MISMATCH and CONTAINER_MISMATCH findings."""
    findings = _check_digits(declaration, manifest)
    declared_plate = normalize_plate(declaration.vehicle.plate)
    manifest_plate = normalize_plate(manifest.vehicle_plate) if manifest else ""
    arrival_plates = _present(
        normalize_plate(p) for p in (arrival.tractor_plate, arrival.trailer_plate)
    ) if arrival else set()
    findings += _disagreements(
        Rule.PLATE_MISMATCH, declared_plate, manifest_plate, arrival_plates,
        documents_differ=N_("The declaration names plate {declared}, the manifest {found}."),
        declared_not_arrived=N_(
            "The declaration names plate {declared}; the truck that arrived carries {found}."),
        manifest_not_arrived=N_(
            "The manifest names plate {declared}; the truck that arrived carries {found}."),
    )
    declared_box = normalize_container(declaration.vehicle.container_no)
    manifest_box = normalize_container(manifest.container_no) if manifest else ""
    arrival_boxes = _present(normalize_container(c) for c in arrival.container_nos) \
        if arrival else set()
    findings += _disagreements(
        Rule.CONTAINER_MISMATCH, declared_box, manifest_box, arrival_boxes,
        documents_differ=N_("The declaration names container {declared}, the manifest {found}."),
        declared_not_arrived=N_(
            "The declaration names container {declared}; the truck that arrived carries "
            "{found}."),
        manifest_not_arrived=N_(
            "The manifest names container {declared}; the truck that arrived carries {found}."),
    )
    declared_seal = declaration.vehicle.seal_no.strip().upper()
    arrival_seals = _present(s.strip().upper() for s in arrival.seal_nos) if arrival else set()
    if declared_seal and arrival_seals and declared_seal not in arrival_seals:
        findings.append(Finding(
            Rule.CONTAINER_MISMATCH, Severity.HIGH,
            Phrase(N_("The declaration names seal {declared}; the seals found at arrival are "
                      "{found}."),
                   {"declared": declared_seal, "found": ", ".join(sorted(arrival_seals))}),
            None,
            {"field": "seal", "declared": declared_seal, "arrival": sorted(arrival_seals)},
        ))
    return findings


def _present(values: Iterable[str]) -> set[str]:
    return {v for v in values if v}


def _disagreements(
    rule: Rule,
    declared: str,
    manifest: str,
    arrival: set[str],
    *,
    documents_differ: str,
    declared_not_arrived: str,
    manifest_not_arrived: str,
) -> list[Finding]:
    findings = []
    field = "plate" if rule is Rule.PLATE_MISMATCH else "container"
    evidence = {"field": field, "declared": declared, "manifest": manifest,
                "arrival": sorted(arrival)}
    # Two documents naming the tractor and the trailer of the same truck agree.
    if declared and manifest and declared != manifest and not {declared, manifest} <= arrival:
        findings.append(Finding(
            rule, Severity.HIGH,
            Phrase(documents_differ, {"declared": declared, "found": manifest}),
            None, evidence,
        ))
    found = ", ".join(sorted(arrival))
    if arrival and declared and declared not in arrival:
        findings.append(Finding(
            rule, Severity.HIGH,
            Phrase(declared_not_arrived, {"declared": declared, "found": found}),
            None, evidence,
        ))
    if arrival and manifest and manifest != declared and manifest not in arrival:
        findings.append(Finding(
            rule, Severity.HIGH,
            Phrase(manifest_not_arrived, {"declared": manifest, "found": found}),
            None, evidence,
        ))
    return findings


def _check_digits(declaration: Declaration, manifest: Manifest | None) -> list[Finding]:
    named = [("declaration", declaration.vehicle.container_no)]
    if manifest is not None:
        named.append(("manifest", manifest.container_no))
    messages = {
        "declaration": N_("Container {number} on the declaration: the ISO 6346 check digit "
                          "should be {digit}."),
        "manifest": N_("Container {number} on the manifest: the ISO 6346 check digit "
                       "should be {digit}."),
    }
    findings = []
    for document, text in named:
        number = normalize_container(text)
        if _CONTAINER_FORM.match(number) and not iso6346.is_valid(number):
            digit = iso6346.calc_check_digit(number[:10])
            findings.append(Finding(
                Rule.CONTAINER_CHECK_DIGIT, Severity.MEDIUM,
                Phrase(messages[document], {"number": number, "digit": digit}),
                None,
                {"document": document, "container_no": number, "expected_digit": digit},
            ))
    return findings
