"""Rule factors suggested from what inspections confirmed: shown to a supervisor, never applied.

A rule whose flags are confirmed more often than the gate's crossings are
found at fault deserves more weight; one that mostly stops honest trucks
deserves less. The suggestion scales the rule's factor by its hit rate over
the gate's rate (violations over inspected crossings, whatever sent them),
within bounds, rounded to a tenth: ``current x hit_rate / gate_rate``.
Below ``min_inspections`` inspections of a rule nothing is suggested, nor
when the gate found no violation at all (no rate to compare with).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal

from borderdesk.domain.selectivity_stats import FactorSuggestion, RuleStats

MIN_INSPECTIONS = 10
"""Inspections of a rule below which its hit rate says too little to suggest anything."""
LOWEST = Decimal("0.2")
HIGHEST = Decimal("3")
"""Bounds of a suggested factor: a rule is never silenced nor allowed to swamp the others."""
_STEP = Decimal("0.1")


def suggest_factor(current: Decimal, hit_rate: float, gate_rate: float) -> Decimal:
    """``current x hit_rate / gate_rate`` rounded to a tenth, within [LOWEST, HIGHEST]."""
    raw = current * Decimal(str(hit_rate)) / Decimal(str(gate_rate))
    rounded = raw.quantize(_STEP, rounding=ROUND_HALF_UP)
    return min(HIGHEST, max(LOWEST, rounded))


def suggestions(rules: Sequence[RuleStats], gate_rate: float | None,
                factors: Mapping[str, Decimal], *,
                min_inspections: int = MIN_INSPECTIONS) -> tuple[FactorSuggestion, ...]:
    """One suggestion per rule in ``rules`` (same order).

    Args:
        rules: the rules' flagged/inspected/confirmed counts over a period.
        gate_rate: violations over inspected crossings at the gate in that period.
        factors: the factors in force by rule id; a rule not named counts 1.
        min_inspections: fewer inspections of a rule than this suggest nothing.
    """
    found = []
    for stats in rules:
        current = factors.get(stats.rule, Decimal(1))
        hit_rate = stats.hit_rate
        suggested = None
        if hit_rate is not None and gate_rate and stats.inspected >= min_inspections:
            suggested = suggest_factor(current, hit_rate, gate_rate)
        found.append(FactorSuggestion(stats.rule, stats.inspected, hit_rate, gate_rate,
                                      current, suggested))
    return tuple(found)
