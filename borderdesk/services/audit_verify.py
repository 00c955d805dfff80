"""Verifying every workstation's audit chain, and what the chains record of the gate.

The chains are walked by ``services.parallel_verify`` (a page of events per
short transaction, on every core when there is enough to walk; it looks up
events by hash once a chain is broken and checks that evidence files still
have the SHA-256 their events recorded). Around the walk, this module chooses
the workstations of a gate (those whose row names it and those the chains
record at it), holds the chains to printed checkpoints, replays the security
state from the signed events and compares it with the rows, and pins each
workstation's key on this computer.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from sqlalchemy import or_, select

from borderdesk.access.permissions import Action, require
from borderdesk.custody.chain import Checkpoint
from borderdesk.custody.security_state import (
    RecordedState,
    SecurityRows,
    workstation_subject,
)
from borderdesk.domain.custody import ChainHead, ChainProblem, ChainReport, StateFinding
from borderdesk.domain.officer import Actor
from borderdesk.errors import UserInputError
from borderdesk.i18n import _
from borderdesk.services.keys import database_id, pin_keys, pinned_keys
from borderdesk.services.parallel_verify import ChainToWalk, walk_chains
from borderdesk.services.security_state import read_security, state_findings
from borderdesk.services.workstations import gate_of
from borderdesk.storage.engine import Database
from borderdesk.storage.models import Gate, Workstation
from borderdesk.storage.offline.gate_database import require_server

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

