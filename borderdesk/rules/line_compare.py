"""One declared line against the manifest lines matched to it: the figures that disagree.

Every message names the figures and the tolerance that was applied; the
evidence carries ``declared_line`` and ``manifest_lines`` (line numbers) so
the officer's screen can select the lines behind a finding, and the values
as strings (Decimal is not JSON).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from borderdesk.domain.declaration import DeclarationLine
from borderdesk.domain.findings import Finding, Rule, Severity
from borderdesk.domain.manifest import ManifestLine
from borderdesk.domain.phrase import Phrase
from borderdesk.errors import excerpt
from borderdesk.i18n import N_
from borderdesk.limits import FRACTION_DIGITS, INTEGER_DIGITS
from borderdesk.rules.hs import Nomenclature, clean_hs_code
from borderdesk.rules.units import Tolerances, canonical_unit, computable, convert, within

SERIOUS_PCT = Decimal(10)
"""Beyond this many percent a quantity or weight difference is high severity."""


def number(value: Decimal) -> str:
    """A Decimal as people write it: no exponent, no trailing zeros.

    A figure out of range is quoted as held (``1E+999999999``, cut to a
    readable length): written out, it would be a billion characters.
    """
    if not computable(value):
        return excerpt(value)
    return format(value.normalize(), "f")


def figure(value: Decimal) -> Decimal | str:
    """A figure for a phrase: the Decimal, written when shown; quoted as held when out of range."""
    return value if computable(value) else excerpt(value)


def _pct(declared: Decimal, found: Decimal) -> Decimal:
    # Both computable (within() said they differ only then): at most 10^15 x 100 / 10^-6.
    if declared == 0 or not (computable(declared) and computable(found)):
        return Decimal(100)
    return abs(found - declared) * 100 / abs(declared)


def _beyond(
    rule: Rule, what: Phrase, field: str, declared: DeclarationLine, group: Sequence[ManifestLine]
) -> list[Finding]:
    """The finding for figures no arithmetic may touch (an OCR misread of 40 digits).

    They cannot equal the declared figure, which the declaration's parser
    bounded; the officer compares the papers by hand.
    """
    figures: list[Decimal | None] = [getattr(declared, field),
                                     *(getattr(m, field) for m in group)]
    odd = [value for value in figures if value is not None and not computable(value)]
    if not odd:
        return []
    return [Finding(
        rule, Severity.HIGH,
        Phrase(N_("Line {line}: the {what} {value} is beyond what can be compared (at most "
                  "{integer} digits before the point and {fraction} after); compare the papers "
                  "by hand."),
               {"line": declared.line_no, "what": what, "value": number(odd[0]),
                "integer": INTEGER_DIGITS, "fraction": FRACTION_DIGITS}),
        declared.line_no,
        {**_where(declared, group), "uncomparable": [excerpt(value) for value in odd]},
    )]


def _where(declared: DeclarationLine, group: Sequence[ManifestLine]) -> dict[str, object]:
    return {"declared_line": declared.line_no, "manifest_lines": [m.line_no for m in group]}


def compare_match(
    declared: DeclarationLine,
    group: Sequence[ManifestLine],
    tolerances: Tolerances,
    nomenclature: Nomenclature,
) -> list[Finding]:
    """The findings of one match (empty when the manifest agrees within tolerance)."""
    findings = [
        *_quantity(declared, group, tolerances),
        *_weight(declared, group, tolerances),
        *_value(declared, group, tolerances),
        *_hs(declared, group, nomenclature),
        *_origin(declared, group),
    ]
    return findings


def _quantity(
    declared: DeclarationLine, group: Sequence[ManifestLine], tolerances: Tolerances
) -> list[Finding]:
    if any(m.quantity is None for m in group):
        return []
    odd = _beyond(Rule.QUANTITY_MISMATCH, Phrase(N_("quantity")), "quantity", declared, group)
    if odd:
        return odd
    total = Decimal(0)
    for m in group:
        quantity = m.quantity or Decimal(0)
        same_unit = m.unit.strip().upper() == declared.unit.strip().upper()
        converted = quantity if same_unit else convert(quantity, m.unit, declared.unit)
        if converted is None:
            return [Finding(
                Rule.QUANTITY_MISMATCH, Severity.MEDIUM,
                Phrase(N_("Line {line}: declared in {declared_unit}, the manifest counts in "
                          "{manifest_unit}; the quantities cannot be compared."),
                       {"line": declared.line_no, "declared_unit": declared.unit,
                        "manifest_unit": m.unit or "?"}),
                declared.line_no,
                {**_where(declared, group), "declared_unit": declared.unit,
                 "manifest_unit": m.unit},
            )]
        total += converted
    tolerance = tolerances.for_unit(declared.unit)
    if within(declared.quantity, total, tolerance):
        return []
    unit = canonical_unit(declared.unit) or declared.unit
    serious = _pct(declared.quantity, total) > SERIOUS_PCT
    return [Finding(
        Rule.QUANTITY_MISMATCH, Severity.HIGH if serious else Severity.MEDIUM,
        Phrase(N_("Line {line}: declared {declared} {unit}, the manifest shows {found} {unit} "
                  "(tolerance ±{tolerance} %)."),
               {"line": declared.line_no, "declared": figure(declared.quantity),
                "found": figure(total), "unit": unit, "tolerance": figure(tolerance)}),
        declared.line_no,
        {**_where(declared, group), "declared": str(declared.quantity), "manifest": str(total),
         "unit": unit, "tolerance_pct": str(tolerance)},
    )]


def _weight(
    declared: DeclarationLine, group: Sequence[ManifestLine], tolerances: Tolerances
) -> list[Finding]:
    weights = [m.gross_weight_kg for m in group]
    if declared.gross_weight_kg is None or any(w is None for w in weights):
        return []
    odd = _beyond(Rule.WEIGHT_MISMATCH, Phrase(N_("gross weight")), "gross_weight_kg",
                  declared, group)
    if odd:
        return odd
    total = sum((w for w in weights if w is not None), Decimal(0))
    if within(declared.gross_weight_kg, total, tolerances.weight_pct):
        return []
    serious = _pct(declared.gross_weight_kg, total) > SERIOUS_PCT
    return [Finding(
        Rule.WEIGHT_MISMATCH, Severity.HIGH if serious else Severity.MEDIUM,
        Phrase(N_("Line {line}: declared gross weight {declared} kg, the manifest shows {found} "
                  "kg (tolerance ±{tolerance} %)."),
               {"line": declared.line_no, "declared": figure(declared.gross_weight_kg),
                "found": figure(total), "tolerance": figure(tolerances.weight_pct)}),
        declared.line_no,
        {**_where(declared, group), "declared_kg": str(declared.gross_weight_kg),
         "manifest_kg": str(total), "tolerance_pct": str(tolerances.weight_pct)},
    )]


def _value(
    declared: DeclarationLine, group: Sequence[ManifestLine], tolerances: Tolerances
) -> list[Finding]:
    values = [m.value for m in group]
    if declared.value is None or any(v is None for v in values):
        return []
    currencies = sorted({(m.currency or declared.currency).upper() for m in group})
    if currencies != [declared.currency.upper()]:
        return [Finding(
            Rule.VALUE_MISMATCH, Severity.MEDIUM,
            Phrase(N_("Line {line}: declared in {declared_currency}, the manifest in "
                      "{currencies}; values in different currencies are not converted."),
                   {"line": declared.line_no, "declared_currency": declared.currency,
                    "currencies": ", ".join(currencies)}),
            declared.line_no,
            {**_where(declared, group), "declared_currency": declared.currency,
             "manifest_currencies": currencies},
        )]
    odd = _beyond(Rule.VALUE_MISMATCH, Phrase(N_("value")), "value", declared, group)
    if odd:
        return odd
    total = sum((v for v in values if v is not None), Decimal(0))
    if within(declared.value, total, tolerances.value_pct):
        return []
    # A manifest worth more than the declaration suggests undervaluation: duty evaded.
    severity = Severity.HIGH if total > declared.value else Severity.MEDIUM
    return [Finding(
        Rule.VALUE_MISMATCH, severity,
        Phrase(N_("Line {line}: declared value {declared} {currency}, the manifest shows "
                  "{found} {currency} (tolerance ±{tolerance} %)."),
               {"line": declared.line_no, "declared": figure(declared.value),
                "found": figure(total), "currency": declared.currency,
                "tolerance": figure(tolerances.value_pct)}),
        declared.line_no,
        {**_where(declared, group), "declared": str(declared.value), "manifest": str(total),
         "currency": declared.currency, "tolerance_pct": str(tolerances.value_pct)},
    )]


def _hs(
    declared: DeclarationLine, group: Sequence[ManifestLine], nomenclature: Nomenclature
) -> list[Finding]:
    code = clean_hs_code(declared.hs_code)
    others = sorted({
        clean_hs_code(m.hs_code) for m in group
        if m.hs_code and clean_hs_code(m.hs_code)[:4] != code[:4]
    })
    if not others:
        return []
    return [Finding(
        Rule.HS_MISMATCH, Severity.MEDIUM,
        Phrase(N_("Line {line}: declared under HS {declared} ({declared_heading}), the "
                  "manifest says HS {found} ({found_heading}); the headings differ."),
               {"line": declared.line_no, "declared": code,
                "declared_heading": nomenclature.description(code) or "?",
                "found": ", ".join(others),
                "found_heading": nomenclature.description(others[0]) or "?"}),
        declared.line_no,
        {**_where(declared, group), "declared_hs": code, "manifest_hs": others},
    )]


def _origin(declared: DeclarationLine, group: Sequence[ManifestLine]) -> list[Finding]:
    unknown = [m.line_no for m in group if not m.origin_country]
    declared_origin = (declared.origin_country or "").upper()
    differing = sorted({
        m.origin_country.upper() for m in group
        if m.origin_country and declared_origin and m.origin_country.upper() != declared_origin
    })
    findings = []
    if differing:
        findings.append(Finding(
            Rule.ORIGIN_MISMATCH, Severity.HIGH,
            Phrase(N_("Line {line}: declared origin {declared}, the manifest says {found}."),
                   {"line": declared.line_no, "declared": declared_origin,
                    "found": ", ".join(differing)}),
            declared.line_no,
            {**_where(declared, group), "declared_origin": declared_origin,
             "manifest_origin": differing},
        ))
    if unknown:
        findings.append(Finding(
            Rule.ORIGIN_UNKNOWN, Severity.LOW,
            Phrase(N_("Line {line}: the manifest does not state the origin of the goods "
                      "(manifest line {manifest_lines})."),
                   {"line": declared.line_no, "manifest_lines": ", ".join(map(str, unknown))}),
            declared.line_no,
            {**_where(declared, group), "manifest_lines_without_origin": unknown},
        ))
    return findings


def missing_line(declared: DeclarationLine) -> Finding:
    """MISSING_LINE: a declared line that no manifest line carries."""
    return Finding(
        Rule.MISSING_LINE, Severity.HIGH,
        Phrase(N_("Declared line {line} ({description}, {quantity} {unit}) is not on the "
                  "manifest."),
               {"line": declared.line_no, "description": declared.description,
                "quantity": figure(declared.quantity), "unit": declared.unit}),
        declared.line_no,
        {"declared_line": declared.line_no, "manifest_lines": [],
         "hs_code": declared.hs_code, "quantity": str(declared.quantity)},
    )


def undeclared_line(line: ManifestLine) -> Finding:
    """UNDECLARED_LINE: goods on the manifest that no declared line covers."""
    quantity = figure(line.quantity) if line.quantity is not None else "?"
    return Finding(
        Rule.UNDECLARED_LINE, Severity.HIGH,
        Phrase(N_("Manifest line {line} ({description}, {quantity} {unit}) is not declared."),
               {"line": line.line_no, "description": line.description or "?",
                "quantity": quantity, "unit": line.unit}),
        line.line_no,
        {"declared_line": None, "manifest_lines": [line.line_no], "hs_code": line.hs_code,
         "quantity": None if line.quantity is None else str(line.quantity)},
    )
