"""The signed view of a handoff and the field-by-field comparison, on hand-made events.

The events here are not hashed or signed (``bundle_chain`` checks that before);
they carry only what the view is derived from.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from borderdesk.custody.bundle_signed import (
    UNSIGNED,
    bundle_entries,
    check_bundle,
    signed_handoff,
)
from borderdesk.errors import BundleRefused

HANDOFF = "01936b2e-0000-7000-8000-0000000000b1"
RICE, SEAL = "01936b2e-0000-7000-8000-0000000000c1", "01936b2e-0000-7000-8000-0000000000c2"


def _event(action: str, at: str, payload: dict[str, Any]) -> dict[str, Any]:
    return {"entity": "handoff", "entity_id": HANDOFF, "action": action,
            "at": f"2026-11-20T{at}:00+00:00", "payload": json.dumps(payload)}


def _items(**checks: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"item_id": RICE, "kind": "goods", "description": "Rice", "reference": "L1",
         "quantity": "1200.000", "unit": "BAG", "hs_code": "1006", "seal_no": "", **checks.get(
             "rice", {})},
        {"item_id": SEAL, "kind": "container", "description": "Container", "reference": "C1",
         "quantity": None, "unit": "", "hs_code": "", "seal_no": "A123456",
         **checks.get("seal", {})},
    ]


def _sent() -> dict[str, Any]:
    return _event("handoff.sent", "08:00", {
        "handoff_id": HANDOFF, "from_agency": "customs", "to_agency": "police",
        "crossing_id": None, "note": "Seized rice", "items": _items(),
        "from_officer": "Hải quan 1", "to_officer": "", "crossing": None, "evidence": []})


def _disputed() -> dict[str, Any]:
    return _event("handoff.disputed", "09:00", {
        "state": "disputed", "reason": "Seal broken", "officer": "Công an 1",
        "items": _items(rice={"count_ok": True, "seal_intact": True, "remark": ""},
                        seal={"count_ok": True, "seal_intact": False, "remark": "cut"})})


def _manifest(events: list[dict[str, Any]]) -> dict[str, Any]:
    return json.loads(json.dumps(bundle_entries(signed_handoff(events, HANDOFF))))


def test_a_disputed_handoff_is_derived_from_its_two_events_and_its_bundle_passes() -> None:
    events = [_sent(), _disputed()]
    signed = signed_handoff(events, HANDOFF)
    assert signed.handoff["state"] == "disputed"
    assert [h["officer"] for h in signed.handoff["history"]] == ["Hải quan 1", "Công an 1"]
    assert signed.handoff["history"][1]["item_ids"] == sorted([RICE, SEAL])
    assert signed.items[1]["confirmation"] == {"count_ok": True, "seal_intact": False,
                                               "remark": "cut"}
    assert signed.handoff["reference"] is UNSIGNED
    manifest = _manifest(events)
    # The same quantity written another way is the same quantity.
    manifest["items"][0]["quantity"] = "1200"
    check_bundle(manifest, signed)


def _flip(manifest: dict[str, Any]) -> None:
    manifest["items"][1]["confirmation"]["seal_intact"] = True


def _number_for_bool(manifest: dict[str, Any]) -> None:
    manifest["items"][1]["confirmation"]["count_ok"] = 1


def _unknown_in_item(manifest: dict[str, Any]) -> None:
    manifest["items"][0]["declared_value"] = "9000"


def _extra_item(manifest: dict[str, Any]) -> None:
    manifest["items"].append({**manifest["items"][0], "id": HANDOFF, "description": "Gold"})


def _missing_item(manifest: dict[str, Any]) -> None:
    del manifest["items"][1]


def _crossing(manifest: dict[str, Any]) -> None:
    manifest["crossing"] = {"id": HANDOFF, "reference": "X"}


def _other_time(manifest: dict[str, Any]) -> None:
    manifest["handoff"]["history"][1]["at"] = "2026-11-20T10:00:00+00:00"


def _new_file(manifest: dict[str, Any]) -> None:
    manifest["evidence"].append({"sha256": "ab" * 32})


@pytest.mark.parametrize(("change", "reason"), [
    (_flip, "its item 2 says seal_intact true where the audit chain recorded false."),
    (_number_for_bool, "its item 2 says count_ok 1 where the audit chain recorded true."),
    (_unknown_in_item, "its item 1 carries a field 'declared_value' that its audit chain"),
    (_extra_item, "its item 3 (Gold) is not one the audit chain recorded."),
    (_missing_item, "it lacks item 2 (Container) that the audit chain recorded."),
    (_crossing, "it carries a crossing the audit chain did not record with the handoff."),
    (_other_time, "its state change 2 (disputed) says at 2026-11-20T10:00:00+00:00 where"),
    (_new_file, "its evidence file abababababababab is not one the audit chain recorded."),
])
def test_a_bundle_that_differs_from_the_signed_view_is_refused_naming_the_field(
        change: Callable[[dict[str, Any]], None], reason: str) -> None:
    events = [_sent(), _disputed()]
    manifest = _manifest(events)
    change(manifest)
    with pytest.raises(BundleRefused) as refused:
        check_bundle(manifest, signed_handoff(events, HANDOFF))
    assert reason in str(refused.value)


def test_a_slice_with_two_sendings_or_a_payload_that_is_no_object_is_refused() -> None:
    with pytest.raises(BundleRefused, match="does not hold the sending"):
        signed_handoff([_sent(), _sent()], HANDOFF)
    broken = {**_sent(), "payload": "[1, 2]"}
    with pytest.raises(BundleRefused, match=r"handoff\.sent of handoff .* is malformed"):
        signed_handoff([broken], HANDOFF)
