"""The signed handoff bundle's zip format: written atomically, read without trusting anything.

A bundle holds ``bundle.json`` (the handoff, its items, the crossing, the
audit-chain slice and the list of evidence files with their SHA-256 and
size), ``evidence/<sha256>`` files and ``signature.json`` (the signer's
Ed25519 public key and its signature over the SHA-256 of ``bundle.json``'s
exact bytes). Reading checks the archive's structure from its central
directory before reading any member, decompresses each member itself under a
hard byte limit (declared sizes are only claims), and never writes a file.
No database here: trust is the caller's callback.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import struct
import tempfile
import zipfile
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from io import BufferedReader
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from borderdesk.custody.bundle_chain import SliceRun, verify_slice
from borderdesk.custody.bundle_zip import (
    EVIDENCE_DIR,
    MANIFEST,
    SIGNATURE,
    Limits,
    MemberReader,
    check_structure,
    refused,
)
from borderdesk.custody.signing import (
    fingerprint,
    is_valid_public_key,
    public_key_hex,
    sign,
    verify,
)
from borderdesk.domain.bundle import BundleFile
from borderdesk.errors import BundleRefused, UserInputError
from borderdesk.i18n import _
from borderdesk.intake import open_handed_file
from borderdesk.json_input import JsonRefused, load_json
from borderdesk.private_files import private_folder

FORMAT = "borderdesk-handoff-bundle"
VERSION = 1
_SHA256 = re.compile(r"[0-9a-f]{64}")

Progress = Callable[[int, int], None]


# ---- Writing


def _member(name: str, when: datetime, compress: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=when.timetuple()[:6])
    info.compress_type = compress
    info.create_system = 3  # Unix, so that the mode below means "a regular file"
    # A zip tool extracts a member with this mode: as private as the bundle itself.
    info.external_attr = (stat.S_IFREG | 0o600) << 16
    return info


def write_bundle(out: Path, manifest: Mapping[str, object], evidence: Mapping[str, bytes],
                 key: Ed25519PrivateKey, progress: Progress | None = None) -> str:
    """Write a signed bundle to ``out`` (mode 0600) through a temporary file renamed at the end.

    Args:
        manifest: the content of ``bundle.json`` except ``format``, ``version``
            and ``files``, which are added here.
        evidence: SHA-256 -> the file's bytes (checked against its name).
        key: the exporting workstation's private key.
        progress: called with (files written, files to write).

    Returns:
        The SHA-256 of the written bundle file.

    Raises:
        BundleRefused: an evidence file whose bytes do not match its SHA-256.
        OSError: the file cannot be written (the caller reports it).
    """
    files = []
    for sha256, data in sorted(evidence.items()):
        if hashlib.sha256(data).hexdigest() != sha256:
            raise BundleRefused(_("The evidence file {sha256} in this database does not match "
                                  "its SHA-256: nothing was exported.").format(sha256=sha256))
        files.append({"name": EVIDENCE_DIR + sha256, "sha256": sha256, "size": len(data)})
    document = {**manifest, "format": FORMAT, "version": VERSION, "files": files}
    body = json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
    digest = hashlib.sha256(body).digest()
    signature = {"algorithm": "Ed25519", "public_key": public_key_hex(key),
                 "signed_sha256": digest.hex(), "signature": sign(key, digest)}
    now = datetime.now(UTC)
    total = len(files) + 1
    private_folder(out.parent)
    # Created 0600 (mkstemp always does) and renamed whole: a bundle holds driver ids and
    # photos, and is never readable by other users of the computer, not even while written.
    handle = tempfile.NamedTemporaryFile(dir=out.parent, prefix=f".{out.name}.",  # noqa: SIM115
                                         suffix=".part", delete=False)
    try:
        with handle, zipfile.ZipFile(handle, "w") as archive:
            archive.writestr(_member(MANIFEST, now, zipfile.ZIP_DEFLATED), body)
            # Photos and PDFs are compressed already: stored, they cost no time to pack.
            for done, entry in enumerate(files, start=1):
                archive.writestr(_member(str(entry["name"]), now, zipfile.ZIP_STORED),
                                 evidence[str(entry["sha256"])])
                if progress:
                    progress(done, total)
            archive.writestr(_member(SIGNATURE, now, zipfile.ZIP_DEFLATED),
                             json.dumps(signature, indent=1, sort_keys=True))
        with open(handle.name, "rb") as written:
            os.fsync(written.fileno())
            file_sha256 = hashlib.file_digest(written, "sha256").hexdigest()
        os.replace(handle.name, out)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
    if progress:
        progress(total, total)
    return file_sha256


# ---- Reading

def _json_of(data: bytes, name: str) -> dict[str, Any]:
    """A member's JSON object, within ``json_input``'s bounds (depth, number length, no
    duplicate key, no NaN).

    Numbers stay int and float, as ``json.loads`` gives them: hashes and signatures are
    computed over what the exporting gate wrote, and a Decimal would compare otherwise.
    """
    try:
        value = load_json(data.decode("utf-8"), exact=False)
    except UnicodeDecodeError:
        raise refused(_("{name} is not UTF-8 text."), name=name) from None
    except JsonRefused as error:
        where = f"{error.where()}: " if error.line is not None else ""
        raise refused(_("{name}: {where}{problem}."), name=name, where=where,
                      problem=error.problem) from None
    if not isinstance(value, dict):
        raise refused(_("{name} is not a JSON object."), name=name)
    return value


def _listed_files(manifest: Mapping[str, Any]) -> tuple[BundleFile, ...]:
    if manifest.get("format") != FORMAT:
        raise refused(_("it is not a BorderDesk handoff bundle."))
    if manifest.get("version") != VERSION:
        raise refused(_("its format version {version} is not one this BorderDesk reads."),
                      version=manifest.get("version"))
    entries = manifest.get("files")
    if not isinstance(entries, list):
        raise refused(_("bundle.json has no list of files."))
    files = []
    for entry in entries:
        if not isinstance(entry, dict) or not isinstance(entry.get("sha256"), str) \
                or not _SHA256.fullmatch(entry["sha256"]) \
                or entry.get("name") != EVIDENCE_DIR + entry["sha256"] \
                or not isinstance(entry.get("size"), int) or entry["size"] < 0:
            raise refused(_("bundle.json lists a file wrongly: {entry}."),
                          entry=json.dumps(entry)[:120])
        files.append(BundleFile(name=entry["name"], sha256=entry["sha256"], size=entry["size"]))
    if len({f.name for f in files}) != len(files):
        raise refused(_("bundle.json lists a file twice."))
    return tuple(files)


def _check_signature(signature: Mapping[str, Any], body: bytes) -> str:
    public_key = signature.get("public_key")
    value = signature.get("signature")
    if not isinstance(public_key, str) or not is_valid_public_key(public_key) \
            or not isinstance(value, str):
        raise refused(_("signature.json holds no valid public key and signature."))
    if not verify(public_key, hashlib.sha256(body).digest(), value):
        raise refused(_("its signature does not match bundle.json: the bundle was changed "
                        "after it was signed, or the signature is forged."))
    return public_key


class OpenedBundle:
    """A bundle whose signature, signer, files and sizes were verified; close it after use."""

    def __init__(self, path: Path, handle: BufferedReader, archive: zipfile.ZipFile,
                 limits: Limits) -> None:
        self.path = path
        self._handle = handle
        self._archive = archive
        self._limits = limits
        self._infos = {info.orig_filename: info for info in archive.infolist()}
        self.sha256 = ""
        self.signer = ""
        self.manifest: dict[str, Any] = {}
        self.files: tuple[BundleFile, ...] = ()
        self.chain: tuple[SliceRun, ...] = ()
        """The verified audit-chain slice, one run per workstation."""

    def __enter__(self) -> OpenedBundle:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the file."""
        self._archive.close()
        self._handle.close()

    @property
    def signer_fingerprint(self) -> str:
        """The signer key's fingerprint, as a person compares it."""
        return fingerprint(self.signer)

    def read_file(self, listed: BundleFile) -> bytes:
        """The bytes of a listed evidence file, checked against its size and SHA-256 again."""
        data = MemberReader(self._handle, self._limits).read(self._infos[listed.name], listed.size)
        if len(data) != listed.size or hashlib.sha256(data).hexdigest() != listed.sha256:
            raise refused(_("'{name}' differs from the file that was signed."), name=listed.name)
        return data

    def _verify(self, trusted: Callable[[str], bool], progress: Progress | None) -> None:
        for needed in (MANIFEST, SIGNATURE):
            if needed not in self._infos:
                raise refused(_("it has no {name}."), name=needed)
        reader = MemberReader(self._handle, self._limits)
        body = reader.read(self._infos[MANIFEST], self._limits.max_manifest_bytes)
        signature = _json_of(reader.read(self._infos[SIGNATURE], self._limits.max_manifest_bytes),
                             SIGNATURE)
        self.signer = _check_signature(signature, body)
        if not trusted(self.signer):
            raise refused(_("it is signed by a key this database does not trust (fingerprint "
                            "{fingerprint}). An administrator can trust the key of the gate "
                            "or agency that sent it."), fingerprint=fingerprint(self.signer))
        self.manifest = _json_of(body, MANIFEST)
        self.files = _listed_files(self.manifest)
        listed = {f.name for f in self.files}
        for name in self._infos:
            if name not in listed | {MANIFEST, SIGNATURE}:
                raise refused(_("'{name}' is not listed in bundle.json."), name=name)
        for done, entry in enumerate(self.files, start=1):
            if entry.name not in self._infos:
                raise refused(_("'{name}' is listed in bundle.json but missing."),
                              name=entry.name)
            digest = hashlib.sha256()
            size = 0
            for chunk in reader.chunks(self._infos[entry.name], entry.size):
                digest.update(chunk)
                size += len(chunk)
            if size != entry.size or digest.hexdigest() != entry.sha256:
                raise refused(_("'{name}' differs from the file that was signed: it was "
                                "replaced after signing."), name=entry.name)
            if progress:
                progress(done, len(self.files))


def _file_sha256(handle: BufferedReader) -> str:
    handle.seek(0)
    return hashlib.file_digest(handle, "sha256").hexdigest()


def _open_handed(path: Path, limit: int) -> BufferedReader:
    """The bundle file opened as ``intake`` opens any handed file: a FIFO, a device such as
    ``/dev/zero``, a folder, a symlink loop or a file too large is refused before a byte
    is read, as a bundle refusal."""
    try:
        return open_handed_file(path, limit)
    except UserInputError as error:
        raise refused("{reason}", reason=str(error)) from None


def open_bundle(path: Path, trusted: Callable[[str], bool], limits: Limits | None = None,
                progress: Progress | None = None) -> OpenedBundle:
    """Open and verify a bundle: structure, sizes, signature, signer's trust, every file.

    Nothing is extracted: members are read into memory under ``limits``.
    Last, the audit-chain slice in ``bundle.json`` (``custody.bundle_chain``).

    Args:
        trusted: whether a signer's public key (hex) is trusted here.
        progress: called with (files verified, files to verify).

    Raises:
        BundleRefused: the precise reason the bundle is refused.
    """
    limits = limits or Limits()
    handle = _open_handed(path, limits.max_total_bytes)
    try:
        try:
            archive = zipfile.ZipFile(handle)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, struct.error,
                NotImplementedError, EOFError):
            raise refused(_("{path} is not a zip file."), path=path.name) from None
        bundle = OpenedBundle(path, handle, archive, limits)
        check_structure(archive.infolist(), limits)
        bundle.sha256 = _file_sha256(handle)
        bundle._verify(trusted, progress)
        bundle.chain = verify_slice(bundle.manifest)
    except BaseException:
        handle.close()
        raise
    return bundle

