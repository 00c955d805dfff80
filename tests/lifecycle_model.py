"""The lifecycle as the stateful tests expect it: who may do what in which status, and the
model's records of crossings, seizures and handoffs.

Written from the issue's rules, NOT imported from ``services.crossing_lifecycle``:
a test that read the service's own table would agree with any mistake in it.
``lifecycle_machine`` holds the services to this model.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from uuid import UUID

from PIL import Image

from borderdesk.documents.manifest_json import manifest_from_dict
from borderdesk.domain.crossing import Channel, CrossingStatus
from borderdesk.domain.custody import Agency, HandoffItemForm, HandoffState
from borderdesk.domain.officer import Role
from borderdesk.errors import BorderDeskError
from borderdesk.json_input import load_json
from borderdesk.services import checks

DATA = Path(__file__).resolve().parent / "data" / "checks"
REASON_LIMIT = 4000
"""The longest reason the issue allows (``limits.REASON_CHARACTERS``, restated)."""

# ---- The model: who may do what, in which status ----------------------------------------

_R, _S = Role, CrossingStatus
OPEN = frozenset({_S.ARRIVED, _S.DOCUMENTS, _S.INSPECTION, _S.HELD})
CLOSED = frozenset({_S.RELEASED, _S.CANCELLED})
AGENCY_ROLES = frozenset({_R.BORDER_GUARD, _R.CUSTOMS_OFFICER, _R.POLICE_OFFICER,
                          _R.MARKET_CONTROL_OFFICER})

ROLES_MAY: dict[str, frozenset[Role]] = {
    "register": frozenset({_R.BORDER_GUARD}),
    "declare": frozenset({_R.CUSTOMS_OFFICER}),
    "manifest": frozenset({_R.CUSTOMS_OFFICER}),
    "check": frozenset({_R.CUSTOMS_OFFICER}),
    "override": frozenset({_R.CUSTOMS_OFFICER}),
    "decide_override": frozenset({_R.SUPERVISOR}),
    "inspect": frozenset({_R.CUSTOMS_OFFICER}),
    "seize": frozenset({_R.CUSTOMS_OFFICER, _R.POLICE_OFFICER, _R.MARKET_CONTROL_OFFICER}),
    "release_hold": frozenset({_R.SUPERVISOR}),
    "cancel": frozenset({_R.CUSTOMS_OFFICER, _R.SUPERVISOR}),
    "evidence": AGENCY_ROLES,
    "send_handoff": AGENCY_ROLES,
    "settle_handoff": AGENCY_ROLES,
}
STATUSES_ALLOW: dict[str, frozenset[CrossingStatus]] = {
    "declare": OPEN, "manifest": OPEN, "check": OPEN,
    "override": OPEN - {_S.ARRIVED}, "inspect": OPEN - {_S.ARRIVED},
    "decide_override": frozenset({_S.DOCUMENTS, _S.INSPECTION}),
    "seize": OPEN, "release_hold": frozenset({_S.HELD}), "cancel": OPEN - {_S.HELD},
    "evidence": OPEN | CLOSED,
}
KINDS = ("register", "declare", "manifest", "check", "override", "decide_override", "inspect",
         "seize", "release_hold", "cancel", "evidence", "send_handoff", "settle_handoff")
RANK = {Channel.GREEN: 0, Channel.YELLOW: 1, Channel.RED: 2}
"""Green < yellow < red: an override below the channel in force waits for a supervisor."""

ROLE_CHOICES = (_R.CUSTOMS_OFFICER, _R.CUSTOMS_OFFICER, _R.CUSTOMS_OFFICER, _R.SUPERVISOR,
                _R.SUPERVISOR, _R.POLICE_OFFICER, _R.MARKET_CONTROL_OFFICER, _R.BORDER_GUARD,
                _R.ADMINISTRATOR)
"""Every role; customs and supervisors more often, since they may do the most."""
REASONS = ("", "   ", "Hàng giả nhãn hiệu", "seal re-checked: intact", "x" * (REASON_LIMIT + 1),
           "  a reason with blanks around  ", "tip\x00off")
VERSIONS = ("none", "current", "stale")
PLATES = ("74C-123.45", "29H-555.01", "51D-777.88")
FINDING_RULES = ((), ("QUANTITY_MISMATCH",), ("PLATE_MISMATCH", "QUANTITY_MISMATCH"),
                 ("NO_SUCH_RULE",))


def bad_reason(reason: str) -> bool:
    """A reason the services must refuse: blank, too long, or holding a NUL (which no
    backend may store: PostgreSQL cannot, and SQLite must not disagree with it)."""
    text = reason.strip()
    return not text or len(text) > REASON_LIMIT or "\x00" in text


def after_channel(status: CrossingStatus, channel: Channel) -> CrossingStatus:
    """Where a check or an override leaves a crossing: never out of a hold or an inspection."""
    if status in (_S.HELD, _S.INSPECTION):
        return status
    return _S.INSPECTION if channel is Channel.RED else _S.DOCUMENTS


def lowers(channel: Channel, in_force: Channel | None) -> bool:
    """Whether an override to ``channel`` lowers the channel in force."""
    return in_force is not None and RANK[channel] < RANK[in_force]


@dataclass
class CrossingModel:
    """What the model expects of one crossing."""

    crossing_id: UUID
    status: CrossingStatus = _S.ARRIVED
    declared: bool = False
    run_channel: Channel | None = None
    override_channel: Channel | None = None
    """The override in force: the latest raise, or lowering a supervisor approved."""
    last_officer: str = ""

    @property
    def channel(self) -> Channel | None:
        """The channel in force: the override's in force, else the latest run's."""
        return self.override_channel or self.run_channel


@dataclass
class RequestModel:
    """A lowered channel asked for: it waits for a supervisor until decided or moved past."""

    override_id: UUID
    crossing: CrossingModel
    channel: Channel
    live: bool = True
    """Neither decided, nor replaced by a newer override, nor moved past by the crossing."""
    decided_by: str = ""


@dataclass
class SeizureModel:
    """Seized goods, and which agency holds them."""

    seizure_id: UUID
    crossing: CrossingModel
    items: tuple[HandoffItemForm, ...]
    holder: Agency
    handoffs: list[HandoffModel] = field(default_factory=list)

    @property
    def on_the_way(self) -> bool:
        """A handoff of the goods waits for its receiver."""
        return any(h.state is HandoffState.PENDING for h in self.handoffs)


@dataclass
class HandoffModel:
    """A handoff of seized goods."""

    handoff_id: UUID
    seizure: SeizureModel
    from_agency: Agency
    to_agency: Agency
    item_ids: tuple[UUID, ...]
    state: HandoffState = HandoffState.PENDING
    settled_by: str = ""


@dataclass
class Expectation:
    """What the model predicts of one call: the refusals it may meet, and on success the
    audit events and the crossing's new status and channel."""

    refusals: list[type[BorderDeskError]] = field(default_factory=list)
    events: list[str] = field(default_factory=list)

    def refuse(self, error: type[BorderDeskError], when: bool = True) -> None:
        """Expect ``error`` when ``when``."""
        if when:
            self.refusals.append(error)


class InvariantBroken(AssertionError):
    """The services disagreed with the model or broke an invariant."""


def tiny_png(shade: int) -> bytes:
    """An 8x8 PNG; each shade a different SHA-256."""
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (shade, 90, 160)).save(out, format="PNG")
    return out.getvalue()


def declaration_variant(variant: int) -> Any:
    """The test declaration (0), or one with every quantity doubled (1)."""
    base = checks.read_declaration_file(DATA / "declaration.json")
    if variant == 0:
        return base
    lines = tuple(replace(line, quantity=line.quantity * 2) for line in base.lines)
    return replace(base, lines=lines)


def manifest_variant(variant: int) -> Any:
    """The matching manifest (0), one line tripled (1), or an undeclared line added (2)."""
    raw = load_json((DATA / "manifest.json").read_text(encoding="utf-8"))
    if variant == 1:
        raw["lines"][0]["quantity"] = raw["lines"][0]["quantity"] * 3
    elif variant == 2:
        raw["lines"].append({"line_no": 3, "hs_code": "240220", "description": "Cigarettes",
                             "quantity": 50, "unit": "KGM", "gross_weight_kg": 55,
                             "value": 900, "currency": "USD", "origin_country": "TH"})
    return manifest_from_dict(raw, source_name="manifest.json")
