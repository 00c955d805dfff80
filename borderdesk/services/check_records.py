"""Stored check runs read back: the result, what it checked, and the override in force.

``services.checks`` writes runs; ``services.overrides`` writes overrides and
the decisions on them. Both read runs through here, so "the channel in
force" means one thing everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.orm import Session

from borderdesk.documents.declaration_json import declaration_from_dict
from borderdesk.domain.crossing import Channel
from borderdesk.domain.declaration import Declaration
from borderdesk.domain.findings import CheckResult, Contribution, Finding, Rule, Severity
from borderdesk.domain.manifest import Manifest
from borderdesk.errors import UserInputError
from borderdesk.i18n import _
from borderdesk.services.manifests import manifest_of
from borderdesk.storage.models import CheckRun, Officer
from borderdesk.storage.models import Declaration as DeclarationRow
from borderdesk.storage.models import Finding as FindingRow
from borderdesk.storage.models import Manifest as ManifestRow


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
    state: str = "in_force"
    """An override stays in force, newer check runs or not, until an officer overrides again."""


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

    @property
    def channel(self) -> Channel:
        """The channel in force: the override's when there is one."""
        return self.override.channel if self.override else self.result.channel


def officer_name(session: Session, officer_id: UUID | None) -> str:
    if officer_id is None:
        return ""
    return session.scalar(select(Officer.full_name).where(Officer.id == officer_id)) or ""


def override_in_force(session: Session, crossing_id: UUID) -> CheckRun | None:
    """The crossing's latest override: it stays in force until an officer overrides again."""
    return session.scalars(
        select(CheckRun).where(CheckRun.crossing_id == crossing_id,
                               CheckRun.overrides_id.is_not(None))
        .order_by(CheckRun.created_at.desc(), CheckRun.id.desc()).limit(1)
    ).first()


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
            Finding(rule=Rule(f.rule), severity=Severity(f.severity), message=f.message,
                    line=f.line, evidence=dict(f.evidence or {}))
            for f in findings
        ),
        contributions=tuple(
            Contribution(index, f.points) for index, f in enumerate(findings) if f.points
        ),
        watch_list_version=run.watch_list_version,
    )
    override = None if override_row is None else ChannelOverride(
        channel=Channel(override_row.channel), reason=override_row.override_reason,
        at=override_row.created_at, officer_name=officer_name(session, override_row.created_by),
        override_id=override_row.id, overrides_run_id=override_row.overrides_id,
    )
    return CheckRecord(run.id, result, stored_declaration(declaration_row), manifest,
                       run.created_at, officer_name(session, run.created_by), override)


