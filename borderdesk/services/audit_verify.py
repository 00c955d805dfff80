"""Verifying every workstation's audit chain, its signatures and the evidence it names.

The events are read a page at a time, in ``seq`` order, each page in its own
short transaction: a million events never sit in memory at once, and on
SQLite, where every transaction takes the write lock at ``BEGIN IMMEDIATE``,
the gate keeps working while a supervisor verifies. The walk itself is pure
(``custody.verify``); this module feeds it rows, looks up events by hash once
a chain is broken, checks that evidence files still have the SHA-256 their
events recorded, and pins each workstation's key on this computer.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from typing import Any
from uuid import UUID

from sqlalchemy import select

from borderdesk.access.permissions import Action, require
from borderdesk.custody.chain import Checkpoint, stored_event_fields
from borderdesk.custody.verify import ChainEvent, verify_chain
from borderdesk.domain.custody import ChainHead, ChainProblem, ChainReport
from borderdesk.domain.officer import Actor
from borderdesk.errors import UserInputError
from borderdesk.i18n import _
from borderdesk.services.keys import pin_keys, pinned_keys
from borderdesk.services.workstations import gate_of
from borderdesk.storage.engine import Database
from borderdesk.storage.models import AuditEvent, Evidence, EvidenceBlob, Workstation
from borderdesk.storage.offline.gate_database import require_server

PAGE = 5000
"""Events read per transaction."""

EVIDENCE_ATTACHED = "evidence.attached"

_COLUMNS = (
    AuditEvent.id, AuditEvent.workstation_id, AuditEvent.seq, AuditEvent.at,
    AuditEvent.officer_id, AuditEvent.action, AuditEvent.entity, AuditEvent.entity_id,
    AuditEvent.payload, AuditEvent.prev_hash, AuditEvent.hash, AuditEvent.signature,
    AuditEvent.workstation_at,
)


def _event(row: Any) -> ChainEvent:
    # ``row``: a Row of ``_COLUMNS``.
    fields = stored_event_fields(row)
    return ChainEvent(event_id=row.id, seq=row.seq, prev_hash=row.prev_hash, hash=row.hash,
                      signature=row.signature, fields=fields)


def _events(db: Database, workstation_id: UUID) -> Iterator[ChainEvent]:
    """The workstation's events in ``seq`` order, ``PAGE`` per transaction."""
    after: int | None = None
    while True:
        query = (select(*_COLUMNS).where(AuditEvent.workstation_id == workstation_id)
                 .order_by(AuditEvent.seq).limit(PAGE))
        if after is not None:
            query = query.where(AuditEvent.seq > after)
        with db.session() as session:
            rows = session.execute(query).all()
        yield from (_event(row) for row in rows)
        if len(rows) < PAGE:
            return
        after = rows[-1].seq


class _Lookups:
    """What the pure walk asks the database: an event by hash, the evidence of an event."""

    def __init__(self, db: Database, workstation_id: UUID) -> None:
        self.db = db
        self.workstation_id = workstation_id

    def find(self, event_hash: str) -> ChainEvent | None:
        with self.db.session() as session:
            row = session.execute(
                select(*_COLUMNS).where(AuditEvent.workstation_id == self.workstation_id,
                                        AuditEvent.hash == event_hash).limit(1)
            ).first()
        return _event(row) if row is not None else None

    def evidence(self, event: ChainEvent) -> str:
        """Why the evidence an ``evidence.attached`` event recorded is not what it recorded."""
        if event.action != EVIDENCE_ATTACHED:
            return ""
        try:
            payload = json.loads(event.payload)
        except ValueError:
            payload = None
        if not isinstance(payload, dict):
            # Only an unsigned chain re-hashed by hand gets here: the event itself was forged.
            return _("its payload is not one BorderDesk writes")
        sha256 = str(payload.get("sha256", ""))
        with self.db.session() as session:
            try:
                evidence = session.get(Evidence, UUID(str(event.fields["entity_id"])))
            except ValueError:
                evidence = None
            if evidence is None:
                return _("the evidence it records is gone")
            if evidence.blob_sha256 != sha256:
                return _("its evidence now points to another file than {sha256}").format(
                    sha256=sha256[:16])
            content = session.scalar(
                select(EvidenceBlob.content).where(EvidenceBlob.sha256 == sha256))
        if content is None:
            return _("the evidence file {sha256} is gone").format(sha256=sha256[:16])
        if hashlib.sha256(content).hexdigest() != sha256:
            return _("the evidence file {sha256} was replaced: its content has another "
                     "SHA-256").format(sha256=sha256[:16])
        return ""


def _checkpoints_by_workstation(
    checkpoints: Sequence[Checkpoint], workstation_ids: Sequence[UUID]
) -> dict[UUID, list[Checkpoint]]:
    found: dict[UUID, list[Checkpoint]] = {}
    for checkpoint in checkpoints:
        named = [ws for ws in workstation_ids if checkpoint.names(ws)]
        if len(named) != 1:
            text = f"{checkpoint.workstation}:{checkpoint.seq}:{checkpoint.hash_prefix}"
            raise UserInputError(
                _("The checkpoint {checkpoint} names no workstation of this database: "
                  "check what was copied.").format(checkpoint=text) if not named else
                _("The checkpoint {checkpoint} could be of several workstations: copy more "
                  "digits of the workstation.").format(checkpoint=text)
            )
        found.setdefault(named[0], []).append(checkpoint)
    return found


def verify_chains(db: Database, *, gate_id: UUID | None = None,
                  checkpoints: Sequence[Checkpoint] = ()) -> ChainReport:
    """Walk every workstation's chain (of one gate, when given) and report the first problems.

    Every workstation's key is pinned on this computer the first time it is
    seen; a later verification that finds another key in the database reports
    ``UNTRUSTED_KEY``.

    Args:
        checkpoints: printed chain heads (``custody.chain.parse_checkpoint``) the
            chains must still reach, with the same hashes.

    Raises:
        UserInputError: a checkpoint that names no workstation, or several.
        EnvironmentProblem: the database cannot be read, or the file of pinned keys.
    """
    require_server(db)
    query = select(Workstation.id, Workstation.name, Workstation.public_key).order_by(
        Workstation.name, Workstation.id)
    if gate_id is not None:
        query = query.where(Workstation.gate_id == gate_id)
    with db.session() as session:
        workstations = session.execute(query).all()
    by_workstation = _checkpoints_by_workstation(checkpoints, [ws.id for ws in workstations])
    pins = pinned_keys()
    heads: list[ChainHead] = []
    problems: list[ChainProblem] = []
    total = 0
    for ws in workstations:
        lookups = _Lookups(db, ws.id)
        outcome = verify_chain(
            _events(db, ws.id), workstation_id=ws.id, workstation_name=ws.name,
            public_key=ws.public_key, pinned_key=pins.get(ws.id), find=lookups.find,
            evidence=lookups.evidence, checkpoints=by_workstation.get(ws.id, ()),
        )
        total += outcome.events
        if outcome.head is not None:
            heads.append(outcome.head)
        if outcome.problem is not None:
            problems.append(outcome.problem)
    pin_keys({ws.id: ws.public_key for ws in workstations})
    return ChainReport(heads=tuple(heads), events=total, problems=tuple(problems))


def verify_for(db: Database, actor: Actor,
               checkpoints: Sequence[Checkpoint] = ()) -> ChainReport:
    """Verify the chains of the actor's gate (supervisors and administrators).

    Raises:
        PermissionDenied: the role may not verify the audit chain.
    """
    require(actor.role, Action.VERIFY_AUDIT)
    with db.session() as session:
        gate_of(session, actor)
    return verify_chains(db, gate_id=actor.gate_id, checkpoints=checkpoints)

