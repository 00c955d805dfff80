"""Headquarters: subscribing to the gates, their status, and verifying every gate's chain.

Headquarters' database is read only (``docs/deploy.md``): nobody logs in
there as a workstation and no row is written. Its officers are the gates'
officers, replicated; an officer acting there is checked with
``auth.confirm_officer`` (nothing recorded) and the permission table decides
what the role may do, as everywhere else.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from borderdesk.access.permissions import Action, require
from borderdesk.custody.chain import Checkpoint
from borderdesk.domain.custody import ChainReport
from borderdesk.domain.officer import Actor
from borderdesk.errors import PermissionDenied
from borderdesk.i18n import _
from borderdesk.services.audit_verify import verify_chains
from borderdesk.storage.engine import Database
from borderdesk.storage.models import Officer
from borderdesk.storage.replication import GateSubscription, subscribe, subscriptions


def is_headquarters(db: Database) -> bool:
    """Whether ``db`` is a headquarters database: it subscribes to at least one gate.

    Raises:
        EnvironmentProblem: the server refused to list its subscriptions.
    """
    return bool(subscriptions(db))


def holds_officers(db: Database) -> bool:
    """Whether any officer is in ``db`` yet (headquarters has none before its first gate)."""
    with db.session() as session:
        return session.scalar(select(Officer.id).limit(1)) is not None


def subscribe_gate(db: Database, actor: Actor | None, gate: str, conninfo: str,
                   copy_data: bool = True) -> bool:
    """Subscribe headquarters to ``gate``; True when the subscription is new.

    Args:
        actor: the administrator acting; None only for the first gate of a
            headquarters that holds no officer yet (its database owner's
            bootstrap, like ``init``).

    Raises:
        PermissionDenied: the role may not manage replication, or no officer
            acts although headquarters holds officers.
    """
    if actor is not None:
        require(actor.role, Action.MANAGE_REPLICATION)
    elif holds_officers(db):
        raise PermissionDenied(_("Headquarters holds officers now: an administrator must act."))
    return subscribe(db, gate, conninfo, copy_data=copy_data)


def gate_subscriptions(db: Database, actor: Actor) -> list[GateSubscription]:
    """Every gate's subscription and its lag.

    Raises:
        PermissionDenied: the role may not manage replication.
    """
    require(actor.role, Action.MANAGE_REPLICATION)
    return subscriptions(db)


def verify_every_gate(db: Database, actor: Actor,
                      checkpoints: Sequence[Checkpoint] = ()) -> ChainReport:
    """Verify every workstation's chain of every gate headquarters holds.

    Raises:
        PermissionDenied: the role may not verify the audit chain.
    """
    require(actor.role, Action.VERIFY_AUDIT)
    return verify_chains(db, checkpoints=checkpoints)
