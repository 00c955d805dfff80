"""The audit chain's hashing: canonical JSON and the link from one event to the next.

Pure and small on purpose: appending (services/audit.py) and verifying build
on exactly these functions, so both compute the same hash.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import UTC, datetime
from decimal import Decimal
from uuid import UUID

GENESIS = "0" * 64
"""The ``prev_hash`` of the first event of a workstation."""


def _render(value: object) -> str:
    if isinstance(value, UUID | Decimal):
        return str(value)
    if isinstance(value, datetime):
        # Stored times come back in UTC: render them so, or the hash would not survive a read.
        return value.astimezone(UTC).isoformat() if value.tzinfo else value.isoformat()
    raise TypeError(f"{type(value).__name__} has no canonical JSON form")


def canonical_json(mapping: Mapping[str, object]) -> str:
    """The one JSON text of ``mapping``: sorted keys, no spaces, UTF-8 characters kept.

    UUIDs, datetimes (as UTC ISO 8601) and Decimals are rendered as strings.

    Raises:
        TypeError: a value of another type JSON cannot hold.
    """
    return json.dumps(
        mapping, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_render
    )


def event_hash(prev_hash: str, fields: Mapping[str, object]) -> str:
    """The hex SHA-256 of ``prev_hash`` followed by the canonical JSON of ``fields``."""
    return hashlib.sha256((prev_hash + canonical_json(fields)).encode("utf-8")).hexdigest()


def event_fields(
    *,
    event_id: UUID,
    workstation_id: UUID,
    seq: int,
    at: datetime,
    officer_id: UUID | None,
    action: str,
    entity: str,
    entity_id: str,
    payload: str,
) -> dict[str, object]:
    """The fields of an audit event that its hash covers (``payload`` as stored JSON text)."""
    return {
        "id": event_id,
        "workstation_id": workstation_id,
        "seq": seq,
        "at": at,
        "officer_id": officer_id,
        "action": action,
        "entity": entity,
        "entity_id": entity_id,
        "payload": payload,
    }
