"""Backup and restore: a gate's whole database in one file, back into an empty database, checked."""

from __future__ import annotations

import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from custody_kit import all_ok, photo, seized, vehicle_handoff
from gate_kit import GateSetup, arrival
from sqlalchemy import Engine, create_engine, inspect, select, text

from borderdesk.domain.evidence import EvidenceKind
from borderdesk.domain.officer import Role
from borderdesk.errors import EnvironmentProblem, UserInputError
from borderdesk.services.audit_verify import verify_chains
from borderdesk.services.backups import backup_database, read_manifest, restore_database
from borderdesk.services.crossings import register_arrival
from borderdesk.services.evidence import attach_evidence
from borderdesk.services.handoffs import accept_handoff
from borderdesk.storage.engine import Database, parse_url
from borderdesk.storage.models import Crossing, EvidenceBlob
from tests.conftest import drop_pg_database, make_pg_database


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


def _url(db: Database) -> str:
    return db.url.render_as_string(hide_password=False)


def test_a_restored_gate_has_the_same_rows_evidence_and_intact_chains(
        busy_gate: GateSetup, empty_url: str, tmp_path: Path) -> None:
    source = _url(busy_gate.db)
    out = tmp_path / "gate.bdbackup"
    manifest = backup_database(busy_gate.db, out)
    assert manifest.tables == _counts(source)
    assert manifest.tables["crossings"] == 4 and manifest.tables["handoffs"] == 1
    assert manifest.evidence_files == 4 and manifest.evidence_bytes > 0
    assert read_manifest(out) == manifest
    report = restore_database(out, empty_url)
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
    backup_database(busy_gate.db, out)
    before = _counts(_url(busy_gate.db))
    with pytest.raises(UserInputError, match=r"is not empty.*Nothing was changed"):
        restore_database(out, _url(busy_gate.db))
    assert _counts(_url(busy_gate.db)) == before


def test_a_cut_short_or_altered_backup_is_refused_before_anything_is_restored(
        busy_gate: GateSetup, empty_url: str, tmp_path: Path) -> None:
    out = tmp_path / "gate.bdbackup"
    manifest = backup_database(busy_gate.db, out)
    whole = out.read_bytes()
    cut = tmp_path / "cut.bdbackup"
    cut.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(UserInputError, match="not a zip file, or it was cut short"):
        restore_database(cut, empty_url)
    # Another dump under the same manifest: what an altered or mixed-up file looks like.
    altered = tmp_path / "altered.bdbackup"
    with zipfile.ZipFile(out) as original, zipfile.ZipFile(altered, "w") as copy:
        copy.writestr("manifest.json", original.read("manifest.json"))
        dump = bytearray(original.read(manifest.dump_name))
        dump[len(dump) // 2] ^= 0xFF
        copy.writestr(manifest.dump_name, bytes(dump))
    with pytest.raises(UserInputError, match="another SHA-256 than its manifest says"):
        restore_database(altered, empty_url)
    not_a_backup = tmp_path / "notes.txt"
    not_a_backup.write_text("ca sáng", encoding="utf-8")
    with pytest.raises(UserInputError, match="not a usable BorderDesk backup"):
        restore_database(not_a_backup, empty_url)
    assert _is_empty(empty_url)


def test_a_backup_of_one_backend_is_not_restored_into_the_other(
        gate: GateSetup, tmp_path: Path) -> None:
    out = tmp_path / "gate.bdbackup"
    backup_database(gate.db, out)
    other = ("postgresql+psycopg://nobody@127.0.0.1:1/none" if gate.db.backend == "sqlite"
             else f"sqlite:///{tmp_path / 'other.sqlite3'}")
    with pytest.raises(UserInputError, match="cannot be restored into"):
        restore_database(out, other)
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
        manifest = backup_database(gate.db, tmp_path / "gate.bdbackup")
        for _ in range(3):
            assert written.acquire(timeout=30)
    finally:
        stop.set()
        thread.join(timeout=60)
    assert not failures and not thread.is_alive()
    with gate.db.session() as session:
        total = len(session.scalars(select(Crossing.id)).all())
    assert 5 <= manifest.tables["crossings"] < total
    report = restore_database(tmp_path / "gate.bdbackup", empty_url)
    assert report.chains.intact
    assert _counts(empty_url) == manifest.tables


def test_without_pg_dump_a_postgresql_backup_names_the_package_to_install(
        busy_gate: GateSetup, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "no-tools"))
    out = tmp_path / "gate.bdbackup"
    if busy_gate.db.backend == "sqlite":
        # The embedded database needs no PostgreSQL tools at all.
        assert backup_database(busy_gate.db, out).tables["crossings"] == 4
        return
    with pytest.raises(EnvironmentProblem, match=r"pg_dump was not found.*postgresql-client"):
        backup_database(busy_gate.db, out)
    assert not out.exists() and list(tmp_path.glob(".borderdesk-backup-*")) == []
