"""A backup signed with the workstation's key, and the checks a restore makes of that signature.

The signature covers the backup's manifest, and the manifest carries the
SHA-256 of the dump: a backup changed on the way (on a USB stick, on a file
share) no longer verifies, even if whoever changed it fixed the hashes. The
signer must be one of the backed-up database's own workstations, signing
with the key its audit chain registered, and, where this computer pinned a
key for it, that same key: a backup re-signed with another key is refused.

What it does not prove: the key sits on the workstation, so an insider at
that very workstation can sign a backup he edited. The restored chain is
then verified (``audit verify``), whose replay of officers, keys and
workstations is what catches that (docs/backup.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from borderdesk.custody.keystore import workstation_key
from borderdesk.custody.signing import fingerprint, public_key_hex, sign, verify
from borderdesk.i18n import _
from borderdesk.services.keys import pinned_keys
from borderdesk.storage.backup import KeyRecord
from borderdesk.storage.models import Workstation

SIGNATURE = "manifest.sig"
"""The file in the backup that holds the manifest's signature, hex."""


@dataclass(frozen=True)
class BackupSigner:
    """The workstation that signed a backup, as its (signed) manifest names it."""

    workstation_id: UUID
    workstation_name: str
    public_key: str

    @property
    def fingerprint(self) -> str:
        """The key's short, readable name."""
        return fingerprint(self.public_key)

    def to_json(self) -> dict[str, str]:
        """The signer as the manifest stores it."""
        return {"workstation_id": str(self.workstation_id),
                "workstation": self.workstation_name, "public_key": self.public_key}

    @classmethod
    def from_json(cls, raw: Any) -> BackupSigner | None:
        """The signer a manifest names; None for an unsigned backup.

        Raises:
            KeyError, ValueError, TypeError: the manifest's signer is malformed.
        """
        if raw is None:
            return None
        return cls(UUID(raw["workstation_id"]), str(raw["workstation"]),
                   str(raw["public_key"]))


@dataclass(frozen=True)
class SigningKey:
    """This computer's workstation key, ready to sign a backup of a database that registered it."""

    signer: BackupSigner
    private_key: Ed25519PrivateKey

    def sign(self, manifest: bytes) -> str:
        """The signature of the manifest's bytes, hex."""
        return sign(self.private_key, manifest)


def signing_key(session: Session, workstation_id: UUID | None) -> SigningKey | str:
    """The key that signs a backup of the database ``session`` reads, or why there is none.

    This computer's workstation (``workstation_id``, from its settings) signs,
    or else another workstation of that database whose key file is on this
    computer (a demo gate's, a computer that hosts several). A workstation
    signs only a backup of a database that holds it with the same public key
    as its key file here: any other signature would be refused at restore.
    """
    workstations = session.scalars(select(Workstation).order_by(Workstation.name)).all()
    ordered = sorted(workstations, key=lambda row: row.id != workstation_id)
    mismatched = ""
    for workstation in ordered:
        key = workstation_key(workstation.id)
        if key is None:
            continue
        public = public_key_hex(key)
        if workstation.public_key == public:
            return SigningKey(BackupSigner(workstation.id, workstation.name, public), key)
        mismatched = mismatched or workstation.name
    if mismatched:
        return _("the database holds another key for workstation {name} than this "
                 "computer's key file").format(name=mismatched)
    return _("this computer has no workstation key")


def signature_problem(manifest: bytes, signer: BackupSigner, signature: str) -> str:
    """Why a signed manifest's signature does not hold; "" when it does.

    Checked on the manifest alone, before the dump is read.
    """
    if not signature or not verify(signer.public_key, manifest, signature):
        return _("its signature does not hold: it was changed after workstation {name} "
                 "signed it").format(name=signer.workstation_name)
    return ""


def registration_problem(signer: BackupSigner, record: KeyRecord,
                         database_id: UUID | None) -> str:
    """Why the signer is not a workstation of the backed-up database with that key; "" when it is.

    ``record`` is what the dump itself holds about the signing workstation:
    its row, the key its audit chain registered and the database's id, which
    must be the id the signed manifest names (``database_id``). Where this
    computer pinned a key for that workstation in that database, it is the
    signer's key too.
    """
    if record.database_id != database_id:
        return _("its database dump is of another database ({found}) than its manifest "
                 "names ({named})").format(found=record.database_id or _("none"),
                                           named=database_id or _("none"))
    pinned = pinned_keys(record.database_id).get(signer.workstation_id)
    if pinned and pinned != signer.public_key:
        return _("it is signed with key {signed} for workstation {name}, but this computer "
                 "knows that workstation's key as {pinned}").format(
            signed=signer.fingerprint, name=signer.workstation_name,
            pinned=fingerprint(pinned))
    if record.workstation_name is None:
        return _("it is signed by workstation {name} ({id}), which is not one of the "
                 "backed-up database's workstations").format(
            name=signer.workstation_name, id=signer.workstation_id)
    if record.public_key != signer.public_key:
        return _("it is signed with key {signed}, not with the key the database holds for "
                 "workstation {name}").format(signed=signer.fingerprint,
                                              name=record.workstation_name)
    if not record.registered or set(record.registered) != {signer.public_key}:
        return _("it is signed with key {signed}, not with the key the audit chain of "
                 "workstation {name} registered").format(signed=signer.fingerprint,
                                                         name=record.workstation_name)
    return ""
