"""Test kit: a workstation's chain built in memory, and the ways someone could tamper with it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from uuid import UUID

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from borderdesk.custody.chain import GENESIS, canonical_json, event_fields, event_hash
from borderdesk.custody.signing import new_private_key, public_key_hex, sign
from borderdesk.custody.verify import KEY_REGISTERED, ChainEvent, ChainOutcome, verify_chain

WS = UUID("01936b2e-0000-7000-8000-00000000b001")
KEY = new_private_key()
PUBLIC = public_key_hex(KEY)
T0 = datetime(2026, 11, 25, 1, 0, tzinfo=UTC)


def payload_of(seq: int, registered_at: int | None) -> str:
    if seq == registered_at:
        return canonical_json({"public_key": PUBLIC})
    return canonical_json({"plate": f"74C-{seq:05d}"})


def make_chain(
    n: int,
    *,
    key: Ed25519PrivateKey | None = KEY,
    registered_at: int | None = 1,
    payload: Callable[[int, int | None], str] = payload_of,
) -> list[ChainEvent]:
    """``n`` linked events; the one at ``registered_at`` registers the key, and from it on
    every event is signed with ``key`` (None: nothing signed)."""
    events: list[ChainEvent] = []
    prev = GENESIS
    for seq in range(1, n + 1):
        action = KEY_REGISTERED if seq == registered_at else "crossing.registered"
        fields = event_fields(
            event_id=UUID(int=seq), workstation_id=WS, seq=seq, at=T0 + timedelta(minutes=seq),
            officer_id=None, action=action, entity="crossing", entity_id=str(seq),
            payload=payload(seq, registered_at),
        )
        digest = event_hash(prev, fields)
        signed = key is not None and registered_at is not None and seq >= registered_at
        events.append(ChainEvent(event_id=UUID(int=seq), seq=seq, prev_hash=prev, hash=digest,
                                 signature=sign(key, digest.encode()) if signed else "",
                                 fields=fields))
        prev = digest
    return events


def edited(event: ChainEvent, **fields: object) -> ChainEvent:
    """The event with fields changed behind the application's back (hash left as it was)."""
    return replace(event, fields={**event.fields, **fields})


def renumbered(event: ChainEvent, seq: int) -> ChainEvent:
    """The event moved to another ``seq`` by an UPDATE (the hash covers seq, so it breaks)."""
    return replace(edited(event, seq=seq), seq=seq)


def rehashed(event: ChainEvent, *, prev: str | None = None,
             key: Ed25519PrivateKey | None = None) -> ChainEvent:
    """The event's hash recomputed by someone who can, signed with ``key`` (None: unsigned)."""
    prev_hash = event.prev_hash if prev is None else prev
    digest = event_hash(prev_hash, event.fields)
    return replace(event, prev_hash=prev_hash, hash=digest,
                   signature=sign(key, digest.encode()) if key else "")


def forged(seq: int, prev: str, *, event_id: int = 9999, key: Ed25519PrivateKey | None = None,
           ) -> ChainEvent:
    """A self-consistent event made up by someone who can compute hashes."""
    fields = event_fields(
        event_id=UUID(int=event_id), workstation_id=WS, seq=seq, at=T0, officer_id=None,
        action="crossing.released", entity="crossing", entity_id="forged", payload="{}",
    )
    return rehashed(ChainEvent(UUID(int=event_id), seq, prev, "", "", fields), key=key)


def walk(events: Sequence[ChainEvent], *, public_key: str = PUBLIC, lookup: bool = True,
         **options: object) -> ChainOutcome:
    """Verify ``events`` as the BOOTH-1 chain, with ``find`` over the same events."""
    by_hash = {event.hash: event for event in events}
    if lookup:
        options["find"] = by_hash.get
    return verify_chain(events, workstation_id=WS, workstation_name="BOOTH-1",
                        public_key=public_key, **options)  # type: ignore[arg-type]
