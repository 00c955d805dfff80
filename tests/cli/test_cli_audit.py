"""``borderdesk audit verify`` and ``borderdesk keys`` through the real executable."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from cli_kit import DEMO_PASSWORD, Cli
from sqlalchemy import delete, func, select, update

from borderdesk.custody.chain import format_checkpoint
from borderdesk.custody.signing import new_private_key, public_key_hex
from borderdesk.domain.custody import ChainHead
from borderdesk.storage.engine import Database
from borderdesk.storage.models import AuditEvent, Officer, Workstation
from borderdesk.storage.models.base import new_id

BOOTH = "LB-BOOTH-1"
SUPERVISOR = {"BORDERDESK_USER": "supervisor1", "BORDERDESK_PASSWORD": DEMO_PASSWORD}
"""audit verify's officer, as a scheduled run gives it: no terminal, the password in a variable."""


def _booth_events(db: Database) -> tuple[object, int]:
    with db.session() as session:
        booth = session.scalars(select(Workstation.id).where(Workstation.name == BOOTH)).one()
        last = session.scalar(select(func.max(AuditEvent.seq))
                              .where(AuditEvent.workstation_id == booth))
    assert last is not None
    return booth, last


def _tamper(url: str, statement: object) -> None:
    """Run ``statement`` on the audit table with its append-only trigger out of the way."""
    db = Database(url)
    try:
        with db.engine.begin() as sql:
            if db.backend == "sqlite":
                sql.exec_driver_sql("DROP TRIGGER IF EXISTS audit_events_no_update")
                sql.exec_driver_sql("DROP TRIGGER IF EXISTS audit_events_no_delete")
            else:
                sql.exec_driver_sql(
                    "ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only")
            sql.execute(statement)  # type: ignore[call-overload]
    finally:
        db.dispose()


def test_verify_passes_then_names_the_changed_event_and_the_cut_off_tail(
    cli: Cli, demo_url: str
) -> None:
    intact = cli("audit", "verify", "--db", demo_url, **SUPERVISOR)
    assert intact.code == 0, intact.stderr
    assert BOOTH in intact.stdout and "intact" in intact.stdout
    report = cli("audit", "verify", "--db", demo_url, "--json", **SUPERVISOR).json()
    assert report["intact"] and report["problems"] == []
    head = next(h for h in report["heads"] if h["workstation"] == BOOTH)
    assert head["checkpoint"] in intact.stdout

    db = Database(demo_url)
    try:
        booth, last = _booth_events(db)
    finally:
        db.dispose()
    _tamper(demo_url, delete(AuditEvent).where(AuditEvent.workstation_id == booth,
                                               AuditEvent.seq == last))
    unnoticed = cli("audit", "verify", "--db", demo_url, **SUPERVISOR)
    cut = cli("audit", "verify", "--db", demo_url, "--checkpoint", head["checkpoint"],
              **SUPERVISOR)
    assert unnoticed.code == 0, unnoticed.stderr
    assert cut.code == 1 and cut.error_lines == [
        f"borderdesk: {BOOTH}: event {last}: cut off: the chain ends at event {last - 1}, "
        f"before the checkpoint's event {last}"]

    _tamper(demo_url, update(AuditEvent).where(AuditEvent.workstation_id == booth,
                                               AuditEvent.seq == 7)
            .values(payload='{"plate":"29A-000.01"}'))
    changed = cli("audit", "verify", "--db", demo_url, **SUPERVISOR)
    assert changed.code == 1 and len(changed.error_lines) == 1
    assert re.fullmatch(rf"borderdesk: {BOOTH}: event 7: changed: .+", changed.error_lines[0])
    as_json = cli("audit", "verify", "--db", demo_url, "--json", **SUPERVISOR)
    assert as_json.code == 1
    assert [(p["workstation"], p["seq"], p["kind"]) for p in as_json.json()["problems"]] == \
        [(BOOTH, 7, "changed")]


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_a_command_on_the_gates_data_needs_an_officer_whose_role_may(
    demo_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # In-process: only the refusals are asked here; each command's run for the right officer
    # is a subprocess test of its own (verify above, keys below, check in test_cli_check.py).
    from borderdesk.cli.main import main

    monkeypatch.delenv("BORDERDESK_USER", raising=False)
    monkeypatch.setenv("BORDERDESK_PASSWORD", DEMO_PASSWORD)
    monkeypatch.setenv("BORDERDESK_LANG", "en")
    data = Path(__file__).parents[1] / "data" / "checks"
    files = ("--declaration", str(data / "declaration.json"),
             "--manifest", str(data / "manifest.json"))
    for command, name, who_may_not, refusal in (
        (("audit", "verify"), "audit verify", "guard1", "verify the audit chain"),
        (("keys", "list"), "keys list", "supervisor1", "manage trusted keys"),
        (("check", *files), "check --db", "supervisor1", "run the cross-checks"),
    ):
        capsys.readouterr()
        assert main([*command, "--db", demo_url]) == 2
        assert capsys.readouterr().err.splitlines() == [
            f"borderdesk: {name} needs an officer: add --as USER"]
        assert main([*command, "--db", demo_url, "--as", who_may_not]) == 2
        assert capsys.readouterr().err.splitlines() == [
            f"borderdesk: Your role may not {refusal}."]


def test_a_mistyped_checkpoint_is_bad_input(cli: Cli, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'gate.sqlite3'}"
    result = cli("audit", "verify", "--db", url, "--checkpoint", "5ee02f6b:15")
    assert result.code == 2 and len(result.error_lines) == 1
    assert "WORKSTATION:SEQUENCE:HASH" in result.stderr


def _swap_two(checkpoint: str) -> str:
    """The checkpoint with two neighbouring digits of its hash swapped, as a tired hand does."""
    body = checkpoint.split(":")
    digits = body[2]
    i = next(i for i in range(len(digits) - 1) if digits[i] != digits[i + 1])
    body[2] = digits[:i] + digits[i + 1] + digits[i] + digits[i + 2:]
    return ":".join(body)


def test_a_typo_is_not_tampering_and_sql_behind_the_back_is_named(cli: Cli,
                                                                  demo_url: str) -> None:
    report = cli("audit", "verify", "--db", demo_url, "--json", **SUPERVISOR).json()
    assert report["intact"] and report["findings"] == []  # the demo gate verifies clean
    printed = next(h["checkpoint"] for h in report["heads"] if h["workstation"] == BOOTH)
    typo = cli("audit", "verify", "--db", demo_url, "--checkpoint", _swap_two(printed),
               **SUPERVISOR)
    assert typo.code == 2 and len(typo.error_lines) == 1
    assert "is not a valid checkpoint" in typo.stderr

    db = Database(demo_url)
    try:
        with db.engine.begin() as sql:
            sql.execute(update(Officer).where(Officer.username == "guard1")
                        .values(role="administrator"))
    finally:
        db.dispose()
    gone = format_checkpoint(ChainHead(new_id(), "gone", 40, "ab" * 32))
    found = cli("audit", "verify", "--db", demo_url, "--checkpoint", printed,
                "--checkpoint", gone, **SUPERVISOR)
    assert found.code == 1
    assert found.error_lines == [
        "borderdesk: officer guard1: role is administrator, the audit chain records "
        "border_guard",
        f"borderdesk: checkpoint {gone}: it names a workstation this database no longer has: "
        "its chain is missing"]


# The services' tests cover both backends; here, the command line's side of it.
@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_keys_show_trust_list_and_revoke(cli: Cli, demo_url: str) -> None:
    shown = cli("keys", "show", "--json").json()
    assert len(shown["public_key"]) == 64 and len(shown["fingerprint"]) == 19
    other = public_key_hex(new_private_key())
    admin = {"BORDERDESK_PASSWORD": DEMO_PASSWORD}
    trusted = cli("keys", "trust", "--db", demo_url, "--as", "admin", "--name", "Cửa khẩu Cha Lo",
                  "--kind", "gate", other, **admin)
    assert trusted.code == 0, trusted.stderr
    (listed,) = cli("keys", "list", "--db", demo_url, "--as", "admin", "--json", **admin).json()
    assert (listed["name"], listed["kind"], listed["public_key"]) == \
        ("Cửa khẩu Cha Lo", "gate", other)
    revoked = cli("keys", "revoke", "--db", demo_url, "--as", "admin", listed["key_id"], **admin)
    assert revoked.code == 0, revoked.stderr
    table = cli("keys", "list", "--db", demo_url, "--as", "admin", **admin)
    assert "revoked" in table.stdout
    refused = cli("keys", "trust", "--db", demo_url, "--as", "supervisor1", "--name", "x",
                  "--kind", "agency", other, **admin)
    assert refused.code == 2 and len(refused.error_lines) == 1
    # Logging in registered this workstation's key in the database: the chain verifies signed.
    verified = cli("audit", "verify", "--db", demo_url, **SUPERVISOR)
    assert verified.code == 0, verified.stderr
