"""Signing keys: this workstation's own, the keys this gate trusts, and the keys pinned here.

Three kinds of trust, kept apart on purpose:

* a workstation's private key lives in its configuration folder
  (``custody.keystore``); the database holds only the public half
  (``Workstation.public_key``), registered once, in the workstation's own chain;
* administrators add the public keys of other gates and agencies whose signed
  handoff bundles this gate accepts (``trust_key``), and revoke them;
* every computer that verifies the audit chain pins the key it first saw for
  each workstation (``config_dir()/keys/known_workstations.json``), so a key
  replaced in the database, with the chain re-signed under it, is caught.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from borderdesk.access.permissions import Action, require
from borderdesk.custody.keystore import ensure_workstation_key, keys_dir
from borderdesk.custody.signing import fingerprint, is_valid_public_key, public_key_hex
from borderdesk.custody.verify import KEY_REGISTERED
from borderdesk.domain.keys import KeyKind, TrustedKeyInfo
from borderdesk.domain.officer import Actor
from borderdesk.errors import EnvironmentProblem, UserInputError
from borderdesk.i18n import _
from borderdesk.reasons import reason_for
from borderdesk.services.audit import append_event
from borderdesk.services.workstations import gate_of
from borderdesk.storage.admin_login import require_security_writes
from borderdesk.storage.engine import Database
from borderdesk.storage.models import DatabaseIdentity, Officer, TrustedKey, Workstation
from borderdesk.storage.models.base import new_id, utc_now
from borderdesk.storage.offline.gate_database import require_server

PINS_FILE = "known_workstations.json"
MAX_NAME = 200


# ---- Keys pinned on this computer, per database

LEGACY_PINS = "unknown_database"
"""Where pins of the file's first, flat format are kept: they say which database they came
from, so they are never compared with any (``docs/audit.md``)."""


def pins_path() -> Path:
    """The file of the workstation keys this computer has seen, per database id:
    ``{"databases": {database id: {workstation id: public key}}}``."""
    return keys_dir() / PINS_FILE


def _pins_file() -> dict[str, object]:
    path = pins_path()
    if not path.exists():
        return {"databases": {}}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise UserInputError(_("not a JSON object"))
        if "databases" not in data:
            # The first format, workstation id -> key, without the database: kept aside.
            return {"databases": {}, LEGACY_PINS: {str(UUID(k)): str(v)
                                                   for k, v in data.items()}}
        databases = data["databases"]
        if not isinstance(databases, dict) or not all(
                isinstance(pins, dict) for pins in databases.values()):
            raise UserInputError(_("'databases' is not a map of databases to pins"))
        return data
    except (OSError, ValueError, AttributeError, UserInputError) as error:
        raise EnvironmentProblem(
            _("The file of known workstation keys {path} cannot be read: {reason}").format(
                path=path, reason=reason_for(error))
        ) from error


def database_id(session: Session) -> UUID | None:
    """This database's own id (``database_identity``), None for a database without one."""
    return session.scalar(select(DatabaseIdentity.id).order_by(DatabaseIdentity.id).limit(1))


def pinned_keys(database: UUID | None = None) -> dict[UUID, str]:
    """The workstation keys this computer pinned for the database ``database``.

    Pins of other databases, and of the old flat file, are not this database's:
    two databases on one computer (a gate's server and a test copy, two gates)
    do not interfere. ``None`` (the database is not known yet, e.g. a backup's
    manifest before its dump is read): the pins of every database, the first
    pin of a workstation winning.

    Raises:
        EnvironmentProblem: the file exists but is not what BorderDesk writes.
    """
    databases = _pins_file()["databases"]
    assert isinstance(databases, dict)  # checked by _pins_file
    chosen = [databases.get(str(database), {})] if database is not None else \
        [databases[name] for name in sorted(databases)]
    found: dict[UUID, str] = {}
    try:
        for pins in chosen:
            for workstation, key in pins.items():
                found.setdefault(UUID(workstation), str(key))
        return found
    except ValueError as error:
        raise EnvironmentProblem(
            _("The file of known workstation keys {path} cannot be read: {reason}").format(
                path=pins_path(), reason=reason_for(error))
        ) from error


def pin_keys(database: UUID | None, keys: Mapping[UUID, str]) -> None:
    """Pin, for this database, the keys of workstations this computer has not seen before
    in it; never replace a pin.

    A pin is changed only by a person editing the file, after checking the new
    key's fingerprint with the workstation it belongs to.
    """
    if database is None:
        return
    pins = pinned_keys(database)
    new = {workstation: key for workstation, key in keys.items()
           if key and workstation not in pins}
    if not new:
        return
    pins.update(new)
    data = _pins_file()
    databases = data["databases"]
    assert isinstance(databases, dict)
    databases[str(database)] = {str(k): v for k, v in sorted(pins.items())}
    path = pins_path()
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)


# ---- This workstation's key


def workstation_public_key(workstation_id: UUID) -> str:
    """The public key of a workstation of this computer, its key pair made when it has none."""
    return public_key_hex(ensure_workstation_key(workstation_id))


def register_workstation_key(session: Session, workstation_id: UUID) -> str:
    """Make sure the workstation has a key pair here and the database holds its public half.

    The first time, the key is stored on the workstation and recorded in its
    chain (``workstation.key_registered``, signed with the key itself); every
    later event of the workstation must be signed with it. The key is pinned
    on this computer too.

    Returns:
        The public key, hex.

    Raises:
        EnvironmentProblem: the database holds another key for this workstation
            than the one in this computer's key file (a copied settings folder,
            a restored database, or a replaced key).
    """
    public = workstation_public_key(workstation_id)
    workstation = session.get(Workstation, workstation_id)
    if workstation is None:
        raise EnvironmentProblem(_("This workstation is not registered with the database."))
    if workstation.public_key and workstation.public_key != public:
        raise EnvironmentProblem(
            _("The database holds another signing key for workstation {name} ({held}) than "
              "this computer's key file ({own}). Do not continue: ask the administrator to "
              "compare the keys; a workstation's key is never replaced.").format(
                name=workstation.name, held=fingerprint(workstation.public_key),
                own=fingerprint(public))
        )
    if not workstation.public_key:
        require_security_writes(session)
        workstation.public_key = public
        session.flush()
        append_event(
            session, workstation_id=workstation_id, officer_id=None, action=KEY_REGISTERED,
            entity="workstation", entity_id=str(workstation_id),
            payload={"public_key": public, "fingerprint": fingerprint(public)},
        )
    pin_keys(database_id(session), {workstation_id: public})
    return public


def own_public_key(db: Database, actor: Actor) -> str:
    """The public key of the actor's workstation, registered if it was not yet."""
    with db.session() as session:
        gate_of(session, actor)
        return register_workstation_key(session, actor.workstation_id)


# ---- Keys this gate trusts


def _info(row: TrustedKey, added_by: str) -> TrustedKeyInfo:
    return TrustedKeyInfo(
        key_id=row.id, name=row.name, kind=KeyKind(row.kind), public_key=row.public_key,
        fingerprint=fingerprint(row.public_key), added_at=row.created_at, added_by=added_by,
        revoked_at=row.revoked_at,
    )


def _clean_key(public_hex: str) -> str:
    key = "".join(public_hex.split()).lower()
    if not is_valid_public_key(key):
        raise UserInputError(
            _("'{key}' is not a public key: it is 64 hexadecimal digits.").format(
                key=public_hex.strip()[:80])
        )
    return key


def trusted_keys(db: Database, actor: Actor) -> list[TrustedKeyInfo]:
    """Every key the gate trusts or trusted (revoked ones too), by name.

    Raises:
        PermissionDenied: the role may not manage keys.
    """
    require(actor.role, Action.MANAGE_KEYS)
    with db.session() as session:
        gate_of(session, actor)
        rows = session.execute(
            select(TrustedKey, Officer.full_name)
            .outerjoin(Officer, Officer.id == TrustedKey.created_by)
            .order_by(TrustedKey.name, TrustedKey.created_at)
        ).all()
        return [_info(row, name or "") for row, name in rows]


def trust_key(db: Database, actor: Actor, name: str, kind: KeyKind | str,
              public_hex: str) -> TrustedKeyInfo:
    """Trust the public key of another gate, an agency or a workstation of another system.

    Raises:
        PermissionDenied: the role may not manage keys.
        UserInputError: no name, an unknown kind, not a public key, or a key
            already trusted or once revoked (a revoked key is never trusted again).
    """
    require(actor.role, Action.MANAGE_KEYS)
    require_server(db)  # who is who is the server's, never queued on a copy
    name = " ".join(name.split())
    if not name or len(name) > MAX_NAME:
        raise UserInputError(_("A trusted key needs a name of at most {limit} characters.")
                             .format(limit=MAX_NAME))
    try:
        key_kind = KeyKind(kind)
    except ValueError:
        raise UserInputError(_("'{kind}' is not a kind of key: gate, agency or workstation.")
                             .format(kind=kind)) from None
    key = _clean_key(public_hex)
    with db.session() as session:
        gate_of(session, actor)
        require_security_writes(session)
        existing = session.scalars(
            select(TrustedKey).where(TrustedKey.public_key == key)).one_or_none()
        if existing is not None:
            if existing.revoked_at is not None:
                raise UserInputError(_("The key {fingerprint} was revoked; a revoked key is "
                                       "never trusted again.").format(
                    fingerprint=fingerprint(key)))
            raise UserInputError(_("The key {fingerprint} is trusted already, as '{name}'.")
                                 .format(fingerprint=fingerprint(key), name=existing.name))
        row = TrustedKey(id=new_id(), name=name, kind=key_kind.value, public_key=key,
                         created_at=utc_now(), workstation_id=actor.workstation_id,
                         created_by=actor.officer_id)
        session.add(row)
        try:
            session.flush()
        except IntegrityError:
            # Another administrator added the same key a moment ago.
            raise UserInputError(_("The key {fingerprint} is trusted already.").format(
                fingerprint=fingerprint(key))) from None
        append_event(
            session, workstation_id=actor.workstation_id, officer_id=actor.officer_id,
            action="key.trusted", entity="trusted_key", entity_id=str(row.id),
            payload={"name": name, "kind": key_kind.value, "public_key": key,
                     "fingerprint": fingerprint(key)},
            at=row.created_at,
        )
        return _info(row, actor.full_name)


def revoke_key(db: Database, actor: Actor, key_id: UUID) -> None:
    """Stop trusting a key: bundles it signs are refused from now on. The row stays.

    Raises:
        PermissionDenied: the role may not manage keys.
        UserInputError: no such key, or it is revoked already.
    """
    require(actor.role, Action.MANAGE_KEYS)
    require_server(db)  # who is who is the server's, never queued on a copy
    with db.session() as session:
        gate_of(session, actor)
        require_security_writes(session)
        row = session.get(TrustedKey, key_id)
        if row is None:
            raise UserInputError(_("There is no such trusted key."))
        if row.revoked_at is not None:
            raise UserInputError(_("The key '{name}' is revoked already.").format(name=row.name))
        row.revoked_at = utc_now()
        append_event(
            session, workstation_id=actor.workstation_id, officer_id=actor.officer_id,
            action="key.revoked", entity="trusted_key", entity_id=str(row.id),
            payload={"name": row.name, "kind": row.kind, "public_key": row.public_key},
            at=row.revoked_at,
        )


def is_trusted(session: Session, public_hex: str) -> bool:
    """Whether a key is trusted: an unrevoked trusted key, or a workstation of this database."""
    key = public_hex.strip().lower()
    if not key:
        return False
    trusted = session.scalar(
        select(TrustedKey.id).where(TrustedKey.public_key == key,
                                    TrustedKey.revoked_at.is_(None)).limit(1))
    if trusted is not None:
        return True
    return session.scalar(
        select(Workstation.id).where(Workstation.public_key == key).limit(1)) is not None
