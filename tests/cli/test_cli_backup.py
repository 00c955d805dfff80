"""``borderdesk backup`` and ``borderdesk restore`` end to end: exit codes 0, 1 and 2."""

from __future__ import annotations

import json
import stat
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_kit import DEMO_PASSWORD, Cli, run_cli

from tests.conftest import PG_SKIP_REASON, PG_URL, drop_pg_database, make_pg_database


@pytest.fixture
def empty_url(db_url: str, tmp_path: Path) -> Iterator[str]:
    """An empty database of the demo's backend."""
    if db_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    url, name = make_pg_database()
    try:
        yield url
    finally:
        drop_pg_database(name)


@pytest.mark.slow
def test_a_backup_restores_into_an_empty_database_that_verifies(
        cli: Cli, demo_url: str, empty_url: str, tmp_path: Path) -> None:
    supervisor = {"BORDERDESK_PASSWORD": DEMO_PASSWORD}
    # A supervisor's first command attaches this workstation to the gate: its key signs backups.
    source = cli("audit", "verify", "--db", demo_url, "--json", "--as", "supervisor1",
                 **supervisor).json()
    out = tmp_path / "laobao.bdbackup"
    nobody = cli("backup", "--out", str(out), "--db", demo_url)
    assert nobody.error_lines == ["borderdesk: backup needs an officer: add --as USER"]
    made = cli("backup", "--out", str(out), "--db", demo_url, "--as", "supervisor1", **supervisor)
    assert made.code == 0, made.stderr
    assert made.stdout.startswith("Backed up ") and "8 evidence files" in made.stdout
    assert "Signed by workstation " in made.stdout
    # The database the CLI created and the backup: this user's only.
    database = Path(demo_url.removeprefix("sqlite:///"))
    assert {stat.S_IMODE(path.stat().st_mode) for path in (database, out)} == {0o600}
    cut = tmp_path / "cut.bdbackup"
    cut.write_bytes(out.read_bytes()[:4096])
    admin = ("--as", "admin")
    refused = cli("restore", str(cut), "--db", empty_url, *admin, **supervisor)
    assert refused.code == 2 and len(refused.error_lines) == 1
    assert "is not a usable BorderDesk backup: it is not a zip file, or it was cut short" in (
        refused.stderr)

    # The backup's own accounts say who may restore it: its administrator, not a supervisor.
    not_admin = cli("restore", str(out), "--db", empty_url, "--as", "supervisor1", **supervisor)
    assert not_admin.error_lines == ["borderdesk: Your role may not restore a backup."]
    restored = cli("restore", str(out), "--db", empty_url, *admin, **supervisor)
    assert restored.code == 0, restored.stderr
    assert "The backup's signature holds: made by workstation " in restored.stdout
    assert "The audit chain is intact" in restored.stdout
    verified = cli("audit", "verify", "--db", empty_url, "--json", "--as", "supervisor1",
                   **supervisor)
    assert verified.code == 0 and verified.json()["intact"]

    def booths(report: dict[str, list[dict[str, str]]]) -> list[dict[str, str]]:
        # The verifying computer's own chain grows by the supervisor's login at each.
        return [head for head in report["heads"] if head["workstation"].startswith("LB-")]

    assert booths(verified.json()) == booths(source) != []

    again = cli("restore", str(out), "--db", empty_url, *admin, **supervisor)
    assert again.code == 2
    assert again.error_lines == [f"borderdesk: The database {empty_url} is not empty: a backup is "
                                 "restored only into an empty database. Nothing was changed."]


def test_a_restore_that_does_not_match_its_manifest_exits_1_and_restores_nothing(
        cli: Cli, tmp_path: Path) -> None:
    source, target = tmp_path / "gate.sqlite3", tmp_path / "restored.sqlite3"
    made = cli("init", "--db", f"sqlite:///{source}", "--gate", "LAOBAO", "--gate-name", "Lao Bảo")
    assert made.code == 0, made.stderr
    admin = {"BORDERDESK_USER": "admin", "BORDERDESK_PASSWORD": DEMO_PASSWORD}
    first = cli("officer", "add", "--db", f"sqlite:///{source}", "--username", "admin",
                "--full-name", "Quản trị", "--role", "administrator",
                BORDERDESK_PASSWORD=DEMO_PASSWORD)
    assert first.code == 0, first.stderr
    # A scheduled backup, as the gate's administrator (BORDERDESK_USER / BORDERDESK_PASSWORD).
    out = tmp_path / "gate.bdbackup"
    signed = run_cli(tmp_path / "cron-home", "backup", "--out", str(out),
                     "--db", f"sqlite:///{source}", **admin)
    assert signed.code == 0, signed.stderr
    # Without its signature it is an unsigned backup.
    unsigned, lying = tmp_path / "unsigned.bdbackup", tmp_path / "lying.bdbackup"
    with zipfile.ZipFile(out) as original, zipfile.ZipFile(unsigned, "w") as copy, \
            zipfile.ZipFile(lying, "w") as edited:
        manifest = json.loads(original.read("manifest.json"))
        dump = original.read(manifest["dump"]["name"])
        manifest["signer"] = None
        copy.writestr("manifest.json", json.dumps(manifest))
        copy.writestr(manifest["dump"]["name"], dump)
        # The dump is whole, but the manifest counts one workstation more than it holds.
        manifest["tables"]["workstations"] += 1
        edited.writestr("manifest.json", json.dumps(manifest))
        edited.writestr(manifest["dump"]["name"], dump)
    refused = cli("restore", str(lying), "--db", f"sqlite:///{target}", **admin)
    assert refused.code == 2 and len(refused.error_lines) == 1
    assert "lying.bdbackup is not signed" in refused.stderr
    failed = cli("restore", str(lying), "--db", f"sqlite:///{target}", "--accept-unsigned",
                 **admin)
    assert failed.code == 1
    assert failed.error_lines == ["borderdesk: The restore failed its check: table workstations "
                                  "has 2 rows, the backup 3. Nothing was restored."]
    assert not target.exists()
    accepted = cli("restore", str(unsigned), "--db", f"sqlite:///{target}", "--accept-unsigned",
                   **admin)
    assert accepted.code == 0, accepted.stderr
    assert accepted.stdout.startswith("This backup was NOT signed: nothing shows who made it")


@pytest.mark.pg
def test_without_pg_dump_the_backup_exits_2_naming_the_package(cli: Cli, tmp_path: Path) -> None:
    if not PG_URL:
        pytest.skip(PG_SKIP_REASON)
    url, name = make_pg_database()
    try:
        assert cli("init", "--db", url, "--gate", "LAOBAO", "--gate-name", "Lao Bảo").code == 0
        admin = {"BORDERDESK_USER": "admin", "BORDERDESK_PASSWORD": DEMO_PASSWORD}
        assert cli("officer", "add", "--db", url, "--username", "admin", "--full-name", "Quản trị",
                   "--role", "administrator", BORDERDESK_PASSWORD=DEMO_PASSWORD).code == 0
        result = cli("backup", "--out", str(tmp_path / "x.bdbackup"), "--db", url,
                     PATH=str(tmp_path / "no-tools"), **admin)
    finally:
        drop_pg_database(name)
    assert result.code == 2
    assert result.error_lines == ["borderdesk: pg_dump was not found: install PostgreSQL's client "
                                  "tools (the package postgresql-client) and try again."]
