"""The audit chain's hashing: canonical JSON and the link from one event to the next.

Pure and small on purpose: appending (services/audit.py) and verifying build
on exactly these functions, so both compute the same hash.
"""

from __future__ import annotations

import hashlib
import json
import re
import string
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Protocol
from uuid import UUID

from stdnum.iso7064 import mod_97_10

from borderdesk.domain.custody import ChainHead
from borderdesk.errors import UserInputError
from borderdesk.i18n import _

GENESIS = "0" * 64
"""The ``prev_hash`` of the first event of a workstation."""

CHECKPOINT_WORKSTATION_DIGITS = 8
"""Hex digits of the workstation id a printed checkpoint carries: its last ones (at least; 32
is the whole id). Workstation ids are UUIDv7: their first digits are a time, shared by the
workstations set up in the same hour; the last ones are random."""
CHECKPOINT_HASH_DIGITS = 16
"""Hex digits of the event hash a printed checkpoint carries (at least; 64 is the whole hash)."""


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
    workstation_at: datetime | None = None,
) -> dict[str, object]:
    """The fields of an audit event that its hash covers (``payload`` as stored JSON text).

    ``workstation_at`` (the workstation's clock, kept when ``at`` is the
    server's) is covered only when there is one, so events written before it
    existed keep their hashes.
    """
    clock: dict[str, object] = {} if workstation_at is None else {
        "workstation_at": workstation_at}
    return {
        **clock,
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


class StoredEvent(Protocol):
    """An audit event as read back from the database (a row or the model)."""

    id: UUID
    workstation_id: UUID
    seq: int
    at: datetime
    officer_id: UUID | None
    action: str
    entity: str
    entity_id: str
    payload: str
    workstation_at: datetime | None


def stored_event_fields(event: StoredEvent) -> dict[str, object]:
    """The hashed fields of a stored event: what appending hashed, read back."""
    return event_fields(
        event_id=event.id, workstation_id=event.workstation_id, seq=event.seq, at=event.at,
        officer_id=event.officer_id, action=event.action, entity=event.entity,
        entity_id=event.entity_id, payload=event.payload, workstation_at=event.workstation_at)


# ---- Checkpoints: a chain head written on paper


@dataclass(frozen=True)
class Checkpoint:
    """A printed chain head: this workstation's chain reached ``seq``, and that event's hash.

    Attributes:
        workstation: hex digits of the workstation id, lower case, no dashes:
            its last 8 or more (all 32 for the whole id).
        seq: the event's sequence number.
        hash_prefix: the event hash's first 16 or more hex digits, lower case.
        checked: whether its check digits held when it was read. A checkpoint
            printed before check digits existed has none: a typo in it cannot be
            told from tampering.
    """

    workstation: str
    seq: int
    hash_prefix: str
    checked: bool = True

    def names(self, workstation_id: UUID) -> bool:
        """Whether the checkpoint is one of ``workstation_id``'s chain."""
        return workstation_id.hex.endswith(self.workstation)

    def matches(self, event_hash: str) -> bool:
        """Whether ``event_hash`` is the hash the checkpoint recorded."""
        return event_hash.lower().startswith(self.hash_prefix)

    def text(self) -> str:
        """The checkpoint as ``format_checkpoint`` writes it, check digits and all."""
        body = f"{self.workstation}:{self.seq}:{self.hash_prefix}"
        return f"{body}:{check_digits(body)}"


# Every character a checkpoint's body holds, as two decimal digits (00..15 for the hex
# digits, 36 for the separator). ISO 7064 MOD 97-10 over them: a single changed character
# changes the number by (x - y) * 10^k, a swap of two neighbours by (x - y) * 99 * 10^k;
# neither is a multiple of 97 since |x - y| < 97, so both are always caught.
_CODES = {**{digit: f"{int(digit, 16):02d}" for digit in string.hexdigits.lower()}, ":": "36"}


def check_digits(body: str) -> str:
    """The two check digits of a checkpoint's ``WORKSTATION:SEQUENCE:HASH`` (lower case)."""
    return mod_97_10.calc_check_digits("".join(_CODES[char] for char in body))


def format_checkpoint(head: ChainHead) -> str:
    """The line to print under a report: ``<workstation's last 8 hex>:<seq>:<hash's first 16
    hex>:<two check digits>``, e.g. ``5ee02f6b:1520:9f86d081884c7d65:47``.

    Short enough to copy by hand from paper; ``parse_checkpoint`` reads it back
    and refuses it when a character was mistyped or two neighbours swapped.
    """
    return Checkpoint(head.workstation_id.hex[-CHECKPOINT_WORKSTATION_DIGITS:], head.seq,
                      head.hash[:CHECKPOINT_HASH_DIGITS]).text()


_HEX = frozenset(string.hexdigits)
_GROUPING = re.compile(r"[\s-]")


def _hex_part(text: str) -> str:
    # People copy with spaces or dashes between digit groups, in either case.
    return _GROUPING.sub("", text).lower()


def _invalid(text: str, reason: str) -> UserInputError:
    return UserInputError(
        _("'{text}' is not a valid checkpoint: {reason}").format(text=text.strip(),
                                                                 reason=reason))


def parse_checkpoint(text: str) -> Checkpoint:
    """Read a checkpoint typed from paper.

    Accepts what ``format_checkpoint`` prints, and without its check digits (as
    printed before they existed: ``checked`` is then False); the whole
    workstation id (with dashes or without) and the whole hash are accepted
    too; spaces between digit groups and upper case are fine.

    Raises:
        UserInputError: "not a valid checkpoint": the text is not
            ``WORKSTATION:SEQ:HASH[:CHECK]`` with at least 8 hex digits of the
            workstation, a sequence number from 1, at least 16 hex digits of the
            hash and two check digits, or the check digits do not hold (a
            character mistyped, two swapped).
    """
    parts = text.strip().split(":")
    if len(parts) in (3, 4):
        workstation = _hex_part(parts[0])
        seq = parts[1].strip()
        hash_prefix = _hex_part(parts[2])
        if (CHECKPOINT_WORKSTATION_DIGITS <= len(workstation) <= 32
                and set(workstation) <= _HEX
                and seq.isascii() and seq.isdigit() and int(seq) >= 1
                and CHECKPOINT_HASH_DIGITS <= len(hash_prefix) <= 64
                and set(hash_prefix) <= _HEX):
            checkpoint = Checkpoint(workstation=workstation, seq=int(seq),
                                    hash_prefix=hash_prefix, checked=len(parts) == 4)
            if len(parts) == 3 or _hex_part(parts[3]) == checkpoint.text()[-2:]:
                return checkpoint
            raise _invalid(text, _("its check digits do not match; a character was copied "
                                   "wrong. Compare it with the paper."))
    raise _invalid(text, _("write it as WORKSTATION:SEQUENCE:HASH:CHECK, e.g. {example}")
                   .format(example="1a2b3c4d:1520:9f86d081884c7d65:20"))
