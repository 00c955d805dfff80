"""The crossings of a shift, read from the database as they stood at the cutoff.

Every query is bounded by the shift's window and joined to the gate's
crossings, so a report costs the same on a database of a million crossings.
The caller (``services.shift_reports``) opens the transaction and checks
permissions; this module only reads.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from borderdesk.domain.crossing import Channel, CrossingStatus, Direction
from borderdesk.domain.phrase import stored
from borderdesk.domain.shift_report import (
    WATCH_LIST_RULES,
    CrossingLine,
    FindingLine,
    RuleCount,
    WatchHit,
)
from borderdesk.storage.models import (
    CheckRun,
    Crossing,
    CrossingContainer,
    CrossingStatusChange,
    Declaration,
    Finding,
)

IdSelect = Select[Any]
"""A sub-select of record ids (SQLAlchemy types its rows differently across 2.0 and 2.1)."""

CLOSED = frozenset({CrossingStatus.RELEASED.value, CrossingStatus.CANCELLED.value})
"""Statuses a crossing never leaves: everything else is handed to the next shift."""


@dataclass(frozen=True)
class Window:
    """The gate and the times a report covers; ``cutoff`` is min(end, generation time)."""

    gate_id: UUID
    start: datetime
    end: datetime
    cutoff: datetime

    @property
    def activity_end(self) -> datetime:
        """The end of what counts as done during the shift."""
        return min(self.end, self.cutoff)


def shift_crossing_ids(window: Window) -> IdSelect:
    """The ids of the crossings that arrived during the shift, as a sub-select."""
    return select(Crossing.id).where(
        Crossing.gate_id == window.gate_id,
        Crossing.arrived_at >= window.start,
        Crossing.arrived_at < window.activity_end,
    )


@dataclass
class _History:
    status: str = CrossingStatus.ARRIVED.value
    channel: str | None = None
    released_at: datetime | None = None


def histories(session: Session, crossing_ids: IdSelect,
              cutoff: datetime) -> dict[UUID, _History]:
    """Status, channel and release time of each crossing at the cutoff, from its changes."""
    found: dict[UUID, _History] = defaultdict(_History)
    rows = session.execute(
        select(CrossingStatusChange.crossing_id, CrossingStatusChange.status,
               CrossingStatusChange.channel, CrossingStatusChange.created_at)
        .where(CrossingStatusChange.crossing_id.in_(crossing_ids),
               CrossingStatusChange.created_at < cutoff)
        .order_by(CrossingStatusChange.created_at, CrossingStatusChange.id)
    )
    for crossing_id, status, channel, at in rows:
        history = found[crossing_id]
        history.status = status
        if channel:
            history.channel = channel
        if status == CrossingStatus.RELEASED.value and history.released_at is None:
            history.released_at = at
    return found


def _traders(session: Session, crossing_ids: IdSelect,
             cutoff: datetime) -> dict[UUID, str]:
    traders: dict[UUID, str] = {}
    for crossing_id, trader in session.execute(
        select(Declaration.crossing_id, Declaration.trader_name)
        .where(Declaration.crossing_id.in_(crossing_ids), Declaration.created_at < cutoff)
        .order_by(Declaration.version, Declaration.created_at)
    ):
        if crossing_id is not None:
            traders[crossing_id] = trader
    return traders


def _containers(session: Session, crossing_ids: IdSelect) -> dict[UUID, list[str]]:
    found: dict[UUID, list[str]] = defaultdict(list)
    for crossing_id, number in session.execute(
        select(CrossingContainer.crossing_id, CrossingContainer.container_no)
        .where(CrossingContainer.crossing_id.in_(crossing_ids))
        .order_by(CrossingContainer.position)
    ):
        found[crossing_id].append(number)
    return found


def latest_findings(session: Session, crossing_ids: IdSelect,
                    cutoff: datetime) -> dict[UUID, tuple[FindingLine, ...]]:
    """The findings of each crossing's latest check before the cutoff.

    An override is a run of its own that carries no findings: the findings
    stay with the run it overrides, so overrides are left out here.
    """
    latest: dict[UUID, UUID] = {}
    for run_id, crossing_id in session.execute(
        select(CheckRun.id, CheckRun.crossing_id)
        .where(CheckRun.crossing_id.in_(crossing_ids), CheckRun.created_at < cutoff,
               CheckRun.overrides_id.is_(None))
        .order_by(CheckRun.created_at, CheckRun.id)
    ):
        latest[crossing_id] = run_id
    wanted = set(latest.values())
    by_run: dict[UUID, list[FindingLine]] = defaultdict(list)
    for run_id, rule, severity, message, phrase in session.execute(
        select(Finding.check_run_id, Finding.rule, Finding.severity, Finding.message,
               Finding.message_phrase)
        .join(CheckRun, CheckRun.id == Finding.check_run_id)
        .where(CheckRun.crossing_id.in_(crossing_ids), CheckRun.created_at < cutoff)
        .order_by(Finding.check_run_id, Finding.created_at, Finding.id)
    ):
        if run_id in wanted:
            by_run[run_id].append(FindingLine(rule, severity, stored(phrase, message)))
    return {crossing_id: tuple(by_run[run_id]) for crossing_id, run_id in latest.items()}


def shift_crossings(session: Session, window: Window) -> tuple[CrossingLine, ...]:
    """The crossings that arrived during the shift, oldest first, as they stood at the cutoff."""
    ids = shift_crossing_ids(window)
    found = histories(session, ids, window.cutoff)
    traders = _traders(session, ids, window.cutoff)
    containers = _containers(session, ids)
    findings = latest_findings(session, ids, window.cutoff)
    rows = session.execute(
        select(Crossing.id, Crossing.reference, Crossing.arrived_at, Crossing.direction,
               Crossing.lane, Crossing.tractor_plate, Crossing.trailer_plate,
               Crossing.carrier_name)
        .where(Crossing.id.in_(ids))
        .order_by(Crossing.arrived_at, Crossing.id)
    )
    lines = []
    for crossing_id, reference, arrived_at, direction, lane, plate, trailer, carrier in rows:
        history = found.get(crossing_id, _History())
        lines.append(CrossingLine(
            crossing_id=crossing_id, reference=reference, arrived_at=arrived_at,
            direction=Direction(direction), lane=lane, tractor_plate=plate,
            trailer_plate=trailer, containers=tuple(containers.get(crossing_id, ())),
            carrier=carrier, trader=traders.get(crossing_id, ""),
            status=CrossingStatus(history.status),
            channel=Channel(history.channel) if history.channel else None,
            released_at=history.released_at, findings=findings.get(crossing_id, ()),
        ))
    return tuple(lines)


def rule_counts(crossings: tuple[CrossingLine, ...]) -> tuple[RuleCount, ...]:
    """Findings per rule, most frequent first, with the crossings they concern."""
    findings: Counter[str] = Counter()
    concerned: Counter[str] = Counter()
    for line in crossings:
        rules = [finding.rule for finding in line.findings]
        findings.update(rules)
        concerned.update(set(rules))
    return tuple(RuleCount(rule, count, concerned[rule])
                 for rule, count in sorted(findings.items(), key=lambda item: (-item[1], item[0])))


def watch_hits(crossings: tuple[CrossingLine, ...]) -> tuple[WatchHit, ...]:
    """Findings that matched a watch list, in arrival order."""
    return tuple(
        WatchHit(line.reference, finding.rule, finding.severity, finding.phrase)
        for line in crossings for finding in line.findings if finding.rule in WATCH_LIST_RULES
    )
