"""The workstation's own signing keys, kept in its configuration folder, never in the database.

Someone with full rights on the database can rewrite rows and recompute
hashes, but cannot re-sign them without these files. One file per
workstation id (a test machine or a demo may host several workstations),
readable by the user only.
"""

from __future__ import annotations

import os
from pathlib import Path
from uuid import UUID

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    load_pem_private_key,
)

from borderdesk import paths
from borderdesk.custody.signing import new_private_key
from borderdesk.errors import EnvironmentProblem
from borderdesk.i18n import _
from borderdesk.reasons import reason_for

_cache: dict[tuple[Path, UUID], Ed25519PrivateKey] = {}


def keys_dir() -> Path:
    """The folder of this user's workstation keys."""
    folder = paths.config_dir() / "keys"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def key_path(workstation_id: UUID) -> Path:
    """The private key file of a workstation."""
    return keys_dir() / f"workstation-{workstation_id}.pem"


def _load(path: Path) -> Ed25519PrivateKey:
    try:
        key = load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError) as error:
        raise EnvironmentProblem(
            _("The workstation key {path} cannot be read: {reason}").format(
                path=path, reason=reason_for(error))
        ) from error
    if not isinstance(key, Ed25519PrivateKey):
        raise EnvironmentProblem(
            _("The workstation key {path} is not an Ed25519 key.").format(path=path))
    return key


def workstation_key(workstation_id: UUID) -> Ed25519PrivateKey | None:
    """The private key of a workstation of this machine, or None when it has none here."""
    path = key_path(workstation_id)
    cached = _cache.get((path, workstation_id))
    if cached is not None:
        return cached
    if not path.exists():
        return None
    key = _load(path)
    _cache[(path, workstation_id)] = key
    return key


def ensure_workstation_key(workstation_id: UUID) -> Ed25519PrivateKey:
    """The workstation's private key, created (mode 0600) when it has none yet."""
    existing = workstation_key(workstation_id)
    if existing is not None:
        return existing
    key = new_private_key()
    pem = key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())
    path = key_path(workstation_id)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
    # Two processes creating the key at once: the first one's file wins, both use it.
    try:
        os.link(tmp, path)
    except FileExistsError:
        pass
    finally:
        tmp.unlink(missing_ok=True)
    _cache.pop((path, workstation_id), None)
    loaded = workstation_key(workstation_id)
    assert loaded is not None
    return loaded
