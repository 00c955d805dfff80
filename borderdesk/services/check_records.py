"""Stored check runs read back: the result, what it checked, and the override in force.

``services.checks`` writes runs; ``services.overrides`` writes overrides and
the decisions on them. Both read runs through here, so "the channel in
force" means one thing everywhere.

An override that raises the channel is in force at once. One that lowers it
(red to yellow or green, yellow to green) is a request until a supervisor
approves it: meanwhile the channel in force stays. A request lapses when the
crossing moves past it (a newer check run or inspection, or the crossing
held, released or cancelled) and is replaced by a newer override.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.orm import Session

from borderdesk.documents.declaration_json import declaration_from_dict
from borderdesk.domain.crossing import CHANNEL_RANK, Channel, CrossingStatus, lowers
from borderdesk.domain.declaration import Declaration
from borderdesk.domain.findings import CheckResult, Contribution, Finding, Rule, Severity
from borderdesk.domain.manifest import Manifest
from borderdesk.domain.phrase import stored
from borderdesk.errors import UserInputError
from borderdesk.i18n import _
from borderdesk.services.manifests import manifest_of
from borderdesk.storage.models import CheckRun, Crossing, Inspection, Officer, OverrideDecision
from borderdesk.storage.models import Declaration as DeclarationRow
from borderdesk.storage.models import Finding as FindingRow
from borderdesk.storage.models import Manifest as ManifestRow

DECIDABLE = frozenset({CrossingStatus.DOCUMENTS, CrossingStatus.INSPECTION})
"""Where a lowered channel may still be approved: not held, not closed."""


class OverrideState(enum.StrEnum):
    """Where an override stands."""

    IN_FORCE = "in_force"
    """Raising, approved, or recorded before lowering needed approval."""
    PENDING = "pending"
    """A lowered channel waiting for a supervisor."""
    REFUSED = "refused"
    REPLACED = "replaced"
    """A newer override came while it waited."""
    LAPSED = "lapsed"
    """The crossing moved past it while it waited (newer checks or inspection, held, closed)."""
    SUPERSEDED = "superseded"
    """In force once; a newer override took its place."""


@dataclass(frozen=True)
class ChannelOverride:
    """An officer's decision to send a crossing through another channel than the checks chose."""

    channel: Channel
    reason: str
    at: datetime
    officer_name: str
    override_id: UUID | None = None
    overrides_run_id: UUID | None = None
    """The check run whose channel it replaced: a newer run may stand beside it."""
    state: str = OverrideState.IN_FORCE
    """An override stays in force, newer check runs or not, until an officer overrides again
    or a newer run finds more risk than the run it replaced."""
    from_channel: Channel | None = None
    """The channel in force when it was asked for; None on overrides older than approvals."""
    decided_by: str = ""
    """The supervisor who approved or refused a lowered channel."""
    decision_reason: str = ""
    decided_at: datetime | None = None

    @property
    def lowers(self) -> bool:
        """Whether it takes the crossing to a lower channel than the one it found."""
        return self.from_channel is not None and lowers(self.from_channel, self.channel)


@dataclass(frozen=True)
class CheckRecord:
    """A stored check run: its result, what it checked, and any override of its channel."""

    check_run_id: UUID
    result: CheckResult
    declaration: Declaration
    manifest: Manifest | None
    at: datetime
    officer_name: str
    override: ChannelOverride | None = None
    """The override in force."""
    request: ChannelOverride | None = None
    """The latest lowered channel not in force: pending, refused or lapsed; None when the
    latest override is in force (or there is none)."""

    @property
    def channel(self) -> Channel:
        """The channel in force: the override's when there is one."""
        return self.override.channel if self.override else self.result.channel


def officer_name(session: Session, officer_id: UUID | None) -> str:
    if officer_id is None:
        return ""
    return session.scalar(select(Officer.full_name).where(Officer.id == officer_id)) or ""


def override_lowers(row: CheckRun) -> bool:
    """Whether the override row lowers the channel it found ('' on old rows: it does not)."""
    return lowers(row.override_from, row.channel)


def _overrides(session: Session, crossing_id: UUID) -> list[tuple[CheckRun, str | None]]:
    """The crossing's overrides, newest first, each with its decision (None: none yet)."""
    return [(row, decision) for row, decision in session.execute(
        select(CheckRun, OverrideDecision.decision)
        .outerjoin(OverrideDecision, OverrideDecision.override_id == CheckRun.id)
        .where(CheckRun.crossing_id == crossing_id, CheckRun.overrides_id.is_not(None))
        .order_by(CheckRun.created_at.desc(), CheckRun.id.desc())
    )]


def decided_on(session: Session, row: CheckRun) -> Channel:
    """The channel of the check run an override replaced: what its officer saw."""
    replaced = session.get(CheckRun, row.overrides_id) if row.overrides_id else None
    return Channel(replaced.channel if replaced else row.override_from or row.channel)


def outgrows(channel: Channel, session: Session, row: CheckRun) -> bool:
    """Whether a check's ``channel`` finds more risk than the run the override replaced:
    then the decision, taken on less, no longer holds."""
    return CHANNEL_RANK[channel] > CHANNEL_RANK[decided_on(session, row)]


def override_in_force(session: Session, crossing_id: UUID) -> CheckRun | None:
    """The override in force: the latest one that raised the channel, or lowered it with a
    supervisor's approval (old rows, before approvals, count as in force). It stays in force
    across later check runs until an officer overrides again, or until a later check finds
    more risk than the run it replaced (a yellow decided on a green run does not keep a
    crossing out of red when the checks come out red later: that would lower a channel
    without a supervisor)."""
    for row, decision in _overrides(session, crossing_id):
        if not override_lowers(row) or decision == "approved":
            later = session.scalars(select(CheckRun.channel).where(
                CheckRun.crossing_id == crossing_id, CheckRun.overrides_id.is_(None),
                CheckRun.created_at > row.created_at)).all()
            if any(outgrows(Channel(channel), session, row) for channel in later):
                return None
            return row
    return None


def moved_past(session: Session, row: CheckRun) -> bool:
    """Whether the crossing moved on since the override was asked for: newer checks or an
    inspection since, or a status where no lowered channel may be approved."""
    crossing = session.get(Crossing, row.crossing_id)
    if crossing is None or CrossingStatus(crossing.status) not in DECIDABLE:
        return True
    newer_run = session.scalar(select(CheckRun.id).where(
        CheckRun.crossing_id == row.crossing_id, CheckRun.overrides_id.is_(None),
        CheckRun.created_at > row.created_at).limit(1))
    inspected = session.scalar(select(Inspection.id).where(
        Inspection.crossing_id == row.crossing_id,
        Inspection.created_at > row.created_at).limit(1))
    return newer_run is not None or inspected is not None


def override_state(session: Session, row: CheckRun) -> OverrideState:
    """Where the override ``row`` stands now."""
    rows = _overrides(session, row.crossing_id)
    decision = next((d for r, d in rows if r.id == row.id), None)
    newer = any((r.created_at, r.id) > (row.created_at, row.id) for r, _d in rows)
    if decision == "refused":
        return OverrideState.REFUSED
    if override_lowers(row) and decision is None:
        if newer:
            return OverrideState.REPLACED
        return OverrideState.LAPSED if moved_past(session, row) else OverrideState.PENDING
    in_force = override_in_force(session, row.crossing_id)
    return OverrideState.IN_FORCE if in_force is not None and in_force.id == row.id \
        else OverrideState.SUPERSEDED


def channel_override(session: Session, row: CheckRun, state: OverrideState) -> ChannelOverride:
    """The override ``row`` as the window and the CLI show it, with its decision."""
    decision = session.scalars(select(OverrideDecision).where(
        OverrideDecision.override_id == row.id)).first()
    return ChannelOverride(
        channel=Channel(row.channel), reason=row.override_reason, at=row.created_at,
        officer_name=officer_name(session, row.created_by), override_id=row.id,
        overrides_run_id=row.overrides_id, state=state,
        from_channel=Channel(row.override_from) if row.override_from else None,
        decided_by=officer_name(session, decision.created_by) if decision else "",
        decision_reason=decision.reason if decision else "",
        decided_at=decision.created_at if decision else None,
    )


def override_request(session: Session, crossing_id: UUID) -> ChannelOverride | None:
    """The latest override when it is a lowered channel not in force (pending, refused or
    lapsed), else None."""
    rows = _overrides(session, crossing_id)
    if not rows:
        return None
    row, decision = rows[0]
    if not override_lowers(row) or decision == "approved":
        return None
    return channel_override(session, row, override_state(session, row))


def latest_run(session: Session, crossing_id: UUID) -> CheckRun | None:
    return session.scalars(
        select(CheckRun).where(CheckRun.crossing_id == crossing_id,
                               CheckRun.overrides_id.is_(None))
        .order_by(CheckRun.created_at.desc(), CheckRun.id.desc()).limit(1)
    ).first()


def stored_declaration(row: DeclarationRow) -> Declaration:
    # ``raw`` is the validated declaration as JSON: rebuild it without judging the
    # HS codes again, so a stored declaration stays readable whatever changes later.
    return declaration_from_dict(row.raw)


def check_record(session: Session, run: CheckRun) -> CheckRecord:
    findings = session.scalars(
        select(FindingRow).where(FindingRow.check_run_id == run.id)
        .order_by(FindingRow.created_at, FindingRow.id)
    ).all()
    declaration_row = session.get(DeclarationRow, run.declaration_id) \
        if run.declaration_id else None
    if declaration_row is None:
        raise UserInputError(_("The check run has no declaration."))
    manifest_row = session.get(ManifestRow, run.manifest_id) if run.manifest_id else None
    manifest = manifest_of(session, manifest_row) if manifest_row else None
    override_row = override_in_force(session, run.crossing_id)
    result = CheckResult(
        channel=Channel(run.channel), score=run.score,
        findings=tuple(
            Finding(rule=Rule(f.rule), severity=Severity(f.severity),
                    phrase=stored(f.message_phrase, f.message),
                    line=f.line, evidence=dict(f.evidence or {}))
            for f in findings
        ),
        contributions=tuple(
            Contribution(index, f.points) for index, f in enumerate(findings) if f.points
        ),
        watch_list_version=run.watch_list_version,
    )
    override = None if override_row is None else \
        channel_override(session, override_row, OverrideState.IN_FORCE)
    return CheckRecord(run.id, result, stored_declaration(declaration_row), manifest,
                       run.created_at, officer_name(session, run.created_by), override,
                       override_request(session, run.crossing_id))
