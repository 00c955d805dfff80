"""The audit chain's hashing is canonical: same content, same hash, whatever the order."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from types import SimpleNamespace
from uuid import UUID

import pytest

from borderdesk.custody.chain import (
    GENESIS,
    canonical_json,
    event_fields,
    event_hash,
    stored_event_fields,
)

ID = UUID("01936b2e-0000-7000-8000-000000000001")


def test_canonical_json_sorts_keys_without_spaces_and_keeps_vietnamese() -> None:
    text = canonical_json({"b": 1, "a": {"y": [1, 2], "x": "Lao Bảo"}})
    assert text == '{"a":{"x":"Lao Bảo","y":[1,2]},"b":1}'


def test_uuid_decimal_and_datetime_become_strings_in_utc() -> None:
    hanoi = timezone(timedelta(hours=7))
    text = canonical_json({
        "id": ID, "value": Decimal("24000.50"),
        "at": datetime(2026, 11, 25, 8, 30, tzinfo=hanoi),
    })
    assert text == (
        '{"at":"2026-11-25T01:30:00+00:00","id":"01936b2e-0000-7000-8000-000000000001",'
        '"value":"24000.50"}'
    )


def test_same_instant_in_another_zone_hashes_the_same() -> None:
    utc = datetime(2026, 11, 25, 1, 30, tzinfo=UTC)
    local = utc.astimezone(timezone(timedelta(hours=7)))
    assert event_hash(GENESIS, {"at": utc}) == event_hash(GENESIS, {"at": local})


def test_unknown_types_are_refused() -> None:
    with pytest.raises(TypeError):
        canonical_json({"x": object()})


def test_event_hash_is_sha256_of_prev_hash_and_canonical_json() -> None:
    fields = {"seq": 1, "action": "crossing.registered"}
    expected = hashlib.sha256(
        (GENESIS + '{"action":"crossing.registered","seq":1}').encode()
    ).hexdigest()
    assert GENESIS == "0" * 64
    assert event_hash(GENESIS, fields) == expected


def test_any_change_breaks_the_link() -> None:
    fields = event_fields(
        event_id=ID, workstation_id=ID, seq=1, at=datetime(2026, 11, 25, tzinfo=UTC),
        officer_id=None, action="login.login", entity="officer", entity_id="guard1",
        payload='{"username":"guard1"}',
    )
    first = event_hash(GENESIS, fields)
    assert event_hash(GENESIS, {**fields, "seq": 2}) != first
    assert event_hash(GENESIS, {**fields, "payload": '{"username":"guard2"}'}) != first
    assert event_hash(first, fields) != first
    assert len(first) == 64


def test_a_stored_event_reads_back_the_fields_its_hash_covered() -> None:
    fields = {"event_id": UUID(int=1), "workstation_id": UUID(int=2), "seq": 3,
              "at": datetime(2026, 12, 7, 1, 0, tzinfo=UTC), "officer_id": None,
              "action": "crossing.registered", "entity": "crossing", "entity_id": "x",
              "payload": "{}", "workstation_at": None}
    stored = SimpleNamespace(**{("id" if k == "event_id" else k): v for k, v in fields.items()})
    assert stored_event_fields(stored) == event_fields(**fields)  # type: ignore[arg-type]
