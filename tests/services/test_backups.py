"""Backup and restore: a gate's whole database in one file, back into an empty database, checked."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import stat
import subprocess
import threading
import zipfile
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from custody_kit import all_ok, photo, seized, vehicle_handoff
from gate_kit import PASSWORD, GateSetup, arrival
from sqlalchemy import Engine, create_engine, inspect, select, text

from borderdesk.custody.keystore import workstation_key
from borderdesk.custody.signing import public_key_hex, sign
from borderdesk.domain.evidence import EvidenceKind
from borderdesk.domain.officer import Credentials, Role
from borderdesk.errors import (
    CheckFailed,
    EnvironmentProblem,
    LoginRefused,
    PermissionDenied,
    UserInputError,
)
from borderdesk.services.audit_verify import verify_chains
from borderdesk.services.backups import (
    BackupManifest,
    backup_database,
    read_manifest,
    restore_database,
)
from borderdesk.services.crossings import register_arrival
from borderdesk.services.evidence import attach_evidence
from borderdesk.services.handoffs import accept_handoff
from borderdesk.services.keys import pins_path
from borderdesk.storage import backup as mechanics
from borderdesk.storage.engine import Database, parse_url
from borderdesk.storage.models import Crossing, EvidenceBlob
from tests.conftest import drop_pg_database, make_pg_database

RESTORER = Credentials("administrator", PASSWORD)
"""The backed-up gate's administrator: the accounts a restore checks are the backup's."""


@pytest.fixture
def empty_url(db: Database, tmp_path: Path) -> Iterator[str]:
    """A second, empty database of the same backend as ``db``."""
    if db.backend == "sqlite":
        (tmp_path / "restored").mkdir()
        yield f"sqlite:///{tmp_path / 'restored' / 'gate.sqlite3'}"
        return
    url, name = make_pg_database()
    try:
        yield url
    finally:
        drop_pg_database(name)


@pytest.fixture
def busy_gate(gate: GateSetup) -> GateSetup:
    """Arrivals, photos, a seizure and an accepted handoff: a little of everything."""
    guard, customs = gate.actor(Role.BORDER_GUARD), gate.actor(Role.CUSTOMS_OFFICER)
    for number, plate in enumerate(("29A-123.45", "51F-678.90", "74C-12345")):
        crossing = register_arrival(gate.db, guard, arrival(plate))
        attach_evidence(gate.db, guard, crossing.crossing_id, photo((number * 60, 90, 30)),
                        EvidenceKind.PLATE)
    made = seized(gate)
    handoff = vehicle_handoff(gate, made.crossing)
    accept_handoff(gate.db, customs, handoff.summary.handoff_id, all_ok(handoff))
    return gate


def _engine(url: str) -> Engine:
    return create_engine(parse_url(url))


def _counts(url: str) -> dict[str, int]:
    engine = _engine(url)
    try:
        with engine.connect() as connection:
            return {name: connection.execute(text(f'SELECT count(*) FROM "{name}"')).scalar_one()
                    for name in inspect(connection).get_table_names()}
    finally:
        engine.dispose()


def _blobs(url: str) -> dict[str, bytes]:
    engine = _engine(url)
    try:
        with engine.connect() as connection:
            return {sha: bytes(content) for sha, content in connection.execute(
                select(EvidenceBlob.sha256, EvidenceBlob.content))}
    finally:
        engine.dispose()


def _is_empty(url: str) -> bool:
    parsed = parse_url(url)
    if parsed.get_backend_name() == "sqlite":
        return not Path(str(parsed.database)).exists()
    return _counts(url) == {}


def _backup(gate: GateSetup, out: Path) -> BackupManifest:
    """Back the gate up from its workstation, which signs the backup."""
    made = backup_database(gate.db, out, actor=gate.actor(Role.ADMINISTRATOR))
    assert made.manifest.signer is not None, made.unsigned_because
    return made.manifest


def _url(db: Database) -> str:
    return db.url.render_as_string(hide_password=False)


def test_a_restored_gate_has_the_same_rows_evidence_and_intact_chains(
        busy_gate: GateSetup, empty_url: str, tmp_path: Path) -> None:
    source = _url(busy_gate.db)
    out = tmp_path / "gate.bdbackup"
    manifest = _backup(busy_gate, out)
    assert manifest.tables == _counts(source)
    assert manifest.tables["crossings"] == 4 and manifest.tables["handoffs"] == 1
    assert manifest.evidence_files == 4 and manifest.evidence_bytes > 0
    assert read_manifest(out) == manifest
    report = restore_database(out, empty_url, restorer=RESTORER)
    assert report.chains.intact and report.upgraded_to is None
    assert _counts(empty_url) == _counts(source)
    assert _blobs(empty_url) == _blobs(source) and len(_blobs(empty_url)) == 4
    restored = Database(empty_url)
    try:
        again = verify_chains(restored)
    finally:
        restored.dispose()
    assert again.intact and again.heads == manifest.chain_heads
    assert again.events == manifest.tables["audit_events"]


def test_restoring_into_a_database_that_is_not_empty_is_refused_and_changes_nothing(
        busy_gate: GateSetup, tmp_path: Path) -> None:
    out = tmp_path / "gate.bdbackup"
    _backup(busy_gate, out)
    before = _counts(_url(busy_gate.db))
    with pytest.raises(UserInputError, match=r"is not empty.*Nothing was changed"):
        restore_database(out, _url(busy_gate.db), restorer=RESTORER)
    assert _counts(_url(busy_gate.db)) == before


def test_a_cut_short_or_altered_backup_is_refused_before_anything_is_restored(
        busy_gate: GateSetup, empty_url: str, tmp_path: Path) -> None:
    out = tmp_path / "gate.bdbackup"
    manifest = _backup(busy_gate, out)
    whole = out.read_bytes()
    cut = tmp_path / "cut.bdbackup"
    cut.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(UserInputError, match="not a zip file, or it was cut short"):
        restore_database(cut, empty_url, restorer=RESTORER)
    # Another dump under the same manifest: what an altered or mixed-up file looks like.
    altered = tmp_path / "altered.bdbackup"
    with zipfile.ZipFile(out) as original, zipfile.ZipFile(altered, "w") as copy:
        copy.writestr("manifest.json", original.read("manifest.json"))
        copy.writestr("manifest.sig", original.read("manifest.sig"))
        dump = bytearray(original.read(manifest.dump_name))
        dump[len(dump) // 2] ^= 0xFF
        copy.writestr(manifest.dump_name, bytes(dump))
    with pytest.raises(UserInputError, match="another SHA-256 than its manifest says"):
        restore_database(altered, empty_url, restorer=RESTORER)
    not_a_backup = tmp_path / "notes.txt"
    not_a_backup.write_text("ca sáng", encoding="utf-8")
    with pytest.raises(UserInputError, match="not a usable BorderDesk backup"):
        restore_database(not_a_backup, empty_url, restorer=RESTORER)
    assert _is_empty(empty_url)


def test_a_backup_of_one_backend_is_not_restored_into_the_other(
        gate: GateSetup, tmp_path: Path) -> None:
    out = tmp_path / "gate.bdbackup"
    _backup(gate, out)
    other = ("postgresql+psycopg://nobody@127.0.0.1:1/none" if gate.db.backend == "sqlite"
             else f"sqlite:///{tmp_path / 'other.sqlite3'}")
    with pytest.raises(UserInputError, match="cannot be restored into"):
        restore_database(out, other, restorer=RESTORER)
    assert not (tmp_path / "other.sqlite3").exists()


def test_a_backup_taken_while_a_workstation_writes_is_one_consistent_moment(
        gate: GateSetup, empty_url: str, tmp_path: Path) -> None:
    guard = gate.actor(Role.BORDER_GUARD)
    stop, written = threading.Event(), threading.Semaphore(0)
    failures: list[BaseException] = []

    def writer() -> None:
        number = 0
        try:
            while not stop.is_set():
                number += 1
                register_arrival(gate.db, guard, arrival(f"29A-{number:03d}.45"))
                written.release()
        except BaseException as error:  # handed to the test thread, which fails on it
            failures.append(error)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        for _ in range(5):
            assert written.acquire(timeout=30)
        manifest = _backup(gate, tmp_path / "gate.bdbackup")
        for _ in range(3):
            assert written.acquire(timeout=30)
    finally:
        stop.set()
        thread.join(timeout=60)
    assert not failures and not thread.is_alive()
    with gate.db.session() as session:
        total = len(session.scalars(select(Crossing.id)).all())
    assert 5 <= manifest.tables["crossings"] < total
    report = restore_database(tmp_path / "gate.bdbackup", empty_url, restorer=RESTORER)
    assert report.chains.intact
    assert _counts(empty_url) == manifest.tables


def test_without_pg_dump_a_postgresql_backup_names_the_package_to_install(
        busy_gate: GateSetup, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "no-tools"))
    out = tmp_path / "gate.bdbackup"
    if busy_gate.db.backend == "sqlite":
        # The embedded database needs no PostgreSQL tools at all.
        assert _backup(busy_gate, out).tables["crossings"] == 4
        return
    with pytest.raises(EnvironmentProblem, match=r"pg_dump was not found.*postgresql-client"):
        _backup(busy_gate, out)
    assert not out.exists() and list(tmp_path.glob(".borderdesk-backup-*")) == []


# ---- Private files, signatures


def _rewritten(out: Path, target: Path, dump: bytes | None = None,
               signer: Ed25519PrivateKey | None = None, unsigned: bool = False) -> Path:
    """A copy of the backup ``out`` with another dump (its hashes fixed), re-signed by ``signer``.

    What someone who took the backup file can make of it: any dump, a manifest
    that matches it, and a signature with whatever key he has.
    """
    with zipfile.ZipFile(out) as original:
        raw = json.loads(original.read("manifest.json"))
        body = dump if dump is not None else original.read(raw["dump"]["name"])
        signature = original.read("manifest.sig").decode()
    raw["dump"].update(size=len(body), sha256=hashlib.sha256(body).hexdigest())
    if unsigned:
        raw["signer"] = None  # what an older BorderDesk or a computer without a key writes
    if signer is not None:
        raw["signer"]["public_key"] = public_key_hex(signer)
    data = json.dumps(raw, indent=2).encode()
    with zipfile.ZipFile(target, "w") as copy:
        copy.writestr("manifest.json", data)
        if signer is not None:
            copy.writestr("manifest.sig", sign(signer, data))
        elif not unsigned:
            copy.writestr("manifest.sig", signature)
        copy.writestr(raw["dump"]["name"], body)
    return target


def _edited_dump(out: Path, tmp_path: Path, *statements: str) -> bytes:
    """The backup's dump with ``statements`` run in it: SQL on a SQLite copy, or a PostgreSQL
    database restored from the dump, edited and dumped again."""
    manifest = read_manifest(out)
    with zipfile.ZipFile(out) as original:
        body = original.read(manifest.dump_name)
    work = tmp_path
    work.mkdir(parents=True)
    if manifest.backend == "sqlite":
        copy = work / "dump.sqlite3"
        copy.write_bytes(body)
        with closing(sqlite3.connect(copy)) as connection:
            for statement in statements:
                connection.execute(statement)
            connection.commit()
        return copy.read_bytes()
    dump, again = work / "dump.pgdump", work / "again.pgdump"
    dump.write_bytes(body)
    url, name = make_pg_database()
    try:
        mechanics.pg_restore(parse_url(url), dump)
        engine = _engine(url)
        with engine.begin() as connection:
            for statement in statements:
                connection.exec_driver_sql(statement)
        engine.dispose()
        plain = parse_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
        subprocess.run(["pg_dump", "--format=custom", f"--file={again}", f"--dbname={plain}"],
                       check=True, capture_output=True)
    finally:
        drop_pg_database(name)
    return again.read_bytes()


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


ADMIN_GRAB = ("UPDATE officers SET role = 'administrator' WHERE username = 'border_guard'",
              "UPDATE trusted_keys SET revoked_at = NULL")


def test_a_backup_edited_inside_is_refused_however_it_was_rehashed_or_re_signed(
        gate: GateSetup, empty_url: str, tmp_path: Path) -> None:
    out = tmp_path / "gate.bdbackup"
    manifest = _backup(gate, out)
    assert manifest.signer is not None
    name = manifest.signer.workstation_name
    # An officer made administrator, a revoked key trusted again: issue 14's attack.
    edited = _edited_dump(out, tmp_path / "edited", *ADMIN_GRAB)
    # The dump's SHA-256 and size fixed in the manifest; the old signature kept.
    rehashed = _rewritten(out, tmp_path / "rehashed.bdbackup", edited)
    with pytest.raises(UserInputError, match=(
            "is not a usable BorderDesk backup: its signature does not hold: it was changed "
            f"after workstation {name} signed it")):
        restore_database(rehashed, empty_url, restorer=RESTORER)
    # The signature left out: an unsigned backup, refused unless accepted.
    stripped = _rewritten(out, tmp_path / "stripped.bdbackup", edited, unsigned=True)
    with pytest.raises(UserInputError, match="is not signed"):
        restore_database(stripped, empty_url, restorer=RESTORER)
    # Re-signed with a key of the insider's own: this computer pinned the workstation's key.
    insider = Ed25519PrivateKey.generate()
    resigned = _rewritten(out, tmp_path / "resigned.bdbackup", edited, signer=insider)
    with pytest.raises(UserInputError, match=(
            rf"signed with key .* for workstation {name}, but this computer knows that "
            "workstation's key as")):
        restore_database(resigned, empty_url, restorer=RESTORER)
    # On a computer that never saw the gate, the dump itself tells the key apart ...
    pins_path().unlink()
    with pytest.raises(UserInputError, match=(
            f"not with the key the database holds for workstation {name}")):
        restore_database(resigned, empty_url, restorer=RESTORER)
    # ... also when the insider put his key in the workstation's row: the chain registered another.
    also_row = _rewritten(out, tmp_path / "row.bdbackup", _edited_dump(
        out, tmp_path / "row", *ADMIN_GRAB,
        f"UPDATE workstations SET public_key = '{public_key_hex(insider)}'"), signer=insider)
    with pytest.raises(UserInputError, match=(
            f"not with the key the audit chain of workstation {name} registered")):
        restore_database(also_row, empty_url, restorer=RESTORER)
    assert _is_empty(empty_url)
    # An insider at the workstation itself can sign his edit: the chains' replay refuses it.
    own_key = workstation_key(gate.workstation.workstation_id)
    assert own_key is not None
    inside_job = _rewritten(out, tmp_path / "inside.bdbackup", edited, signer=own_key)
    with pytest.raises(CheckFailed, match=(
            "failed its check: officer border_guard is not what the audit chains record")):
        restore_database(inside_job, empty_url, restorer=RESTORER)


def test_an_unsigned_backup_is_restored_only_when_accepted_and_files_stay_private(
        gate: GateSetup, empty_url: str, tmp_path: Path, hermetic_home: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "gate.bdbackup"
    out.write_bytes(b"last week's backup, readable by all")
    out.chmod(0o644)
    before = os.umask(0o022)
    try:
        # Made on another computer (a file server's cron job): no workstation key there.
        monkeypatch.setenv("BORDERDESK_HOME", str(tmp_path / "file-server"))
        made = backup_database(gate.db, out, actor=gate.actor(Role.ADMINISTRATOR))
        monkeypatch.setenv("BORDERDESK_HOME", str(hermetic_home))
        assert _mode(out) == 0o600
        # Unzipped by hand, every member is private too.
        with zipfile.ZipFile(out) as archive:
            assert {info.external_attr >> 16 & 0o777 for info in archive.infolist()} == {0o600}
        assert made.manifest.signer is None
        assert made.unsigned_because == "this computer has no workstation key"
        with pytest.raises(UserInputError, match=r"is not signed .*with --accept-unsigned"):
            restore_database(out, empty_url, restorer=RESTORER)
        assert _is_empty(empty_url)
        report = restore_database(out, empty_url, restorer=RESTORER,
                                  accept_unsigned=True)
    finally:
        os.umask(before)
    assert report.manifest.signer is None and report.chains.intact
    restored = mechanics.sqlite_file(parse_url(empty_url))
    if restored is not None:
        assert _mode(restored) == 0o600


def test_only_an_administrator_of_the_backed_up_gate_restores_it_and_nothing_is_written_first(
        gate: GateSetup, empty_url: str, tmp_path: Path) -> None:
    out = tmp_path / "gate.bdbackup"
    _backup(gate, out)
    with pytest.raises(PermissionDenied, match="Your role may not back up"):
        backup_database(gate.db, tmp_path / "by-guard.bdbackup",
                        actor=gate.actor(Role.BORDER_GUARD))
    refusals = []
    for restorer in (Credentials("administrator", "wrong"), Credentials("nobody", PASSWORD)):
        with pytest.raises(LoginRefused) as refused:
            restore_database(out, empty_url, restorer=restorer)
        refusals.append(str(refused.value))
    assert refusals[0] == refusals[1]  # an unknown name reads as a wrong password
    with pytest.raises(PermissionDenied, match="Your role may not restore a backup"):
        restore_database(out, empty_url, restorer=Credentials("supervisor", PASSWORD))
    assert _is_empty(empty_url)
    assert restore_database(out, empty_url, restorer=RESTORER).chains.intact
