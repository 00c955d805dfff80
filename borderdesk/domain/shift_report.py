"""A supervisor's shift report: what the gate did between two times, as plain data.

The services fill a ``ShiftReport`` from the database; the PDF, the CSV and
the GUI's preview only read it. States (status, channel, handoff state) are
those at the *cutoff*: the end of the shift, or the moment the report was
generated when the shift is still running, so a reprint of a past shift
shows what its supervisor handed over.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from uuid import UUID

from borderdesk.domain.crossing import Channel, CrossingStatus, Direction
from borderdesk.domain.custody import Agency, ChainHead, HandoffState
from borderdesk.domain.phrase import Phrase, say
from borderdesk.domain.selectivity_stats import SelectivityStats
from borderdesk.i18n import N_, _

WATCH_LIST_RULES = frozenset({"PROHIBITED_GOODS", "LICENCE_REQUIRED", "BRAND_WATCH",
                              "FLAGGED_PARTY"})
"""Rule ids whose findings are hits on the gate's watch lists."""


@dataclass(frozen=True)
class ShiftDefinition:
    """A named shift in the gate's local time; ``ends`` not after ``starts`` crosses midnight."""

    name: str
    starts: time
    ends: time

    @property
    def crosses_midnight(self) -> bool:
        """Whether the shift ends on the day after the one it starts on."""
        return self.ends <= self.starts


_DEFAULT_SHIFT_NAMES = {"morning": N_("Morning"), "afternoon": N_("Afternoon"),
                        "night": N_("Night")}


def shift_label(name: str) -> str:
    """The name of a default shift in the active language; a gate's own names as written."""
    label = _DEFAULT_SHIFT_NAMES.get(name)
    return _(label) if label else name.replace("_", " ").capitalize()


@dataclass(frozen=True)
class FindingLine:
    """One finding of a crossing's latest check."""

    rule: str
    severity: str
    phrase: Phrase | str
    """Said in the report's language (a text stored before phrases, as written)."""

    @property
    def message(self) -> str:
        """The message in the active language: the report's, when its pages are drawn."""
        return say(self.phrase)


@dataclass(frozen=True)
class CrossingLine:
    """One crossing of the shift, as the detail table and the CSV show it."""

    crossing_id: UUID
    reference: str
    arrived_at: datetime
    direction: Direction
    lane: str
    tractor_plate: str
    trailer_plate: str
    containers: tuple[str, ...]
    carrier: str
    trader: str
    """The trader of the latest declaration; empty when none was recorded."""
    status: CrossingStatus
    """The status at the cutoff."""
    channel: Channel | None
    """The channel at the cutoff; None while no check has chosen one."""
    released_at: datetime | None
    findings: tuple[FindingLine, ...]

    @property
    def clearance(self) -> timedelta | None:
        """Time from arrival to release, when released before the cutoff."""
        return self.released_at - self.arrived_at if self.released_at else None


@dataclass(frozen=True)
class RuleCount:
    """How often a rule fired in the shift's latest checks."""

    rule: str
    findings: int
    crossings: int


@dataclass(frozen=True)
class SeizureLineRow:
    """One line of goods seized during the shift."""

    seizure_id: UUID
    reference: str
    at: datetime
    description: str
    hs_code: str
    quantity: Decimal
    unit: str
    declared_value: Decimal | None
    currency: str
    storage_location: str
    officer: str


@dataclass(frozen=True)
class HandoffLine:
    """A handoff pending at the cutoff: overdue ones go on the report by name."""

    handoff_id: UUID
    reference: str
    from_agency: Agency
    to_agency: Agency
    sent_at: datetime
    waited: timedelta
    items: int
    overdue: bool


@dataclass(frozen=True)
class WatchHit:
    """A finding that matched a watch list (flagged party, brand, prohibited, licence)."""

    reference: str
    rule: str
    severity: str
    phrase: Phrase | str

    @property
    def message(self) -> str:
        """The message in the active language: the report's, when its pages are drawn."""
        return say(self.phrase)


@dataclass(frozen=True)
class OfficerWorkload:
    """What one officer recorded during the shift."""

    name: str
    role: str
    arrivals: int
    checks: int
    decisions: int
    """Status changes after the arrival: documents, inspection, release, hold, cancel."""
    inspections: int
    seizures: int
    handoffs: int

    @property
    def total(self) -> int:
        """Every recorded act, for sorting the busiest first."""
        return (self.arrivals + self.checks + self.decisions + self.inspections
                + self.seizures + self.handoffs)


@dataclass(frozen=True)
class OpenItem:
    """Something the next shift takes over: a crossing not closed or a handoff not answered."""

    kind: str
    """``crossing`` or ``handoff``."""
    reference: str
    state: str
    """A ``CrossingStatus`` or ``HandoffState`` value."""
    since: datetime
    detail: str
    """The tractor plate of a crossing; the items handed over of a handoff."""
    lane: str = ""
    from_agency: Agency | None = None
    to_agency: Agency | None = None


@dataclass(frozen=True)
class ShiftReport:
    """Everything a shift report prints.

    Times are aware: the window's in the gate's zone, the rest as stored
    (UTC); show them in ``timezone``.
    """

    gate_code: str
    gate_name: str
    timezone: str
    day: date
    shift: ShiftDefinition
    window_start: datetime
    window_end: datetime
    cutoff: datetime
    supervisor: str
    generated_at: datetime
    by_direction: tuple[tuple[Direction, int], ...]
    by_channel: tuple[tuple[Channel | None, int], ...]
    """Every channel, then None for crossings no check had sent through one yet."""
    by_status: tuple[tuple[CrossingStatus, int], ...]
    clearance_median: timedelta | None
    clearance_p90: timedelta | None
    released: int
    slowest: tuple[CrossingLine, ...]
    findings_by_rule: tuple[RuleCount, ...]
    seizures: tuple[SeizureLineRow, ...]
    handoffs_by_state: tuple[tuple[HandoffState, int], ...]
    """Handoffs sent during the shift, by their state at the cutoff."""
    pending_handoffs: tuple[HandoffLine, ...]
    """Every handoff of the gate still pending at the cutoff, from this shift or before."""
    watch_hits: tuple[WatchHit, ...]
    workload: tuple[OfficerWorkload, ...]
    open_items: tuple[OpenItem, ...]
    arrivals_per_hour: tuple[tuple[datetime, int], ...]
    """The local start of each hour of the shift and the arrivals in it."""
    crossings: tuple[CrossingLine, ...]
    chain_heads: tuple[ChainHead, ...]
    selectivity: SelectivityStats | None = None
    """Hit rates, random picks and integrity figures of the shift (None: not counted)."""

    @property
    def total_crossings(self) -> int:
        """Crossings that arrived during the shift."""
        return len(self.crossings)

    @property
    def empty(self) -> bool:
        """Nothing happened: no arrival, no seizure, no handoff during the shift."""
        return not (self.crossings or self.seizures
                    or any(count for _state, count in self.handoffs_by_state))

    @property
    def overdue_handoffs(self) -> tuple[HandoffLine, ...]:
        """Pending handoffs waiting longer than the gate's overdue limit."""
        return tuple(line for line in self.pending_handoffs if line.overdue)

    @property
    def seized_value_by_currency(self) -> tuple[tuple[str, Decimal], ...]:
        """Declared value of the seized goods, summed per currency."""
        totals: dict[str, Decimal] = {}
        for line in self.seizures:
            if line.declared_value is not None:
                key = line.currency or "?"
                totals[key] = totals.get(key, Decimal(0)) + line.declared_value
        return tuple(sorted(totals.items()))
