"""The gate's random draws: picking otherwise-green crossings, and the inspector of a red one.

A channel draw is made once per crossing, at its first check, and kept: a
later check reuses it, so running the checks again cannot undo a pick (or
make one). An inspector draw is made once when a red crossing first needs its
physical inspection, among the customs officers on shift — those logged in at
the gate within ``SHIFT_HOURS`` and not logged out since — and only the
officer drawn records that inspection. Both are ``selection_draws`` rows with
the key's fingerprint and the ticket, so ``verify_draws`` can redo them.

The gate's secret is made the first time a draw needs it (``selection_keys``
holds one per gate; the application may add it but never change it).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from borderdesk.access.permissions import Action, require
from borderdesk.domain.crossing import Channel
from borderdesk.domain.officer import Actor, Role
from borderdesk.errors import UserInputError
from borderdesk.i18n import _
from borderdesk.rules.selection import (
    CHANNEL_DRAW,
    INSPECTOR_DRAW,
    ChannelPick,
    channel_pick,
    fingerprint,
    inspector_pick,
    ticket,
)
from borderdesk.rules.settings import SelectivitySettings
from borderdesk.services.audit import append_event
from borderdesk.services.check_records import officer_name
from borderdesk.services.evidence import crossing_at_gate
from borderdesk.storage.engine import Database
from borderdesk.storage.models import LoginEvent, Officer, SelectionDraw, SelectionKey
from borderdesk.storage.models.base import utc_now

SHIFT_HOURS = 12
KEY_BYTES = 32


def _key_of(session: Session, gate_id: UUID) -> SelectionKey | None:
    return session.scalars(select(SelectionKey).where(SelectionKey.gate_id == gate_id)).first()


def _gate_key(session: Session, actor: Actor) -> SelectionKey:
    found = _key_of(session, actor.gate_id)
    if found is not None:
        return found
    secret = secrets.token_bytes(KEY_BYTES)
    key = SelectionKey(gate_id=actor.gate_id, secret=secret, fingerprint=fingerprint(secret),
                       workstation_id=actor.workstation_id, created_by=actor.officer_id)
    try:
        with session.begin_nested():
            session.add(key)
            session.flush()
    except IntegrityError:
        # Another workstation made the gate's key at the same moment: use that one.
        found = _key_of(session, actor.gate_id)
        if found is None:  # pragma: no cover - the unique key was there a moment ago
            raise
        return found
    append_event(session, workstation_id=actor.workstation_id, officer_id=actor.officer_id,
                 action="selection.key_made", entity="gate", entity_id=str(actor.gate_id),
                 payload={"fingerprint": key.fingerprint})
    return key


def _draw(session: Session, crossing_id: UUID, purpose: str) -> SelectionDraw | None:
    return session.scalars(select(SelectionDraw).where(
        SelectionDraw.crossing_id == crossing_id, SelectionDraw.purpose == purpose)).first()


def _stored_pick(draw: SelectionDraw) -> ChannelPick:
    parameters = draw.parameters
    return ChannelPick(
        channel=None if draw.outcome == "none" else Channel(draw.outcome),
        fraction=Decimal(str(parameters.get("fraction", "1"))),
        random_rate=Decimal(str(parameters.get("random_rate", "0"))),
        red_share=Decimal(str(parameters.get("red_share", "0"))),
    )


def channel_draw(session: Session, actor: Actor, crossing_id: UUID, check_run_id: UUID,
                 settings: SelectivitySettings) -> ChannelPick:
    """The crossing's channel draw: made now at its first check, else the one made then.

    The new draw row refers to ``check_run_id``, the run about to be added in the
    same transaction; it is written when that run is.
    """
    made = _draw(session, crossing_id, CHANNEL_DRAW)
    if made is not None:
        return _stored_pick(made)
    key = _gate_key(session, actor)
    drawn = ticket(key.secret, crossing_id, CHANNEL_DRAW)
    pick = channel_pick(drawn, settings)
    session.add(SelectionDraw(
        crossing_id=crossing_id, purpose=CHANNEL_DRAW, check_run_id=check_run_id,
        key_fingerprint=key.fingerprint, ticket=drawn,
        outcome=_outcome(pick),
        parameters={"fraction": str(pick.fraction), "random_rate": str(pick.random_rate),
                    "red_share": str(pick.red_share)},
        workstation_id=actor.workstation_id, created_by=actor.officer_id,
    ))
    return pick


def on_shift(session: Session, gate_id: UUID) -> list[UUID]:
    """Customs officers of the gate logged in within the last shift and not logged out since."""
    since = utc_now() - timedelta(hours=SHIFT_HOURS)
    rows = session.execute(
        select(LoginEvent.officer_id, LoginEvent.kind)
        .join(Officer, Officer.id == LoginEvent.officer_id)
        .where(Officer.gate_id == gate_id, Officer.role == Role.CUSTOMS_OFFICER.value,
               Officer.active.is_(True), LoginEvent.at >= since,
               LoginEvent.kind.in_(("login", "logout")))
        .order_by(LoginEvent.at, LoginEvent.id)
    ).all()
    present: dict[UUID, bool] = {}
    for officer_id, kind in rows:
        if officer_id is not None:
            present[officer_id] = kind == "login"
    return sorted((officer for officer, here in present.items() if here), key=str)


def inspector_draw(session: Session, actor: Actor, crossing_id: UUID) -> UUID | None:
    """The officer drawn to inspect the red crossing: drawn now among those on shift when
    nobody was yet, else the one drawn then; None when nobody is on shift to draw from."""
    made = _draw(session, crossing_id, INSPECTOR_DRAW)
    if made is not None:
        return UUID(made.outcome)
    officers = on_shift(session, actor.gate_id)
    if not officers:
        return None
    key = _gate_key(session, actor)
    drawn = ticket(key.secret, crossing_id, INSPECTOR_DRAW)
    chosen = inspector_pick(drawn, officers)
    assert chosen is not None
    session.add(SelectionDraw(
        crossing_id=crossing_id, purpose=INSPECTOR_DRAW, check_run_id=None,
        key_fingerprint=key.fingerprint, ticket=drawn, outcome=str(chosen),
        parameters={"officers": [str(officer) for officer in officers]},
        workstation_id=actor.workstation_id, created_by=actor.officer_id,
    ))
    session.flush()
    append_event(session, workstation_id=actor.workstation_id, officer_id=actor.officer_id,
                 action="selection.inspector_drawn", entity="crossing",
                 entity_id=str(crossing_id),
                 payload={"officer_id": str(chosen), "among": len(officers)})
    return chosen


def refuse_unless_drawn(session: Session, actor: Actor, crossing_id: UUID) -> None:
    """Refuse a physical inspection of a red crossing by anyone but the officer drawn for it.

    Raises:
        UserInputError: naming the officer drawn.
    """
    chosen = inspector_draw(session, actor, crossing_id)
    if chosen is not None and chosen != actor.officer_id:
        raise UserInputError(
            _("The inspection of this red crossing was drawn for {officer}: only they record "
              "it.").format(officer=officer_name(session, chosen) or str(chosen)))


def _outcome(pick: ChannelPick) -> str:
    return pick.channel.value if pick.channel else "none"


def _redone(secret: bytes, crossing_id: UUID, draw: SelectionDraw) -> str | None:
    """The draw's outcome made again with ``secret``; None when its ticket is another."""
    drawn = ticket(secret, crossing_id, draw.purpose)
    if drawn != draw.ticket:
        return None
    if draw.purpose == CHANNEL_DRAW:
        stored = _stored_pick(draw)
        return _outcome(channel_pick(drawn, SelectivitySettings(stored.random_rate,
                                                                stored.red_share)))
    listed = draw.parameters.get("officers", [])
    chosen = inspector_pick(drawn, [UUID(str(o)) for o in listed]
                            if isinstance(listed, list) else [])
    return str(chosen) if chosen else "none"


@dataclass(frozen=True)
class DrawCheck:
    """A draw redone with the gate's key: what was recorded and what the key gives now."""

    purpose: str
    recorded: str
    redone: str | None
    """None when the gate's key is not the one the draw was made with."""
    key_matches: bool
    officer: str
    at: str

    @property
    def holds(self) -> bool:
        """The key is the same and gives the same outcome."""
        return self.key_matches and self.redone == self.recorded


def verify_draws(db: Database, actor: Actor, crossing_id: UUID) -> list[DrawCheck]:
    """Redo every draw of the crossing with the gate's key (supervisors).

    Raises:
        PermissionDenied: only supervisors verify draws.
        UserInputError: an unknown crossing.
    """
    require(actor.role, Action.APPROVE_OVERRIDE)
    with db.session() as session:
        crossing_at_gate(session, actor, crossing_id)
        key = _key_of(session, actor.gate_id)
        draws = session.scalars(select(SelectionDraw)
                                .where(SelectionDraw.crossing_id == crossing_id)
                                .order_by(SelectionDraw.created_at)).all()
        checks: list[DrawCheck] = []
        for draw in draws:
            same_key = key is not None and key.fingerprint == draw.key_fingerprint \
                and fingerprint(key.secret) == key.fingerprint
            redone = _redone(key.secret, crossing_id, draw) if key and same_key else None
            checks.append(DrawCheck(draw.purpose, draw.outcome, redone, redone is not None,
                                    officer_name(session, draw.created_by),
                                    draw.created_at.isoformat()))
        return checks
