"""Inspections of a crossing: a documents check at the desk or a physical examination."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from borderdesk.access.permissions import Action, require
from borderdesk.domain.crossing import Channel, CrossingAction, CrossingStatus
from borderdesk.domain.custody import (
    InspectionForm,
    InspectionKind,
    InspectionRecord,
    InspectionResult,
)
from borderdesk.domain.findings import Rule
from borderdesk.domain.officer import Actor
from borderdesk.errors import UserInputError, excerpt
from borderdesk.i18n import _
from borderdesk.services.audit import append_event
from borderdesk.services.crossing_lifecycle import changed_first, claim, move
from borderdesk.services.evidence import crossing_at_gate
from borderdesk.services.selection import refuse_unless_drawn
from borderdesk.storage.engine import Database
from borderdesk.storage.models import CheckRun, Inspection, Officer
from borderdesk.storage.models.base import new_id, utc_now

MAX_NOTES = 4000


def _record(inspection: Inspection, officer: str) -> InspectionRecord:
    return InspectionRecord(
        inspection_id=inspection.id, crossing_id=inspection.crossing_id,
        kind=InspectionKind(inspection.kind), result=InspectionResult(inspection.result),
        notes=inspection.notes, officer=officer, started_at=inspection.started_at,
        finished_at=inspection.finished_at,
        finding_rules=tuple(inspection.finding_rules.split()),
        unpredicted=inspection.unpredicted,
    )


def after_inspection(current: CrossingStatus, kind: InspectionKind,
                     result: InspectionResult, channel: Channel | None) -> CrossingStatus:
    """Where an inspection's conclusion takes the crossing.

    Clear lets the goods go (a red channel only after a physical inspection);
    a discrepancy at the desk calls for a physical one; a held crossing stays
    held whatever an inspection concludes.

    Raises:
        UserInputError: a documents check cannot clear a red channel.
    """
    if current == CrossingStatus.HELD:
        return current
    if result == InspectionResult.CLEAR:
        if channel == Channel.RED and kind != InspectionKind.PHYSICAL:
            raise UserInputError(_("The red channel is in force: only a physical inspection "
                                   "can clear the crossing."))
        return CrossingStatus.RELEASED
    return CrossingStatus.INSPECTION


def _finding_rules(result: InspectionResult, rules: tuple[str, ...]) -> tuple[str, ...]:
    if rules and result != InspectionResult.DISCREPANCY:
        raise UserInputError(_("Only a discrepancy confirms findings."))
    known = {rule.value for rule in Rule}
    unknown = [rule for rule in rules if rule not in known]
    if unknown:
        raise UserInputError(_("Unknown rule: {rule}.").format(rule=excerpt(unknown[0])))
    return tuple(dict.fromkeys(rules))


def record_inspection(db: Database, actor: Actor, form: InspectionForm) -> InspectionRecord:
    """Record an inspection of a crossing and what it concluded, and move the crossing on.

    The inspection refers to the crossing's latest check run, so a red
    channel and the inspection it led to read together. A seizure is recorded
    with ``seizures.record_seizure``, which holds the crossing.

    Raises:
        PermissionDenied: only customs officers record inspections.
        UserInputError: an unknown crossing, kind, result or rule, notes too long,
            no check run yet, or a status that allows no inspection.
        ConcurrentChange: another workstation changed the crossing at the same moment.
    """
    require(actor.role, Action.RECORD_INSPECTION)
    try:
        kind, result = InspectionKind(form.kind), InspectionResult(form.result)
    except ValueError:
        raise UserInputError(_("Unknown inspection kind or result.")) from None
    rules = _finding_rules(result, tuple(form.finding_rules))
    notes, unpredicted = form.notes.strip(), form.unpredicted.strip()
    if len(notes) > MAX_NOTES or len(unpredicted) > MAX_NOTES:
        raise UserInputError(_("The inspection notes hold at most {n} characters.")
                             .format(n=MAX_NOTES))
    if unpredicted and result != InspectionResult.DISCREPANCY:
        raise UserInputError(_("Only a discrepancy records a violation no finding predicted."))
    now = utc_now()
    try:
        with db.session() as session:
            crossing = claim(session, actor, form.crossing_id, CrossingAction.INSPECT)
            check_run_id = session.scalar(
                select(CheckRun.id).where(CheckRun.crossing_id == form.crossing_id)
                .order_by(CheckRun.created_at.desc(), CheckRun.id.desc()).limit(1)
            )
            if check_run_id is None:
                raise UserInputError(_("Run the checks before recording an inspection."))
            current = CrossingStatus(crossing.status)
            channel = Channel(crossing.channel) if crossing.channel else None
            target = after_inspection(current, kind, result, channel)
            if channel is Channel.RED and kind is InspectionKind.PHYSICAL:
                refuse_unless_drawn(session, actor, form.crossing_id)
            inspection = Inspection(
                id=new_id(), crossing_id=form.crossing_id, check_run_id=check_run_id,
                kind=kind.value, started_at=now, finished_at=now, result=result.value,
                notes=notes, finding_rules=" ".join(rules), unpredicted=unpredicted,
                created_at=now,
                workstation_id=actor.workstation_id, created_by=actor.officer_id,
            )
            session.add(inspection)
            session.flush()
            append_event(
                session, workstation_id=actor.workstation_id, officer_id=actor.officer_id,
                action="inspection.recorded", entity="crossing", entity_id=str(form.crossing_id),
                payload=inspection_payload(inspection), at=now,
            )
            move(session, actor, crossing, target, note=notes)
            return _record(inspection, actor.full_name)
    except StaleDataError:
        raise changed_first() from None


def inspection_payload(inspection: Inspection) -> dict[str, object]:
    """What the audit event of a recorded inspection says (the demo writes the same)."""
    return {"inspection_id": str(inspection.id), "kind": inspection.kind,
            "result": inspection.result, "notes": inspection.notes,
            "finding_rules": inspection.finding_rules.split(),
            "unpredicted": inspection.unpredicted,
            "check_run_id": str(inspection.check_run_id) if inspection.check_run_id else None}


def inspection_of_crossing(session: Session, crossing_id: UUID, inspection_id: UUID) -> None:
    """Refuse an inspection that is not one of the crossing's.

    Raises:
        UserInputError: no such inspection of this crossing.
    """
    found = session.get(Inspection, inspection_id)
    if found is None or found.crossing_id != crossing_id:
        raise UserInputError(_("There is no such inspection of this crossing."))


def inspections_of_crossing(db: Database, actor: Actor, crossing_id: UUID
                            ) -> list[InspectionRecord]:
    """The inspections of a crossing, oldest first."""
    require(actor.role, Action.VIEW_CROSSING)
    with db.session() as session:
        crossing_at_gate(session, actor, crossing_id)
        rows = session.execute(
            select(Inspection, Officer.full_name)
            .outerjoin(Officer, Officer.id == Inspection.created_by)
            .where(Inspection.crossing_id == crossing_id)
            .order_by(Inspection.started_at, Inspection.id)
        ).all()
        return [_record(inspection, name or "") for inspection, name in rows]
