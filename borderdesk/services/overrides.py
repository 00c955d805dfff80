"""Overriding the channel the checks chose, with a written reason; four eyes on lowering it.

An override is a new check-run row pointing at the run it overrides. Raising
the channel (green to yellow or red, yellow to red) is in force at once and
stays in force across later runs until an officer overrides again (or a later run
finds more risk than the one it replaced). Lowering it
(red to yellow or green, yellow to green) is recorded as a request: the
channel in force stays until a supervisor other than the officer who asked
approves it (``approve_override``); a refusal keeps it for good
(``refuse_override``). One decision per request; a request the crossing has
moved past (newer checks or an inspection, a newer override, a hold, a
release) can no longer be approved.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from typing import Literal
from uuid import UUID
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from borderdesk.access.permissions import Action, require
from borderdesk.domain.crossing import Channel, CrossingAction, CrossingStatus, label, lowers
from borderdesk.domain.officer import Actor
from borderdesk.domain.phrase import Phrase
from borderdesk.errors import ConcurrentChange, PermissionDenied, UserInputError
from borderdesk.i18n import N_, _
from borderdesk.services.audit import append_event
from borderdesk.services.check_records import (
    DECIDABLE,
    CheckRecord,
    OverrideState,
    check_record,
    latest_run,
    officer_name,
    override_in_force,
    override_lowers,
    override_state,
)
from borderdesk.services.crossing_lifecycle import (
    after_check,
    changed_first,
    claim,
    clean_reason,
    move,
)
from borderdesk.services.workstations import gate_of
from borderdesk.storage.engine import Database
from borderdesk.storage.models import CheckRun, Crossing, Gate, OverrideDecision
from borderdesk.storage.models import Declaration as DeclarationRow
from borderdesk.storage.models.base import utc_now


@dataclass(frozen=True)
class OverrideResult(CheckRecord):
    """The crossing's latest check after an override or a decision on one, and that override."""

    override_id: UUID | None = None
    state: OverrideState = OverrideState.IN_FORCE
    """``in_force`` (raised, or approved), ``pending`` (lowered, awaits a supervisor) or
    ``refused``."""
    crossing_id: UUID | None = None


@dataclass(frozen=True)
class PendingOverride:
    """A lowered channel waiting in the supervisors' inbox."""

    override_id: UUID
    crossing_id: UUID
    reference: str
    plate: str
    trader: str
    from_channel: Channel
    channel: Channel
    asked_by: str
    reason: str
    at: datetime
    own: bool
    """Asked by the supervisor reading the inbox: another one must decide."""


def _result(record: CheckRecord, row: CheckRun, state: OverrideState) -> OverrideResult:
    values = {f.name: getattr(record, f.name) for f in fields(CheckRecord)}
    return OverrideResult(**values, override_id=row.id, state=state, crossing_id=row.crossing_id)


def override_channel(
    db: Database, actor: Actor, crossing_id: UUID, channel: Channel, reason: str, *,
    expected_version: int | None = None,
) -> OverrideResult:
    """Send the crossing through ``channel`` instead of the one in force, with a written reason.

    Raising the channel is in force at once; lowering it waits for a supervisor
    (the result's ``state`` says which). A new override replaces a request still
    waiting. It never lifts a hold or calls off an inspection under way.

    Raises:
        PermissionDenied: the role may not run checks.
        UserInputError: no reason, no check run yet, the channel already in force,
            a lower channel for a held crossing, or a crossing whose status allows no override.
        ConcurrentChange: the crossing changed since ``expected_version``.
    """
    require(actor.role, Action.RUN_CHECK)
    channel = Channel(channel)
    if not reason.strip():
        raise UserInputError(_("Write the reason for overriding the channel."))
    reason = clean_reason(reason)
    try:
        with db.session() as session:
            crossing = claim(session, actor, crossing_id, CrossingAction.OVERRIDE,
                             expected_version=expected_version)
            run = latest_run(session, crossing_id)
            if run is None:
                raise UserInputError(_("Run the checks before overriding the channel."))
            in_force = override_in_force(session, crossing_id)
            current = Channel(in_force.channel if in_force else run.channel)
            if channel == current:
                raise UserInputError(_("The {channel} channel is in force already: choose "
                                       "another one.").format(channel=label(channel)))
            lowering = lowers(current, channel)
            if lowering and CrossingStatus(crossing.status) not in DECIDABLE:
                raise UserInputError(_("The crossing is held: its channel may be raised, not "
                                       "lowered, until the hold is released."))
            waiting = _waiting(session, crossing_id)
            now = utc_now()
            override = CheckRun(
                crossing_id=crossing_id, declaration_id=run.declaration_id,
                manifest_id=run.manifest_id, channel=channel.value, score=run.score,
                rules_version=run.rules_version, watch_list_version=run.watch_list_version,
                settings_version=run.settings_version,
                overrides_id=run.id, override_reason=reason, override_from=current.value,
                workstation_id=actor.workstation_id, created_by=actor.officer_id, created_at=now,
            )
            session.add(override)
            session.flush()
            payload = {"check_run_id": str(run.id), "override_id": str(override.id),
                       "from": current.value, "channel": channel.value, "reason": reason}
            if waiting is not None:
                payload["replaces"] = str(waiting.id)
            append_event(
                session, workstation_id=actor.workstation_id, officer_id=actor.officer_id,
                action="check.override_requested" if lowering else "check.channel_overridden",
                entity="crossing", entity_id=str(crossing_id), payload=payload, at=now,
            )
            if lowering:
                # The crossing keeps its channel until a supervisor approves.
                return _result(check_record(session, run), override, OverrideState.PENDING)
            move(session, actor, crossing, after_check(CrossingStatus(crossing.status), channel),
                 channel=channel,
                 note=Phrase(N_("Channel overridden: {reason}"), {"reason": reason}))
            return _result(check_record(session, run), override, OverrideState.IN_FORCE)
    except StaleDataError:
        raise changed_first() from None


def _waiting(session: Session, crossing_id: UUID) -> CheckRun | None:
    """The crossing's lowered channel still waiting for a supervisor, if any."""
    latest = session.scalars(
        select(CheckRun).where(CheckRun.crossing_id == crossing_id,
                               CheckRun.overrides_id.is_not(None))
        .order_by(CheckRun.created_at.desc(), CheckRun.id.desc()).limit(1)
    ).first()
    if latest is None or not override_lowers(latest):
        return None
    return latest if override_state(session, latest) is OverrideState.PENDING else None


def approve_override(db: Database, actor: Actor, override_id: UUID,
                     reason: str = "") -> OverrideResult:
    """Put a lowered channel in force: a supervisor other than the officer who asked.

    The crossing moves as a new channel moves it (``after_check``): never out of
    an inspection under way.

    Raises:
        PermissionDenied: not a supervisor, or the supervisor who asked for it.
        UserInputError: no such request at this gate, a reason too long, or a request the
            crossing has moved past (newer checks or an inspection, a newer override, held,
            closed).
        ConcurrentChange: another supervisor decided first.
    """
    return _decide(db, actor, override_id, "approved", reason)


def refuse_override(db: Database, actor: Actor, override_id: UUID,
                    reason: str) -> OverrideResult:
    """Refuse a lowered channel, with a reason: the channel in force stays.

    Raises:
        PermissionDenied: not a supervisor, or the supervisor who asked for it.
        UserInputError: no reason, no such request, or one the crossing has moved past.
        ConcurrentChange: another supervisor decided first.
    """
    if not reason.strip():
        raise UserInputError(_("Write why the lower channel is refused."))
    return _decide(db, actor, override_id, "refused", reason)


def _decide(db: Database, actor: Actor, override_id: UUID,
            decision: Literal["approved", "refused"], reason: str) -> OverrideResult:
    require(actor.role, Action.APPROVE_OVERRIDE)
    reason = clean_reason(reason) if reason.strip() else ""
    try:
        with db.session() as session:
            row = session.get(CheckRun, override_id)
            if row is None or row.overrides_id is None or not override_lowers(row):
                raise UserInputError(_("There is no lowered channel {id} waiting for a "
                                       "supervisor.").format(id=override_id))
            crossing = claim(session, actor, row.crossing_id, CrossingAction.DECIDE_OVERRIDE)
            if row.created_by == actor.officer_id:
                raise PermissionDenied(_("You asked for this lower channel yourself: another "
                                         "supervisor must decide on it."))
            _refuse_unless_pending(session, row)
            channel = Channel(row.channel)
            now = utc_now()
            session.add(OverrideDecision(
                override_id=row.id, decision=decision, reason=reason,
                workstation_id=actor.workstation_id, created_by=actor.officer_id, created_at=now))
            session.flush()
            append_event(
                session, workstation_id=actor.workstation_id, officer_id=actor.officer_id,
                action=f"check.override_{decision}", entity="crossing",
                entity_id=str(row.crossing_id),
                payload={"override_id": str(row.id), "from": row.override_from,
                         "channel": channel.value, "asked_by": str(row.created_by),
                         "reason": reason},
                at=now,
            )
            if decision == "approved":
                note = Phrase(N_("Lower channel approved: {reason}"),
                              {"reason": reason or row.override_reason})
                move(session, actor, crossing,
                     after_check(CrossingStatus(crossing.status), channel),
                     channel=channel, note=note)
            run = latest_run(session, row.crossing_id)
            assert run is not None  # the override points at one
            state = OverrideState.IN_FORCE if decision == "approved" else OverrideState.REFUSED
            return _result(check_record(session, run), row, state)
    except (StaleDataError, IntegrityError):
        # Two supervisors at once: the unique decision per override keeps one.
        raise _decided_first(db, override_id) from None


def _refuse_unless_pending(session: Session, row: CheckRun) -> None:
    decided = session.scalars(select(OverrideDecision).where(
        OverrideDecision.override_id == row.id)).first()
    if decided is not None:
        raise _decided_by(session, decided)
    state = override_state(session, row)
    if state is OverrideState.REPLACED:
        raise UserInputError(_("A newer override replaced this request: decide on the newer "
                               "one."))
    if state is not OverrideState.PENDING:
        raise UserInputError(_("The crossing moved on since this lower channel was asked for "
                               "(newer checks or an inspection): it can no longer be approved."))


def _decided_by(session: Session, decided: OverrideDecision) -> ConcurrentChange:
    gate = session.scalar(select(Gate).join(Crossing, Crossing.gate_id == Gate.id)
                          .join(CheckRun, CheckRun.crossing_id == Crossing.id)
                          .where(CheckRun.id == decided.override_id))
    at = decided.created_at.astimezone(ZoneInfo(gate.timezone)).strftime("%H:%M:%S") \
        if gate else ""
    who = officer_name(session, decided.created_by) or _("another supervisor")
    if decided.decision == "approved":
        return ConcurrentChange(_("{officer} approved this lower channel first, at {time}.")
                                .format(officer=who, time=at))
    return ConcurrentChange(_("{officer} refused this lower channel first, at {time}.")
                            .format(officer=who, time=at))


def _decided_first(db: Database, override_id: UUID) -> ConcurrentChange:
    with db.session() as session:
        decided = session.scalars(select(OverrideDecision).where(
            OverrideDecision.override_id == override_id)).first()
        return _decided_by(session, decided) if decided is not None else changed_first()


def pending_overrides(db: Database, actor: Actor) -> list[PendingOverride]:
    """The gate's lowered channels waiting for a supervisor, oldest first.

    Raises:
        PermissionDenied: only supervisors decide on lowered channels.
    """
    require(actor.role, Action.APPROVE_OVERRIDE)
    with db.session() as session:
        gate = gate_of(session, actor)
        candidates = session.execute(
            select(CheckRun, Crossing, DeclarationRow.trader_name)
            .join(Crossing, Crossing.id == CheckRun.crossing_id)
            .outerjoin(DeclarationRow, DeclarationRow.id == CheckRun.declaration_id)
            .outerjoin(OverrideDecision, OverrideDecision.override_id == CheckRun.id)
            .where(Crossing.gate_id == gate.id, CheckRun.overrides_id.is_not(None),
                   CheckRun.override_from != "", OverrideDecision.id.is_(None),
                   Crossing.status.in_([s.value for s in DECIDABLE]))
            .order_by(CheckRun.created_at, CheckRun.id)
        ).all()
        return [
            PendingOverride(
                override_id=row.id, crossing_id=crossing.id, reference=crossing.reference,
                plate=crossing.tractor_plate, trader=trader or "",
                from_channel=Channel(row.override_from), channel=Channel(row.channel),
                asked_by=officer_name(session, row.created_by), reason=row.override_reason,
                at=row.created_at, own=row.created_by == actor.officer_id,
            )
            for row, crossing, trader in candidates
            if override_lowers(row) and override_state(session, row) is OverrideState.PENDING
        ]
