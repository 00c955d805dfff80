"""SQLAlchemy models of every table; Alembic migrations under db/ follow them."""

from borderdesk.storage.models.audit import AuditEvent
from borderdesk.storage.models.base import Base
from borderdesk.storage.models.checks import CheckRun, Finding, WatchListEntry
from borderdesk.storage.models.crossing import Crossing, CrossingContainer, CrossingStatusChange
from borderdesk.storage.models.custody import (
    Handoff,
    HandoffItem,
    HandoffItemConfirmation,
    HandoffStateChange,
    Inspection,
    Seizure,
    SeizureEvidence,
    SeizureLine,
    TrustedKey,
)
from borderdesk.storage.models.documents import (
    Declaration,
    DeclarationLine,
    Manifest,
    ManifestLine,
)
from borderdesk.storage.models.evidence import Evidence, EvidenceAnnotation, EvidenceBlob
from borderdesk.storage.models.gate import (
    DatabaseIdentity,
    Gate,
    LoginEvent,
    Officer,
    Workstation,
)
from borderdesk.storage.models.selectivity import (
    OverrideDecision,
    ScoringSettings,
    SelectionDraw,
    SelectionKey,
)

__all__ = [
    "AuditEvent",
    "Base",
    "CheckRun",
    "Crossing",
    "CrossingContainer",
    "CrossingStatusChange",
    "DatabaseIdentity",
    "Declaration",
    "DeclarationLine",
    "Evidence",
    "EvidenceAnnotation",
    "EvidenceBlob",
    "Finding",
    "Gate",
    "Handoff",
    "HandoffItem",
    "HandoffItemConfirmation",
    "HandoffStateChange",
    "Inspection",
    "LoginEvent",
    "Manifest",
    "ManifestLine",
    "Officer",
    "OverrideDecision",
    "ScoringSettings",
    "Seizure",
    "SeizureEvidence",
    "SeizureLine",
    "SelectionDraw",
    "SelectionKey",
    "TrustedKey",
    "WatchListEntry",
    "Workstation",
]
