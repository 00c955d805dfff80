"""The gate's security state, replayed from the signed chains and compared with its rows.

Who may log in with which role and password, which keys the gate trusts and
which workstations sign its record, at which gate and with which key: all of
it lives in ordinary tables (``officers``, ``trusted_keys``, ``workstations``)
that the database's owner, or whoever holds an SQLite file, can write. Every
change BorderDesk makes to them is also an event in a signed chain. Replaying
those events gives the state the chains vouch for; any row that differs from
it was changed behind BorderDesk's back, and is named.

Pure: the events come in as ``SecurityEvent`` in the order they happened (by
time, then workstation and ``seq``), the rows as plain values.

What the events carry, and what is compared:

* ``officer.created``: username, role, and (since issue 14) the gate's code
  and the SHA-256 of the password hash; ``officer.password_reset``: (since
  issue 14) the new hash's SHA-256; ``officer.enabled`` / ``officer.disabled``.
  An officer row no event created is named; role, gate, username, enabled and
  password are compared when the chain recorded them. Events written before
  a field existed record nothing for it: an old password reset makes the
  password unknown, not wrong.
* ``key.trusted`` (the key and its kind) and ``key.revoked``: a trusted key no
  event trusted, a revocation undone, a revocation no event made, another kind
  (a trusted key's row removed trusts less: not named).
* ``workstation.attached`` / ``workstation.changed`` (name, gate) and
  ``workstation.key_registered`` (its key) in the workstation's own chain, and
  ``workstations.witnessed`` in the chains of the *other* workstations of the
  database: each records the workstations it saw (name, gate, key). The
  latest record of a workstation, whichever chain holds it, is what its row
  must say. A recorded workstation whose row or chain is gone, or whose row
  bears another name or names another gate or key, is named; so is a row no
  event records.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from uuid import UUID

from borderdesk.custody.signing import fingerprint
from borderdesk.domain.custody import StateFinding
from borderdesk.i18n import _

OFFICER_CREATED = "officer.created"
OFFICER_ENABLED = "officer.enabled"
OFFICER_DISABLED = "officer.disabled"
PASSWORD_RESET = "officer.password_reset"
KEY_TRUSTED = "key.trusted"
KEY_REVOKED = "key.revoked"
WORKSTATION_ATTACHED = "workstation.attached"
WORKSTATION_CHANGED = "workstation.changed"
KEY_REGISTERED = "workstation.key_registered"
WITNESSED = "workstations.witnessed"
"""A workstation's record of the other workstations it saw: ``{"workstations": [{"id",
"name", "gate", "public_key"}]}``."""

SECURITY_ACTIONS = frozenset({
    OFFICER_CREATED, OFFICER_ENABLED, OFFICER_DISABLED, PASSWORD_RESET, KEY_TRUSTED,
    KEY_REVOKED, WORKSTATION_ATTACHED, WORKSTATION_CHANGED, KEY_REGISTERED, WITNESSED,
})
"""The actions whose events the replay reads."""


def password_sha256(password_hash: str) -> str:
    """What an event records of a password hash: its SHA-256 (the hash itself stays out of
    the chain, which bundles and backups carry)."""
    return hashlib.sha256(password_hash.encode("utf-8")).hexdigest()


# ---- What comes in


@dataclass(frozen=True)
class SecurityEvent:
    """One event of ``SECURITY_ACTIONS``, as stored (``payload`` is its JSON text)."""

    workstation_id: UUID
    action: str
    entity_id: str
    payload: str


@dataclass(frozen=True)
class OfficerRow:
    """An ``officers`` row, its gate as a code."""

    officer_id: UUID
    username: str
    gate: str
    role: str
    active: bool
    password_hash: str


@dataclass(frozen=True)
class KeyRow:
    """A ``trusted_keys`` row."""

    public_key: str
    kind: str
    revoked: bool


@dataclass(frozen=True)
class WorkstationRow:
    """A ``workstations`` row, its gate as a code; ``has_events``: its chain is not empty."""

    workstation_id: UUID
    name: str
    gate: str
    public_key: str
    has_events: bool


@dataclass(frozen=True)
class SecurityRows:
    """The security tables as they are now."""

    officers: Sequence[OfficerRow] = ()
    keys: Sequence[KeyRow] = ()
    workstations: Sequence[WorkstationRow] = ()


# ---- What the chains record


@dataclass
class RecordedOfficer:
    """An officer as the chains record it; None: not recorded by the events there are."""

    username: str
    role: str | None
    gate: str | None
    active: bool = True
    password_sha256: str | None = None


@dataclass
class RecordedKey:
    """A trusted key as the chains record it."""

    kind: str | None
    revoked: bool = False


@dataclass
class RecordedWorkstation:
    """A workstation as the latest record of it says."""

    name: str
    gate: str | None = None
    public_key: str | None = None


@dataclass
class RecordedState:
    """The security state the signed chains vouch for."""

    officers: dict[UUID, RecordedOfficer] = field(default_factory=dict)
    keys: dict[str, RecordedKey] = field(default_factory=dict)
    workstations: dict[UUID, RecordedWorkstation] = field(default_factory=dict)

    def gate_of(self, workstation_id: UUID) -> str | None:
        """The gate code recorded for a workstation, None when none is."""
        recorded = self.workstations.get(workstation_id)
        return recorded.gate if recorded else None


def _payload(event: SecurityEvent) -> dict[str, object]:
    try:
        data = json.loads(event.payload)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _text(data: Mapping[str, object], key: str) -> str | None:
    value = data.get(key)
    return value if isinstance(value, str) and value else None


def _uuid(text: object) -> UUID | None:
    try:
        return UUID(str(text))
    except ValueError:
        return None


def _officer_event(state: RecordedState, event: SecurityEvent,
                   data: dict[str, object]) -> None:
    officer_id = _uuid(event.entity_id)
    if officer_id is None:
        return
    if event.action == OFFICER_CREATED:
        state.officers[officer_id] = RecordedOfficer(
            username=_text(data, "username") or "", role=_text(data, "role"),
            gate=_text(data, "gate") or state.gate_of(event.workstation_id),
            password_sha256=_text(data, "password_sha256"))
        return
    officer = state.officers.get(officer_id)
    if officer is None:
        return
    if event.action == PASSWORD_RESET:
        # An event from before issue 14 names no hash: the password is unknown from here on.
        officer.password_sha256 = _text(data, "password_sha256")
    else:
        officer.active = event.action == OFFICER_ENABLED


def _key_event(state: RecordedState, event: SecurityEvent, data: dict[str, object]) -> None:
    key = (_text(data, "public_key") or "").lower()
    if not key:
        return
    if event.action == KEY_TRUSTED:
        state.keys[key] = RecordedKey(kind=_text(data, "kind"))
    elif key in state.keys:
        state.keys[key].revoked = True


def _record(state: RecordedState, workstation_id: UUID, data: Mapping[str, object]) -> None:
    """Merge one record of a workstation: what it says replaces what was said before."""
    recorded = state.workstations.setdefault(workstation_id, RecordedWorkstation(name=""))
    recorded.name = _text(data, "name") or recorded.name
    recorded.gate = _text(data, "gate") or recorded.gate
    # A key not registered yet when it was seen says nothing about the key.
    recorded.public_key = _text(data, "public_key") or recorded.public_key


def _workstation_event(state: RecordedState, event: SecurityEvent,
                       data: dict[str, object]) -> None:
    if event.action != WITNESSED:
        _record(state, event.workstation_id, data)
        return
    seen = data.get("workstations")
    for entry in seen if isinstance(seen, list) else ():
        workstation_id = _uuid(entry.get("id")) if isinstance(entry, dict) else None
        if workstation_id is not None and isinstance(entry, dict):
            _record(state, workstation_id, entry)


def replay(events: Iterable[SecurityEvent]) -> RecordedState:
    """The security state the events record, replayed in the order given.

    Events of other actions are ignored; a payload that is not a JSON object
    records nothing (only a chain forged by hand holds one, and the walk names it).
    """
    state = RecordedState()
    for event in events:
        data = _payload(event)
        if event.action.startswith("officer."):
            _officer_event(state, event, data)
        elif event.action.startswith("key."):
            _key_event(state, event, data)
        elif event.action in SECURITY_ACTIONS:
            _workstation_event(state, event, data)
    return state


# ---- Comparing


def _gates(*codes: str | None) -> frozenset[str]:
    return frozenset(code for code in codes if code)


def _officer_findings(recorded: Mapping[UUID, RecordedOfficer],
                      rows: Sequence[OfficerRow]) -> list[StateFinding]:
    found: list[StateFinding] = []
    for row in rows:
        subject = _("officer {username}").format(username=row.username)
        officer = recorded.get(row.officer_id)
        if officer is None:
            found.append(StateFinding(subject, _(
                "no audit event created this account"), _gates(row.gate)))
            continue
        gates = _gates(row.gate, officer.gate)
        if officer.username and officer.username != row.username:
            found.append(StateFinding(subject, _(
                "the audit chain created this account as {recorded}").format(
                recorded=officer.username), gates))
        if officer.role is not None and officer.role != row.role:
            found.append(StateFinding(subject, _(
                "role is {role}, the audit chain records {recorded}").format(
                role=row.role, recorded=officer.role), gates))
        if officer.gate is not None and officer.gate != row.gate:
            found.append(StateFinding(subject, _(
                "belongs to gate {gate}, the audit chain records gate {recorded}").format(
                gate=row.gate, recorded=officer.gate), gates))
        if officer.active != row.active:
            found.append(StateFinding(subject, _(
                "enabled, though the audit chain records it disabled") if row.active else _(
                "disabled, though the audit chain records it enabled"), gates))
        if officer.password_sha256 is not None \
                and officer.password_sha256 != password_sha256(row.password_hash):
            found.append(StateFinding(subject, _("password changed outside BorderDesk"),
                                      gates))
    present = {row.officer_id for row in rows}
    found.extend(
        StateFinding(_("officer {username}").format(username=officer.username), _(
            "the account the audit chain created is gone"), _gates(officer.gate))
        for officer_id, officer in recorded.items() if officer_id not in present)
    return found


def _key_findings(recorded: Mapping[str, RecordedKey],
                  rows: Sequence[KeyRow]) -> list[StateFinding]:
    found: list[StateFinding] = []
    for row in rows:
        subject = _("trusted key {fingerprint}").format(fingerprint=fingerprint(row.public_key))
        key = recorded.get(row.public_key.lower())
        if key is None:
            found.append(StateFinding(subject, _("not trusted by any audit event")))
        elif key.revoked and not row.revoked:
            found.append(StateFinding(subject, _("revocation undone")))
        elif row.revoked and not key.revoked:
            found.append(StateFinding(subject, _("revoked by no audit event")))
        elif key.kind is not None and key.kind != row.kind:
            found.append(StateFinding(subject, _(
                "kind is {kind}, the audit chain records {recorded}").format(
                kind=row.kind, recorded=key.kind)))
    # A trusted key whose row is gone is trusted no more: nothing gained by it, and a
    # headquarters database holds the gates' key events without their trusted_keys.
    return found


def workstation_subject(name: str, workstation_id: UUID) -> str:
    """How a finding names a workstation: its name and id."""
    return _("workstation {name} ({id})").format(name=name or "?", id=workstation_id)


def _short_key(key: str) -> str:
    return fingerprint(key) if key else _("none")


def _workstation_findings(recorded: Mapping[UUID, RecordedWorkstation],
                          rows: Sequence[WorkstationRow]) -> list[StateFinding]:
    found: list[StateFinding] = []
    for row in rows:
        subject = workstation_subject(row.name, row.workstation_id)
        workstation = recorded.get(row.workstation_id)
        if workstation is None:
            found.append(StateFinding(subject, _("no audit event records this workstation"),
                                      _gates(row.gate)))
            continue
        gates = _gates(row.gate, workstation.gate)
        if not row.has_events:
            found.append(StateFinding(subject, _("its chain is missing"), gates))
        if workstation.name and workstation.name != row.name:
            found.append(StateFinding(subject, _(
                "renamed outside BorderDesk: the audit chains record it as {recorded}").format(
                recorded=workstation.name), gates))
        if workstation.gate is not None and workstation.gate != row.gate:
            found.append(StateFinding(subject, _("moved from gate {recorded} to {gate}").format(
                recorded=workstation.gate, gate=row.gate), gates))
        if workstation.public_key is not None and workstation.public_key != row.public_key:
            found.append(StateFinding(subject, _(
                "its key is {key}, the audit chains record {recorded}").format(
                key=_short_key(row.public_key),
                recorded=_short_key(workstation.public_key)), gates))
        elif workstation.public_key is None and row.public_key:
            found.append(StateFinding(subject, _(
                "its key {key} was registered by no audit event").format(
                key=_short_key(row.public_key)), gates))
    present = {row.workstation_id for row in rows}
    found.extend(
        StateFinding(workstation_subject(workstation.name, workstation_id),
                     _("its chain is missing"), _gates(workstation.gate))
        for workstation_id, workstation in recorded.items() if workstation_id not in present)
    return found


def _pin_findings(pins: Mapping[UUID, str], recorded: Mapping[UUID, RecordedWorkstation],
                  rows: Sequence[WorkstationRow]) -> list[StateFinding]:
    by_id = {row.workstation_id: row for row in rows}
    found: list[StateFinding] = []
    for workstation_id, key in pins.items():
        row = by_id.get(workstation_id)
        if row is not None and row.public_key:
            continue  # another key than the pinned one: the walk reports UNTRUSTED_KEY
        if workstation_id in recorded and row is None:
            continue  # named already: its chain is missing
        known = recorded.get(workstation_id)
        name = row.name if row else known.name if known else ""
        found.append(StateFinding(workstation_subject(name, workstation_id), _(
            "this computer pinned its key {key}; the database no longer holds it").format(
            key=_short_key(key)), _gates(row.gate if row else None)))
    return found


def compare(recorded: RecordedState, rows: SecurityRows,
            pins: Mapping[UUID, str] | None = None) -> list[StateFinding]:
    """Every difference between the security rows and what the chains record.

    Args:
        pins: the workstation keys this computer pinned for this database: a
            pinned workstation whose row or key is gone is named too.
    """
    return [
        *_officer_findings(recorded.officers, rows.officers),
        *_key_findings(recorded.keys, rows.keys),
        *_workstation_findings(recorded.workstations, rows.workstations),
        *_pin_findings(pins or {}, recorded.workstations, rows.workstations),
    ]
