"""Workstation keys and the keys a gate trusts: registered once, trusted and revoked by
administrators, every change in the audit chain."""

from __future__ import annotations

import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from gate_kit import GateSetup, attach
from sqlalchemy import select, update

from borderdesk.custody.keystore import key_path
from borderdesk.custody.signing import fingerprint, public_key_hex
from borderdesk.domain.keys import KeyKind
from borderdesk.domain.officer import Role
from borderdesk.errors import EnvironmentProblem, PermissionDenied, UserInputError
from borderdesk.services.keys import (
    database_id,
    is_trusted,
    own_public_key,
    pin_keys,
    pinned_keys,
    pins_path,
    register_workstation_key,
    revoke_key,
    trust_key,
    trusted_keys,
)
from borderdesk.storage.models import AuditEvent, Workstation
from borderdesk.storage.models.base import new_id

# A fixed key: test ids are built from it, and parallel workers must collect the same tests.
OTHER_GATE = public_key_hex(Ed25519PrivateKey.from_private_bytes(bytes(range(32))))


def actions(gate: GateSetup) -> list[str]:
    with gate.db.session() as session:
        return list(session.scalars(select(AuditEvent.action).order_by(AuditEvent.at,
                                                                       AuditEvent.seq)))


def test_attaching_a_workstation_registers_its_key_once(gate: GateSetup) -> None:
    booth = gate.workstation.workstation_id
    assert key_path(booth).exists()
    with gate.db.session() as session:
        public = session.get(Workstation, booth).public_key  # type: ignore[union-attr]
        assert register_workstation_key(session, booth) == public
        registered = session.scalars(select(AuditEvent.payload).where(
            AuditEvent.action == "workstation.key_registered")).all()
        this_database = database_id(session)
    assert [json.loads(p)["public_key"] for p in registered] == [public]
    assert pinned_keys(this_database) == {booth: public}  # pinned for this database only
    assert pinned_keys(new_id()) == {}
    assert own_public_key(gate.db, gate.actor(Role.BORDER_GUARD)) == public


def test_a_database_holding_another_key_for_this_workstation_is_refused(
    gate: GateSetup,
) -> None:
    booth = gate.workstation.workstation_id
    with gate.db.session() as session:
        session.execute(update(Workstation).where(Workstation.id == booth)
                        .values(public_key=OTHER_GATE))
    with pytest.raises(EnvironmentProblem, match="another signing key"), \
            gate.db.session() as session:
        register_workstation_key(session, booth)


@pytest.mark.parametrize("content", [
    "[not what BorderDesk writes", "[1, 2]", '{"databases": []}', '{"databases": {"x": 1}}',
    '{"not an id": "key"}', '{"databases": {"x": {"not an id": "key"}}}',
])
def test_a_broken_pins_file_is_an_environment_problem(gate: GateSetup, content: str) -> None:
    pins_path().write_text(content, encoding="utf-8")
    with pytest.raises(EnvironmentProblem, match="known workstation keys"):
        pinned_keys(new_id() if "x" not in content else None)


def test_a_workstation_known_to_two_databases_is_pinned_in_each(gate: GateSetup) -> None:
    booth = gate.workstation.workstation_id
    with gate.db.session() as session:
        first = database_id(session)
    pin_keys(new_id(), {booth: OTHER_GATE})  # the same id in another database, another key
    assert first is not None and pinned_keys(first)[booth] != OTHER_GATE
    pin_keys(None, {booth: OTHER_GATE})  # a database without an id: nothing is pinned
    assert len(json.loads(pins_path().read_text(encoding="utf-8"))["databases"]) == 2


def test_an_administrator_trusts_and_revokes_another_gates_key(gate: GateSetup) -> None:
    admin = gate.actor(Role.ADMINISTRATOR)
    added = trust_key(gate.db, admin, "  Cửa khẩu  Cha Lo ", "gate", OTHER_GATE.upper())
    assert (added.name, added.kind, added.public_key) == ("Cửa khẩu Cha Lo", KeyKind.GATE,
                                                          OTHER_GATE)
    assert added.fingerprint == fingerprint(OTHER_GATE) and not added.revoked
    assert [k.added_by for k in trusted_keys(gate.db, admin)] == [admin.full_name]
    with gate.db.session() as session:
        assert is_trusted(session, OTHER_GATE)
    revoke_key(gate.db, admin, added.key_id)
    (listed,) = trusted_keys(gate.db, admin)
    assert listed.revoked
    with gate.db.session() as session:
        assert not is_trusted(session, OTHER_GATE)
    assert actions(gate)[-2:] == ["key.trusted", "key.revoked"]


def test_keys_of_this_databases_workstations_are_trusted(gate: GateSetup) -> None:
    second = attach(gate.db, "BOOTH-2")
    with gate.db.session() as session:
        key = session.get(Workstation, second.workstation_id).public_key  # type: ignore[union-attr]
        assert is_trusted(session, key)
        assert not is_trusted(session, "")
        assert not is_trusted(session, OTHER_GATE)


@pytest.mark.parametrize(("name", "kind", "key", "message"), [
    ("", "gate", OTHER_GATE, "needs a name"),
    ("Cha Lo", "ministry", OTHER_GATE, "not a kind of key"),
    ("Cha Lo", "gate", "abc123", "not a public key"),
    ("Cha Lo", "gate", "zz" * 32, "not a public key"),
])
def test_bad_trust_requests_are_refused(gate: GateSetup, name: str, kind: str, key: str,
                                        message: str) -> None:
    with pytest.raises(UserInputError, match=message):
        trust_key(gate.db, gate.actor(Role.ADMINISTRATOR), name, kind, key)


def test_a_key_is_trusted_once_and_a_revoked_key_never_again(gate: GateSetup) -> None:
    admin = gate.actor(Role.ADMINISTRATOR)
    added = trust_key(gate.db, admin, "Công an tỉnh", KeyKind.AGENCY, OTHER_GATE)
    with pytest.raises(UserInputError, match="trusted already"):
        trust_key(gate.db, admin, "again", KeyKind.AGENCY, OTHER_GATE)
    revoke_key(gate.db, admin, added.key_id)
    with pytest.raises(UserInputError, match="revoked already"):
        revoke_key(gate.db, admin, added.key_id)
    with pytest.raises(UserInputError, match="never trusted again"):
        trust_key(gate.db, admin, "again", KeyKind.AGENCY, OTHER_GATE)
    with pytest.raises(UserInputError, match="no such trusted key"):
        revoke_key(gate.db, admin, new_id())


def test_only_administrators_manage_keys(gate: GateSetup) -> None:
    supervisor = gate.actor(Role.SUPERVISOR)
    with pytest.raises(PermissionDenied):
        trust_key(gate.db, supervisor, "Cha Lo", "gate", OTHER_GATE)
    with pytest.raises(PermissionDenied):
        trusted_keys(gate.db, supervisor)
    with pytest.raises(PermissionDenied):
        revoke_key(gate.db, supervisor, new_id())
