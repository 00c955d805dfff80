"""A workstation process for the accept race: accepts each handoff when the barrier opens.

Its own module so that ``multiprocessing`` with ``spawn`` can import it.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from borderdesk.domain.custody import ItemConfirmation
from borderdesk.domain.officer import Actor


def accept_each(url: str, actor: Actor, rounds: list[tuple[UUID, list[UUID]]], start: Any,
                results: Any) -> None:
    """Accept every handoff of ``rounds`` in turn, all at once with the other process."""
    from borderdesk import i18n
    from borderdesk.errors import ConcurrentChange
    from borderdesk.services.handoffs import accept_handoff
    from borderdesk.storage.engine import Database

    # A spawned process starts in the default language; the test reads English.
    i18n.set_language("en")

    db = Database(url)
    db.ping()
    try:
        for handoff_id, item_ids in rounds:
            start.wait(timeout=60)
            try:
                accept_handoff(db, actor, handoff_id, [ItemConfirmation(i) for i in item_ids])
                results.put((str(handoff_id), actor.username, "won", ""))
            except ConcurrentChange as error:
                results.put((str(handoff_id), actor.username, "lost", str(error)))
    finally:
        db.dispose()
