"""Declared lines against manifest lines: which is which, and where they disagree.

Lines are matched as an assignment problem, never by line number: the cost
of pairing a declared line with a manifest line grows with HS disagreement,
description dissimilarity (rapidfuzz token-set ratio, accents ignored) and
quantity and weight distance. A pair whose HS heading differs *and* whose
descriptions are unlike is never made. Manifest lines left over that carry
the same goods as a matched declared line (same HS-6, similar description)
and bring its totals closer join it: a declared line split over several
manifest lines is compared as a whole.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
from rapidfuzz import fuzz, process
from scipy.optimize import linear_sum_assignment

from borderdesk.domain.declaration import Declaration, DeclarationLine
from borderdesk.domain.findings import Finding
from borderdesk.domain.manifest import Manifest, ManifestLine
from borderdesk.rules.hs import Nomenclature, clean_hs_code
from borderdesk.rules.line_compare import compare_match, missing_line, undeclared_line
from borderdesk.rules.units import Tolerances, computable, unit_of

MATCH_SIMILARITY = 60
"""Below this description similarity a pair needs an agreeing HS heading to be made."""
SAME_GOODS_SIMILARITY = 85
"""From this similarity (and the same HS-6) two lines carry the same goods."""
_FORBIDDEN = 1e6


@dataclass(frozen=True)
class LineMatch:
    """A declared line and the manifest lines that carry its goods (one or more)."""

    declared: DeclarationLine
    manifest: tuple[ManifestLine, ...]


@dataclass(frozen=True)
class Reconciliation:
    """The matches, and the findings of the comparison."""

    matches: tuple[LineMatch, ...]
    findings: tuple[Finding, ...]


def describe(text: str) -> str:
    """A description for comparison: lowercase, accents and punctuation dropped."""
    lower = text.lower().replace("đ", "d")
    plain = "".join(c for c in unicodedata.normalize("NFKD", lower) if not unicodedata.combining(c))
    return " ".join("".join(c if c.isalnum() else " " for c in plain).split())


def _hs6(code: str) -> str:
    digits = clean_hs_code(code)
    return digits[:6] if len(digits) >= 6 else ""


def _base_quantity(quantity: Decimal | None, unit: str) -> tuple[str, float] | None:
    found = unit_of(unit)
    # A figure out of range (an OCR misread) helps no match: it counts as unread here, and
    # line_compare reports it as a figure that cannot be compared.
    if quantity is None or found is None or not computable(quantity):
        return None
    return found.base, float(quantity * found.factor)


def _kilograms(weight: Decimal | None) -> float | None:
    return float(weight) if weight is not None and computable(weight) else None


def _distance(a: float | None, b: float | None) -> float:
    if a is None or b is None:
        return 0.5
    top = max(abs(a), abs(b))
    return 0.0 if top == 0 else min(1.0, abs(a - b) / top)


def _cost_matrix(
    declared: Sequence[DeclarationLine], manifest: Sequence[ManifestLine]
) -> np.ndarray:
    d_desc = [describe(d.description) for d in declared]
    m_desc = [describe(m.description) for m in manifest]
    similarity = process.cdist(d_desc, m_desc, scorer=fuzz.token_set_ratio, workers=1)
    d_hs = [clean_hs_code(d.hs_code) for d in declared]
    m_hs = [clean_hs_code(m.hs_code) for m in manifest]
    cost = np.zeros((len(declared), len(manifest)))
    for i, d in enumerate(declared):
        d_qty = _base_quantity(d.quantity, d.unit)
        d_weight = _kilograms(d.gross_weight_kg)
        for j, m in enumerate(manifest):
            sim = float(similarity[i][j])
            if not m_hs[j]:
                hs_cost = 0.5
            elif m_hs[j][:6] == d_hs[i][:6]:
                hs_cost = 0.0
            elif m_hs[j][:4] == d_hs[i][:4]:
                hs_cost = 0.25
            else:
                hs_cost = 1.0
            if hs_cost == 1.0 and sim < MATCH_SIMILARITY:
                cost[i, j] = _FORBIDDEN
                continue
            m_qty = _base_quantity(m.quantity, m.unit)
            if d_qty is None or m_qty is None:
                qty_cost = 0.5
            elif d_qty[0] != m_qty[0]:
                qty_cost = 1.0
            else:
                qty_cost = _distance(d_qty[1], m_qty[1])
            m_weight = _kilograms(m.gross_weight_kg)
            cost[i, j] = (3 * hs_cost + 3 * (1 - sim / 100) + qty_cost
                          + _distance(d_weight, m_weight))
    return cost


def _exact_pairs(
    declared: Sequence[DeclarationLine], manifest: Sequence[ManifestLine]
) -> dict[int, int]:
    """Declared index -> manifest index for goods that appear exactly once on each side.

    The common case (a manifest that agrees) is settled here without the
    quadratic similarity matrix.
    """
    def key(hs: str, text: str, qty: Decimal | None, unit: str) -> tuple[str, str, str]:
        base = _base_quantity(qty, unit)
        return clean_hs_code(hs)[:6], describe(text), repr(base)

    d_keys: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    m_keys: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for i, d in enumerate(declared):
        d_keys[key(d.hs_code, d.description, d.quantity, d.unit)].append(i)
    for j, m in enumerate(manifest):
        m_keys[key(m.hs_code, m.description, m.quantity, m.unit)].append(j)
    return {
        found[0]: m_keys[k][0]
        for k, found in d_keys.items()
        if len(found) == 1 and len(m_keys.get(k, ())) == 1
    }


def _same_goods(declared: DeclarationLine, line: ManifestLine) -> bool:
    hs = _hs6(line.hs_code)
    if hs and hs != _hs6(declared.hs_code):
        return False
    return bool(
        fuzz.token_set_ratio(describe(declared.description), describe(line.description))
        >= SAME_GOODS_SIMILARITY
    )


def _fit(declared: DeclarationLine, group: Sequence[ManifestLine]) -> float | None:
    """How far a group's total is from the declared line (None: cannot tell)."""
    want = _base_quantity(declared.quantity, declared.unit)
    if want is None:
        return None
    total = 0.0
    for line in group:
        got = _base_quantity(line.quantity, line.unit)
        if got is None or got[0] != want[0]:
            return None
        total += got[1]
    return abs(want[1] - total)


def _attach_leftovers(
    groups: dict[int, list[ManifestLine]],
    declared: Sequence[DeclarationLine],
    leftovers: Sequence[ManifestLine],
) -> list[ManifestLine]:
    """Join leftover manifest lines to the declared line whose goods they carry."""
    undeclared = []
    for line in sorted(leftovers, key=lambda m: m.line_no):
        best: tuple[float, int] | None = None
        for i, group in groups.items():
            if not _same_goods(declared[i], line):
                continue
            before, after = _fit(declared[i], group), _fit(declared[i], [*group, line])
            if before is not None and after is not None and after < before:
                candidate = (after, declared[i].line_no)
                best = candidate if best is None or candidate < best else best
        if best is None:
            undeclared.append(line)
        else:
            index = next(i for i in groups if declared[i].line_no == best[1])
            groups[index].append(line)
    return undeclared


def match_lines(
    declared: Sequence[DeclarationLine], manifest: Sequence[ManifestLine]
) -> tuple[list[LineMatch], list[DeclarationLine], list[ManifestLine]]:
    """The matches, the declared lines no manifest line carries, and the undeclared lines."""
    exact = _exact_pairs(declared, manifest)
    rest_d = [i for i in range(len(declared)) if i not in exact]
    taken = set(exact.values())
    rest_m = [j for j in range(len(manifest)) if j not in taken]
    pairs = dict(exact)
    if rest_d and rest_m:
        cost = _cost_matrix([declared[i] for i in rest_d], [manifest[j] for j in rest_m])
        rows, cols = linear_sum_assignment(cost)
        for r, c in zip(rows, cols, strict=True):
            if cost[r, c] < _FORBIDDEN:
                pairs[rest_d[r]] = rest_m[c]
    groups = {i: [manifest[j]] for i, j in pairs.items()}
    used = set(pairs.values())
    leftovers = [m for j, m in enumerate(manifest) if j not in used]
    undeclared = _attach_leftovers(groups, declared, leftovers)
    matches = [
        LineMatch(declared[i], tuple(sorted(groups[i], key=lambda m: m.line_no)))
        for i in sorted(groups)
    ]
    missing = [d for i, d in enumerate(declared) if i not in groups]
    return matches, missing, undeclared


def reconcile(
    declaration: Declaration,
    manifest: Manifest,
    tolerances: Tolerances,
    nomenclature: Nomenclature,
) -> Reconciliation:
    """Match the lines and compare each match; leftovers are missing or undeclared."""
    matches, missing, undeclared = match_lines(declaration.lines, manifest.lines)
    findings: list[Finding] = []
    for match in matches:
        findings.extend(compare_match(match.declared, match.manifest, tolerances, nomenclature))
    findings.extend(missing_line(line) for line in missing)
    findings.extend(undeclared_line(line) for line in undeclared)
    return Reconciliation(tuple(matches), tuple(findings))
