"""What ``bundle.json`` says about a handoff, its items, its crossing and its evidence.

Turns the crossing and the evidence facts into JSON (the sending of a
handoff signs them; ``bundle_signed`` turns the signed events into the
handoff's entries) and reads a verified ``bundle.json`` back for an import,
refusing anything malformed with a reason (the signer is trusted, but a
trusted system can still have a bug). Pure: no database, no files.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar
from uuid import UUID

from borderdesk.domain.bundle import BundleContainer, BundleCrossing, BundleEvidence
from borderdesk.domain.custody import (
    Agency,
    HandoffEvent,
    HandoffItemRecord,
    HandoffState,
    ItemConfirmation,
    ItemKind,
)
from borderdesk.errors import BundleRefused
from borderdesk.i18n import _

_E = TypeVar("_E", Agency, HandoffState, ItemKind)


@dataclass(frozen=True)
class BundledHandoff:
    """The handoff of a bundle, as the exporting gate recorded it."""

    handoff_id: UUID
    from_agency: Agency
    to_agency: Agency
    to_officer: str
    note: str
    state: HandoffState
    sent_at: datetime
    sent_by: str
    crossing_id: UUID | None
    history: tuple[HandoffEvent, ...]
    items: tuple[HandoffItemRecord, ...]


@dataclass(frozen=True)
class BundleContent:
    """Everything ``bundle.json`` carries besides the chain slice and the file list."""

    gate_code: str
    gate_name: str
    exported_at: datetime
    exported_by: str
    handoff: BundledHandoff
    crossing: BundleCrossing | None
    evidence: tuple[BundleEvidence, ...]


# ---- Out


def _time(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat() if value is not None else None


def crossing_json(crossing: BundleCrossing) -> dict[str, object]:
    """The ``crossing`` entry of ``bundle.json``."""
    return {
        "id": str(crossing.crossing_id), "reference": crossing.reference,
        "gate_code": crossing.gate_code, "gate_name": crossing.gate_name,
        "direction": crossing.direction, "lane": crossing.lane,
        "arrived_at": _time(crossing.arrived_at), "status": crossing.status,
        "channel": crossing.channel, "tractor_plate": crossing.tractor_plate,
        "tractor_country": crossing.tractor_country, "trailer_plate": crossing.trailer_plate,
        "trailer_country": crossing.trailer_country, "driver_name": crossing.driver_name,
        "driver_document_no": crossing.driver_document_no,
        "driver_nationality": crossing.driver_nationality,
        "carrier_name": crossing.carrier_name, "note": crossing.note,
        "containers": [{"container_no": c.container_no, "seal_nos": list(c.seal_nos)}
                       for c in crossing.containers],
    }


def evidence_json(evidence: Sequence[BundleEvidence]) -> list[dict[str, object]]:
    """The ``evidence`` entry of ``bundle.json``: what is known of each file besides its bytes."""
    return [{"sha256": e.sha256, "media_type": e.media_type, "width": e.width,
             "height": e.height, "kind": e.kind, "captured_at": _time(e.captured_at),
             "source": e.source} for e in evidence]


# ---- In


class _Malformed(Exception):
    pass


def _get(mapping: Mapping[str, Any], key: str, kind: type | tuple[type, ...],
         optional: bool = False) -> Any:
    value = mapping.get(key)
    if value is None and optional:
        return None
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
        raise _Malformed(key)
    return value


def _uuid(mapping: Mapping[str, Any], key: str, optional: bool = False) -> UUID | None:
    text = _get(mapping, key, str, optional)
    if text is None:
        return None
    try:
        return UUID(text)
    except ValueError:
        raise _Malformed(key) from None


def _when(mapping: Mapping[str, Any], key: str, optional: bool = False) -> datetime | None:
    text = _get(mapping, key, str, optional)
    if text is None:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise _Malformed(key) from None
    if value.tzinfo is None:
        raise _Malformed(key)
    return value.astimezone(UTC)


def _enum(kind: type[_E], mapping: Mapping[str, Any], key: str) -> _E:
    try:
        return kind(_get(mapping, key, str))
    except ValueError:
        raise _Malformed(key) from None


def _item(entry: Mapping[str, Any]) -> HandoffItemRecord:
    quantity_text = _get(entry, "quantity", str, optional=True)
    try:
        quantity = Decimal(quantity_text) if quantity_text is not None else None
    except InvalidOperation:
        raise _Malformed("quantity") from None
    if quantity is not None and not quantity.is_finite():
        raise _Malformed("quantity")
    check = _get(entry, "confirmation", dict, optional=True)
    item_id = _uuid(entry, "id")
    assert item_id is not None
    return HandoffItemRecord(
        item_id=item_id, kind=_enum(ItemKind, entry, "kind"),
        description=_get(entry, "description", str), reference=_get(entry, "reference", str),
        quantity=quantity, unit=_get(entry, "unit", str), hs_code=_get(entry, "hs_code", str),
        seal_no=_get(entry, "seal_no", str),
        confirmation=None if check is None else ItemConfirmation(
            item_id, count_ok=_get(check, "count_ok", bool),
            seal_intact=_get(check, "seal_intact", bool), remark=_get(check, "remark", str)))


def _event(entry: Mapping[str, Any]) -> HandoffEvent:
    agency = _get(entry, "agency", str, optional=True)
    at = _when(entry, "at")
    assert at is not None
    try:
        item_ids = tuple(UUID(str(i)) for i in _get(entry, "item_ids", list))
        return HandoffEvent(state=_enum(HandoffState, entry, "state"), at=at,
                            officer=_get(entry, "officer", str),
                            agency=Agency(agency) if agency else None,
                            reason=_get(entry, "reason", str), item_ids=item_ids)
    except ValueError:
        raise _Malformed("history") from None


def _handoff(entry: Mapping[str, Any], items: Sequence[Any]) -> BundledHandoff:
    handoff_id, sent_at = _uuid(entry, "id"), _when(entry, "sent_at")
    assert handoff_id is not None and sent_at is not None
    history = tuple(_event(e) for e in _get(entry, "history", list))
    if not history or not all(isinstance(i, dict) for i in items) or not items:
        raise _Malformed("history")
    return BundledHandoff(
        handoff_id=handoff_id, from_agency=_enum(Agency, entry, "from_agency"),
        to_agency=_enum(Agency, entry, "to_agency"), to_officer=_get(entry, "to_officer", str),
        note=_get(entry, "note", str), state=_enum(HandoffState, entry, "state"),
        sent_at=sent_at, sent_by=_get(entry, "sent_by", str),
        crossing_id=_uuid(entry, "crossing_id", optional=True), history=history,
        items=tuple(_item(i) for i in items))


def _crossing(entry: Mapping[str, Any]) -> BundleCrossing:
    crossing_id, arrived_at = _uuid(entry, "id"), _when(entry, "arrived_at")
    assert crossing_id is not None and arrived_at is not None
    text = {key: _get(entry, key, str) for key in (
        "reference", "gate_code", "gate_name", "direction", "lane", "status", "tractor_plate",
        "tractor_country", "trailer_plate", "trailer_country", "driver_name",
        "driver_document_no", "driver_nationality", "carrier_name", "note")}
    containers = tuple(
        BundleContainer(_get(c, "container_no", str),
                        tuple(str(s) for s in _get(c, "seal_nos", list)))
        for c in _get(entry, "containers", list) if isinstance(c, dict))
    return BundleCrossing(crossing_id=crossing_id, arrived_at=arrived_at,
                          channel=_get(entry, "channel", str, optional=True),
                          containers=containers, **text)


def _evidence(entry: Mapping[str, Any]) -> BundleEvidence:
    return BundleEvidence(
        sha256=_get(entry, "sha256", str), media_type=_get(entry, "media_type", str),
        width=_get(entry, "width", int, optional=True),
        height=_get(entry, "height", int, optional=True), kind=_get(entry, "kind", str),
        captured_at=_when(entry, "captured_at", optional=True),
        source=_get(entry, "source", str))


def read_content(manifest: Mapping[str, Any]) -> BundleContent:
    """The typed content of a verified ``bundle.json``.

    Raises:
        BundleRefused: a field missing or of the wrong type, naming it.
    """
    try:
        crossing = _get(manifest, "crossing", dict, optional=True)
        content = BundleContent(
            gate_code=_get(manifest, "gate_code", str), gate_name=_get(manifest, "gate_name", str),
            exported_at=_when(manifest, "exported_at") or datetime.now(UTC),
            exported_by=_get(manifest, "exported_by", str),
            handoff=_handoff(_get(manifest, "handoff", dict), _get(manifest, "items", list)),
            crossing=_crossing(crossing) if crossing is not None else None,
            evidence=tuple(_evidence(e) for e in _get(manifest, "evidence", list)
                           if isinstance(e, dict)),
        )
    except _Malformed as error:
        raise BundleRefused(_("Bundle refused: bundle.json has a missing or malformed field "
                              "'{field}'.").format(field=error.args[0])) from None
    if content.crossing is not None and content.crossing.crossing_id != content.handoff.crossing_id:
        raise BundleRefused(_("Bundle refused: its crossing is not the handoff's."))
    return content
