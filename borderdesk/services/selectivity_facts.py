"""The facts hit rates and the integrity view are counted from, read in one transaction.

Two kinds of facts over a window of time at one gate:

- per crossing that *arrived* in the window: the rules its latest check
  (not an override) flagged, whether it was inspected (a finished inspection
  or a seizure), what was confirmed, the trader, the random draw;
- per officer event *made* in the window: checks run, overrides and the
  decisions on them, inspections, releases of once-red crossings without a
  physical inspection, handoffs answered late.

Everything recorded up to now counts for the crossings of the window: a
truck that arrived on the last day and was inspected the next morning is
counted as inspected. ``services.selectivity_stats`` counts; this module
only reads.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.orm import Session

from borderdesk.domain.crossing import CrossingStatus
from borderdesk.domain.custody import HandoffState, InspectionKind, InspectionResult
from borderdesk.domain.findings import Rule
from borderdesk.reports.shift_data import IdSelect, latest_findings
from borderdesk.services.check_records import override_state
from borderdesk.storage.models import (
    CheckRun,
    Crossing,
    CrossingStatusChange,
    Declaration,
    Handoff,
    HandoffStateChange,
    Inspection,
    Officer,
    Seizure,
    Workstation,
)
from borderdesk.storage.models.base import utc_now
from borderdesk.storage.models.selectivity import OverrideDecision, SelectionDraw

CHANNEL_DRAW = "channel"
PICKED = frozenset({"yellow", "red"})
"""Outcomes of a channel draw that picked the crossing."""


@dataclass
class CrossingFacts:
    """One crossing of the window and what became of it."""

    reference: str
    channel: str
    """The channel in force now ('' while unchecked)."""
    flagged: set[str] = field(default_factory=set)
    inspected: bool = False
    violation: bool = False
    confirmed: set[str] = field(default_factory=set)
    tax_code: str = ""
    trader: str = ""
    declared_at: datetime | None = None
    random_pick: str = ""
    """``yellow`` or ``red`` when the random draw picked it, else ''."""


@dataclass(frozen=True)
class OverrideFacts:
    """One override made in the window."""

    override_id: UUID
    crossing_id: UUID
    reference: str
    at: datetime
    from_channel: str
    to_channel: str
    asked_by: UUID | None
    reason: str
    state: str
    """As ``services.check_records.override_state`` says: ``in_force``, ``pending``,
    ``refused``, ``replaced``, ``lapsed`` or ``superseded``."""
    decided_by: UUID | None


@dataclass(frozen=True)
class OfficerEvent:
    """Something an officer did at a moment: ``kind`` names the measure it counts in."""

    officer_id: UUID | None
    at: datetime
    kind: str


@dataclass
class WindowFacts:
    """Everything read for one window."""

    crossings: dict[UUID, CrossingFacts]
    overrides: list[OverrideFacts]
    events: list[OfficerEvent]
    officers: dict[UUID, tuple[str, str]]
    """Officer id -> (username, full name)."""


def _crossing_ids(gate_id: UUID, start: datetime, end: datetime) -> IdSelect:
    return select(Crossing.id).where(Crossing.gate_id == gate_id, Crossing.arrived_at >= start,
                                     Crossing.arrived_at < end)


def _gate_crossings(gate_id: UUID) -> IdSelect:
    return select(Crossing.id).where(Crossing.gate_id == gate_id)


def violation_of(result: str, finding_rules: str, unpredicted: str) -> bool:
    """Whether an inspection found a violation: a discrepancy it confirmed or named, a seizure."""
    if result == InspectionResult.SEIZURE.value:
        return True
    return result == InspectionResult.DISCREPANCY.value and bool(
        finding_rules.split() or unpredicted.strip())


def _crossings(session: Session, gate_id: UUID, start: datetime,
               end: datetime) -> dict[UUID, CrossingFacts]:
    ids = _crossing_ids(gate_id, start, end)
    found = {crossing_id: CrossingFacts(reference, channel or "")
             for crossing_id, reference, channel in session.execute(
                 select(Crossing.id, Crossing.reference, Crossing.channel)
                 .where(Crossing.id.in_(ids)).order_by(Crossing.arrived_at, Crossing.id))}
    for crossing_id, lines in latest_findings(session, ids, utc_now()).items():
        found[crossing_id].flagged = {line.rule for line in lines} - {Rule.RANDOM_SELECTION.value}
    for crossing_id, result, rules, unpredicted in session.execute(
        select(Inspection.crossing_id, Inspection.result, Inspection.finding_rules,
               Inspection.unpredicted)
        .where(Inspection.crossing_id.in_(ids), Inspection.finished_at.is_not(None))
    ):
        facts = found[crossing_id]
        facts.inspected = True
        facts.confirmed |= set(rules.split())
        facts.violation = facts.violation or violation_of(result, rules, unpredicted)
    for seized_id, rules in session.execute(
        select(Seizure.crossing_id, Seizure.finding_rules).where(Seizure.crossing_id.in_(ids))
    ):
        facts = found[seized_id]
        facts.inspected = facts.violation = True
        facts.confirmed |= set(rules.split())
    for declared_id, tax_code, name, declared_at in session.execute(
        select(Declaration.crossing_id, Declaration.trader_tax_code, Declaration.trader_name,
               Declaration.created_at)
        .where(Declaration.crossing_id.in_(ids))
        .order_by(Declaration.version, Declaration.created_at, Declaration.id)
    ):
        if declared_id is not None:
            facts = found[declared_id]
            facts.tax_code, facts.trader, facts.declared_at = tax_code.strip(), name, declared_at
    for crossing_id, outcome in session.execute(
        select(SelectionDraw.crossing_id, SelectionDraw.outcome)
        .where(SelectionDraw.crossing_id.in_(ids), SelectionDraw.purpose == CHANNEL_DRAW)
    ):
        if outcome in PICKED:
            found[crossing_id].random_pick = outcome
    return found


def _overrides(session: Session, gate_id: UUID, start: datetime,
               end: datetime) -> list[OverrideFacts]:
    made = select(CheckRun.crossing_id).where(
        CheckRun.crossing_id.in_(_gate_crossings(gate_id)), CheckRun.overrides_id.is_not(None),
        CheckRun.created_at >= start, CheckRun.created_at < end)
    runs = session.execute(
        select(CheckRun, Crossing.reference).join(Crossing, Crossing.id == CheckRun.crossing_id)
        .where(CheckRun.crossing_id.in_(made), CheckRun.created_at < end)
        .order_by(CheckRun.created_at, CheckRun.id)
    ).all()
    channel_of = {run.id: run.channel for run, _reference in runs}
    decisions = {row.override_id: row for row in session.scalars(
        select(OverrideDecision).where(OverrideDecision.override_id.in_(
            select(CheckRun.id).where(CheckRun.crossing_id.in_(made),
                                      CheckRun.overrides_id.is_not(None)))))}
    before: dict[UUID, str] = {}
    found = []
    for run, reference in runs:
        if run.overrides_id is None:
            continue
        # Rows written before four eyes carry no override_from: the channel in force
        # before them was the previous override's, else the run they override.
        from_channel = run.override_from or before.get(run.crossing_id) \
            or channel_of.get(run.overrides_id, "")
        decision = decisions.get(run.id)
        if decision is None or decision.decision != "refused":
            before[run.crossing_id] = run.channel
        if run.created_at >= start:
            found.append(OverrideFacts(
                run.id, run.crossing_id, reference, run.created_at, from_channel, run.channel,
                run.created_by, run.override_reason, override_state(session, run).value,
                decision.created_by if decision else None))
    return found


def _events(session: Session, gate_id: UUID, start: datetime, end: datetime,
            overdue_after: timedelta) -> list[OfficerEvent]:
    gate_crossings = _gate_crossings(gate_id)
    events = [OfficerEvent(by, at, "checks") for by, at in session.execute(
        select(CheckRun.created_by, CheckRun.created_at)
        .where(CheckRun.crossing_id.in_(gate_crossings), CheckRun.overrides_id.is_(None),
               CheckRun.created_at >= start, CheckRun.created_at < end))]
    events += [OfficerEvent(by, at, "approvals" if decision == "approved" else "refusals")
               for by, at, decision in session.execute(
                   select(OverrideDecision.created_by, OverrideDecision.created_at,
                          OverrideDecision.decision)
                   .join(CheckRun, CheckRun.id == OverrideDecision.override_id)
                   .where(CheckRun.crossing_id.in_(gate_crossings),
                          OverrideDecision.created_at >= start,
                          OverrideDecision.created_at < end))]
    for by, at, result, rules, unpredicted in session.execute(
        select(Inspection.created_by, Inspection.finished_at, Inspection.result,
               Inspection.finding_rules, Inspection.unpredicted)
        .where(Inspection.crossing_id.in_(gate_crossings), Inspection.finished_at >= start,
               Inspection.finished_at < end)
    ):
        if at is None:
            continue
        events.append(OfficerEvent(by, at, "inspections"))
        if violation_of(result, rules, unpredicted):
            events.append(OfficerEvent(by, at, "inspections_found"))
    events += _red_released(session, gate_crossings, start, end)
    events += _late_handoffs(session, gate_id, start, end, overdue_after)
    return events


def _red_released(session: Session, gate_crossings: IdSelect, start: datetime,
                  end: datetime) -> list[OfficerEvent]:
    in_window = (CrossingStatusChange.crossing_id.in_(gate_crossings),
                 CrossingStatusChange.status == CrossingStatus.RELEASED.value,
                 CrossingStatusChange.created_at >= start, CrossingStatusChange.created_at < end)
    releases = session.execute(
        select(CrossingStatusChange.crossing_id, CrossingStatusChange.created_by,
               CrossingStatusChange.created_at).where(*in_window)
    ).all()
    # A sub-select, not a list of ids: a year of releases is more than SQLite's parameters.
    released = select(CrossingStatusChange.crossing_id).where(*in_window)
    red_since: dict[UUID, datetime] = {}
    for crossing_id, at in session.execute(
        select(CheckRun.crossing_id, CheckRun.created_at)
        .where(CheckRun.crossing_id.in_(released), CheckRun.channel == "red")
        .union_all(select(CrossingStatusChange.crossing_id, CrossingStatusChange.created_at)
                   .where(CrossingStatusChange.crossing_id.in_(released),
                          CrossingStatusChange.channel == "red"))
    ):
        red_since[crossing_id] = min(at, red_since.get(crossing_id, at))
    physical: dict[UUID, list[datetime]] = defaultdict(list)
    for inspected_id, finished_at in session.execute(
        select(Inspection.crossing_id, Inspection.finished_at)
        .where(Inspection.crossing_id.in_(released), Inspection.finished_at.is_not(None),
               Inspection.kind == InspectionKind.PHYSICAL.value)
    ):
        if finished_at is not None:
            physical[inspected_id].append(finished_at)
    return [OfficerEvent(by, at, "red_released_uninspected")
            for crossing_id, by, at in releases
            if crossing_id in red_since and red_since[crossing_id] <= at
            and not any(done <= at for done in physical[crossing_id])]


def _late_handoffs(session: Session, gate_id: UUID, start: datetime, end: datetime,
                   overdue_after: timedelta) -> list[OfficerEvent]:
    gate_handoffs = (select(Handoff.id).join(Workstation, Workstation.id == Handoff.workstation_id)
                     .where(Workstation.gate_id == gate_id))
    answer = HandoffStateChange.state != HandoffState.PENDING.value
    answered_in_window = select(HandoffStateChange.handoff_id).where(
        HandoffStateChange.handoff_id.in_(gate_handoffs), answer,
        HandoffStateChange.created_at >= start, HandoffStateChange.created_at < end)
    # The first answer of each handoff answered in the window (it may have come before).
    answers: dict[UUID, tuple[UUID | None, datetime, datetime]] = {}
    for handoff_id, by, at, sent in session.execute(
        select(HandoffStateChange.handoff_id, HandoffStateChange.created_by,
               HandoffStateChange.created_at, Handoff.created_at)
        .join(Handoff, Handoff.id == HandoffStateChange.handoff_id)
        .where(HandoffStateChange.handoff_id.in_(answered_in_window), answer,
               HandoffStateChange.created_at < end)
        .order_by(HandoffStateChange.created_at, HandoffStateChange.id)
    ):
        answers.setdefault(handoff_id, (by, at, sent))
    return [OfficerEvent(by, at, "late_handoffs") for by, at, sent in answers.values()
            if at >= start and at - sent > overdue_after]


def read_window(session: Session, gate_id: UUID, start: datetime, end: datetime,
                overdue_after: timedelta) -> WindowFacts:
    """The facts of ``[start, end)`` at the gate (see the module's docstring)."""
    officers = {row.id: (row.username, row.full_name) for row in session.execute(
        select(Officer.id, Officer.username, Officer.full_name))}
    return WindowFacts(
        crossings=_crossings(session, gate_id, start, end),
        overrides=_overrides(session, gate_id, start, end),
        events=_events(session, gate_id, start, end, overdue_after),
        officers=officers,
    )
