"""Seizures, handoffs, officers' workload and the items left open at the end of a shift.

Read-only queries over one gate and one shift window (see ``reports.shift_data``).
A handoff belongs to the gate of the workstation that recorded it (sent or
imported there).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from borderdesk.domain.custody import Agency, HandoffState
from borderdesk.domain.shift_report import HandoffLine, OfficerWorkload, OpenItem, SeizureLineRow
from borderdesk.reports.shift_data import CLOSED, IdSelect, Window, histories
from borderdesk.storage.models import (
    CheckRun,
    Crossing,
    CrossingStatusChange,
    Handoff,
    HandoffItem,
    HandoffStateChange,
    Inspection,
    Officer,
    Seizure,
    SeizureLine,
    Workstation,
)


def seizures(session: Session, window: Window) -> tuple[SeizureLineRow, ...]:
    """The goods seized at the gate during the shift, line by line, oldest first."""
    rows = session.execute(
        select(Seizure.id, Crossing.reference, Seizure.created_at, SeizureLine.description,
               SeizureLine.hs_code, SeizureLine.quantity, SeizureLine.unit,
               SeizureLine.declared_value, SeizureLine.currency, Seizure.storage_location,
               Officer.full_name)
        .join(Crossing, Crossing.id == Seizure.crossing_id)
        .join(SeizureLine, SeizureLine.seizure_id == Seizure.id)
        .outerjoin(Officer, Officer.id == Seizure.created_by)
        .where(Crossing.gate_id == window.gate_id, Seizure.created_at >= window.start,
               Seizure.created_at < window.activity_end)
        .order_by(Seizure.created_at, Seizure.id, SeizureLine.created_at, SeizureLine.id)
    )
    return tuple(
        SeizureLineRow(
            seizure_id=seizure_id, reference=reference, at=at, description=description,
            hs_code=hs_code, quantity=Decimal(str(quantity)), unit=unit,
            declared_value=None if value is None else Decimal(str(value)),
            currency=currency, storage_location=location, officer=officer or "",
        )
        for (seizure_id, reference, at, description, hs_code, quantity, unit, value, currency,
             location, officer) in rows
    )


def _gate_handoffs(window: Window) -> IdSelect:
    return (select(Handoff.id)
            .join(Workstation, Workstation.id == Handoff.workstation_id)
            .where(Workstation.gate_id == window.gate_id))


def _handoff_states(session: Session, handoff_ids: list[UUID],
                    cutoff: datetime) -> dict[UUID, HandoffState]:
    states = dict.fromkeys(handoff_ids, HandoffState.PENDING)
    for start in range(0, len(handoff_ids), 500):
        for handoff_id, state in session.execute(
            select(HandoffStateChange.handoff_id, HandoffStateChange.state)
            .where(HandoffStateChange.handoff_id.in_(handoff_ids[start:start + 500]),
                   HandoffStateChange.created_at < cutoff)
            .order_by(HandoffStateChange.created_at, HandoffStateChange.id)
        ):
            states[handoff_id] = HandoffState(state)
    return states


def handoffs(session: Session, window: Window, overdue_after: timedelta
             ) -> tuple[tuple[tuple[HandoffState, int], ...], tuple[HandoffLine, ...]]:
    """Handoffs sent during the shift by state at the cutoff, and every handoff still pending.

    The pending ones include those sent in earlier shifts: the next shift
    must answer them all.
    """
    gate_ids = _gate_handoffs(window)
    changed_later = select(HandoffStateChange.handoff_id).where(
        HandoffStateChange.created_at >= window.cutoff)
    rows = session.execute(
        select(Handoff.id, Handoff.created_at, Handoff.from_agency, Handoff.to_agency,
               Handoff.crossing_id, Handoff.seizure_id)
        .where(Handoff.id.in_(gate_ids), Handoff.created_at < window.cutoff,
               or_(Handoff.created_at >= window.start, Handoff.state == HandoffState.PENDING.value,
                   Handoff.id.in_(changed_later)))
        .order_by(Handoff.created_at, Handoff.id)
    ).all()
    ids = [row.id for row in rows]
    states = _handoff_states(session, ids, window.cutoff)
    sent = Counter(states[row.id] for row in rows if row.created_at >= window.start)
    by_state = tuple((state, sent.get(state, 0)) for state in HandoffState)
    pending = [row for row in rows if states[row.id] is HandoffState.PENDING]
    references = _references(session, pending)
    items = _item_counts(session, [row.id for row in pending])
    lines = tuple(
        HandoffLine(
            handoff_id=row.id, reference=references.get(row.id, ""),
            from_agency=Agency(row.from_agency), to_agency=Agency(row.to_agency),
            sent_at=row.created_at, waited=window.cutoff - row.created_at,
            items=items.get(row.id, 0), overdue=window.cutoff - row.created_at > overdue_after,
        )
        for row in pending
    )
    return by_state, lines


def _references(session: Session, rows: Sequence[Any]) -> dict[UUID, str]:
    crossing_of = {row.id: row.crossing_id for row in rows if row.crossing_id}
    seizure_of = {row.id: row.seizure_id for row in rows if not row.crossing_id and row.seizure_id}
    wanted = set(crossing_of.values())
    seizure_crossing: dict[UUID, UUID] = {}
    if seizure_of:
        seizure_crossing = {row[0]: row[1] for row in session.execute(
            select(Seizure.id, Seizure.crossing_id).where(Seizure.id.in_(seizure_of.values())))}
        wanted |= set(seizure_crossing.values())
    names = {row[0]: row[1] for row in session.execute(
        select(Crossing.id, Crossing.reference).where(Crossing.id.in_(wanted)))} if wanted else {}
    found = {handoff: names.get(crossing, "") for handoff, crossing in crossing_of.items()}
    for handoff, seizure in seizure_of.items():
        found[handoff] = names.get(seizure_crossing.get(seizure, seizure), "")
    return found


def _item_counts(session: Session, handoff_ids: list[UUID]) -> dict[UUID, int]:
    if not handoff_ids:
        return {}
    return {row[0]: row[1] for row in session.execute(
        select(HandoffItem.handoff_id, func.count())
        .where(HandoffItem.handoff_id.in_(handoff_ids))
        .group_by(HandoffItem.handoff_id))}


def workload(session: Session, window: Window) -> tuple[OfficerWorkload, ...]:
    """What each officer recorded at the gate during the shift, the busiest first."""
    since, until = window.start, window.activity_end
    counts: dict[UUID | None, Counter[str]] = defaultdict(Counter)
    in_gate = Crossing.gate_id == window.gate_id
    for officer_id, status, number in session.execute(
        select(CrossingStatusChange.created_by, CrossingStatusChange.status, func.count())
        .join(Crossing, Crossing.id == CrossingStatusChange.crossing_id)
        .where(in_gate, CrossingStatusChange.created_at >= since,
               CrossingStatusChange.created_at < until)
        .group_by(CrossingStatusChange.created_by, CrossingStatusChange.status)
    ):
        key = "arrivals" if status == "arrived" else "decisions"
        counts[officer_id][key] += number
    for key, model in (("checks", CheckRun), ("inspections", Inspection), ("seizures", Seizure)):
        for officer_id, number in session.execute(
            select(model.created_by, func.count())
            .join(Crossing, Crossing.id == model.crossing_id)
            .where(in_gate, model.created_at >= since, model.created_at < until)
            .group_by(model.created_by)
        ):
            counts[officer_id][key] += number
    for officer_id, number in session.execute(
        select(Handoff.created_by, func.count())
        .where(Handoff.id.in_(_gate_handoffs(window)), Handoff.created_at >= since,
               Handoff.created_at < until)
        .group_by(Handoff.created_by)
    ):
        counts[officer_id]["handoffs"] += number
    known = [officer_id for officer_id in counts if officer_id is not None]
    officers = {row.id: (row.full_name, row.role) for row in session.execute(
        select(Officer.id, Officer.full_name, Officer.role).where(Officer.id.in_(known))
    )} if known else {}
    loads = [
        OfficerWorkload(
            name=officers.get(officer_id, ("", ""))[0] if officer_id else "",
            role=officers.get(officer_id, ("", ""))[1] if officer_id else "",
            arrivals=found["arrivals"], checks=found["checks"], decisions=found["decisions"],
            inspections=found["inspections"], seizures=found["seizures"],
            handoffs=found["handoffs"],
        )
        for officer_id, found in counts.items()
    ]
    return tuple(sorted(loads, key=lambda load: (-load.total, load.name)))


def open_crossings(session: Session, window: Window) -> tuple[OpenItem, ...]:
    """Crossings of the gate not released or cancelled at the cutoff, oldest first.

    Candidates are those open now or changed since the cutoff, found through
    the indexes on status and on the changes' time, not by a scan.
    """
    changed_later = select(CrossingStatusChange.crossing_id).where(
        CrossingStatusChange.created_at >= window.cutoff)
    candidates = select(Crossing.id).where(
        Crossing.gate_id == window.gate_id, Crossing.arrived_at < window.cutoff,
        or_(Crossing.status.not_in(sorted(CLOSED)), Crossing.id.in_(changed_later)),
    )
    found = histories(session, candidates, window.cutoff)
    items = []
    for crossing_id, reference, arrived_at, plate, lane in session.execute(
        select(Crossing.id, Crossing.reference, Crossing.arrived_at, Crossing.tractor_plate,
               Crossing.lane)
        .where(Crossing.id.in_(candidates))
        .order_by(Crossing.arrived_at, Crossing.id)
    ):
        status = found[crossing_id].status if crossing_id in found else "arrived"
        if status not in CLOSED:
            items.append(OpenItem("crossing", reference, status, arrived_at, plate, lane=lane))
    return tuple(items)
