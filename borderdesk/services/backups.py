"""Backing up a gate's database into one file, and restoring it into an empty database.

A backup is a zip file holding the database dump (an online SQLite copy, or a
pg_dump in custom format) and ``manifest.json``: the format, the backend, the
schema revision, the rows of every table, the evidence files and their bytes,
every workstation's chain head and the dump's SHA-256. Everything in the
manifest is read from the same moment as the dump, so a restore can be
checked against it: the same rows, the same chain heads, an intact chain.

The manifest is signed with the key of the workstation that made the backup
(``manifest.sig``, ``services.backup_signing``), and a restore checks that
signature, and that the signer is a workstation of the backed-up database
with the key its chain registered, before it writes anything. The file is
mode 0600 from its first byte, like every database BorderDesk creates.

Evidence (photos, scans, PDFs) lives in the database (``evidence_blobs``), so
it is in the dump. No officer logs in for a backup or a restore: like
``borderdesk init`` they work on the database as a whole, and whoever holds
the database URL (or the file) can read all of it anyway. Nothing is written
to the database being backed up.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any
from uuid import UUID

from sqlalchemy import Connection, create_engine, inspect, text
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session

from borderdesk import __version__
from borderdesk.access.passwords import password_matches
from borderdesk.access.permissions import Action, require
from borderdesk.custody.chain import Checkpoint
from borderdesk.custody.verify import KEY_REGISTERED
from borderdesk.domain.custody import ChainHead, ChainReport
from borderdesk.domain.officer import Actor, Credentials, Role
from borderdesk.errors import CheckFailed, LoginRefused, UserInputError, excerpt
from borderdesk.i18n import _
from borderdesk.intake import check_handed_file
from borderdesk.json_input import JsonRefused, load_json
from borderdesk.limits import STRUCTURED_FILE_BYTES
from borderdesk.private_files import open_private
from borderdesk.reasons import reason_for
from borderdesk.services import auth
from borderdesk.services.audit import chain_heads
from borderdesk.services.audit_verify import verify_chains
from borderdesk.services.backup_signing import (
    SIGNATURE,
    BackupSigner,
    SigningKey,
    registration_problem,
    signature_problem,
    signing_key,
)
from borderdesk.services.workstations import gate_of
from borderdesk.storage import backup as mechanics
from borderdesk.storage.engine import Database, parse_url, redact
from borderdesk.storage.migrate import head_revision, upgrade

log = logging.getLogger("borderdesk.services")
FORMAT = "borderdesk-backup"
FORMAT_VERSION = 2
"""2: the manifest names its signer and is signed (``manifest.sig``); 1 was never signed."""
MANIFEST = "manifest.json"
DUMPS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
_CHUNK = 1 << 20
_SIGNATURE_BYTES = 4096
"""A signature file holds a key id and a signature in hex: a few hundred bytes."""


@dataclass(frozen=True)
class BackupManifest:
    """What a backup holds, read from the same moment as its dump."""

    backend: str
    schema_revision: str
    created_at: datetime
    tables: dict[str, int]
    chain_heads: tuple[ChainHead, ...]
    evidence_files: int
    evidence_bytes: int
    dump_name: str
    dump_size: int
    dump_sha256: str
    signer: BackupSigner | None = None
    """The workstation whose key signed the backup; None for an unsigned one."""
    database_id: UUID | None = None
    """The backed-up database's own id (``database_identity``), when it has one."""
    borderdesk_version: str = __version__
    format_version: int = FORMAT_VERSION

    @property
    def rows(self) -> int:
        """Rows in every table together."""
        return sum(self.tables.values())

    def to_json(self) -> str:
        """The manifest as the backup file stores it."""
        return json.dumps({
            "format": FORMAT, "format_version": self.format_version,
            "borderdesk_version": self.borderdesk_version, "backend": self.backend,
            "schema_revision": self.schema_revision, "created_at": self.created_at.isoformat(),
            "tables": self.tables,
            "evidence": {"files": self.evidence_files, "bytes": self.evidence_bytes},
            "chain_heads": [{"workstation_id": str(h.workstation_id),
                             "workstation": h.workstation_name, "seq": h.seq, "hash": h.hash}
                            for h in self.chain_heads],
            "dump": {"name": self.dump_name, "size": self.dump_size, "sha256": self.dump_sha256},
            "database_id": str(self.database_id) if self.database_id else None,
            "signer": self.signer.to_json() if self.signer else None,
        }, ensure_ascii=False, indent=2)


@dataclass(frozen=True)
class RestoreReport:
    """A restore that was checked: the manifest it matched and the verified chains."""

    manifest: BackupManifest
    chains: ChainReport
    upgraded_to: str | None


def _damaged(path: Path, reason: str) -> UserInputError:
    return UserInputError(_("{path} is not a usable BorderDesk backup: {reason}. Nothing was "
                            "restored.").format(path=path, reason=reason))


def _parse_manifest(path: Path, data: bytes) -> BackupManifest:
    try:
        raw: Any = load_json(data.decode("utf-8"), exact=False)
        if raw.get("format") != FORMAT:
            raise _damaged(path, _("its manifest is not a BorderDesk manifest"))
        if int(raw["format_version"]) > FORMAT_VERSION:
            raise _damaged(path, _("it was written by a newer BorderDesk (format {version})")
                           .format(version=raw["format_version"]))
        return BackupManifest(
            backend=str(raw["backend"]), schema_revision=str(raw["schema_revision"]),
            created_at=datetime.fromisoformat(raw["created_at"]),
            tables={str(k): int(v) for k, v in raw["tables"].items()},
            chain_heads=tuple(ChainHead(UUID(h["workstation_id"]), str(h["workstation"]),
                                        int(h["seq"]), str(h["hash"]))
                              for h in raw["chain_heads"]),
            evidence_files=int(raw["evidence"]["files"]),
            evidence_bytes=int(raw["evidence"]["bytes"]),
            dump_name=str(raw["dump"]["name"]), dump_size=int(raw["dump"]["size"]),
            dump_sha256=str(raw["dump"]["sha256"]),
            signer=BackupSigner.from_json(raw.get("signer")),
            database_id=UUID(raw["database_id"]) if raw.get("database_id") else None,
            borderdesk_version=str(raw.get("borderdesk_version", "")),
            format_version=int(raw["format_version"]),
        )
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise _damaged(path, _("its manifest cannot be read ({reason})").format(
            reason=_manifest_problem(error))) from None


def _manifest_problem(error: Exception) -> str:
    """Why a manifest does not parse, in our words; Python's text ("'NoneType' object ...")
    goes to the log."""
    if isinstance(error, JsonRefused):
        return f"{error.where()}: {error.problem}" if error.line is not None else error.problem
    if isinstance(error, UnicodeError):
        return reason_for(error)
    if isinstance(error, KeyError):
        return _("the field {name} is missing").format(name=excerpt(error.args[0]))
    log.info("backup manifest: %s: %s", type(error).__name__, error)
    return _("a field holds a value of the wrong kind")


@dataclass(frozen=True)
class _Opened:
    """A backup file opened: its manifest (parsed and as signed), its signature, its zip file."""

    manifest: BackupManifest
    manifest_bytes: bytes
    signature: str
    archive: zipfile.ZipFile


@contextmanager
def _opened(path: Path) -> Iterator[_Opened]:
    """The backup's manifest and its zip file, or a clear refusal."""
    # Missing, a folder, a FIFO, a device: refused on one line before the zip is opened.
    check_handed_file(path, sys.maxsize)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, EOFError):
        raise _damaged(path, _("it is not a zip file, or it was cut short")) from None
    with archive:
        names = set(archive.namelist())
        if MANIFEST not in names:
            raise _damaged(path, _("it has no {name}").format(name=MANIFEST))
        # A zip entry says how big it unpacks to: a manifest or a signature of gigabytes is a
        # bomb, refused before a byte of it is inflated.
        signature_size = archive.getinfo(SIGNATURE).file_size if SIGNATURE in names else 0
        if (archive.getinfo(MANIFEST).file_size > STRUCTURED_FILE_BYTES
                or signature_size > _SIGNATURE_BYTES):
            raise _damaged(path, _("its manifest or signature is too large"))
        try:
            data = archive.read(MANIFEST)
            manifest = _parse_manifest(path, data)
            signature = (archive.read(SIGNATURE).decode("ascii", "replace").strip()
                         if SIGNATURE in names else "")
        except (zipfile.BadZipFile, zlib.error, EOFError):
            raise _damaged(path, _("its manifest is damaged")) from None
        if manifest.dump_name != DUMPS.get(manifest.backend) or manifest.dump_name not in names:
            raise _damaged(path, _("its database dump is missing"))
        yield _Opened(manifest, data, signature, archive)


def read_manifest(path: Path) -> BackupManifest:
    """The manifest of a backup file, without checking the dump.

    Raises:
        UserInputError: the file is missing, not a BorderDesk backup, or damaged.
    """
    with _opened(path) as opened:
        return opened.manifest


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _copy_hashing(source: IO[bytes], target: Path) -> str:
    digest = hashlib.sha256()
    # The dump becomes the restored database itself (SQLite): private from its first byte.
    with open_private(target) as out:
        while chunk := source.read(_CHUNK):
            digest.update(chunk)
            out.write(chunk)
    return digest.hexdigest()


# ---- Backing up


def _database_id(connection: Connection) -> UUID | None:
    if "database_identity" not in inspect(connection).get_table_names():
        return None  # a database of a BorderDesk before migration 0005
    found = connection.execute(text("SELECT id FROM database_identity")).scalar()
    return None if found is None else found if isinstance(found, UUID) else UUID(str(found))


def _describe(connection: Connection, backend: str,
              workstation_id: UUID | None) -> dict[str, Any]:
    """The manifest's fields that come from the database, read through ``connection``.

    ``signing`` is the key that signs the backup, or why it is not signed:
    this computer's workstation signs a backup of a database that registered its key.
    """
    revision = None
    if "alembic_version" in inspect(connection).get_table_names():
        revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    if revision is None:
        raise UserInputError(_("The database holds no BorderDesk schema: nothing to back up."))
    files, size = mechanics.evidence_totals(connection)
    with closing(Session(bind=connection)) as session:
        heads = chain_heads(session)
        signing = signing_key(session, workstation_id)
    return {"backend": backend, "schema_revision": str(revision),
            "tables": mechanics.count_rows(connection), "chain_heads": heads,
            "evidence_files": files, "evidence_bytes": size,
            "database_id": _database_id(connection), "signing": signing}


def _dump_sqlite(db: Database, dump: Path, workstation_id: UUID | None) -> dict[str, Any]:
    source = mechanics.sqlite_file(db.url)
    if source is None:
        raise UserInputError(_("An in-memory database cannot be backed up."))
    mechanics.copy_sqlite(source, dump)
    engine = create_engine(f"sqlite:///{dump}")
    try:
        with engine.connect() as connection:
            return _describe(connection, "sqlite", workstation_id)
    finally:
        engine.dispose()


def _dump_postgresql(db: Database, dump: Path, workstation_id: UUID | None) -> dict[str, Any]:
    # pg_dump writes into this file, which keeps its mode: the dump is 0600 in the backup's zip
    # too, so whoever unzips it gets a private file.
    open_private(dump).close()
    with mechanics.pg_snapshot(db) as (connection, snapshot):
        described = _describe(connection, "postgresql", workstation_id)
        mechanics.pg_dump(db.url, dump, snapshot)
    problem = mechanics.pg_dump_readable(dump)
    if problem:
        raise CheckFailed(_("pg_dump wrote a dump pg_restore cannot read: {reason}").format(
            reason=problem))
    return described


@dataclass(frozen=True)
class BackupMade:
    """A backup written: its manifest, and why it is not signed when it is not."""

    manifest: BackupManifest
    unsigned_because: str = ""


def backup_database(db: Database, out: Path, *, actor: Actor) -> BackupMade:
    """Write a backup of the whole database to ``out`` (replaced only once it is complete).

    The file is mode 0600 from its first byte. It is signed with the key of
    the actor's workstation (this computer's) when that key is here and the
    database registered it; otherwise it is written unsigned and the result
    says why (a restore then needs ``--accept-unsigned``).

    Raises:
        PermissionDenied: the actor's role may not back up (it holds every record,
            password hashes included).
        UserInputError: ``out``'s folder does not exist, or the database holds no schema.
        EnvironmentProblem: the copy failed, or pg_dump is missing or failed.
    """
    require(actor.role, Action.BACK_UP)
    with db.session() as session:
        gate_of(session, actor)
    workstation_id: UUID | None = actor.workstation_id
    out = out.expanduser().absolute()
    if not out.parent.is_dir():
        raise UserInputError(_("The folder {path} does not exist.").format(path=out.parent))
    created_at = datetime.now(UTC)
    # The work folder sits beside ``out``: the finished file is then moved, not copied, into place.
    with tempfile.TemporaryDirectory(prefix=".borderdesk-backup-", dir=out.parent) as work:
        dump = Path(work) / DUMPS[db.backend]
        described = (_dump_sqlite(db, dump, workstation_id) if db.backend == "sqlite"
                     else _dump_postgresql(db, dump, workstation_id))
        signing = described.pop("signing")
        signed = signing if isinstance(signing, SigningKey) else None
        manifest = BackupManifest(created_at=created_at, dump_name=dump.name,
                                  dump_size=dump.stat().st_size, dump_sha256=_sha256_of(dump),
                                  signer=signed.signer if signed else None, **described)
        data = manifest.to_json().encode("utf-8")
        partial = Path(work) / "backup.zip"
        # pg_dump's custom format is compressed already; SQLite pages are worth a quick deflate.
        method = zipfile.ZIP_DEFLATED if db.backend == "sqlite" else zipfile.ZIP_STORED
        with open_private(partial) as handle, \
                zipfile.ZipFile(handle, "w", compression=method, compresslevel=1) as archive:
            archive.writestr(MANIFEST, data)
            if signed is not None:
                archive.writestr(SIGNATURE, signed.sign(data))
            archive.write(dump, dump.name)
            archive.close()
            handle.flush()
            os.fsync(handle.fileno())
        partial.replace(out)
    return BackupMade(manifest, "" if signed else str(signing))


# ---- Restoring


def _refuse_non_empty(url: URL) -> None:
    display = redact(url)
    refusal = UserInputError(_("The database {url} is not empty: a backup is restored only into "
                               "an empty database. Nothing was changed.").format(url=display))
    path = mechanics.sqlite_file(url)
    if url.get_backend_name() == "sqlite":
        if path is None:
            raise UserInputError(_("A backup cannot be restored into an in-memory database."))
        wal = path.with_name(path.name + "-wal")
        if mechanics.sqlite_has_tables(path) or (wal.exists() and wal.stat().st_size):
            raise refusal
        if not path.parent.is_dir():
            raise UserInputError(_("The folder {path} does not exist.").format(path=path.parent))
    elif mechanics.pg_user_objects(url):
        raise refusal


def _failed(url: URL, reason: str, placed: bool) -> CheckFailed:
    if placed:
        return CheckFailed(_("The restore into {url} failed its check: {reason}. Do not use "
                             "that database; drop it.").format(url=redact(url), reason=reason))
    return CheckFailed(_("The restore failed its check: {reason}. Nothing was restored.")
                       .format(reason=reason))


def _check_counts(db: Database, manifest: BackupManifest, placed: bool) -> None:
    with db.engine.connect() as connection:
        tables = mechanics.count_rows(connection)
        files, size = mechanics.evidence_totals(connection)
    for name, expected in sorted(manifest.tables.items()):
        if tables.get(name) != expected:
            raise _failed(db.url, _("table {table} has {found} rows, the backup {expected}")
                          .format(table=name, found=tables.get(name, 0), expected=expected),
                          placed)
    if (files, size) != (manifest.evidence_files, manifest.evidence_bytes):
        raise _failed(db.url, _("{files} evidence files of {size} bytes, the backup "
                                "{expected_files} of {expected_size}").format(
            files=files, size=size, expected_files=manifest.evidence_files,
            expected_size=manifest.evidence_bytes), placed)


def _check_chains(db: Database, manifest: BackupManifest, placed: bool) -> ChainReport:
    checkpoints = [Checkpoint(head.workstation_id.hex, head.seq, head.hash)
                   for head in manifest.chain_heads]
    # What ``audit verify`` checks: every chain, and the officers, keys and workstations
    # replayed from them (what an insider who signed an edited backup cannot make agree).
    report = verify_chains(db, checkpoints=checkpoints)
    if report.problems:
        problem = report.problems[0]
        raise _failed(db.url, _("the audit chain of {workstation} is broken at event {seq}: "
                                "{detail}").format(workstation=problem.workstation_name,
                                                   seq=problem.seq, detail=problem.detail),
                      placed)
    if report.findings:
        finding = report.findings[0]
        raise _failed(db.url, _("{subject} is not what the audit chains record: {detail}")
                      .format(subject=finding.subject, detail=finding.detail), placed)
    found = {(h.workstation_id, h.seq, h.hash) for h in report.heads}
    if found != {(h.workstation_id, h.seq, h.hash) for h in manifest.chain_heads}:
        raise _failed(db.url, _("the chain heads differ from the backup's"), placed)
    return report


def _restore_sqlite(dump: Path, url: URL, manifest: BackupManifest) -> RestoreReport:
    target = mechanics.sqlite_file(url)
    assert target is not None  # _refuse_non_empty refused an in-memory database
    problem = mechanics.integrity_problem(dump)
    if problem:
        raise _failed(url, problem, placed=False)
    current = manifest.schema_revision == head_revision()
    staged = Database(f"sqlite:///{dump}")
    try:
        _check_counts(staged, manifest, placed=False)
        chains = _check_chains(staged, manifest, placed=False) if current else None
    finally:
        staged.dispose()
    mechanics.place_file(dump, target)
    if chains is not None:
        return RestoreReport(manifest, chains, None)
    return _upgrade_and_check(url, manifest)


def _upgrade_and_check(url: URL, manifest: BackupManifest) -> RestoreReport:
    """Bring a backup of an older BorderDesk to this one's schema, then check its chains."""
    db = Database(url)
    try:
        upgraded = None
        if manifest.schema_revision != head_revision():
            upgrade(db)
            upgraded = head_revision()
        return RestoreReport(manifest, _check_chains(db, manifest, placed=True), upgraded)
    finally:
        db.dispose()


def _restore_postgresql(dump: Path, url: URL, manifest: BackupManifest) -> RestoreReport:
    mechanics.pg_restore(url, dump)
    db = Database(url)
    try:
        _check_counts(db, manifest, placed=True)
    finally:
        db.dispose()
    return _upgrade_and_check(url, manifest)


def _check_signature(backup: Path, opened: _Opened, accept_unsigned: bool) -> None:
    """Refuse an unsigned backup (unless accepted) or one whose signature does not hold."""
    signer = opened.manifest.signer
    if signer is None:
        if not accept_unsigned:
            raise UserInputError(_(
                "{path} is not signed (it was made by an older BorderDesk, or on a computer "
                "without a workstation key), so nothing shows that it is unchanged. Restore it "
                "only if you know where it has been, with --accept-unsigned. Nothing was "
                "restored.").format(path=backup))
        return
    problem = signature_problem(opened.manifest_bytes, signer, opened.signature)
    if problem:
        raise _damaged(backup, problem)


def _check_signer(backup: Path, dump: Path, manifest: BackupManifest) -> None:
    """Refuse a backup signed by anyone but a workstation of the dump, with its registered key."""
    if manifest.signer is None:
        return
    workstation_id = manifest.signer.workstation_id
    record = (mechanics.sqlite_key_record(dump, workstation_id, KEY_REGISTERED)
              if manifest.backend == "sqlite"
              else mechanics.pg_key_record(dump, workstation_id, KEY_REGISTERED))
    problem = registration_problem(manifest.signer, record, manifest.database_id)
    if problem:
        raise _damaged(backup, problem)


def _check_restorer(dump: Path, manifest: BackupManifest, restorer: Credentials) -> None:
    """The restoring officer must be an administrator of the backed-up gate, by its own records.

    The target database is empty, so the backup's accounts are the only ones
    there are; checking the password there writes nothing (a failure is not
    counted, as at headquarters). The refusal reads as a login's does.
    """
    username = auth.normalize_username(restorer.username)
    found = mechanics.dumped_officer(dump, manifest.backend, username)
    # An unknown username is checked against a decoy, so the refusal takes as long.
    matches = password_matches(found.password_hash if found else auth.decoy_hash(),
                               restorer.password)
    if found is None or not matches:
        raise auth.wrong_credentials()
    if not found.active:
        raise LoginRefused(_("This account is disabled. Ask an administrator."))
    try:
        role = Role(found.role)
    except ValueError:
        raise auth.wrong_credentials() from None
    require(role, Action.RESTORE_BACKUP)


def restore_database(backup: Path, url: str | URL, *, restorer: Credentials,
                     accept_unsigned: bool = False) -> RestoreReport:
    """Restore a backup into an empty database of the same backend, then check it.

    Before anything is written: the manifest's signature holds; the signer is
    one of the backed-up database's workstations, with the key its row and
    its audit chain registered (and the key this computer pinned for it, if
    any); the dump has the SHA-256 the manifest says; ``restorer`` is an active
    administrator of the backed-up gate with that password. An unsigned backup
    is restored only with ``accept_unsigned``.

    After: every table has the rows the manifest counted, the evidence
    files and their bytes are the same, every workstation's chain verifies
    (as ``audit verify`` does) and ends at the head the manifest recorded.
    A SQLite backup is checked before it is moved into place; a PostgreSQL
    one after pg_restore.

    Raises:
        LoginRefused: ``restorer``'s password does not open an account of the backup.
        PermissionDenied: that account is not an administrator's.
        UserInputError: the file is no usable backup (missing, cut short, altered,
            badly signed, unsigned and not accepted), the target is not empty,
            or is of the other backend. Nothing is changed.
        CheckFailed: the restored database does not match the manifest.
        EnvironmentProblem: pg_restore is missing or failed (the database stays empty).
    """
    target = parse_url(url) if isinstance(url, str) else url
    with _opened(backup) as opened:
        manifest, archive = opened.manifest, opened.archive
        backend = target.get_backend_name()
        if manifest.backend != backend:
            raise UserInputError(_("{path} is a backup of a {backup} database; it cannot be "
                                   "restored into {backend}. Nothing was changed.").format(
                path=backup, backup=manifest.backend, backend=backend))
        if manifest.schema_revision not in mechanics.known_revisions():
            raise UserInputError(_("{path} was made by a newer BorderDesk (schema {revision}): "
                                   "restore it with that version. Nothing was changed.").format(
                path=backup, revision=manifest.schema_revision))
        _check_signature(backup, opened, accept_unsigned)
        _refuse_non_empty(target)
        folder = mechanics.sqlite_file(target)
        work_parent = folder.parent if folder is not None else None
        with tempfile.TemporaryDirectory(prefix=".borderdesk-restore-",
                                         dir=work_parent) as work:
            dump = Path(work) / manifest.dump_name
            try:
                with archive.open(manifest.dump_name) as source:
                    sha256 = _copy_hashing(source, dump)
            except (zipfile.BadZipFile, zlib.error, EOFError):
                raise _damaged(backup, _("its database dump is damaged")) from None
            if sha256 != manifest.dump_sha256:
                raise _damaged(backup, _("its database dump has another SHA-256 than its "
                                         "manifest says"))
            _check_signer(backup, dump, manifest)
            _check_restorer(dump, manifest, restorer)
            if backend == "sqlite":
                return _restore_sqlite(dump, target, manifest)
            return _restore_postgresql(dump, target, manifest)

