"""Handoffs between agencies: sending, and the receiver's accept, dispute or return.

A handoff is written once with its items; every later step is an appended
``HandoffStateChange`` (with the receiver's per-item confirmations), and the
current state on the handoff row is moved by one conditional UPDATE, so two
workstations settling the same handoff at once cannot both succeed. The
reading side (records, inbox, custody timeline) is in ``handoff_views``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from uuid import UUID

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from borderdesk.access.permissions import Action, require
from borderdesk.custody.handoff_states import (
    check_change,
    check_holder,
    check_send,
    missing_items,
    unknown_items,
)
from borderdesk.domain.custody import (
    Agency,
    HandoffForm,
    HandoffItemForm,
    HandoffRecord,
    HandoffState,
    ItemConfirmation,
    ItemKind,
    agency_of,
    custody_label,
)
from borderdesk.domain.officer import Actor, Role
from borderdesk.errors import ConcurrentChange, UserInputError
from borderdesk.i18n import _
from borderdesk.services.audit import append_event
from borderdesk.services.evidence import crossing_at_gate
from borderdesk.services.handoff_facts import sending_facts
from borderdesk.services.handoff_views import (
    agency_of_officer,
    crossing_by_reference,
    custody_timeline,
    get_handoff,
    handoff_at_gate,
    handoff_marker,
    handoffs_of_crossing,
    inbox,
    pending_count,
    record_of,
    settled_by,
)
from borderdesk.services.inspections import inspection_of_crossing
from borderdesk.services.seizures import (
    clean_hs,
    clean_quantity,
    evidence_of_crossing,
    seizure_at_gate,
)
from borderdesk.services.workstations import gate_of
from borderdesk.storage.engine import Database
from borderdesk.storage.models import (
    Handoff,
    HandoffItem,
    HandoffItemConfirmation,
    HandoffStateChange,
    Inspection,
    Officer,
    Seizure,
    SeizureLine,
)
from borderdesk.storage.models.base import new_id, utc_now

__all__ = [
    "accept_handoff", "crossing_by_reference", "custody_timeline", "dispute_handoff",
    "get_handoff", "handoff_marker", "handoffs_of_crossing", "inbox", "pending_count",
    "return_handoff", "send_handoff",
]

_SHA256 = re.compile(r"[0-9a-f]{64}")
MAX_ITEMS = 200
MAX_TEXT = 4000


# ---- Sending -------------------------------------------------------------------------------


def _receiver(session: Session, actor: Actor, username: str, agency: Agency) -> UUID | None:
    if not username.strip():
        return None
    officer = session.scalars(select(Officer).where(
        Officer.username == username.strip().lower(), Officer.gate_id == actor.gate_id)).first()
    if officer is None or not officer.active or agency_of(Role(officer.role)) != agency:
        raise UserInputError(_("{username} is no active officer of {agency} at this gate.")
                             .format(username=username.strip(), agency=custody_label(agency)))
    return officer.id


def _crossing_of(session: Session, actor: Actor, form: HandoffForm) -> UUID:
    """The crossing the handoff comes from, through its seizure or inspection if need be."""
    crossing_id = form.crossing_id
    for source_crossing in (
        seizure_at_gate(session, actor, form.seizure_id).crossing_id
        if form.seizure_id else None,
        session.scalar(select(Inspection.crossing_id).where(Inspection.id == form.inspection_id))
        if form.inspection_id else None,
    ):
        if source_crossing is not None and crossing_id not in (None, source_crossing):
            raise UserInputError(_("The seizure or inspection is not of this crossing."))
        crossing_id = crossing_id or source_crossing
    if crossing_id is None:
        raise UserInputError(_("Say which crossing, inspection or seizure is handed over."))
    crossing_at_gate(session, actor, crossing_id)
    if form.inspection_id is not None:
        inspection_of_crossing(session, crossing_id, form.inspection_id)
    return crossing_id


def _check_seizure_holder(session: Session, seizure_id: UUID, sender: Agency) -> None:
    """Refuse to hand over seized goods that ``sender`` does not hold, or that are on their way.

    The seizing agency holds the goods until a handoff of them is accepted; then
    the agency that accepted the last one does. The seizure's row is locked first
    (on PostgreSQL; SQLite's writers take turns anyway), so two workstations
    cannot both hand the same goods over.
    """
    seizure = session.scalars(
        select(Seizure).where(Seizure.id == seizure_id).with_for_update()).one()
    last_accepted = session.scalar(
        select(Handoff.to_agency)
        .join(HandoffStateChange, HandoffStateChange.handoff_id == Handoff.id)
        .where(Handoff.seizure_id == seizure_id,
               HandoffStateChange.state == HandoffState.ACCEPTED.value)
        .order_by(HandoffStateChange.created_at.desc()).limit(1))
    on_the_way = session.scalar(
        select(Handoff.id).where(Handoff.seizure_id == seizure_id,
                                 Handoff.state == HandoffState.PENDING.value).limit(1))
    holder = (Agency(last_accepted) if last_accepted is not None
              else agency_of_officer(session, seizure.created_by, sender))
    check_holder(sender, holder, on_the_way=on_the_way is not None)


def _clean_item(session: Session, number: int, item: HandoffItemForm, crossing_id: UUID,
                seizure_id: UUID | None) -> HandoffItemForm:
    where = _("item {n}").format(n=number)
    kind = ItemKind(item.kind)
    reference = item.reference.strip()
    if not item.description.strip():
        raise UserInputError(_("{where}: describe what is handed over.").format(where=where))
    if kind is ItemKind.EVIDENCE:
        reference = reference.lower()
        if not _SHA256.fullmatch(reference):
            raise UserInputError(_("{where}: an evidence photo is referenced by its SHA-256.")
                                 .format(where=where))
        evidence_of_crossing(session, crossing_id, (reference,))
    if kind is ItemKind.GOODS:
        line = _seizure_line(session, reference)
        if seizure_id is not None and (line is None or line.seizure_id != seizure_id):
            raise UserInputError(_("{where}: goods of a seizure reference one of its line ids.")
                                 .format(where=where))
        if seizure_id is None and line is not None:
            # Else seized goods could leave through the crossing without their holder's say.
            raise UserInputError(_("{where}: seized goods are handed over with their seizure.")
                                 .format(where=where))
    quantity, unit = item.quantity, item.unit.strip()
    if quantity is not None:
        quantity, unit = clean_quantity(quantity, unit, where)
    elif unit:
        raise UserInputError(_("{where}: a unit needs a quantity.").format(where=where))
    return HandoffItemForm(kind=kind, description=item.description.strip(),
                           reference=reference[:128], quantity=quantity, unit=unit,
                           hs_code=clean_hs(item.hs_code, where), seal_no=item.seal_no.strip())


def _seizure_line(session: Session, reference: str) -> SeizureLine | None:
    try:
        return session.get(SeizureLine, UUID(reference))
    except ValueError:
        return None


def item_payload(item: HandoffItem) -> dict[str, object]:
    """One item as the audit events say it: the SHA-256 of a photo is its reference."""
    payload: dict[str, object] = {
        "item_id": str(item.id), "kind": item.kind, "description": item.description,
        "reference": item.reference, "unit": item.unit, "hs_code": item.hs_code,
        "seal_no": item.seal_no,
        "quantity": Decimal(item.quantity) if item.quantity is not None else None,
    }
    if item.kind == ItemKind.EVIDENCE.value:
        payload["sha256"] = item.reference
    return payload


def sent_payload(handoff: Handoff, items: Sequence[HandoffItem],
                 facts: Mapping[str, object] | None = None) -> dict[str, object]:
    """What the audit event of a sent handoff says (the demo and the bundles write the same).

    ``facts`` (``handoff_facts.sending_facts``) adds the officers' names, the
    crossing and the evidence files' facts: a bundle of the handoff carries
    exactly what this event signed (``custody.bundle_signed``).
    """
    return {
        "handoff_id": str(handoff.id), "from_agency": handoff.from_agency,
        "to_agency": handoff.to_agency,
        "to_officer_id": str(handoff.to_officer_id) if handoff.to_officer_id else None,
        "crossing_id": str(handoff.crossing_id) if handoff.crossing_id else None,
        "inspection_id": str(handoff.inspection_id) if handoff.inspection_id else None,
        "seizure_id": str(handoff.seizure_id) if handoff.seizure_id else None,
        "note": handoff.note, "items": [item_payload(item) for item in items],
        **(facts or {}),
    }


def send_handoff(db: Database, actor: Actor, form: HandoffForm) -> HandoffRecord:
    """Hand items of a crossing (or of its inspection or seizure) to another agency.

    Raises:
        PermissionDenied: the officer works for no agency.
        UserInputError: the own agency as receiver, no items, a receiving officer
            of another agency, a photo not attached to the crossing, goods not of
            the seizure, seized goods another agency holds or already on their
            way, a bad quantity or unit; nothing is written.
    """
    require(actor.role, Action.SEND_HANDOFF)
    to_agency = Agency(form.to_agency)
    from_agency = check_send(agency_of(actor.role), to_agency)
    if not form.items:
        raise UserInputError(_("A handoff needs at least one item."))
    if len(form.items) > MAX_ITEMS or len(form.note) > MAX_TEXT:
        raise UserInputError(_("A handoff holds at most {n} items and a note of {chars} "
                               "characters.").format(n=MAX_ITEMS, chars=MAX_TEXT))
    now = utc_now()
    stamp = {"workstation_id": actor.workstation_id, "created_by": actor.officer_id,
             "created_at": now}
    with db.session() as session:
        gate_of(session, actor)
        crossing_id = _crossing_of(session, actor, form)
        if form.seizure_id is not None:
            _check_seizure_holder(session, form.seizure_id, from_agency)
        items = [_clean_item(session, n, item, crossing_id, form.seizure_id)
                 for n, item in enumerate(form.items, start=1)]
        handoff = Handoff(
            id=new_id(), crossing_id=crossing_id, seizure_id=form.seizure_id,
            inspection_id=form.inspection_id, from_agency=from_agency.value,
            to_agency=to_agency.value,
            to_officer_id=_receiver(session, actor, form.to_officer_username, to_agency),
            note=form.note.strip(), state=HandoffState.PENDING.value, **stamp,
        )
        session.add(handoff)
        session.flush()
        rows = [HandoffItem(id=new_id(), handoff_id=handoff.id, kind=item.kind.value,
                            description=item.description, reference=item.reference,
                            quantity=item.quantity, unit=item.unit, hs_code=item.hs_code,
                            seal_no=item.seal_no, **stamp) for item in items]
        session.add_all(rows)
        session.add(HandoffStateChange(id=new_id(), handoff_id=handoff.id,
                                       state=HandoffState.PENDING.value, reason=handoff.note,
                                       **stamp))
        session.flush()
        append_event(session, workstation_id=actor.workstation_id, officer_id=actor.officer_id,
                     action="handoff.sent", entity="handoff", entity_id=str(handoff.id),
                     payload=sent_payload(handoff, rows, sending_facts(session, handoff, rows)),
                     at=now)
        return record_of(session, handoff)


# ---- Settling: accept, dispute, return -------------------------------------------------------


def _settle(db: Database, actor: Actor, handoff_id: UUID, target: HandoffState, *,
            reason: str, confirmations: Sequence[ItemConfirmation]) -> HandoffRecord:
    """Move a pending handoff to ``target``: one conditional UPDATE decides who wins."""
    require(actor.role, Action.RECEIVE_HANDOFF)
    now = utc_now()
    stamp = {"workstation_id": actor.workstation_id, "created_by": actor.officer_id,
             "created_at": now}
    with db.session() as session:
        gate_of(session, actor)
        handoff = handoff_at_gate(session, actor, handoff_id)
        current = HandoffState(handoff.state)
        try:
            check_change(current, target, actor_agency=agency_of(actor.role),
                         receiver=Agency(handoff.to_agency))
        except ConcurrentChange:
            raise settled_by(session, handoff.id) from None
        items = session.scalars(select(HandoffItem).where(HandoffItem.handoff_id == handoff.id)
                                .order_by(HandoffItem.id)).all()
        _check_confirmations(items, target, confirmations)
        won = session.execute(
            update(Handoff).where(Handoff.id == handoff.id,
                                  Handoff.state == HandoffState.PENDING.value)
            .values(state=target.value).execution_options(synchronize_session=False)
        )
        if getattr(won, "rowcount", 0) != 1:
            # Another workstation settled it between our read and our write.
            raise settled_by(session, handoff.id)
        change = HandoffStateChange(id=new_id(), handoff_id=handoff.id, state=target.value,
                                    reason=reason, **stamp)
        session.add(change)
        session.flush()
        session.add_all(HandoffItemConfirmation(
            id=new_id(), state_change_id=change.id, item_id=c.item_id, count_ok=c.count_ok,
            seal_intact=c.seal_intact, remark=c.remark.strip(), **stamp) for c in confirmations)
        session.flush()
        append_event(session, workstation_id=actor.workstation_id, officer_id=actor.officer_id,
                     action=f"handoff.{target.value}", entity="handoff",
                     entity_id=str(handoff.id),
                     payload=settled_payload(handoff, target, reason, items, confirmations,
                                             officer=actor.full_name),
                     at=now)
        session.refresh(handoff)
        return record_of(session, handoff)


def settled_payload(handoff: Handoff, target: HandoffState, reason: str,  # noqa: PLR0917 - one event's facts
                    items: Sequence[HandoffItem], confirmations: Sequence[ItemConfirmation],
                    officer: str = "") -> dict[str, object]:
    """What the audit event of an accept, dispute or return says; ``officer``: who, by name."""
    checks = {c.item_id: c for c in confirmations}
    listed = []
    for item in items:
        entry = item_payload(item)
        check = checks.get(item.id)
        if check is not None:
            entry.update(count_ok=check.count_ok, seal_intact=check.seal_intact,
                         remark=check.remark.strip())
        listed.append(entry)
    return {"handoff_id": str(handoff.id), "state": target.value, "reason": reason,
            "officer": officer,
            "from_agency": handoff.from_agency, "to_agency": handoff.to_agency,
            "holder": handoff.to_agency if target is HandoffState.ACCEPTED
            else handoff.from_agency,
            "discrepancies": sum(1 for c in confirmations if c.discrepancy),
            "items": listed}


def _check_confirmations(items: Sequence[HandoffItem], target: HandoffState,
                         confirmations: Sequence[ItemConfirmation]) -> None:
    ids = [item.id for item in items]
    names = {item.id: item.description for item in items}
    wrong = unknown_items(ids, [c.item_id for c in confirmations])
    if wrong:
        raise UserInputError(_("Not an item of this handoff, or named twice: {items}.")
                             .format(items=", ".join(str(w) for w in wrong)))
    if target is HandoffState.ACCEPTED:
        missing = missing_items(ids, [c.item_id for c in confirmations])
        if missing:
            raise UserInputError(_("Confirm every item before accepting; not confirmed: "
                                   "{items}.").format(items="; ".join(names[m] for m in missing)))
    elif target is HandoffState.DISPUTED and not confirmations:
        raise UserInputError(_("Name the items in question."))


def _reason(reason: str) -> str:
    text = reason.strip()
    if not text:
        raise UserInputError(_("Give the reason."))
    if len(text) > MAX_TEXT:
        raise UserInputError(_("The reason holds at most {n} characters.").format(n=MAX_TEXT))
    return text


def accept_handoff(db: Database, actor: Actor, handoff_id: UUID,
                   confirmations: Sequence[ItemConfirmation], note: str = "") -> HandoffRecord:
    """Accept a pending handoff: custody passes to the actor's agency.

    Every item needs a confirmation; a count or seal found wrong is kept
    against its item, and the handoff is accepted with that discrepancy.

    Raises:
        PermissionDenied: the officer is not of the receiving agency.
        UserInputError: an item without confirmation (naming it) or not of the handoff.
        ConcurrentChange: it was settled first, saying by whom and when.
    """
    return _settle(db, actor, handoff_id, HandoffState.ACCEPTED, reason=note.strip()[:MAX_TEXT],
                   confirmations=confirmations)


def dispute_handoff(db: Database, actor: Actor, handoff_id: UUID, reason: str,
                    confirmations: Sequence[ItemConfirmation]) -> HandoffRecord:
    """Refuse to sign off a pending handoff, naming the reason and the items in question.

    Raises:
        UserInputError: no reason or no item named.
        PermissionDenied, ConcurrentChange: as ``accept_handoff``.
    """
    return _settle(db, actor, handoff_id, HandoffState.DISPUTED, reason=_reason(reason),
                   confirmations=confirmations)


def return_handoff(db: Database, actor: Actor, handoff_id: UUID, reason: str) -> HandoffRecord:
    """Send a pending handoff back: the items stay with (go back to) the sending agency.

    Raises:
        UserInputError: no reason.
        PermissionDenied, ConcurrentChange: as ``accept_handoff``.
    """
    return _settle(db, actor, handoff_id, HandoffState.RETURNED, reason=_reason(reason),
                   confirmations=())
