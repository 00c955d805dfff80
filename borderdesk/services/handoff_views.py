"""Reading handoffs: whole records, an agency's inbox, the custody timeline of a crossing.

The writing side is ``services.handoffs``, which re-exports these functions:
callers import them from there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from decimal import Decimal
from uuid import UUID
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from borderdesk.access.permissions import Action, require
from borderdesk.custody.handoff_states import holder_after
from borderdesk.domain.custody import (
    Agency,
    CustodySpan,
    HandoffEvent,
    HandoffItemRecord,
    HandoffRecord,
    HandoffState,
    HandoffSummary,
    ItemConfirmation,
    ItemKind,
    agency_of,
    custody_label,
)
from borderdesk.domain.officer import Actor, Role
from borderdesk.errors import ConcurrentChange, PermissionDenied, UserInputError
from borderdesk.i18n import _
from borderdesk.services.evidence import crossing_at_gate
from borderdesk.services.workstations import gate_of
from borderdesk.storage.engine import Database
from borderdesk.storage.models import (
    Crossing,
    Gate,
    Handoff,
    HandoffItem,
    HandoffItemConfirmation,
    HandoffStateChange,
    Officer,
    Seizure,
    Workstation,
)
from borderdesk.storage.models.base import utc_now

DEFAULT_OVERDUE = timedelta(minutes=60)


def _of_gate(gate_id: UUID) -> ColumnElement[bool]:
    # A handoff belongs to the gate of the workstation that wrote (or imported) it.
    return Handoff.workstation_id.in_(select(Workstation.id).where(Workstation.gate_id == gate_id))


def handoff_at_gate(session: Session, actor: Actor, handoff_id: UUID) -> Handoff:
    """The handoff, if it was written at the actor's gate.

    Raises:
        UserInputError: no such handoff at this gate.
    """
    handoff = session.scalars(select(Handoff).where(Handoff.id == handoff_id,
                                                    _of_gate(actor.gate_id))).first()
    if handoff is None:
        raise UserInputError(_("There is no such handoff at this gate."))
    return handoff


def _name(session: Session, officer_id: UUID | None) -> str:
    if officer_id is None:
        return ""
    return session.scalar(select(Officer.full_name).where(Officer.id == officer_id)) or ""


def settled_by(session: Session, handoff_id: UUID) -> ConcurrentChange:
    """The refusal for a handoff someone settled first: who, how and when (the gate's time)."""
    row = session.execute(
        select(HandoffStateChange.state, HandoffStateChange.created_at, Officer.full_name,
               Gate.timezone)
        .outerjoin(Officer, Officer.id == HandoffStateChange.created_by)
        .join(Workstation, Workstation.id == HandoffStateChange.workstation_id)
        .join(Gate, Gate.id == Workstation.gate_id)
        .where(HandoffStateChange.handoff_id == handoff_id,
               HandoffStateChange.state != HandoffState.PENDING.value)
        .order_by(HandoffStateChange.created_at.desc(), HandoffStateChange.id.desc()).limit(1)
    ).first()
    if row is None:
        return ConcurrentChange(_("Another workstation changed this handoff first. "
                                  "Reload it and try again."))
    at = row.created_at.astimezone(ZoneInfo(row.timezone))
    return ConcurrentChange(_("This handoff was already {state} by {officer} at {time}.").format(
        state=custody_label(HandoffState(row.state)).lower(), officer=row.full_name or "?",
        time=at.strftime("%Y-%m-%d %H:%M:%S")))


def _reference(session: Session, handoff: Handoff) -> str:
    if handoff.crossing_id is not None:
        return session.scalar(select(Crossing.reference)
                              .where(Crossing.id == handoff.crossing_id)) or ""
    return handoff.imported_from[:12]


def _summary(session: Session, handoff: Handoff, items: int, overdue_after: timedelta
             ) -> HandoffSummary:
    pending = handoff.state == HandoffState.PENDING.value
    return HandoffSummary(
        handoff_id=handoff.id, reference=_reference(session, handoff),
        from_agency=Agency(handoff.from_agency), to_agency=Agency(handoff.to_agency),
        from_officer=_name(session, handoff.created_by),
        to_officer=_name(session, handoff.to_officer_id), state=HandoffState(handoff.state),
        sent_at=handoff.created_at, items=items,
        overdue=pending and utc_now() - handoff.created_at > overdue_after, note=handoff.note,
    )


def record_of(session: Session, handoff: Handoff,
              overdue_after: timedelta = DEFAULT_OVERDUE) -> HandoffRecord:
    """The whole handoff: items with the receiver's confirmations, and every step."""
    items = session.scalars(select(HandoffItem).where(HandoffItem.handoff_id == handoff.id)
                            .order_by(HandoffItem.id)).all()
    changes = session.scalars(
        select(HandoffStateChange).where(HandoffStateChange.handoff_id == handoff.id)
        .order_by(HandoffStateChange.created_at, HandoffStateChange.id)).all()
    checks: dict[UUID, list[ItemConfirmation]] = {}
    for row in session.scalars(
        select(HandoffItemConfirmation)
        .where(HandoffItemConfirmation.state_change_id.in_([c.id for c in changes]))
        .order_by(HandoffItemConfirmation.id)
    ):
        checks.setdefault(row.state_change_id, []).append(ItemConfirmation(
            row.item_id, count_ok=row.count_ok, seal_intact=row.seal_intact, remark=row.remark))
    latest = {c.item_id: c for change in changes for c in checks.get(change.id, [])}
    history = tuple(HandoffEvent(
        state=HandoffState(change.state), at=change.created_at,
        officer=_name(session, change.created_by),
        agency=Agency(handoff.from_agency if change.state == HandoffState.PENDING.value
                      else handoff.to_agency),
        reason=change.reason,
        item_ids=tuple(c.item_id for c in checks.get(change.id, [])
                       if change.state == HandoffState.DISPUTED.value or c.discrepancy),
    ) for change in changes)
    return HandoffRecord(
        summary=_summary(session, handoff, len(items), overdue_after),
        crossing_id=handoff.crossing_id, inspection_id=handoff.inspection_id,
        seizure_id=handoff.seizure_id,
        items=tuple(HandoffItemRecord(
            item_id=item.id, kind=ItemKind(item.kind), description=item.description,
            reference=item.reference,
            quantity=Decimal(item.quantity) if item.quantity is not None else None,
            unit=item.unit, hs_code=item.hs_code, seal_no=item.seal_no,
            confirmation=latest.get(item.id)) for item in items),
        history=history, imported_from=handoff.imported_from,
    )


def get_handoff(db: Database, actor: Actor, handoff_id: UUID) -> HandoffRecord:
    """One handoff of the gate with its items and history.

    Raises:
        UserInputError: no such handoff at this gate.
    """
    require(actor.role, Action.VIEW_CROSSING)
    with db.session() as session:
        gate_of(session, actor)
        return record_of(session, handoff_at_gate(session, actor, handoff_id))


def handoffs_of_crossing(db: Database, actor: Actor, crossing_id: UUID) -> list[HandoffRecord]:
    """The handoffs of a crossing, oldest first."""
    require(actor.role, Action.VIEW_CROSSING)
    with db.session() as session:
        crossing_at_gate(session, actor, crossing_id)
        rows = session.scalars(select(Handoff).where(Handoff.crossing_id == crossing_id)
                               .order_by(Handoff.created_at, Handoff.id)).all()
        return [record_of(session, row) for row in rows]


def _inbox_agencies(actor: Actor, agency: Agency | None) -> tuple[Agency, ...]:
    own = agency_of(actor.role)
    if own is None:
        # A supervisor watches every agency's inbox; nobody else without an agency does.
        require(actor.role, Action.VIEW_REPORTS)
        return (agency,) if agency else tuple(Agency)
    require(actor.role, Action.RECEIVE_HANDOFF)
    if agency not in (None, own):
        raise PermissionDenied(_("You see the inbox of {agency} only.")
                               .format(agency=custody_label(own)))
    return (own,)


def inbox(db: Database, actor: Actor, *, overdue_after: timedelta = DEFAULT_OVERDUE,
          states: frozenset[HandoffState] = frozenset({HandoffState.PENDING}),
          agency: Agency | None = None) -> list[HandoffSummary]:
    """The handoffs sent to the actor's agency in ``states``, oldest first.

    A supervisor (no agency) sees every agency's, or ``agency``'s.

    Raises:
        PermissionDenied: another agency's inbox, or a role without an inbox.
    """
    agencies = _inbox_agencies(actor, agency)
    items = (select(func.count()).where(HandoffItem.handoff_id == Handoff.id)
             .correlate(Handoff).scalar_subquery())
    with db.session() as session:
        gate_of(session, actor)
        rows = session.execute(
            select(Handoff, items)
            .where(Handoff.to_agency.in_([a.value for a in agencies]),
                   Handoff.state.in_(sorted(s.value for s in states)), _of_gate(actor.gate_id))
            .order_by(Handoff.created_at, Handoff.id)
        ).all()
        return [_summary(session, handoff, count, overdue_after) for handoff, count in rows]


def pending_count(db: Database, actor: Actor) -> int:
    """How many handoffs wait for the actor's agency (for a supervisor: for every agency).

    Polled every few seconds by the main window, so it is one indexed count;
    an administrator, who sees no goods, always gets 0.
    """
    own = agency_of(actor.role)
    if own is None and actor.role is not Role.SUPERVISOR:
        return 0
    agencies = [own.value] if own else [a.value for a in Agency]
    with db.session() as session:
        gate_of(session, actor)
        return int(session.scalar(
            select(func.count()).select_from(Handoff)
            .where(Handoff.to_agency.in_(agencies), Handoff.state == HandoffState.PENDING.value,
                   _of_gate(actor.gate_id))) or 0)


def handoff_marker(db: Database, actor: Actor) -> str:
    """A cheap token that changes whenever a handoff is sent, imported or settled."""
    with db.session() as session:
        gate_of(session, actor)
        count, latest = session.execute(
            select(func.count(), func.max(HandoffStateChange.created_at))
        ).one()
    return f"{count}:{latest.isoformat() if latest else '-'}"


# ---- The custody timeline --------------------------------------------------------------------


def _what(items: Sequence[HandoffItem]) -> str:
    return "; ".join(
        f"{custody_label(ItemKind(item.kind))}: {item.description}"
        + (f" ({Decimal(item.quantity).normalize():f} {item.unit})"
           if item.quantity is not None else "")
        for item in items)


def _vehicle(crossing: Crossing) -> str:
    parts = [crossing.tractor_plate, crossing.trailer_plate,
             *(c.container_no for c in crossing.containers)]
    return _("Vehicle and cargo: {what}").format(what=", ".join(p for p in parts if p))


def agency_of_officer(session: Session, officer_id: UUID | None, default: Agency) -> Agency:
    """The agency the officer works for, ``default`` for none (a supervisor) or no officer."""
    role = session.scalar(select(Officer.role).where(Officer.id == officer_id)) \
        if officer_id else None
    return (agency_of(Role(role)) if role else None) or default


def custody_timeline(db: Database, actor: Actor, crossing_id: UUID) -> list[CustodySpan]:
    """Who held the crossing's vehicle and goods, from when to when, oldest first.

    The border guard who registered the arrival holds the vehicle from its
    arrival; seized goods are held by the seizing agency from the seizure.
    Each settled handoff closes the holder's span and opens one for whoever
    holds after it (the receiver when accepted, the sender again when
    disputed or returned). A pending handoff is an offer, not custody: its
    span names the receiving agency, the officer who offered (the sender)
    and state pending, and the sender's span stays open, for the sender
    still holds the goods. ``custody_words`` says each span in words.
    """
    require(actor.role, Action.VIEW_CROSSING)
    with db.session() as session:
        crossing = crossing_at_gate(session, actor, crossing_id)
        spans = [CustodySpan(
            agency=agency_of_officer(session, crossing.created_by, Agency.BORDER_GUARD),
            officer=_name(session, crossing.created_by), since=crossing.arrived_at, until=None,
            what=_vehicle(crossing), handoff_id=None)]
        open_span = {"vehicle": 0}
        steps = []
        for handoff in session.scalars(select(Handoff).where(Handoff.crossing_id == crossing_id)
                                       .order_by(Handoff.created_at, Handoff.id)):
            items = session.scalars(select(HandoffItem).where(HandoffItem.handoff_id == handoff.id)
                                    .order_by(HandoffItem.id)).all()
            shas = tuple(i.reference for i in items if i.kind == ItemKind.EVIDENCE.value)
            track = f"seizure:{handoff.seizure_id}" if handoff.seizure_id else "vehicle"
            if track not in open_span:
                seizure = session.get(Seizure, handoff.seizure_id)
                assert seizure is not None  # the foreign key guarantees it
                open_span[track] = len(spans)
                spans.append(CustodySpan(
                    agency=agency_of_officer(session, seizure.created_by,
                                              Agency(handoff.from_agency)),
                    officer=_name(session, seizure.created_by), since=seizure.created_at,
                    until=None, what=_("Seized goods: {reason}").format(reason=seizure.reason),
                    handoff_id=None))
            if handoff.state == HandoffState.PENDING.value:
                spans.append(CustodySpan(
                    agency=Agency(handoff.to_agency),
                    officer=_name(session, handoff.created_by), since=handoff.created_at,
                    until=None, what=_what(items), handoff_id=handoff.id, evidence_sha256=shas,
                    state=HandoffState.PENDING))
                continue
            change = session.scalars(
                select(HandoffStateChange)
                .where(HandoffStateChange.handoff_id == handoff.id,
                       HandoffStateChange.state == handoff.state)
                .order_by(HandoffStateChange.created_at).limit(1)).first()
            if change is not None:
                steps.append((change.created_at, track, handoff, change, _what(items), shas))
        for at, track, handoff, change, what, shas in sorted(steps, key=lambda s: s[0]):
            state = HandoffState(change.state)
            spans[open_span[track]] = _ended(spans[open_span[track]], at)
            open_span[track] = len(spans)
            spans.append(CustodySpan(
                agency=holder_after(state, Agency(handoff.from_agency),
                                    Agency(handoff.to_agency)),
                officer=_name(session, change.created_by if state is HandoffState.ACCEPTED
                              else handoff.created_by),
                since=at, until=None, what=what, handoff_id=handoff.id, evidence_sha256=shas,
                state=state))
        return sorted(spans, key=lambda span: span.since)


def custody_words(span: CustodySpan) -> str:
    """A span as the officer reads it: who holds, or to whom it is only offered, and by whom.

    "Offered to Police by Lê Văn Biên, not yet accepted" for a pending handoff
    (the sender still holds the goods); "Held by Customs (Phạm Thị Hải)" otherwise,
    naming the officer who took custody.
    """
    agency = custody_label(span.agency)
    if span.state is HandoffState.PENDING:
        if span.officer:
            return _("Offered to {agency} by {officer}, not yet accepted").format(
                agency=agency, officer=span.officer)
        return _("Offered to {agency}, not yet accepted").format(agency=agency)
    if span.officer:
        return _("Held by {agency} ({officer})").format(agency=agency, officer=span.officer)
    return _("Held by {agency}").format(agency=agency)


def _ended(span: CustodySpan, at: datetime) -> CustodySpan:
    return replace(span, until=at)


def crossing_by_reference(db: Database, actor: Actor, reference: str) -> UUID:
    """The id of the gate's crossing with this reference ("LA-261125-7F3K2"), for the CLI.

    Raises:
        UserInputError: no crossing of this gate has that reference.
    """
    require(actor.role, Action.VIEW_CROSSING)
    with db.session() as session:
        gate_of(session, actor)
        found = session.scalar(select(Crossing.id).where(
            Crossing.reference == reference.strip().upper(), Crossing.gate_id == actor.gate_id))
    if found is None:
        raise UserInputError(_("There is no crossing {reference} at this gate.")
                             .format(reference=reference.strip()))
    return found
