"""A truck crossing the gate, from arrival to release."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime
from uuid import UUID

from borderdesk.i18n import N_, _


class Direction(enum.StrEnum):
    """Which way the goods go."""

    IMPORT = "import"
    EXPORT = "export"
    TRANSIT = "transit"


class CrossingStatus(enum.StrEnum):
    """Where a crossing stands; the queue filters on it."""

    ARRIVED = "arrived"
    DOCUMENTS = "documents"
    INSPECTION = "inspection"
    RELEASED = "released"
    HELD = "held"
    CANCELLED = "cancelled"


class Channel(enum.StrEnum):
    """The inspection channel the checks chose."""

    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"


CHANNEL_RANK: dict[str, int] = {Channel.GREEN: 0, Channel.YELLOW: 1, Channel.RED: 2}
"""Green < yellow < red (a ``Channel`` is its text, so a stored channel's text looks up too)."""


def lowers(before: str, after: str) -> bool:
    """Whether going from channel ``before`` to ``after`` lowers it; an unknown or empty
    channel (an override recorded before the channel it found was kept) lowers nothing."""
    if before not in CHANNEL_RANK or after not in CHANNEL_RANK:
        return False
    return CHANNEL_RANK[after] < CHANNEL_RANK[before]


class CrossingAction(enum.StrEnum):
    """Everything an officer can do to a crossing; ``services.crossing_lifecycle`` says when."""

    REGISTER = "register"
    DECLARE = "declare"
    READ_MANIFEST = "read_manifest"
    ATTACH_EVIDENCE = "attach_evidence"
    CHECK = "check"
    OVERRIDE = "override"
    DECIDE_OVERRIDE = "decide_override"
    INSPECT = "inspect"
    SEIZE = "seize"
    RELEASE_HOLD = "release_hold"
    CANCEL = "cancel"


class Stage(enum.StrEnum):
    """The sections of the crossing view, in the order a crossing goes through them."""

    ARRIVAL = "arrival"
    EVIDENCE = "evidence"
    DOCUMENTS = "documents"
    INSPECTION = "inspection"
    CUSTODY = "custody"


# One table per enum: a StrEnum member equals its value, so "documents" of
# CrossingStatus and of Stage would collide in a single dict.
_LABELS: dict[type, dict[str, str]] = {
    Direction: {
        Direction.IMPORT: N_("Import"),
        Direction.EXPORT: N_("Export"),
        Direction.TRANSIT: N_("Transit"),
    },
    CrossingStatus: {
        CrossingStatus.ARRIVED: N_("Arrived"),
        CrossingStatus.DOCUMENTS: N_("Documents check"),
        CrossingStatus.INSPECTION: N_("Physical inspection"),
        CrossingStatus.RELEASED: N_("Released"),
        CrossingStatus.HELD: N_("Held"),
        CrossingStatus.CANCELLED: N_("Cancelled"),
    },
    Channel: {
        Channel.GREEN: N_("Green"),
        Channel.YELLOW: N_("Yellow"),
        Channel.RED: N_("Red"),
    },
    CrossingAction: {
        CrossingAction.REGISTER: N_("register the arrival"),
        CrossingAction.DECLARE: N_("record the declaration"),
        CrossingAction.READ_MANIFEST: N_("read the manifest"),
        CrossingAction.ATTACH_EVIDENCE: N_("attach photos and documents"),
        CrossingAction.CHECK: N_("run the checks"),
        CrossingAction.OVERRIDE: N_("override the channel"),
        CrossingAction.DECIDE_OVERRIDE: N_("approve or refuse a lowered channel"),
        CrossingAction.INSPECT: N_("record an inspection"),
        CrossingAction.SEIZE: N_("seize goods"),
        CrossingAction.RELEASE_HOLD: N_("release the hold"),
        CrossingAction.CANCEL: N_("cancel the crossing"),
    },
    Stage: {
        Stage.ARRIVAL: N_("Arrival"),
        Stage.EVIDENCE: N_("Evidence"),
        Stage.DOCUMENTS: N_("Documents and checks"),
        Stage.INSPECTION: N_("Inspection"),
        Stage.CUSTODY: N_("Custody"),
    },
}


def label(value: Direction | CrossingStatus | Channel | CrossingAction | Stage) -> str:
    """The officer-facing name of an enumerated value, in the active language."""
    return _(_LABELS[type(value)][value])


@dataclass(frozen=True)
class ContainerEntry:
    """One container on the truck, with the seals on its doors."""

    container_no: str
    seal_nos: tuple[str, ...] = ()


@dataclass(frozen=True)
class ArrivalForm:
    """What a border guard types when a truck arrives (raw, not yet validated)."""

    direction: Direction
    lane: str
    tractor_plate: str
    arrived_at: datetime
    tractor_country: str = "VN"
    trailer_plate: str = ""
    trailer_country: str = "VN"
    containers: tuple[ContainerEntry, ...] = ()
    driver_name: str = ""
    driver_document_no: str = ""
    driver_nationality: str = "VN"
    carrier_name: str = ""
    note: str = ""


@dataclass(frozen=True)
class VehicleRecall:
    """What the gate remembers of a truck that crossed before."""

    tractor_plate: str
    tractor_country: str
    trailer_plate: str
    trailer_country: str
    driver_name: str
    driver_document_no: str
    driver_nationality: str
    carrier_name: str
    last_direction: Direction
    last_lane: str
    crossings: int
    last_seen: datetime


class QueueSort(enum.StrEnum):
    """Columns the queue can be sorted by."""

    ARRIVED_AT = "arrived_at"
    PLATE = "plate"
    STATUS = "status"
    DIRECTION = "direction"
    LANE = "lane"
    REFERENCE = "reference"


@dataclass(frozen=True)
class QueueFilter:
    """What the queue shows. Dates are local calendar dates of the gate, inclusive."""

    statuses: frozenset[CrossingStatus] = frozenset()
    channels: frozenset[Channel] = frozenset()
    directions: frozenset[Direction] = frozenset()
    date_from: date | None = None
    date_to: date | None = None
    search: str = ""
    sort: QueueSort = QueueSort.ARRIVED_AT
    descending: bool = True


@dataclass(frozen=True)
class QueueRow:
    """One line of the crossing queue."""

    crossing_id: UUID
    reference: str
    arrived_at: datetime
    direction: Direction
    lane: str
    tractor_plate: str
    trailer_plate: str
    containers: tuple[str, ...]
    driver_name: str
    carrier_name: str
    status: CrossingStatus
    channel: Channel | None
    registered_by: str


@dataclass(frozen=True)
class QueuePage:
    """A page of the queue and the counts per status of everything the filter matches."""

    rows: tuple[QueueRow, ...]
    has_more: bool
    status_counts: dict[CrossingStatus, int] = field(default_factory=dict)


@dataclass(frozen=True)
class StageEntry:
    """One thing that happened to a crossing: who did what, and when."""

    stage: Stage
    at: datetime
    officer: str
    what: str


@dataclass(frozen=True)
class CrossingDetail:
    """Everything the crossing view shows."""

    crossing_id: UUID
    reference: str
    gate_name: str
    direction: Direction
    lane: str
    status: CrossingStatus
    channel: Channel | None
    arrived_at: datetime
    tractor_plate: str
    tractor_country: str
    trailer_plate: str
    trailer_country: str
    containers: tuple[ContainerEntry, ...]
    driver_name: str
    driver_document_no: str
    driver_nationality: str
    carrier_name: str
    note: str
    registered_by: str
    workstation_name: str
    entries: tuple[StageEntry, ...]
    version: int = 1
    """Pass it back as ``expected_version``: the action is refused if the crossing changed."""

    def stage_entries(self, stage: Stage) -> tuple[StageEntry, ...]:
        """The entries of one section of the crossing view, oldest first."""
        return tuple(e for e in self.entries if e.stage == stage)
