"""Overriding the channel the checks chose, with a written reason.

An override is a new check-run row pointing at the run it overrides; it
stays in force across later runs until an officer overrides again.
"""

from __future__ import annotations

from uuid import UUID

from sqlalchemy.orm.exc import StaleDataError

from borderdesk.access.permissions import Action, require
from borderdesk.domain.crossing import Channel, CrossingAction, CrossingStatus, label
from borderdesk.domain.officer import Actor
from borderdesk.errors import UserInputError
from borderdesk.i18n import _
from borderdesk.services.audit import append_event
from borderdesk.services.check_records import (
    CheckRecord,
    check_record,
    latest_run,
    override_in_force,
)
from borderdesk.services.crossing_lifecycle import (
    after_check,
    changed_first,
    claim,
    clean_reason,
    move,
)
from borderdesk.storage.engine import Database
from borderdesk.storage.models import CheckRun
from borderdesk.storage.models.base import utc_now


def override_channel(
    db: Database, actor: Actor, crossing_id: UUID, channel: Channel, reason: str, *,
    expected_version: int | None = None,
) -> CheckRecord:
    """Send the crossing through ``channel`` instead of the one in force, with a written reason.

    The override stays in force across later check runs until an officer
    overrides again; it never lifts a hold or calls off an inspection under way.

    Raises:
        PermissionDenied: the role may not run checks.
        UserInputError: no reason, no check run yet, the channel already in force,
            or a crossing whose status allows no override.
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
            now = utc_now()
            override = CheckRun(
                crossing_id=crossing_id, declaration_id=run.declaration_id,
                manifest_id=run.manifest_id, channel=channel.value, score=run.score,
                rules_version=run.rules_version, watch_list_version=run.watch_list_version,
                overrides_id=run.id, override_reason=reason,
                workstation_id=actor.workstation_id, created_by=actor.officer_id, created_at=now,
            )
            session.add(override)
            session.flush()
            append_event(
                session, workstation_id=actor.workstation_id, officer_id=actor.officer_id,
                action="check.channel_overridden", entity="crossing", entity_id=str(crossing_id),
                payload={"check_run_id": str(run.id), "override_id": str(override.id),
                         "from": current.value, "channel": channel.value, "reason": reason},
                at=now,
            )
            move(session, actor, crossing, after_check(CrossingStatus(crossing.status), channel),
                 channel=channel, note=_("Channel overridden: {reason}").format(reason=reason))
            return check_record(session, run)
    except StaleDataError:
        raise changed_first() from None
