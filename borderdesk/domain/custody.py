"""Custody: inspections, seizures, handoffs between agencies and the audit chain's heads.

The vocabulary the custody services, the bundles, the shift report and the
faces share. Plain dataclasses, no I/O.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from uuid import UUID

from borderdesk.domain.officer import Role
from borderdesk.i18n import N_, _


class Agency(enum.StrEnum):
    """The agencies at a gate that hand vehicles, goods and evidence to each other."""

    BORDER_GUARD = "border_guard"
    CUSTOMS = "customs"
    POLICE = "police"
    MARKET_CONTROL = "market_control"


class HandoffState(enum.StrEnum):
    """Where a handoff stands. Pending until the receiver accepts, disputes or returns it."""

    PENDING = "pending"
    ACCEPTED = "accepted"
    DISPUTED = "disputed"
    RETURNED = "returned"


class ItemKind(enum.StrEnum):
    """What is handed over."""

    VEHICLE = "vehicle"
    CONTAINER = "container"
    GOODS = "goods"
    EVIDENCE = "evidence"
    DOCUMENT = "document"


class InspectionKind(enum.StrEnum):
    """A documents check at the desk or a physical examination of the cargo."""

    DOCUMENTS = "documents"
    PHYSICAL = "physical"


class InspectionResult(enum.StrEnum):
    """What an inspection concluded."""

    CLEAR = "clear"
    DISCREPANCY = "discrepancy"
    SEIZURE = "seizure"


_LABELS: dict[type, dict[str, str]] = {
    Agency: {
        Agency.BORDER_GUARD: N_("Border guard"),
        Agency.CUSTOMS: N_("Customs"),
        Agency.POLICE: N_("Police"),
        Agency.MARKET_CONTROL: N_("Market control"),
    },
    HandoffState: {
        HandoffState.PENDING: N_("Pending"),
        HandoffState.ACCEPTED: N_("Accepted"),
        HandoffState.DISPUTED: N_("Disputed"),
        HandoffState.RETURNED: N_("Returned"),
    },
    ItemKind: {
        ItemKind.VEHICLE: N_("Vehicle"),
        ItemKind.CONTAINER: N_("Container"),
        ItemKind.GOODS: N_("Goods"),
        ItemKind.EVIDENCE: N_("Evidence photo"),
        ItemKind.DOCUMENT: N_("Document"),
    },
    InspectionKind: {
        InspectionKind.DOCUMENTS: N_("Documents check"),
        InspectionKind.PHYSICAL: N_("Physical inspection"),
    },
    InspectionResult: {
        InspectionResult.CLEAR: N_("Clear"),
        InspectionResult.DISCREPANCY: N_("Discrepancy"),
        InspectionResult.SEIZURE: N_("Goods seized"),
    },
}


def custody_label(value: Agency | HandoffState | ItemKind | InspectionKind | InspectionResult
                  ) -> str:
    """The officer-facing name of a custody value, in the active language."""
    return _(_LABELS[type(value)][value])


_AGENCY_OF_ROLE = {
    Role.BORDER_GUARD: Agency.BORDER_GUARD,
    Role.CUSTOMS_OFFICER: Agency.CUSTOMS,
    Role.POLICE_OFFICER: Agency.POLICE,
    Role.MARKET_CONTROL_OFFICER: Agency.MARKET_CONTROL,
}


def agency_of(role: Role) -> Agency | None:
    """The agency an officer of ``role`` works for; supervisors and administrators have none."""
    return _AGENCY_OF_ROLE.get(role)


# --- inspections and seizures -------------------------------------------------------------


@dataclass(frozen=True)
class InspectionForm:
    """What a customs officer records about an inspection of a crossing."""

    crossing_id: UUID
    kind: InspectionKind
    result: InspectionResult
    notes: str = ""
    finding_rules: tuple[str, ...] = ()
    """Rule ids of the findings the inspection confirmed (only with a discrepancy)."""
    unpredicted: str = ""
    """A violation found that no finding predicted, in the officer's words (only with a
    discrepancy): what the rules missed, so the gate can learn what to look for."""


@dataclass(frozen=True)
class InspectionRecord:
    """An inspection as it was recorded."""

    inspection_id: UUID
    crossing_id: UUID
    kind: InspectionKind
    result: InspectionResult
    notes: str
    officer: str
    started_at: datetime
    finished_at: datetime | None
    finding_rules: tuple[str, ...] = ()
    unpredicted: str = ""


@dataclass(frozen=True)
class SeizedLine:
    """One line of seized goods."""

    description: str
    quantity: Decimal
    unit: str
    hs_code: str = ""
    declared_value: Decimal | None = None
    currency: str = ""
    bag_seal_no: str = ""


@dataclass(frozen=True)
class SeizureForm:
    """What an officer types when goods are seized at an inspection."""

    crossing_id: UUID
    lines: tuple[SeizedLine, ...]
    reason: str
    storage_location: str
    seal_nos: tuple[str, ...] = ()
    finding_rules: tuple[str, ...] = ()
    """Rule ids (``domain.findings.Rule`` values) of the findings that justify the seizure."""
    evidence_sha256: tuple[str, ...] = ()
    """Photos of the crossing (by SHA-256) that document the seizure."""
    inspection_id: UUID | None = None


@dataclass(frozen=True)
class SeizureRecord:
    """A seizure as it was recorded, with its line ids for handoff items."""

    seizure_id: UUID
    crossing_id: UUID
    crossing_reference: str
    inspection_id: UUID | None
    lines: tuple[tuple[UUID, SeizedLine], ...]
    reason: str
    storage_location: str
    seal_nos: tuple[str, ...]
    finding_rules: tuple[str, ...]
    evidence_sha256: tuple[str, ...]
    officer: str
    at: datetime


# --- handoffs -----------------------------------------------------------------------------


@dataclass(frozen=True)
class HandoffItemForm:
    """One item an officer hands over.

    ``reference`` is what identifies it: a plate, a container number, a
    seizure line id, an evidence SHA-256 or a document number.
    """

    kind: ItemKind
    description: str
    reference: str = ""
    quantity: Decimal | None = None
    unit: str = ""
    hs_code: str = ""
    seal_no: str = ""


@dataclass(frozen=True)
class HandoffForm:
    """A handover from the sender's agency (the actor's) to another one."""

    to_agency: Agency
    items: tuple[HandoffItemForm, ...]
    crossing_id: UUID | None = None
    inspection_id: UUID | None = None
    seizure_id: UUID | None = None
    to_officer_username: str = ""
    note: str = ""


@dataclass(frozen=True)
class ItemConfirmation:
    """The receiver's check of one item: counted, seal looked at, anything wrong said."""

    item_id: UUID
    count_ok: bool = True
    seal_intact: bool = True
    remark: str = ""

    @property
    def discrepancy(self) -> bool:
        """Whether the receiver found the item other than handed over."""
        return not (self.count_ok and self.seal_intact)


@dataclass(frozen=True)
class HandoffItemRecord:
    """An item of a handoff as recorded, with the receiver's confirmation once there is one."""

    item_id: UUID
    kind: ItemKind
    description: str
    reference: str
    quantity: Decimal | None
    unit: str
    hs_code: str
    seal_no: str
    confirmation: ItemConfirmation | None = None


@dataclass(frozen=True)
class HandoffEvent:
    """One step of a handoff: sent, accepted, disputed or returned, by whom and why."""

    state: HandoffState
    at: datetime
    officer: str
    agency: Agency | None
    reason: str
    item_ids: tuple[UUID, ...] = ()


@dataclass(frozen=True)
class HandoffSummary:
    """One line of an agency's inbox."""

    handoff_id: UUID
    reference: str
    """The crossing's reference, or the seizure's when the handoff has no crossing."""
    from_agency: Agency
    to_agency: Agency
    from_officer: str
    to_officer: str
    state: HandoffState
    sent_at: datetime
    items: int
    overdue: bool
    note: str


@dataclass(frozen=True)
class HandoffRecord:
    """A whole handoff: its items, its history, and where it came from."""

    summary: HandoffSummary
    crossing_id: UUID | None
    inspection_id: UUID | None
    seizure_id: UUID | None
    items: tuple[HandoffItemRecord, ...]
    history: tuple[HandoffEvent, ...]
    imported_from: str = ""
    """The SHA-256 of the signed bundle it was imported from, when it came from another system."""


@dataclass(frozen=True)
class CustodySpan:
    """Who held something of a crossing, from when to when (``until`` None: still holds it)."""

    agency: Agency
    officer: str
    since: datetime
    until: datetime | None
    what: str
    handoff_id: UUID | None
    evidence_sha256: tuple[str, ...] = ()
    state: HandoffState | None = None
    """The state of the handoff the span comes from (None: held since arrival or seizure).

    Accepted: the receiver took over; disputed or returned: the items stayed
    with, or came back to, the sender; pending: offered to the receiver, who
    does not hold them yet (``since`` is when it was sent).
    """


# --- the audit chain ----------------------------------------------------------------------


@dataclass(frozen=True)
class ChainHead:
    """The last event of one workstation's chain: printed on paper, it pins the record."""

    workstation_id: UUID
    workstation_name: str
    seq: int
    hash: str


class ChainProblemKind(enum.StrEnum):
    """How a chain was found broken."""

    CHANGED = "changed"
    MISSING = "missing"
    INSERTED = "inserted"
    REORDERED = "reordered"
    BAD_SIGNATURE = "bad_signature"
    UNTRUSTED_KEY = "untrusted_key"
    CUT_OFF = "cut_off"
    """The chain is shorter than, or differs at, a printed checkpoint."""


@dataclass(frozen=True)
class ChainProblem:
    """The first broken event of a workstation's chain and how it is broken."""

    workstation_id: UUID
    workstation_name: str
    seq: int
    kind: ChainProblemKind
    event_id: UUID | None
    detail: str


@dataclass(frozen=True)
class StateFinding:
    """A row of the gate's security state (officers, keys, workstations) that the signed
    chains do not record as it is: changed, added or removed behind BorderDesk's back.

    Attributes:
        subject: what it is about, e.g. ``officer guard1``, ``workstation LB-BOOTH-1 (…)``.
        detail: how the row differs from the chains' record.
        gates: the codes of the gates it concerns (empty: the whole database).
    """

    subject: str
    detail: str
    gates: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ChainReport:
    """The result of walking every workstation's chain and replaying the security state."""

    heads: tuple[ChainHead, ...]
    events: int
    problems: tuple[ChainProblem, ...]
    findings: tuple[StateFinding, ...] = ()
    """Differences between the security tables and what the signed chains record."""

    @property
    def intact(self) -> bool:
        """Whether every chain verified and the security state is what they record."""
        return not self.problems and not self.findings
