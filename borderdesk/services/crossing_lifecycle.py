"""The crossing's lifecycle: which role may do what in which status, and what each action moves.

Every service that changes a crossing starts with ``claim`` and moves it with
``move``; the window, the CLI and the offline replay (which sends the server
the rows these services wrote on the local copy) all come through here, so a
move that the table below does not allow cannot happen by any path.

``claim`` locks the crossing's row (``SELECT ... FOR UPDATE`` on PostgreSQL;
SQLite transactions begin ``IMMEDIATE``) and bumps its version, so of two
workstations acting on one crossing at once the second one reads what the
first did and is refused on that, and a save queued offline against an older
version comes back as a conflict instead of landing on a crossing that moved.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from uuid import UUID
from zoneinfo import ZoneInfo

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from borderdesk.access.permissions import Action, allowed, require
from borderdesk.domain.crossing import (
    Channel,
    CrossingAction,
    CrossingDetail,
    CrossingStatus,
    label,
)
from borderdesk.domain.officer import Actor
from borderdesk.domain.phrase import Phrase, say
from borderdesk.errors import ConcurrentChange, UserInputError
from borderdesk.i18n import _
from borderdesk.limits import REASON_CHARACTERS
from borderdesk.rules.flow import stage_of_move
from borderdesk.services.audit import append_event
from borderdesk.services.crossings import detail_in_session
from borderdesk.services.workstations import gate_of
from borderdesk.storage.engine import Database
from borderdesk.storage.models import (
    AuditEvent,
    CheckRun,
    Crossing,
    CrossingStatusChange,
    Gate,
    Officer,
)
from borderdesk.storage.models.base import utc_now

_S = CrossingStatus
_OPEN = frozenset({_S.ARRIVED, _S.DOCUMENTS, _S.INSPECTION, _S.HELD})
_EVERY = frozenset(CrossingStatus)


@dataclass(frozen=True)
class Step:
    """One action of the lifecycle: who may take it, from which statuses, what it needs."""

    permission: Action
    allowed_in: frozenset[CrossingStatus]
    reason_required: bool = False
    needs_check: bool = False
    moves_crossing: bool = True
    """False for an action that only adds to the record (a photo) and need not wait its turn."""


LIFECYCLE: MappingProxyType[CrossingAction, Step] = MappingProxyType({
    # Registering creates the crossing in ``arrived``; it is here for its permission.
    CrossingAction.REGISTER: Step(Action.REGISTER_ARRIVAL, frozenset()),
    CrossingAction.DECLARE: Step(Action.RUN_CHECK, _OPEN),
    CrossingAction.READ_MANIFEST: Step(Action.READ_MANIFEST, _OPEN),
    # Photos of a crossing may come at any time, even after it closed: they only add.
    CrossingAction.ATTACH_EVIDENCE: Step(Action.ATTACH_EVIDENCE, _EVERY, moves_crossing=False),
    # A check run is always new; on a held crossing it moves nothing (see ``after_check``).
    CrossingAction.CHECK: Step(Action.RUN_CHECK, _OPEN),
    CrossingAction.OVERRIDE: Step(Action.RUN_CHECK, _OPEN - {_S.ARRIVED},
                                  reason_required=True, needs_check=True),
    # A lowered channel waits for a supervisor; not on a held crossing (its hold stands).
    CrossingAction.DECIDE_OVERRIDE: Step(Action.APPROVE_OVERRIDE,
                                         frozenset({_S.DOCUMENTS, _S.INSPECTION}),
                                         needs_check=True),
    CrossingAction.INSPECT: Step(Action.RECORD_INSPECTION, _OPEN - {_S.ARRIVED},
                                 needs_check=True),
    CrossingAction.SEIZE: Step(Action.SEIZE_GOODS, _OPEN),
    # The only way out of ``held``.
    CrossingAction.RELEASE_HOLD: Step(Action.RELEASE_HOLD, frozenset({_S.HELD}),
                                      reason_required=True),
    # Not from ``held``: cancelling must not become a quiet way to lift a hold.
    CrossingAction.CANCEL: Step(Action.CANCEL_CROSSING, _OPEN - {_S.HELD},
                                reason_required=True),
})
"""The lifecycle as data; ``docs/crossing-lifecycle.md`` shows it as a table."""


def after_check(current: CrossingStatus, channel: Channel) -> CrossingStatus:
    """Where the channel in force after a check or an override takes the crossing.

    A held crossing stays held and one under inspection stays there: a new
    channel never lifts a hold and never calls off an inspection under way.
    """
    if current in (_S.HELD, _S.INSPECTION):
        return current
    return _S.INSPECTION if channel == Channel.RED else _S.DOCUMENTS


def refusal(action: CrossingAction, status: CrossingStatus) -> str | None:
    """Why ``action`` cannot be taken on a crossing in ``status``, or None when it can."""
    if status in LIFECYCLE[action].allowed_in:
        return None
    if status == _S.HELD:
        return _("The crossing is held: only a supervisor's release with a reason lifts the "
                 "hold, so you cannot {action} now.").format(action=label(action))
    if status in (_S.RELEASED, _S.CANCELLED):
        return _("The crossing is closed ({status}): you cannot {action}. A correction is a "
                 "new crossing.").format(status=label(status), action=label(action))
    return _("A crossing in status {status} does not allow you to {action}.").format(
        status=label(status), action=label(action))


def clean_reason(text: str) -> str:
    """The reason an officer wrote, trimmed.

    Raises:
        UserInputError: empty, or longer than the limit.
    """
    reason = text.strip()
    if not reason:
        raise UserInputError(_("Write the reason."))
    if len(reason) > REASON_CHARACTERS:
        raise UserInputError(_("A reason holds at most {n} characters; this one has {m}.")
                             .format(n=REASON_CHARACTERS, m=len(reason)))
    return reason


def _who_changed(session: Session, crossing: Crossing) -> ConcurrentChange:
    # A seizure's or a manifest's event is about its own record and names the crossing
    # in its payload; a conflict is rare enough for the text search to cost nothing.
    # A photo or a handoff names the crossing too but does not move its version: not them.
    about = and_(
        or_(and_(AuditEvent.entity == "crossing", AuditEvent.entity_id == str(crossing.id)),
            AuditEvent.payload.contains(f'"crossing_id":"{crossing.id}"')),
        AuditEvent.action != "evidence.attached", AuditEvent.action.not_like("handoff.%"))
    last = session.execute(
        select(AuditEvent.at, Officer.full_name)
        .outerjoin(Officer, Officer.id == AuditEvent.officer_id)
        .where(about).order_by(AuditEvent.at.desc()).limit(1)
    ).first()
    if last is None:
        return changed_first()
    gate = session.get(Gate, crossing.gate_id)
    at = last[0].astimezone(ZoneInfo(gate.timezone)).strftime("%H:%M:%S") if gate else ""
    return ConcurrentChange(
        _("{officer} changed this crossing first, at {time}; it is now {status}. Reload it "
          "and try again.").format(officer=last[1] or _("another officer"), time=at,
                                   status=label(CrossingStatus(crossing.status))))


def changed_first() -> ConcurrentChange:
    """The refusal when another workstation changed the crossing first (who, when unknown)."""
    return ConcurrentChange(
        _("Another workstation changed this crossing first. Reload it and try again.")
    )


def claim(session: Session, actor: Actor, crossing_id: UUID, action: CrossingAction, *,
          expected_version: int | None = None) -> Crossing:
    """The crossing, locked for this transaction, once ``action`` is allowed on it.

    Raises:
        PermissionDenied: the role may not take the action.
        UserInputError: no such crossing at this gate, or its status refuses the action.
        ConcurrentChange: it changed since ``expected_version``; names who and when.
    """
    step = LIFECYCLE[action]
    require(actor.role, step.permission)
    gate = gate_of(session, actor)
    crossing = session.scalars(
        select(Crossing).where(Crossing.id == crossing_id)
        .with_for_update().execution_options(populate_existing=True)
    ).first()
    if crossing is None or crossing.gate_id != gate.id:
        raise UserInputError(_("There is no such crossing at this gate."))
    if expected_version is not None and crossing.version != expected_version:
        raise _who_changed(session, crossing)
    problem = refusal(action, CrossingStatus(crossing.status))
    if problem:
        raise UserInputError(problem)
    if step.moves_crossing:
        # Written even when nothing else of the row changes: the version moves, so a
        # save queued offline against the old one becomes a conflict at replay.
        flag_modified(crossing, "status")
    return crossing


def move(session: Session, actor: Actor, crossing: Crossing, status: CrossingStatus, *,
         channel: Channel | None = None, note: Phrase | str = "") -> None:
    """Record the crossing's new status (and channel in force) with its history and audit event.

    Nothing is recorded when neither changes: the action's own row and event say what
    happened, and the history shows moves only. A note BorderDesk writes is a ``Phrase``,
    kept to be said in each reader's language; the row's text and the audit event hold it
    as the writer read it.
    """
    current = CrossingStatus(crossing.status)
    new_channel = channel.value if channel is not None else crossing.channel
    if status == current and new_channel == crossing.channel:
        return
    now = utc_now()
    crossing.status = status.value
    crossing.channel = new_channel
    text = say(note).strip()
    session.add(CrossingStatusChange(
        crossing_id=crossing.id, status=status.value,
        channel=new_channel if channel is not None else None,
        stage=stage_of_move(current, status).value, note=text,
        note_phrase=note.to_json() if isinstance(note, Phrase) else None,
        workstation_id=actor.workstation_id, created_by=actor.officer_id, created_at=now,
    ))
    session.flush()
    append_event(
        session, workstation_id=actor.workstation_id, officer_id=actor.officer_id,
        action="crossing.advanced", entity="crossing", entity_id=str(crossing.id),
        payload={"from": current.value, "status": status.value,
                 "channel": crossing.channel, "note": text},
        at=now,
    )


def _close(db: Database, actor: Actor, crossing_id: UUID, *, action: CrossingAction,
           target: CrossingStatus, reason: str, expected_version: int | None) -> CrossingDetail:
    reason = clean_reason(reason)
    try:
        with db.session() as session:
            crossing = claim(session, actor, crossing_id, action,
                             expected_version=expected_version)
            move(session, actor, crossing, target, note=reason)
            return detail_in_session(session, crossing)
    except StaleDataError:
        raise changed_first() from None


def release_hold(db: Database, actor: Actor, crossing_id: UUID, reason: str, *,
                 expected_version: int | None = None) -> CrossingDetail:
    """Lift the hold on a held crossing and let it go, with the supervisor's written reason.

    Raises:
        PermissionDenied: only a supervisor releases a held crossing.
        UserInputError: no reason, a reason too long, or a crossing that is not held.
        ConcurrentChange: it changed since ``expected_version``.
    """
    return _close(db, actor, crossing_id, action=CrossingAction.RELEASE_HOLD,
                  target=_S.RELEASED, reason=reason, expected_version=expected_version)


def cancel_crossing(db: Database, actor: Actor, crossing_id: UUID, reason: str, *,
                    expected_version: int | None = None) -> CrossingDetail:
    """Cancel a crossing registered by mistake or turned back, with a written reason.

    Raises:
        PermissionDenied: only customs officers and supervisors cancel crossings.
        UserInputError: no reason, or a held or closed crossing.
        ConcurrentChange: it changed since ``expected_version``.
    """
    return _close(db, actor, crossing_id, action=CrossingAction.CANCEL,
                  target=_S.CANCELLED, reason=reason, expected_version=expected_version)


def open_actions(role_allows: frozenset[Action], status: CrossingStatus, *,
                 has_check: bool) -> frozenset[CrossingAction]:
    """The actions a role with ``role_allows`` may take on a crossing in ``status``."""
    return frozenset(
        action for action, step in LIFECYCLE.items()
        if action != CrossingAction.REGISTER and step.permission in role_allows
        and status in step.allowed_in and (has_check or not step.needs_check)
    )


def actions_open(db: Database, actor: Actor, crossing_id: UUID) -> frozenset[CrossingAction]:
    """What this officer may do to the crossing now: the window enables its buttons from it."""
    require(actor.role, Action.VIEW_CROSSING)
    with db.session() as session:
        gate = gate_of(session, actor)
        crossing = session.get(Crossing, crossing_id)
        if crossing is None or crossing.gate_id != gate.id:
            raise UserInputError(_("There is no such crossing at this gate."))
        has_check = session.scalar(
            select(CheckRun.id).where(CheckRun.crossing_id == crossing_id).limit(1)) is not None
        return open_actions(frozenset(a for a in Action if allowed(actor.role, a)),
                            CrossingStatus(crossing.status), has_check=has_check)
