"""What inspections found, set against what the checks predicted, over a period.

The services fill a ``SelectivityStats`` from the database; the CLI, the
window's selectivity page and the shift report only read it. A rule's hit
rate is the share of the inspected crossings it flagged where an inspection
or a seizure confirmed it: ``confirmed / inspected``, None when nothing it
flagged was inspected.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from borderdesk.domain.crossing import lowers
from borderdesk.i18n import N_, _


def rate(part: int, whole: int) -> float | None:
    """``part / whole``, None when ``whole`` is 0."""
    return part / whole if whole else None


@dataclass(frozen=True)
class RuleStats:
    """One rule over the period: crossings it flagged, how many were inspected and confirmed."""

    rule: str
    flagged: int
    inspected: int
    confirmed: int

    @property
    def hit_rate(self) -> float | None:
        """Confirmed over inspected; None when nothing flagged was inspected."""
        return rate(self.confirmed, self.inspected)


@dataclass(frozen=True)
class ChannelStats:
    """Crossings per channel in force at the end of the period, inspected and found at fault."""

    channel: str
    crossings: int
    inspected: int
    violations: int


@dataclass(frozen=True)
class OfficerStats:
    """What one officer did in the period."""

    username: str
    name: str
    checks: int
    overrides_up: int
    overrides_down: int
    inspections: int
    inspections_found: int
    """Inspections that ended in a discrepancy or a seizure."""
    approvals: int
    refusals: int


@dataclass(frozen=True)
class TraderStats:
    """One trader (by tax code; the latest name it declared under)."""

    tax_code: str
    name: str
    crossings: int
    inspected: int
    violations: int


OVERRIDE_STATES = {"pending": N_("Awaiting approval"), "in_force": N_("In force"),
                   "refused": N_("Refused"), "replaced": N_("Replaced by a newer one"),
                   "lapsed": N_("Lapsed"), "superseded": N_("No longer in force")}


def override_state_label(state: str) -> str:
    """The officer-facing name of an override's state."""
    return _(OVERRIDE_STATES[state]) if state in OVERRIDE_STATES else state


@dataclass(frozen=True)
class OverrideLine:
    """One override made in the period, with its decision."""

    override_id: UUID
    reference: str
    at: datetime
    from_channel: str
    to_channel: str
    state: str
    """``pending`` (a lowering awaiting a supervisor), ``in_force``, ``refused``;
    ``replaced`` or ``lapsed`` (a request a newer override or the crossing moved past),
    ``superseded`` (in force once)."""
    asked_by: str
    decided_by: str
    reason: str

    @property
    def lowering(self) -> bool:
        """Whether the override lowers the channel."""
        return lowers(self.from_channel, self.to_channel)


@dataclass(frozen=True)
class RandomStats:
    """Crossings the random draw picked: the only unbiased view of the violation rate."""

    picks: int
    yellow: int
    red: int
    inspected: int
    violations: int

    @property
    def violation_rate(self) -> float | None:
        """Violations over inspected random picks; None when none was inspected."""
        return rate(self.violations, self.inspected)


@dataclass(frozen=True)
class IntegrityLine:
    """One officer in one shift: what bends the record or deserves a second look."""

    username: str
    name: str
    day: date
    shift: str
    overrides_up: int
    overrides_down: int
    approvals: int
    red_released_uninspected: int
    """Crossings once red, released by this officer with no physical inspection finished."""
    late_handoffs: int
    """Handoffs this officer answered later than the gate's overdue time."""


OUTLIER_MEASURES = {
    "overrides_down": N_("channels lowered"),
    "red_released_uninspected": N_("red crossings released without a physical inspection"),
    "late_handoffs": N_("late handoffs"),
}


def outlier_measure_label(measure: str) -> str:
    """The officer-facing name of what an outlier stands out in."""
    return _(OUTLIER_MEASURES[measure]) if measure in OUTLIER_MEASURES else measure


@dataclass(frozen=True)
class Outlier:
    """An officer far above the average of the gate's other officers in one measure."""

    username: str
    name: str
    measure: str
    count: int
    others_average: float


@dataclass(frozen=True)
class FactorSuggestion:
    """A rule factor suggested from the rule's hit rate; shown, never applied by itself."""

    rule: str
    inspected: int
    hit_rate: float | None
    gate_rate: float | None
    current: Decimal
    suggested: Decimal | None
    """None when too few inspections (or no violation at all) say anything yet."""


@dataclass(frozen=True)
class SelectivityStats:
    """Everything ``borderdesk stats`` and the selectivity page show for one period."""

    gate_code: str
    timezone: str
    first_day: date
    last_day: date
    crossings: int
    inspected: int
    violations: int
    rules: tuple[RuleStats, ...]
    channels: tuple[ChannelStats, ...]
    officers: tuple[OfficerStats, ...]
    traders: tuple[TraderStats, ...]
    overrides: tuple[OverrideLine, ...]
    random: RandomStats
    integrity: tuple[IntegrityLine, ...]
    outliers: tuple[Outlier, ...]
    suggestions: tuple[FactorSuggestion, ...]
    min_inspections: int
    """Below this many inspections of a rule nothing is suggested for it."""

    @property
    def gate_rate(self) -> float | None:
        """Crossings found at fault over crossings inspected, whatever sent them."""
        return rate(self.violations, self.inspected)


def _ratio(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def stats_json(stats: SelectivityStats) -> dict[str, object]:
    """The ``borderdesk stats --json`` document (the issue's contract, and more)."""
    return {
        "gate": stats.gate_code, "from": stats.first_day.isoformat(),
        "to": stats.last_day.isoformat(), "timezone": stats.timezone,
        "crossings": stats.crossings, "inspected": stats.inspected,
        "violations": stats.violations, "gate_rate": _ratio(stats.gate_rate),
        "rules": [{"rule": r.rule, "flagged": r.flagged, "inspected": r.inspected,
                   "confirmed": r.confirmed, "hit_rate": _ratio(r.hit_rate)}
                  for r in stats.rules],
        "channels": [{"channel": c.channel, "crossings": c.crossings, "inspected": c.inspected,
                      "violations": c.violations} for c in stats.channels],
        "officers": [{"username": o.username, "name": o.name, "checks": o.checks,
                      "overrides_up": o.overrides_up, "overrides_down": o.overrides_down,
                      "inspections": o.inspections, "inspections_found": o.inspections_found,
                      "approvals": o.approvals, "refusals": o.refusals}
                     for o in stats.officers],
        "traders": [{"tax_code": t.tax_code, "name": t.name, "crossings": t.crossings,
                     "inspected": t.inspected, "violations": t.violations}
                    for t in stats.traders],
        "overrides": [{"override_id": str(o.override_id), "reference": o.reference,
                       "at": o.at.isoformat(), "from": o.from_channel, "to": o.to_channel,
                       "lowering": o.lowering, "state": o.state, "asked_by": o.asked_by,
                       "decided_by": o.decided_by or None, "reason": o.reason}
                      for o in stats.overrides],
        "random": {"picks": stats.random.picks, "yellow": stats.random.yellow,
                   "red": stats.random.red, "inspected": stats.random.inspected,
                   "violations": stats.random.violations,
                   "violation_rate": _ratio(stats.random.violation_rate)},
        "integrity": {
            "shifts": [{"username": i.username, "name": i.name, "day": i.day.isoformat(),
                        "shift": i.shift, "overrides_up": i.overrides_up,
                        "overrides_down": i.overrides_down, "approvals": i.approvals,
                        "red_released_uninspected": i.red_released_uninspected,
                        "late_handoffs": i.late_handoffs} for i in stats.integrity],
            "outliers": [{"username": o.username, "name": o.name, "measure": o.measure,
                          "count": o.count, "others_average": round(o.others_average, 2)}
                         for o in stats.outliers],
        },
        "suggestions": {
            "min_inspections": stats.min_inspections,
            "rules": [{"rule": s.rule, "inspected": s.inspected, "hit_rate": _ratio(s.hit_rate),
                       "gate_rate": _ratio(s.gate_rate), "current": str(s.current),
                       "suggested": None if s.suggested is None else str(s.suggested)}
                      for s in stats.suggestions],
        },
    }
