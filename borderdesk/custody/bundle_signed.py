"""What a handoff's audit chain signed, in the words of ``bundle.json``, and the comparison.

A bundle's ``handoff``, ``items``, ``crossing`` and ``evidence`` entries are
derived from the signed events of its chain slice: the ``handoff.sent`` event
(the handoff, its items, the officers' names, the crossing as it stood and
the facts of every evidence file) and the ``handoff.accepted``,
``handoff.disputed`` and ``handoff.returned`` events (who settled it, when,
why, and the receiver's check of each item). The export writes exactly this
view; the import compares the bundle with it field by field and refuses the
first difference, naming it. A field the chain did not sign (an event written
before BorderDesk signed it) is ``UNSIGNED``: the export leaves it empty and
the import refuses a bundle that fills it. Pure: no database, no files.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Final

from borderdesk.custody.bundle_zip import refused as _refuse
from borderdesk.i18n import _
from borderdesk.json_input import load_json

SENT = "handoff.sent"
SETTLING = ("handoff.accepted", "handoff.disputed", "handoff.returned")


class _Unsigned:
    """The value of a field the audit chain did not sign."""

    def __repr__(self) -> str:
        return "UNSIGNED"


UNSIGNED: Final = _Unsigned()

MANIFEST_KEYS = frozenset({
    "format", "version", "files", "workstations", "chain", "handoff", "items", "crossing",
    "evidence",
    # The export's own facts: vouched for by the bundle's signature alone and written
    # nowhere by an import (the crossing's note names the gate from the signed crossing).
    "gate_code", "gate_name", "exported_at", "exported_by",
})
"""Everything ``bundle.json`` may hold; anything else is refused, never silently dropped."""

_NONE_WHEN_EMPTY = frozenset({"quantity", "width", "height", "captured_at", "crossing_id",
                              "confirmation", "agency"})
"""Fields whose empty value is null; every other unsigned field is written as ``""``."""
_TIMES = frozenset({"at", "sent_at", "arrived_at", "captured_at"})


@dataclass(frozen=True)
class SignedHandoff:
    """A handoff as its chain slice signed it, in ``bundle.json``'s shape.

    Attributes:
        handoff: the ``handoff`` entry, with its ``history``.
        items: the ``items`` entries, in the order the sending recorded them.
        crossing: the ``crossing`` entry, None for a handoff without one, or
            ``UNSIGNED`` when the sending did not record the crossing.
        evidence: the ``evidence`` entries, one per file the bundle carries.
    """

    handoff: dict[str, Any]
    items: list[dict[str, Any]]
    crossing: dict[str, Any] | _Unsigned | None
    evidence: list[dict[str, Any]]


# ---- Deriving the signed view from the slice


def _payload(event: Mapping[str, Any], handoff_id: str) -> dict[str, Any]:
    try:
        # Signed, yet written by another system: parsed within the same bounds as any file.
        payload = load_json(event["payload"], exact=False)
    except (TypeError, ValueError):  # JsonRefused is a ValueError
        payload = None
    if not isinstance(payload, dict):
        raise _refuse(_("the audit event {action} of handoff {handoff} is malformed."),
                      action=event["action"], handoff=handoff_id)
    return payload


def _when(event: Mapping[str, Any]) -> object:
    # The workstation's clock is what the rows hold; the server's is beside it on PostgreSQL.
    return event.get("workstation_at") or event["at"]


def _signed(payload: Mapping[str, Any], key: str) -> object:
    return payload.get(key, UNSIGNED)


def _item(entry: Mapping[str, Any], checks: Mapping[str, dict[str, Any]]) -> dict[str, Any]:
    item_id = str(entry.get("item_id"))
    return {"id": item_id, **{key: _signed(entry, key) for key in (
        "kind", "description", "reference", "quantity", "unit", "hs_code", "seal_no")},
        "confirmation": checks.get(item_id)}


def _checks(payload: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """The receiver's check of each item an accept, dispute or return recorded."""
    items = payload.get("items")
    return {str(entry.get("item_id")): {key: _signed(entry, key)
                                        for key in ("count_ok", "seal_intact", "remark")}
            for entry in items if isinstance(entry, dict) and "count_ok" in entry} \
        if isinstance(items, list) else {}


def _settled(event: Mapping[str, Any], payload: Mapping[str, Any], to_agency: object
             ) -> dict[str, Any]:
    state = event["action"].removeprefix("handoff.")
    checked = _checks(payload)
    # As the handoff's record shows a change: a dispute names its items, others the faulty ones.
    named = sorted(item_id for item_id, check in checked.items()
                   if state == "disputed" or check["count_ok"] is False
                   or check["seal_intact"] is False)
    return {"state": state, "at": _when(event), "officer": _signed(payload, "officer"),
            "agency": to_agency, "reason": _signed(payload, "reason"), "item_ids": named}


def signed_handoff(events: Sequence[Mapping[str, Any]], handoff_id: str) -> SignedHandoff:
    """The handoff ``handoff_id`` as the verified events of a chain slice signed it.

    Raises:
        BundleRefused: the slice does not hold the handoff's sending exactly
            once, or a payload is not a JSON object.
    """
    mine = [e for e in events if e["entity"] == "handoff" and e["entity_id"] == handoff_id]
    sent = [e for e in mine if e["action"] == SENT]
    if len(sent) != 1:
        raise _refuse(_("its audit-chain slice does not hold the sending of handoff "
                        "{handoff}."), handoff=handoff_id)
    payload = _payload(sent[0], handoff_id)
    settles = sorted((e for e in mine if e["action"] in SETTLING), key=lambda e: str(_when(e)))
    settled_payloads = [_payload(e, handoff_id) for e in settles]
    checks: dict[str, dict[str, Any]] = {}
    for later in settled_payloads:
        checks.update(_checks(later))
    listed = payload.get("items")
    if not isinstance(listed, list) or not all(isinstance(i, dict) for i in listed):
        raise _refuse(_("the audit event {action} of handoff {handoff} is malformed."),
                      action=SENT, handoff=handoff_id)
    items = [_item(entry, checks) for entry in listed]
    crossing = _signed(payload, "crossing")
    from_agency, to_agency = _signed(payload, "from_agency"), _signed(payload, "to_agency")
    history = [{"state": "pending", "at": _when(sent[0]),
                "officer": _signed(payload, "from_officer"), "agency": from_agency,
                "reason": _signed(payload, "note"), "item_ids": []}]
    history += [_settled(e, p, to_agency) for e, p in zip(settles, settled_payloads, strict=True)]
    handoff = {
        "id": handoff_id, "from_agency": from_agency, "to_agency": to_agency,
        "to_officer": _signed(payload, "to_officer"), "note": _signed(payload, "note"),
        "state": history[-1]["state"], "sent_at": _when(sent[0]),
        "sent_by": _signed(payload, "from_officer"),
        "reference": crossing.get("reference", UNSIGNED) if isinstance(crossing, dict)
        else UNSIGNED,
        "crossing_id": _signed(payload, "crossing_id"), "history": history,
    }
    evidence = payload.get("evidence")
    if not isinstance(evidence, list):
        # Sent before the files' facts were signed: only their SHA-256, through the items.
        evidence = [{"sha256": item["reference"], "media_type": UNSIGNED, "width": UNSIGNED,
                     "height": UNSIGNED, "kind": UNSIGNED, "captured_at": UNSIGNED,
                     "source": UNSIGNED} for item in items if item["kind"] == "evidence"]
    return SignedHandoff(handoff=handoff, items=items,
                         crossing=crossing if crossing is None or isinstance(crossing, dict)
                         else UNSIGNED, evidence=[e for e in evidence if isinstance(e, dict)])


# ---- The export writes the view


def _written(value: object, key: str) -> object:
    if value is UNSIGNED:
        return None if key in _NONE_WHEN_EMPTY else ""
    if isinstance(value, dict):
        return {k: _written(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_written(v, key) for v in value]
    return value


def bundle_entries(signed: SignedHandoff) -> dict[str, object]:
    """``bundle.json``'s handoff, items, crossing and evidence: the view, unsigned fields empty."""
    return {"handoff": _written(signed.handoff, "handoff"),
            "items": _written(signed.items, "items"),
            "crossing": None if signed.crossing is UNSIGNED
            else _written(signed.crossing, "crossing"),
            "evidence": _written(signed.evidence, "evidence")}


# ---- The import compares the bundle with the view


def _empty(value: object) -> bool:
    return value is None or value in ("", [], {})


def _as_time(value: object) -> object:
    try:
        return datetime.fromisoformat(value) if isinstance(value, str) else value
    except ValueError:
        return value


def _as_quantity(value: object) -> object:
    try:
        return Decimal(value) if isinstance(value, str) else value
    except InvalidOperation:
        return value


def _same(key: str, carried: object, signed: object) -> bool:
    if key in _TIMES:
        carried, signed = _as_time(carried), _as_time(signed)
    elif key == "quantity":
        carried, signed = _as_quantity(carried), _as_quantity(signed)
    elif key == "item_ids" and isinstance(carried, list) and isinstance(signed, list):
        carried, signed = sorted(map(str, carried)), sorted(map(str, signed))
    # True == 1 in Python, not in a record.
    return type(carried) is type(signed) and carried == signed


def _shown(value: object) -> str:
    if value is None:
        return _("nothing")
    return (value if isinstance(value, str) else json.dumps(value, ensure_ascii=False))[:80]


def _compare(where: str, carried: Mapping[str, Any], signed: Mapping[str, Any]) -> None:
    """Refuse the first field of ``carried`` that is not what ``signed`` holds."""
    unknown = sorted(set(carried) - set(signed))
    if unknown:
        raise _refuse(_("{where} carries a field '{field}' that its audit chain does not "
                        "record."), where=where, field=unknown[0])
    for key, value in signed.items():
        held = carried.get(key)
        if value is UNSIGNED:
            if not _empty(held):
                raise _refuse(_("{where} says {field} {value}, which its audit chain did not "
                                "sign."), where=where, field=key, value=_shown(held))
        elif isinstance(value, dict) and isinstance(held, dict):
            _compare(where, held, value)
        elif not _same(key, held, value):
            raise _refuse(_("{where} says {field} {value} where the audit chain recorded "
                            "{signed}."), where=where, field=key, value=_shown(held),
                          signed=_shown(value))


def _amount(entry: Mapping[str, Any]) -> str:
    quantity = _as_quantity(entry.get("quantity"))
    text = f"{quantity.normalize():f}" if isinstance(quantity, Decimal) else _shown(quantity)
    return f"{text} {entry.get('unit') or ''}".strip()


def _compare_items(carried: Sequence[Any], signed: Sequence[dict[str, Any]]) -> None:
    by_id = {str(entry.get("id")): entry for entry in carried if isinstance(entry, dict)}
    if len(by_id) != len(carried):
        raise _refuse(_("it lists an item twice or an item that is not an object."))
    known = {entry["id"] for entry in signed}
    for number, entry in enumerate(carried, start=1):
        if str(entry.get("id")) not in known:
            raise _refuse(_("its item {n} ({description}) is not one the audit chain "
                            "recorded."), n=number, description=_shown(entry.get("description")))
    for number, expected in enumerate(signed, start=1):
        where = _("its item {n}").format(n=number)
        held = by_id.get(expected["id"])
        if held is None:
            raise _refuse(_("it lacks item {n} ({description}) that the audit chain "
                            "recorded."), n=number, description=_shown(expected["description"]))
        # Quantity and unit read together, as an officer counts: "1 KGM", not "1".
        if expected["quantity"] is not UNSIGNED and expected["unit"] is not UNSIGNED \
                and not (_same("quantity", held.get("quantity"), expected["quantity"])
                         and _same("unit", held.get("unit"), expected["unit"])):
            raise _refuse(_("{where} says quantity {value} where the audit chain recorded "
                            "{signed}."), where=where, value=_amount(held),
                          signed=_amount(expected))
        _compare(where, held, expected)


def _compare_history(carried: Sequence[Any], signed: Sequence[dict[str, Any]]) -> None:
    if len(carried) != len(signed):
        raise _refuse(_("its handoff's history holds {count} state changes where the audit "
                        "chain recorded {signed}."), count=len(carried), signed=len(signed))
    for number, (held, expected) in enumerate(zip(carried, signed, strict=True), start=1):
        where = _("its state change {n} ({state})").format(n=number, state=expected["state"])
        if not isinstance(held, dict):
            raise _refuse(_("{where} is not an object."), where=where)
        _compare(where, held, expected)


def _compare_evidence(carried: Sequence[Any], signed: Sequence[dict[str, Any]]) -> None:
    by_sha = {str(entry.get("sha256")): entry for entry in carried if isinstance(entry, dict)}
    if len(by_sha) != len(carried):
        raise _refuse(_("it lists an evidence file twice or one that is not an object."))
    expected = {str(entry.get("sha256")): entry for entry in signed}
    unknown = sorted(set(by_sha) - set(expected))
    if unknown:
        raise _refuse(_("its evidence file {sha256} is not one the audit chain recorded."),
                      sha256=unknown[0][:16])
    for sha256, entry in expected.items():
        if sha256 not in by_sha:
            raise _refuse(_("it lacks the evidence file {sha256} that the audit chain "
                            "recorded."), sha256=sha256[:16])
        _compare(_("its evidence file {sha256}").format(sha256=sha256[:16]),
                 by_sha[sha256], entry)


def check_bundle(manifest: Mapping[str, Any], signed: SignedHandoff) -> None:
    """Refuse a ``bundle.json`` that says anything its chain did not sign.

    Raises:
        BundleRefused: naming the first field that differs, and where.
    """
    unknown = sorted(set(manifest) - MANIFEST_KEYS)
    if unknown:
        raise _refuse(_("bundle.json carries '{field}', which BorderDesk does not import."),
                      field=unknown[0])
    handoff, items = manifest.get("handoff"), manifest.get("items")
    evidence = manifest.get("evidence", [])
    if not isinstance(handoff, dict) or not isinstance(items, list) \
            or not isinstance(evidence, list):
        raise _refuse(_("bundle.json holds no handoff."))
    history = handoff.get("history")
    _compare(_("its handoff"), {k: v for k, v in handoff.items() if k != "history"},
             {k: v for k, v in signed.handoff.items() if k != "history"})
    _compare_history(history if isinstance(history, list) else [], signed.handoff["history"])
    _compare_items(items, signed.items)
    crossing = manifest.get("crossing")
    if isinstance(signed.crossing, dict) and isinstance(crossing, dict):
        _compare(_("its crossing"), crossing, signed.crossing)
    elif crossing is not None:
        raise _refuse(_("it carries a crossing the audit chain did not record with the "
                        "handoff."))
    elif signed.crossing is not None and signed.crossing is not UNSIGNED:
        raise _refuse(_("it lacks the crossing the audit chain recorded with the handoff."))
    _compare_evidence(evidence, signed.evidence)
