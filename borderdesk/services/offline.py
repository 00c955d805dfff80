"""Working offline, as the faces see it: the status, the queue, replaying it, settling conflicts.

The mechanism is ``storage.offline``; here it is put in the officer's words,
and a conflict the replay could not apply is closed by the officer with an
audited decision, never dropped.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import datetime
from typing import Any
from uuid import UUID

from borderdesk.domain.crossing import Channel, CrossingStatus, label
from borderdesk.domain.custody import HandoffState, custody_label
from borderdesk.domain.officer import Actor
from borderdesk.domain.offline import (
    ConflictColumn,
    Connectivity,
    OfflineStatus,
    QueuedSaveView,
    QueuedState,
    ReplayConflict,
)
from borderdesk.errors import UserInputError
from borderdesk.i18n import _
from borderdesk.services.audit import append_event
from borderdesk.services.handoff_views import settled_by
from borderdesk.services.workstations import gate_of
from borderdesk.storage.engine import Database
from borderdesk.storage.offline.apply import Refusal, refusal_from_json
from borderdesk.storage.offline.gate_database import (
    GateDatabase,
    ReplayProgress,
    ReplayReport,
    ServerLost,
    through_outage,
)
from borderdesk.storage.offline.local_store import QueuedSave

__all__ = ["ReplayProgress", "ReplayReport", "through_outage"]


def action_label(action: str) -> str:
    """An audit action in the officer's words."""
    labels = {
        "crossing.registered": _("Arrival registered"),
        "crossing.advanced": _("Crossing moved on"),
        "evidence.attached": _("Photo or document attached"),
        "declaration.saved": _("Declaration saved"),
        "manifest.read": _("Manifest read"),
        "manifest.corrected": _("Manifest corrected"),
        "manifest.entered": _("Manifest entered from a file"),
        "manifest.accepted": _("Manifest reading accepted"),
        "check.run": _("Checks run"),
        "check.channel_overridden": _("Channel overridden"),
        "check.override_requested": _("Lower channel asked for"),
        "check.override_approved": _("Lower channel approved"),
        "check.override_refused": _("Lower channel refused"),
        "scoring.started": _("Scoring settings stored"),
        "scoring.changed": _("Scoring setting changed"),
        "selection.key_made": _("Random selection key made"),
        "selection.inspector_drawn": _("Inspector drawn"),
        "inspection.recorded": _("Inspection recorded"),
        "seizure.recorded": _("Seizure recorded"),
        "handoff.sent": _("Handoff sent"),
        "handoff.accepted": _("Handoff accepted"),
        "handoff.disputed": _("Handoff disputed"),
        "handoff.returned": _("Handoff returned"),
        "replay.conflict_settled": _("Conflict settled"),
        "login.login": _("Logged in"),
        "login.logout": _("Logged out"),
        "login.session_locked": _("Screen locked"),
        "login.failed": _("Failed login"),
    }
    return labels.get(action, action or _("Other change"))


def offline_status(db: Database) -> OfflineStatus:
    """Where saves go now, how many wait, how many conflicts are open, and the copy's age."""
    if not isinstance(db, GateDatabase):
        return OfflineStatus(Connectivity.ONLINE, 0, 0, None)
    counts = db.local.count_by_state()
    return OfflineStatus(
        connectivity=db.connectivity,
        waiting=counts.get(QueuedState.QUEUED.value, 0),
        open_conflicts=counts.get(QueuedState.CONFLICT.value, 0),
        copy_taken_at=db.local.taken_at(),
    )


def queued_saves(db: Database) -> list[QueuedSaveView]:
    """Every save made offline on this workstation, newest first, conflicts with both versions."""
    if not isinstance(db, GateDatabase):
        return []
    return [_view(db, save) for save in reversed(db.local.all_saves())]


def not_yet_delivered(db: Database) -> frozenset[str]:
    """The ids of records saved offline and still waiting (a handoff shows "not yet delivered")."""
    if not isinstance(db, GateDatabase):
        return frozenset()
    return db.local.waiting_entities()


def replay_queue(db: Database,
                 progress: Callable[[ReplayProgress], None] | None = None) -> ReplayReport | None:
    """When the server answers, send it the queue; None when there was nothing to do."""
    if not isinstance(db, GateDatabase) or db.connectivity is Connectivity.ONLINE:
        return None
    if not db.server_reachable():
        return None
    report = db.replay(progress)
    if report.finished:
        # The server went away again just after: everything was sent, the copy
        # holds every save of this workstation, and the next replay refreshes it.
        with contextlib.suppress(ServerLost):
            db.refresh_copy()
    return report


def refresh_copy(db: Database) -> int:
    """Refresh the local copy of the gate while online with nothing queued; the rows copied."""
    return db.refresh_copy() if isinstance(db, GateDatabase) else 0


def settle_conflict(db: Database, actor: Actor, seq: int, note: str) -> None:
    """Close a refused save: the officer has seen both versions and says what was done.

    The decision is an audit event of its own, so the chain shows the refused
    action, and the decision taken on it.

    Raises:
        UserInputError: no note, or no open conflict with that number.
    """
    if not note.strip():
        raise UserInputError(_("Write what was done about the conflict."))
    if not isinstance(db, GateDatabase):
        raise UserInputError(_("There is no conflict {number}.").format(number=seq))
    save = next((s for s in db.local.all_saves()
                 if s.seq == seq and s.state == QueuedState.CONFLICT), None)
    if save is None:
        raise UserInputError(_("There is no conflict {number}.").format(number=seq))
    refusal = refusal_from_json(save.detail) if save.detail else None

    def record() -> None:
        with db.session() as session:
            gate_of(session, actor)
            append_event(
                session, workstation_id=actor.workstation_id, officer_id=actor.officer_id,
                action="replay.conflict_settled", entity=save.entity or "queue",
                entity_id=save.entity_id or str(seq),
                payload={"queued_seq": seq, "refused_action": save.action,
                         "reason": refusal.reason if refusal else "",
                         "table": refusal.table if refusal else "", "note": note.strip()},
            )

    through_outage(record)
    db.local.settle(seq, QueuedState.SETTLED.value, save.detail)
    db.queue_changed()


def _view(db: GateDatabase, save: QueuedSave) -> QueuedSaveView:
    state = QueuedState(save.state)
    conflict = None
    if state in {QueuedState.CONFLICT, QueuedState.SETTLED} and save.detail:
        conflict = _conflict(db, save, refusal_from_json(save.detail))
    return QueuedSaveView(
        seq=save.seq, queued_at=save.queued_at, action=save.action,
        what=action_label(save.action), entity=save.entity, entity_id=save.entity_id,
        state=state, uncertain=save.uncertain, settled_at=save.settled_at, conflict=conflict,
    )


def _conflict(db: GateDatabase, save: QueuedSave, refusal: Refusal) -> ReplayConflict:
    seen, wrote, theirs = refusal.seen, refusal.wrote, refusal.theirs or {}
    names = list(dict.fromkeys([*wrote, *seen]))

    def shown(name: str, values: dict[str, Any]) -> str:
        return _shown(refusal.table, name, values.get(name))

    columns = tuple(ConflictColumn(_column_label(name), shown(name, seen), shown(name, wrote),
                                   shown(name, theirs) if refusal.theirs is not None
                                   else _("(no such record)"))
                    for name in names)
    record_id = str(next(iter(refusal.row_key.values()), save.entity_id)) \
        if refusal.row_key else save.entity_id
    reason = _reason(refusal.reason)
    if save.entity == "handoff" and db.connectivity is Connectivity.ONLINE:
        reason = _handoff_reason(db, save.entity_id) or reason
    return ReplayConflict(table=refusal.table, record_id=record_id, reason=reason,
                          columns=columns)


def _reason(code: str) -> str:
    known = {
        "changed on the server meanwhile": _("Somebody changed this record on the server "
                                             "while this workstation was offline."),
        "not on the server": _("The server has no such record."),
    }
    return known.get(code, code)


def _handoff_reason(db: GateDatabase, handoff_id: str) -> str | None:
    try:
        with db.session() as session:
            return str(settled_by(session, UUID(handoff_id)))
    except Exception:  # the reason is a courtesy; the conflict shows without it
        return None


def _column_label(name: str) -> str:
    labels = {
        "state": _("State"), "status": _("Status"), "channel": _("Channel"),
        "version": _("Version"), "to_agency": _("To"), "from_agency": _("From"),
        "lane": _("Lane"), "tractor_plate": _("Tractor plate"), "note": _("Note"),
        "full_name": _("Name"), "role": _("Role"), "active": _("Active"),
    }
    return labels.get(name, name)


def _shown(table: str, name: str, value: Any) -> str:
    """A recorded value as the officer reads it: states and channels in words."""
    if value is None:
        return "—"
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    words: dict[tuple[str, str], Callable[[str], str]] = {
        ("handoffs", "state"): lambda v: custody_label(HandoffState(v)),
        ("handoff_state_changes", "state"): lambda v: custody_label(HandoffState(v)),
        ("crossings", "status"): lambda v: label(CrossingStatus(v)),
        ("crossings", "channel"): lambda v: label(Channel(v)),
    }
    translate = words.get((table, name))
    if translate is not None:
        try:
            return translate(str(value))
        except ValueError:  # a value this version does not know: shown as stored
            return str(value)
    return str(value)
