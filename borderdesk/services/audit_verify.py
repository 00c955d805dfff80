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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from sqlalchemy import or_, select

from borderdesk.access.permissions import Action, require
from borderdesk.custody.chain import Checkpoint, stored_event_fields
from borderdesk.custody.security_state import (
    RecordedState,
    SecurityRows,
    workstation_subject,
)
from borderdesk.custody.verify import ChainEvent
from borderdesk.domain.custody import ChainHead, ChainProblem, ChainReport, StateFinding
from borderdesk.domain.officer import Actor
from borderdesk.errors import UserInputError
from borderdesk.i18n import _
from borderdesk.services.keys import database_id, pin_keys, pinned_keys
from borderdesk.services.security_state import read_security, state_findings
from borderdesk.services.workstations import gate_of
from borderdesk.storage.engine import Database
from borderdesk.storage.models import AuditEvent, Evidence, EvidenceBlob, Gate, Workstation
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


# ---- What is checked around the walk: checkpoints, the security state, pins (issue 14)


@dataclass(frozen=True)
class _Scope:
    """Which workstations a verification walks, and what the chains record of the gate."""

    workstations: Sequence[Any]
    """Rows (id, name, public_key) to walk: the gate's, and those witnessed at it."""
    every_workstation: frozenset[UUID]
    recorded: RecordedState
    rows: SecurityRows
    """The security tables, read in the same snapshot as ``recorded``."""
    database: UUID | None
    gate_code: str | None


def _scope(db: Database, gate_id: UUID | None) -> _Scope:
    """The workstations to walk: of one gate, those whose row names it and those any chain
    records at it, even when their row now names another gate (moved behind our back)."""
    recorded, rows = read_security(db)
    query = select(Workstation.id, Workstation.name, Workstation.public_key).order_by(
        Workstation.name, Workstation.id)
    with db.session() as session:
        gate_code = None
        if gate_id is not None:
            gate = session.get(Gate, gate_id)
            gate_code = gate.code if gate else ""
            witnessed = [ws_id for ws_id, ws in recorded.workstations.items()
                         if ws.gate == gate_code]
            query = query.where(or_(Workstation.gate_id == gate_id,
                                    Workstation.id.in_(witnessed)))
        workstations = session.execute(query).all()
        every = frozenset(session.scalars(select(Workstation.id)))
        database = database_id(session)
    return _Scope(workstations=workstations, every_workstation=every, recorded=recorded,
                  rows=rows, database=database, gate_code=gate_code)


def _checkpoints_by_workstation(
    checkpoints: Sequence[Checkpoint], scope: _Scope
) -> tuple[dict[UUID, list[Checkpoint]], list[StateFinding]]:
    """Each checkpoint's workstation; a well-copied checkpoint of a workstation that is gone
    is a missing chain (a finding), not a typo."""
    walked = [ws.id for ws in scope.workstations]
    found: dict[UUID, list[Checkpoint]] = {}
    missing: list[StateFinding] = []
    for checkpoint in checkpoints:
        named = [ws for ws in walked if checkpoint.names(ws)]
        if len(named) == 1:
            found.setdefault(named[0], []).append(checkpoint)
            continue
        text = checkpoint.text() if checkpoint.checked else \
            f"{checkpoint.workstation}:{checkpoint.seq}:{checkpoint.hash_prefix}"
        if named:
            raise UserInputError(
                _("The checkpoint {checkpoint} could be of several workstations: copy more "
                  "digits of the workstation.").format(checkpoint=text))
        if any(checkpoint.names(ws) for ws in scope.every_workstation):
            raise UserInputError(_("The checkpoint {checkpoint} is of a workstation of "
                                   "another gate.").format(checkpoint=text))
        gone = [ws for ws in scope.recorded.workstations if checkpoint.names(ws)]
        if gone:
            recorded = scope.recorded.workstations[gone[0]]
            missing.append(StateFinding(
                workstation_subject(recorded.name, gone[0]),
                _("its chain is missing: the checkpoint {checkpoint} names it").format(
                    checkpoint=text),
                frozenset({recorded.gate}) if recorded.gate else frozenset()))
        elif checkpoint.checked:
            # Its check digits hold: it was copied right, so the workstation it names is gone.
            missing.append(StateFinding(
                _("checkpoint {checkpoint}").format(checkpoint=text),
                _("it names a workstation this database no longer has: its chain is "
                  "missing")))
        else:
            raise UserInputError(
                _("The checkpoint {checkpoint} names no workstation of this database, and "
                  "it has no check digits: check what was copied.").format(checkpoint=text))
    return found, missing


def _findings(scope: _Scope, pins: Mapping[UUID, str],
              missing: Sequence[StateFinding]) -> tuple[StateFinding, ...]:
    """The security state's differences with the chains, and the checkpoints' missing chains."""
    return (*state_findings(scope.recorded, scope.rows, gate_code=scope.gate_code, pins=pins),
            *missing)


def verify_chains(db: Database, *, gate_id: UUID | None = None,
                  checkpoints: Sequence[Checkpoint] = (),
                  progress: Callable[[int, int], None] | None = None) -> ChainReport:
    """Walk every workstation's chain (of one gate, when given) and report the first problems;
    replay the security state from the chains and report every row that differs.

    Every workstation's key is pinned on this computer, for this database, the
    first time it is seen; a later verification that finds another key in the
    database reports ``UNTRUSTED_KEY``, and one that finds a pinned workstation
    or its key gone names it.

    Args:
        checkpoints: printed chain heads (``custody.chain.parse_checkpoint``) the
            chains must still reach, with the same hashes.
        progress: told the events walked so far and the events in all, as the walk goes.

    Raises:
        UserInputError: a checkpoint without check digits that names no
            workstation, or one that names several.
        EnvironmentProblem: the database cannot be read, or the file of pinned keys.
    """
    require_server(db)
    scope = _scope(db, gate_id)
    workstations = scope.workstations
    by_workstation, missing = _checkpoints_by_workstation(checkpoints, scope)
    pins = pinned_keys(scope.database) if scope.database is not None else {}
    heads: list[ChainHead] = []
    problems: list[ChainProblem] = []
    total = 0
    # On every core when there is enough to walk; the import is here: it imports this module.
    from borderdesk.services.parallel_verify import ChainToWalk, walk_chains

    chains = [ChainToWalk(ws.id, ws.name, ws.public_key, pins.get(ws.id),
                          tuple(by_workstation.get(ws.id, ()))) for ws in workstations]
    for outcome in walk_chains(db, chains, progress=progress):
        total += outcome.events
        if outcome.head is not None:
            heads.append(outcome.head)
        if outcome.problem is not None:
            problems.append(outcome.problem)
    pin_keys(scope.database, {ws.id: ws.public_key for ws in workstations})
    return ChainReport(heads=tuple(heads), events=total, problems=tuple(problems),
                       findings=_findings(scope, pins, missing))


def verify_for(db: Database, actor: Actor, checkpoints: Sequence[Checkpoint] = (), *,
               progress: Callable[[int, int], None] | None = None) -> ChainReport:
    """Verify the chains of the actor's gate (supervisors and administrators).

    Raises:
        PermissionDenied: the role may not verify the audit chain.
    """
    require(actor.role, Action.VERIFY_AUDIT)
    with db.session() as session:
        gate_of(session, actor)
    return verify_chains(db, gate_id=actor.gate_id, checkpoints=checkpoints, progress=progress)

