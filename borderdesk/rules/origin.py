"""Origin: certificates for preferential claims, regional value content, fake Vietnamese origin.

Certificate forms by agreement (the form a preference needs):
ATIGA → D, ACFTA → E, AKFTA → AK, AJCEP → AJ, VJEPA → VJ, AIFTA → AI,
AANZFTA → AANZ, VKFTA → VK, RCEP → RCEP, EVFTA and UKVFTA → EUR.1 or an origin
declaration, CPTPP → self-certification (a certification of origin).

RVC thresholds of the agreements' general rule (RVC or a change of tariff
heading, which needs product data BorderDesk does not hold): 40 % for ATIGA,
ACFTA, AKFTA, AJCEP, VJEPA, AANZFTA and RCEP; 35 % for AIFTA. EVFTA and CPTPP
use product-specific rules and are not computed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal, localcontext
from functools import cache
from zoneinfo import ZoneInfo

import pycountry

from borderdesk.domain.declaration import Declaration, DeclarationLine, LineCost
from borderdesk.domain.findings import Finding, Rule, Severity
from borderdesk.domain.manifest import ManifestLine
from borderdesk.domain.phrase import Phrase
from borderdesk.i18n import N_
from borderdesk.rules.line_compare import figure, number
from borderdesk.rules.reconcile import LineMatch, describe
from borderdesk.rules.units import computable

GATE_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
CERTIFICATE_FORMS: dict[str, frozenset[str]] = {
    "ATIGA": frozenset({"D"}),
    "ACFTA": frozenset({"E"}),
    "AKFTA": frozenset({"AK"}),
    "AJCEP": frozenset({"AJ"}),
    "VJEPA": frozenset({"VJ"}),
    "AIFTA": frozenset({"AI"}),
    "AANZFTA": frozenset({"AANZ"}),
    "VKFTA": frozenset({"VK"}),
    "RCEP": frozenset({"RCEP"}),
    "EVFTA": frozenset({"EUR1", "ORIGINDECLARATION", "STATEMENTONORIGIN", "REX"}),
    "UKVFTA": frozenset({"EUR1", "ORIGINDECLARATION", "STATEMENTONORIGIN"}),
    "CPTPP": frozenset({"SELFCERTIFICATION", "CERTIFICATIONOFORIGIN", "SELF"}),
}
RVC_THRESHOLDS: dict[str, Decimal] = {
    **{name: Decimal(40) for name in
       ("ATIGA", "ACFTA", "AKFTA", "AJCEP", "VJEPA", "AANZFTA", "RCEP")},
    "AIFTA": Decimal(35),
}
# Vietnamese names of the neighbours and main trading partners, accents dropped.
_VIETNAMESE_NAMES = {
    "trung quoc": "CN", "thai lan": "TH", "lao": "LA", "campuchia": "KH", "han quoc": "KR",
    "nhat ban": "JP", "dai loan": "TW", "hoa ky": "US", "my": "US", "an do": "IN",
    "viet nam": "VN", "duc": "DE", "phap": "FR", "anh": "GB", "nga": "RU", "hong kong": "HK",
}
_ORIGIN_PHRASE = re.compile(
    r"\b(?:made in|product of|country of origin|origin|xuat xu|san xuat tai|nuoc san xuat)"
    r"\s+([a-z ]+)"
)


def _form(text: str) -> str:
    upper = re.sub(r"[^A-Z0-9]", "", text.upper())
    return upper.removeprefix("FORM") or upper


def check_origin(
    declaration: Declaration, matches: Sequence[LineMatch], max_co_age_days: int
) -> list[Finding]:
    """CO_MISSING, CO_INVALID, RVC_BELOW_THRESHOLD and FALSE_VN_ORIGIN findings."""
    findings = _certificate(declaration, max_co_age_days)
    for line in declaration.lines:
        findings.extend(_rvc(line))
    by_line = {m.declared.line_no: m.manifest for m in matches}
    for line in declaration.lines:
        findings.extend(_false_vn_origin(line, by_line.get(line.line_no, ())))
    return findings


def _certificate(declaration: Declaration, max_co_age_days: int) -> list[Finding]:
    claims = [line for line in declaration.lines if line.preference]
    if not claims:
        return []
    certificate = declaration.origin_certificate
    if certificate is None:
        return [Finding(
            Rule.CO_MISSING, Severity.HIGH,
            Phrase(N_("Line {line} claims the {agreement} preference, but no certificate of "
                      "origin is declared."),
                   {"line": line.line_no, "agreement": line.preference or ""}),
            line.line_no, {"declared_line": line.line_no, "preference": line.preference},
        ) for line in claims]
    findings = []
    form = _form(certificate.form)
    evidence = {"form": certificate.form, "number": certificate.number,
                "issued_at": certificate.issued_at.isoformat(),
                "origin_country": certificate.origin_country}
    for line in claims:
        agreement = (line.preference or "").upper()
        where = {**evidence, "declared_line": line.line_no, "preference": agreement}
        allowed = CERTIFICATE_FORMS.get(agreement)
        if allowed is None:
            findings.append(Finding(
                Rule.CO_INVALID, Severity.MEDIUM,
                Phrase(N_("Line {line} claims {agreement}, an agreement BorderDesk does not know; "
                          "check the certificate by hand."),
                       {"line": line.line_no, "agreement": agreement}),
                line.line_no, where,
            ))
        elif form not in allowed:
            findings.append(Finding(
                Rule.CO_INVALID, Severity.HIGH,
                Phrase(N_("Line {line} claims {agreement}, which needs {forms}; the certificate "
                          "is form {form}."),
                       {"line": line.line_no, "agreement": agreement,
                        "forms": " / ".join(sorted(allowed)), "form": certificate.form}),
                line.line_no, where,
            ))
        origin = (line.origin_country or "").upper()
        if origin and origin != certificate.origin_country.upper():
            findings.append(Finding(
                Rule.CO_INVALID, Severity.HIGH,
                Phrase(N_("Line {line}: declared origin {origin}, the certificate {number} "
                          "certifies {certified}."),
                       {"line": line.line_no, "origin": origin, "number": certificate.number,
                        "certified": certificate.origin_country}),
                line.line_no, where,
            ))
    declared_on = declaration.declared_at.astimezone(GATE_ZONE).date()
    if certificate.issued_at > declared_on:
        findings.append(Finding(
            Rule.CO_INVALID, Severity.HIGH,
            Phrase(N_("Certificate {number} is dated {issued}, after the declaration "
                      "({declared})."),
                   {"number": certificate.number, "issued": certificate.issued_at.isoformat(),
                    "declared": declared_on.isoformat()}),
            None, evidence,
        ))
    elif certificate.issued_at < declared_on - timedelta(days=max_co_age_days):
        findings.append(Finding(
            Rule.CO_INVALID, Severity.MEDIUM,
            Phrase(N_("Certificate {number} is dated {issued}, more than {days} days before the "
                      "declaration ({declared})."),
                   {"number": certificate.number, "issued": certificate.issued_at.isoformat(),
                    "days": max_co_age_days, "declared": declared_on.isoformat()}),
            None, {**evidence, "max_age_days": max_co_age_days},
        ))
    return findings


def _percent(value: Decimal) -> Decimal:
    # With computable figures (six below 10^12) and a FOB of at least units.SMALLEST_FIGURE
    # the share is below 10^30: 32 digits with the cents. The context's 28 would not do.
    with localcontext() as context:
        context.prec = 40
        return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def rvc(cost: LineCost) -> tuple[str, Decimal, str] | None:
    """The regional value content: (method, percent, the formula with its figures).

    Build-down when non-originating materials are given, else build-up when
    originating materials are; None without a positive FOB or either.

    The declaration's parser refuses a zero FOB ("cost.fob must be more than 0")
    and numbers beyond its bounds, so the None for them here only guards a
    LineCost built some other way: a share of nothing is no percentage.
    """
    fob = cost.fob
    figures = [value for value in vars(cost).values() if value is not None]
    if fob <= 0 or not all(computable(value) for value in figures):
        return None
    if cost.non_originating_materials is not None:
        vnm = cost.non_originating_materials
        formula = f"({number(fob)} − {number(vnm)}) / {number(fob)} × 100"
        return "build-down", _percent((fob - vnm) / fob * 100), formula
    if cost.originating_materials is not None:
        parts = [cost.originating_materials, cost.direct_labour, cost.direct_overhead,
                 cost.profit, cost.other]
        present = [p for p in parts if p is not None]
        formula = f"({' + '.join(number(p) for p in present)}) / {number(fob)} × 100"
        return "build-up", _percent(sum(present, Decimal(0)) / fob * 100), formula
    return None


def _rvc(line: DeclarationLine) -> list[Finding]:
    agreement = (line.preference or "").upper()
    threshold = RVC_THRESHOLDS.get(agreement)
    if line.cost is None or threshold is None:
        return []
    computed = rvc(line.cost)
    if computed is None or computed[1] >= threshold:
        return []
    method, value, formula = computed
    return [Finding(
        Rule.RVC_BELOW_THRESHOLD, Severity.MEDIUM,
        Phrase(N_("Line {line}: regional value content {rvc} % ({method}: {formula}) is below "
                  "the {agreement} threshold of {threshold} %, unless the goods change tariff "
                  "heading."),
               {"line": line.line_no, "rvc": figure(value), "method": method,
                "formula": formula, "agreement": agreement, "threshold": figure(threshold)}),
        line.line_no,
        {"declared_line": line.line_no, "method": method, "rvc_pct": str(value),
         "threshold_pct": str(threshold), "formula": formula, "preference": agreement},
    )]


@cache
def _country_names() -> dict[str, str]:
    names = dict(_VIETNAMESE_NAMES)
    for country in pycountry.countries:
        for attribute in ("name", "common_name"):
            value = getattr(country, attribute, None)
            if value:
                names.setdefault(describe(value), country.alpha_2)
    names.update({"china": "CN", "prc": "CN", "korea": "KR", "usa": "US", "uk": "GB"})
    return names


def stated_origin(text: str) -> str | None:
    """The country a description says the goods come from ("Made in China" -> "CN")."""
    names = _country_names()
    for match in _ORIGIN_PHRASE.finditer(describe(text)):
        words = match.group(1).split()
        for size in (3, 2, 1):
            found = names.get(" ".join(words[:size]))
            if found:
                return found
    return None


def _false_vn_origin(line: DeclarationLine, group: Sequence[ManifestLine]) -> list[Finding]:
    if (line.origin_country or "").upper() != "VN":
        return []
    said: list[tuple[str, str]] = [
        (f"manifest_line:{m.line_no}", m.origin_country.upper())
        for m in group if m.origin_country and m.origin_country.upper() != "VN"
    ]
    for where, text in [("declaration", line.description),
                        *((f"manifest_line:{m.line_no}", m.description) for m in group)]:
        country = stated_origin(text)
        if country and country != "VN":
            said.append((where, country))
    if not said:
        return []
    countries = sorted({country for _where, country in said})
    return [Finding(
        Rule.FALSE_VN_ORIGIN, Severity.HIGH,
        Phrase(N_("Line {line} is declared of Vietnamese origin, but the manifest or the "
                  "description of the goods says {countries}."),
               {"line": line.line_no, "countries": ", ".join(countries)}),
        line.line_no,
        {"declared_line": line.line_no, "manifest_lines": [m.line_no for m in group],
         "stated_origins": countries, "sources": sorted({where for where, _c in said})},
    )]
