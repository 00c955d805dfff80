"""What was recorded on a crossing, stage by stage, in one read for its overview.

The crossing view's sections (evidence, documents and checks, inspection,
custody) say what is there — how many files, which declaration version, the
latest check and its channel, inspections, seizures, handoffs — not only the
status changes. One call, off the GUI thread, reading through the services
that own each record, so every permission and gate check is theirs too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from sqlalchemy import select

from borderdesk.access.permissions import Action, require
from borderdesk.domain.custody import HandoffState, HandoffSummary, InspectionRecord, SeizureRecord
from borderdesk.domain.evidence import EvidenceItem
from borderdesk.domain.officer import Actor
from borderdesk.services import checks, evidence, handoff_views, inspections, manifests, seizures
from borderdesk.services.check_records import CheckRecord
from borderdesk.services.evidence import crossing_at_gate
from borderdesk.storage.engine import Database
from borderdesk.storage.models import Declaration, Officer


@dataclass(frozen=True)
class DeclarationFacts:
    """The crossing's latest declaration version: which, when, by whom."""

    declaration_no: str
    version: int
    at: datetime
    officer: str


@dataclass(frozen=True)
class ManifestFacts:
    """The crossing's latest manifest version and how many goods lines it has."""

    document_no: str
    version: int
    lines: int


@dataclass(frozen=True)
class CrossingOverview:
    """Everything recorded on a crossing beyond its arrival, oldest first in each list."""

    evidence: tuple[EvidenceItem, ...]
    declaration: DeclarationFacts | None
    manifest: ManifestFacts | None
    check: CheckRecord | None
    """The latest check run, with the override in force beside it (None: never checked)."""
    inspections: tuple[InspectionRecord, ...]
    seizures: tuple[SeizureRecord, ...]
    handoffs: tuple[HandoffSummary, ...]

    @property
    def pending_handoffs(self) -> int:
        """How many handoffs wait for the receiver's answer."""
        return sum(h.state is HandoffState.PENDING for h in self.handoffs)


def _declaration(db: Database, actor: Actor, crossing_id: UUID) -> DeclarationFacts | None:
    # The declaration service gives the document, not its version: read the version row here.
    with db.session() as session:
        crossing_at_gate(session, actor, crossing_id)
        row = session.execute(
            select(Declaration.declaration_no, Declaration.version, Declaration.created_at,
                   Officer.full_name)
            .outerjoin(Officer, Officer.id == Declaration.created_by)
            .where(Declaration.crossing_id == crossing_id)
            .order_by(Declaration.version.desc()).limit(1)).first()
        if row is None:
            return None
        return DeclarationFacts(declaration_no=row[0], version=row[1], at=row[2],
                                officer=row[3] or "")


def crossing_overview(db: Database, actor: Actor, crossing_id: UUID) -> CrossingOverview:
    """What was recorded on the crossing, for the sections of its overview.

    Raises:
        PermissionDenied: a role that may not see crossings.
        UserInputError: no such crossing at the actor's gate.
    """
    require(actor.role, Action.VIEW_CROSSING)
    manifest = manifests.latest_manifest(db, actor, crossing_id)
    return CrossingOverview(
        evidence=tuple(evidence.list_evidence(db, actor, crossing_id)),
        declaration=_declaration(db, actor, crossing_id),
        manifest=ManifestFacts(manifest.manifest.document_no, manifest.version,
                               len(manifest.manifest.lines)) if manifest else None,
        check=checks.latest_check(db, actor, crossing_id),
        inspections=tuple(inspections.inspections_of_crossing(db, actor, crossing_id)),
        seizures=tuple(seizures.seizures_of_crossing(db, actor, crossing_id)),
        handoffs=tuple(h.summary for h in handoff_views.handoffs_of_crossing(
            db, actor, crossing_id)),
    )
