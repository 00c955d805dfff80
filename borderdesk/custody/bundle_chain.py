"""The audit-chain slice a handoff bundle carries, and its verification on the way in.

For every workstation whose events record the handoff, the slice holds its
events from the one before the handoff's first to the handoff's last, each
with ``prev_hash``, ``hash`` and ``signature``. Verifying recomputes every
hash, checks every link and every signature against the workstation keys the
bundle lists; those keys are vouched for by the bundle's signer, whom the
importing database must trust. Pure: no database, no files.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from borderdesk.custody.bundle_signed import check_bundle, signed_handoff
from borderdesk.custody.bundle_zip import refused as _refuse
from borderdesk.custody.chain import GENESIS, canonical_json, event_hash
from borderdesk.custody.signing import is_valid_public_key, verify
from borderdesk.domain.bundle import BundleWorkstation
from borderdesk.i18n import _

HASHED_FIELDS = ("id", "workstation_id", "seq", "at", "officer_id", "action", "entity",
                 "entity_id", "payload")
"""The fields of an event its hash covers (``custody.chain.event_fields``), as JSON values."""
OPTIONAL_HASHED_FIELDS = ("workstation_at",)
"""Hashed only when the event has them (``custody.chain.event_fields``)."""
LINK_FIELDS = ("prev_hash", "hash", "signature")


@dataclass(frozen=True)
class SliceRun:
    """The verified events of one workstation in a slice."""

    workstation: BundleWorkstation
    first_seq: int
    last_seq: int


def signed_bytes(event_hash_hex: str) -> bytes:
    """What a workstation key signs for an event: the ASCII of its hex hash."""
    return event_hash_hex.encode("ascii")


def event_json(fields: Mapping[str, object], prev_hash: str, hash_hex: str,
               signature: str) -> dict[str, object]:
    """One event of a slice as ``bundle.json`` holds it.

    The hashed fields are kept exactly as ``canonical_json`` renders them
    (UUIDs as text, times in UTC), so a reader recomputes the same hash.
    """
    document: dict[str, object] = json.loads(canonical_json(fields))
    return {**document, "prev_hash": prev_hash, "hash": hash_hex, "signature": signature}


def _workstations(manifest: Mapping[str, Any]) -> dict[str, BundleWorkstation]:
    listed = manifest.get("workstations")
    if not isinstance(listed, list):
        raise _refuse(_("bundle.json lists no workstations for its audit-chain slice."))
    result: dict[str, BundleWorkstation] = {}
    for entry in listed:
        try:
            workstation = BundleWorkstation(workstation_id=UUID(str(entry["id"])),
                                            name=str(entry["name"]),
                                            public_key=str(entry["public_key"]))
        except (KeyError, TypeError, ValueError):
            raise _refuse(_("bundle.json lists a workstation wrongly.")) from None
        if not is_valid_public_key(workstation.public_key):
            raise _refuse(_("workstation {name} has no valid public key in bundle.json."),
                          name=workstation.name)
        result[str(workstation.workstation_id)] = workstation
    return result


def _events(manifest: Mapping[str, Any]) -> list[dict[str, Any]]:
    events = manifest.get("chain")
    if not isinstance(events, list) or not events:
        raise _refuse(_("bundle.json holds no audit-chain slice."))
    for event in events:
        if not isinstance(event, dict) or any(name not in event
                                              for name in HASHED_FIELDS + LINK_FIELDS) \
                or not isinstance(event["seq"], int) \
                or not all(isinstance(event[name], str) for name in LINK_FIELDS):
            raise _refuse(_("bundle.json holds a malformed audit-chain event."))
    return events


def _verify_run(workstation: BundleWorkstation, events: Sequence[dict[str, Any]]) -> SliceRun:
    name = workstation.name
    previous: dict[str, Any] | None = None
    for event in events:
        seq = event["seq"]
        if previous is not None and seq != previous["seq"] + 1:
            raise _refuse(_("the audit-chain slice of workstation {name} does not link: "
                            "event {seq} follows event {before}."),
                          name=name, seq=seq, before=previous["seq"])
        if previous is not None and event["prev_hash"] != previous["hash"]:
            raise _refuse(_("the audit-chain slice of workstation {name} does not link at "
                            "event {seq}."), name=name, seq=seq)
        if seq == 1 and event["prev_hash"] != GENESIS:
            raise _refuse(_("event 1 of workstation {name} does not start its chain."),
                          name=name)
        fields = {field: event[field] for field in HASHED_FIELDS}
        fields.update({field: event[field] for field in OPTIONAL_HASHED_FIELDS if field in event})
        if event_hash(event["prev_hash"], fields) != event["hash"]:
            raise _refuse(_("event {seq} of workstation {name} was changed after it was "
                            "recorded."), name=name, seq=seq)
        # The event before the handoff's first only anchors the link; it may predate signing.
        anchor_unsigned = previous is None and not event["signature"] and len(events) > 1
        if not anchor_unsigned and not verify(workstation.public_key,
                                              signed_bytes(event["hash"]), event["signature"]):
            raise _refuse(_("event {seq} of workstation {name} is not signed by that "
                            "workstation's key."), name=name, seq=seq)
        previous = event
    return SliceRun(workstation, events[0]["seq"], events[-1]["seq"])


def verify_slice(manifest: Mapping[str, Any]) -> tuple[SliceRun, ...]:
    """Verify the chain slice of a bundle's ``bundle.json``.

    Returns:
        One run per workstation, by workstation name.

    Raises:
        BundleRefused: a workstation without a key, an event changed, missing
            or out of order, a bad signature, or a slice that does not hold the
            sending of the bundle's handoff, or a bundle that says anything
            about the handoff other than its signed events (``bundle_signed``).
    """
    workstations = _workstations(manifest)
    events = _events(manifest)
    runs: dict[str, list[dict[str, Any]]] = {}
    for event in events:
        key = str(event["workstation_id"])
        if key not in workstations:
            raise _refuse(_("an audit-chain event names a workstation bundle.json does not "
                            "list."))
        runs.setdefault(key, []).append(event)
    verified = [_verify_run(workstations[key], sorted(run, key=lambda e: int(e["seq"])))
                for key, run in runs.items()]
    handoff = manifest.get("handoff")
    if not isinstance(handoff, dict):
        raise _refuse(_("bundle.json holds no handoff."))
    check_bundle(manifest, signed_handoff(events, str(handoff.get("id"))))
    return tuple(sorted(verified, key=lambda run: run.workstation.name))
