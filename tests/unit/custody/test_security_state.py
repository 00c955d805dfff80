"""The security state replayed from signed events, compared with the rows: every change made
behind BorderDesk's back to officers, trusted keys and workstations is named."""

from __future__ import annotations

import json
from uuid import UUID

import pytest

from borderdesk.custody.security_state import (
    KEY_REGISTERED,
    KEY_REVOKED,
    KEY_TRUSTED,
    OFFICER_CREATED,
    OFFICER_DISABLED,
    OFFICER_ENABLED,
    PASSWORD_RESET,
    WITNESSED,
    WORKSTATION_ATTACHED,
    WORKSTATION_CHANGED,
    KeyRow,
    OfficerRow,
    RecordedState,
    SecurityEvent,
    SecurityRows,
    WorkstationRow,
    compare,
    password_sha256,
    replay,
)
from borderdesk.custody.signing import fingerprint

BOOTH = UUID("01936b2e-0000-7000-8000-00000000b001")
CUSTOMS = UUID("01936b2e-0000-7000-8000-00000000c001")
GUARD = UUID("01936b2e-0000-7000-8000-0000000000a1")
KEY_A, KEY_B = "a" * 64, "b" * 64
HASH = "$argon2id$v=19$m=65536,t=3,p=4$guard1"


def event(action: str, payload: object, *, entity_id: object = GUARD,
          workstation: UUID = BOOTH) -> SecurityEvent:
    text = payload if isinstance(payload, str) else json.dumps(payload)
    return SecurityEvent(workstation, action, str(entity_id), text)


def attached(workstation: UUID, name: str, gate: str = "LAOBAO",
             action: str = WORKSTATION_ATTACHED) -> SecurityEvent:
    return event(action, {"name": name, "gate": gate}, entity_id=workstation,
                 workstation=workstation)


def created(role: str = "border_guard", **extra: object) -> SecurityEvent:
    return event(OFFICER_CREATED, {"username": "guard1", "role": role, **extra})


GATE = [attached(BOOTH, "LB-BOOTH-1"),
        event(KEY_REGISTERED, {"public_key": KEY_A}, entity_id=BOOTH)]


def officer(**changes: object) -> OfficerRow:
    row = {"officer_id": GUARD, "username": "guard1", "gate": "LAOBAO", "role": "border_guard",
           "active": True, "password_hash": HASH, **changes}
    return OfficerRow(**row)  # type: ignore[arg-type]


def booth(**changes: object) -> WorkstationRow:
    row = {"workstation_id": BOOTH, "name": "LB-BOOTH-1", "gate": "LAOBAO",
           "public_key": KEY_A, "has_events": True, **changes}
    return WorkstationRow(**row)  # type: ignore[arg-type]


def differences(events: list[SecurityEvent], rows: SecurityRows,
                pins: dict[UUID, str] | None = None) -> list[str]:
    return [f"{f.subject}: {f.detail}" for f in compare(replay(events), rows, pins)]


# ---- officers


def test_an_account_as_its_events_record_it_differs_in_nothing() -> None:
    events = [*GATE, created(password_sha256=password_sha256(HASH)),
              event(OFFICER_DISABLED, {}), event(OFFICER_ENABLED, {})]
    rows = SecurityRows(officers=[officer()], workstations=[booth()])
    assert differences(events, rows) == []
    assert replay(events).officers[GUARD].gate == "LAOBAO"  # from the recording workstation


def test_a_role_raised_behind_the_back_is_named() -> None:
    rows = SecurityRows(officers=[officer(role="administrator")], workstations=[booth()])
    assert differences([*GATE, created()], rows) == [
        "officer guard1: role is administrator, the audit chain records border_guard"]


def test_a_copied_password_hash_is_named_and_an_old_reset_makes_it_unknown() -> None:
    events = [*GATE, created(password_sha256=password_sha256(HASH))]
    copied = SecurityRows(officers=[officer(password_hash="$argon2id$other")],
                          workstations=[booth()])
    assert differences(events, copied) == [
        "officer guard1: password changed outside BorderDesk"]
    new = password_sha256("$argon2id$other")
    reset = event(PASSWORD_RESET, {"username": "guard1", "password_sha256": new})
    assert differences([*events, reset], copied) == []
    # A reset written before the hash was recorded: nothing to compare with.
    assert differences([*events, event(PASSWORD_RESET, {"username": "guard1"})], copied) == []
    # Neither does an account created before.
    assert differences([*GATE, created()], copied) == []


def test_enabled_gate_and_username_changed_behind_the_back_are_named() -> None:
    events = [*GATE, created(gate="LAOBAO"), event(OFFICER_DISABLED, {})]
    rows = SecurityRows(officers=[officer(active=True, gate="CHALO", username="boss")],
                        workstations=[booth()])
    assert differences(events, rows) == [
        "officer boss: the audit chain created this account as guard1",
        "officer boss: belongs to gate CHALO, the audit chain records gate LAOBAO",
        "officer boss: enabled, though the audit chain records it disabled",
    ]
    enabled = SecurityRows(officers=[officer(active=False)], workstations=[booth()])
    assert differences([*GATE, created()], enabled) == [
        "officer guard1: disabled, though the audit chain records it enabled"]


def test_an_account_no_event_created_and_one_removed_are_named() -> None:
    made_up = SecurityRows(officers=[officer()], workstations=[booth()])
    assert differences(GATE, made_up) == ["officer guard1: no audit event created this account"]
    assert differences([*GATE, created()], SecurityRows(workstations=[booth()])) == [
        "officer guard1: the account the audit chain created is gone"]


def test_events_about_accounts_never_created_or_unreadable_record_nothing() -> None:
    events = [*GATE, event(OFFICER_DISABLED, {}), event(PASSWORD_RESET, {}),
              event(OFFICER_CREATED, {"username": "x"}, entity_id="not an id"),
              event(OFFICER_CREATED, "not json"), event(OFFICER_CREATED, "[1, 2]")]
    state = replay(events)
    assert state.officers[GUARD].role is None  # the unreadable payloads: an empty record
    assert differences(events, SecurityRows(officers=[officer()], workstations=[booth()])) \
        == []


def test_an_account_created_by_an_unknown_workstation_has_no_recorded_gate() -> None:
    state = replay([event(OFFICER_CREATED, {"username": "guard1"}, workstation=CUSTOMS)])
    assert state.officers[GUARD].gate is None and state.gate_of(CUSTOMS) is None


# ---- trusted keys


def test_trusted_keys_as_their_events_record_them_differ_in_nothing() -> None:
    events = [event(KEY_TRUSTED, {"public_key": KEY_A, "kind": "gate"}, entity_id=1),
              event(KEY_TRUSTED, {"public_key": KEY_B.upper(), "kind": "agency"}),
              event(KEY_REVOKED, {"public_key": KEY_B})]
    rows = SecurityRows(keys=[KeyRow(KEY_A, "gate", False), KeyRow(KEY_B, "agency", True)])
    assert differences(events, rows) == []


@pytest.mark.parametrize(("row", "detail"), [
    (KeyRow(KEY_B, "gate", False), "not trusted by any audit event"),
    (KeyRow(KEY_A, "gate", True), "revoked by no audit event"),
    (KeyRow(KEY_A, "workstation", False), "kind is workstation, the audit chain records gate"),
])
def test_a_key_trusted_revoked_or_changed_behind_the_back_is_named(row: KeyRow,
                                                                   detail: str) -> None:
    events = [event(KEY_TRUSTED, {"public_key": KEY_A, "kind": "gate"})]
    found = differences(events, SecurityRows(keys=[row]))
    assert f"trusted key {fingerprint(row.public_key)}: {detail}" in found


def test_a_revocation_undone_is_named_and_a_trusted_row_removed_trusts_less() -> None:
    events = [event(KEY_TRUSTED, {"public_key": KEY_A, "kind": "gate"}),
              event(KEY_REVOKED, {"public_key": KEY_A}),
              event(KEY_TRUSTED, {"public_key": KEY_B}),
              event(KEY_REVOKED, {"public_key": "c" * 64}),  # never trusted: nothing
              event(KEY_TRUSTED, {"kind": "gate"})]           # no key: nothing
    assert differences(events, SecurityRows(keys=[KeyRow(KEY_A, "gate", False)])) == [
        f"trusted key {fingerprint(KEY_A)}: revocation undone"]
    assert differences(events[2:3], SecurityRows(keys=[KeyRow(KEY_B, "any", False)])) == []


# ---- workstations


def witnessed(by: UUID, *seen: dict[str, object]) -> SecurityEvent:
    return event(WITNESSED, {"workstations": list(seen)}, entity_id=by, workstation=by)


BOOTH_SEEN = {"id": str(BOOTH), "name": "LB-BOOTH-1", "gate": "LAOBAO", "public_key": KEY_A}
WITNESSED_GATE = [*GATE, attached(CUSTOMS, "LB-CUSTOMS-1"), witnessed(CUSTOMS, BOOTH_SEEN)]


def customs(**changes: object) -> WorkstationRow:
    row = {"workstation_id": CUSTOMS, "name": "LB-CUSTOMS-1", "gate": "LAOBAO",
           "public_key": "", "has_events": True, **changes}
    return WorkstationRow(**row)  # type: ignore[arg-type]


def test_workstations_as_recorded_differ_in_nothing() -> None:
    rows = SecurityRows(workstations=[booth(), customs()])
    assert differences(WITNESSED_GATE, rows) == []
    moved = [*WITNESSED_GATE, attached(BOOTH, "LB-BOOTH-1", "CHALO", WORKSTATION_CHANGED)]
    assert differences(moved, SecurityRows(workstations=[booth(gate="CHALO"), customs()])) \
        == []


def test_a_vanished_workstation_witnessed_by_another_is_named() -> None:
    assert differences(WITNESSED_GATE, SecurityRows(workstations=[customs()])) == [
        f"workstation LB-BOOTH-1 ({BOOTH}): its chain is missing"]
    assert differences(WITNESSED_GATE, SecurityRows(
        workstations=[booth(has_events=False), customs()])) == [
        f"workstation LB-BOOTH-1 ({BOOTH}): its chain is missing"]


def test_a_workstation_moved_renamed_or_rekeyed_behind_the_back_is_named() -> None:
    rows = SecurityRows(workstations=[booth(gate="CHALO", public_key=KEY_B, name="LB-X"),
                                      customs()])
    assert differences(WITNESSED_GATE, rows) == [
        f"workstation LB-X ({BOOTH}): renamed outside BorderDesk: the audit chains record it "
        "as LB-BOOTH-1",
        f"workstation LB-X ({BOOTH}): moved from gate LAOBAO to CHALO",
        f"workstation LB-X ({BOOTH}): its key is {fingerprint(KEY_B)}, the audit chains "
        f"record {fingerprint(KEY_A)}",
    ]
    rows = SecurityRows(workstations=[booth(gate="CHALO", public_key=KEY_B), customs()])
    assert differences(WITNESSED_GATE, rows) == [
        f"workstation LB-BOOTH-1 ({BOOTH}): moved from gate LAOBAO to CHALO",
        f"workstation LB-BOOTH-1 ({BOOTH}): its key is {fingerprint(KEY_B)}, the audit chains "
        f"record {fingerprint(KEY_A)}",
    ]
    removed = SecurityRows(workstations=[booth(public_key=""), customs()])
    assert differences(WITNESSED_GATE, removed) == [
        f"workstation LB-BOOTH-1 ({BOOTH}): its key is none, the audit chains record "
        f"{fingerprint(KEY_A)}"]


def test_a_key_or_a_workstation_no_event_records_is_named() -> None:
    rows = SecurityRows(workstations=[booth(), customs(public_key=KEY_B)])
    assert differences(GATE, rows) == [
        f"workstation LB-CUSTOMS-1 ({CUSTOMS}): no audit event records this workstation"]
    keyed = [*GATE, attached(CUSTOMS, "LB-CUSTOMS-1")]
    assert differences(keyed, rows) == [
        f"workstation LB-CUSTOMS-1 ({CUSTOMS}): its key {fingerprint(KEY_B)} was registered "
        "by no audit event"]


def test_a_witness_that_saw_no_key_yet_keeps_the_registered_one() -> None:
    late = witnessed(CUSTOMS, {**BOOTH_SEEN, "public_key": ""})
    state = replay([*WITNESSED_GATE, late])
    assert state.workstations[BOOTH].public_key == KEY_A


def test_unreadable_witness_entries_record_nothing() -> None:
    events = [*GATE, event(WITNESSED, {"workstations": "none"}, workstation=CUSTOMS),
              witnessed(CUSTOMS, {"id": "not an id"}), event(WITNESSED, '{"workstations": [1]}',
                                                             workstation=CUSTOMS)]
    assert set(replay(events).workstations) == {BOOTH}


def test_a_workstation_recorded_without_a_name_is_named_by_its_id() -> None:
    events = [witnessed(CUSTOMS, {"id": str(BOOTH)})]
    assert differences(events, SecurityRows()) == [f"workstation ? ({BOOTH}): its chain is missing"]


def test_other_actions_are_ignored() -> None:
    assert replay([event("crossing.registered", {"name": "x"})]) == RecordedState()


# ---- pins


def test_a_pinned_workstation_whose_row_or_key_is_gone_is_named() -> None:
    stranger = UUID(int=7)
    pins = {BOOTH: KEY_A, CUSTOMS: KEY_B, stranger: KEY_B}
    rows = SecurityRows(workstations=[booth(public_key=""), customs()])
    assert differences(WITNESSED_GATE, rows, pins) == [
        f"workstation LB-BOOTH-1 ({BOOTH}): its key is none, the audit chains record "
        f"{fingerprint(KEY_A)}",
        f"workstation LB-BOOTH-1 ({BOOTH}): this computer pinned its key {fingerprint(KEY_A)}; "
        "the database no longer holds it",
        f"workstation LB-CUSTOMS-1 ({CUSTOMS}): this computer pinned its key "
        f"{fingerprint(KEY_B)}; the database no longer holds it",
        f"workstation ? ({stranger}): this computer pinned its key {fingerprint(KEY_B)}; "
        "the database no longer holds it",
    ]


def test_a_pinned_workstation_still_there_or_already_named_is_not_named_again() -> None:
    pins = {BOOTH: KEY_B, CUSTOMS: KEY_A}
    assert differences(WITNESSED_GATE, SecurityRows(workstations=[customs(public_key=KEY_A)]),
                       pins) == [f"workstation LB-CUSTOMS-1 ({CUSTOMS}): its key "
                                 f"{fingerprint(KEY_A)} was registered by no audit event",
                                 f"workstation LB-BOOTH-1 ({BOOTH}): its chain is missing"]


def test_a_recorded_pinned_workstation_without_row_in_an_empty_record_names_its_last_name(
) -> None:
    events = [witnessed(CUSTOMS, BOOTH_SEEN)]
    rows = SecurityRows(workstations=[booth(public_key="")])
    found = compare(replay(events), rows, {BOOTH: KEY_A})
    assert [f.gates for f in found] == [frozenset({"LAOBAO"})] * 2
