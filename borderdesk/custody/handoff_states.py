"""Which state of a handoff may follow which, which agency may move it, and who holds after.

Pure: the handoff services ask these functions before they write, so the
rules hold whichever face (window, command line, bundle import) asked.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from uuid import UUID

from borderdesk.domain.custody import Agency, HandoffState, custody_label
from borderdesk.errors import ConcurrentChange, PermissionDenied, UserInputError
from borderdesk.i18n import _

_H = HandoffState
NEXT: dict[HandoffState, frozenset[HandoffState]] = {
    _H.PENDING: frozenset({_H.ACCEPTED, _H.DISPUTED, _H.RETURNED}),
    # Settled handoffs stay settled: a correction is a new handoff.
    _H.ACCEPTED: frozenset(),
    _H.DISPUTED: frozenset(),
    _H.RETURNED: frozenset(),
}


def may_change(current: HandoffState, target: HandoffState) -> bool:
    """Whether a handoff in ``current`` may move to ``target``."""
    return target in NEXT[current]


def check_send(sender: Agency | None, receiver: Agency) -> Agency:
    """The sending agency, once it is one that may hand over to ``receiver``.

    Raises:
        PermissionDenied: the officer works for no agency (supervisor, administrator).
        UserInputError: an agency cannot hand over to itself.
    """
    if sender is None:
        raise PermissionDenied(_("Only an officer of an agency hands over."))
    if sender == receiver:
        raise UserInputError(_("A handoff goes to another agency than your own ({agency}).")
                             .format(agency=custody_label(sender)))
    return sender


def check_change(current: HandoffState, target: HandoffState, *, actor_agency: Agency | None,
                 receiver: Agency) -> None:
    """Refuse a move of a handoff that ``actor_agency`` may not make now.

    Only the receiving agency accepts, disputes or returns; a settled handoff
    no longer moves (the service says who settled it, this says that it is).

    Raises:
        PermissionDenied: the officer is not of the receiving agency.
        ConcurrentChange: the handoff is no longer pending.
    """
    if actor_agency != receiver:
        raise PermissionDenied(_("Only {agency} may accept, dispute or return this handoff.")
                               .format(agency=custody_label(receiver)))
    if not may_change(current, target):
        raise ConcurrentChange(_("This handoff is already {state}.")
                               .format(state=custody_label(current).lower()))


def holder_after(state: HandoffState, sender: Agency, receiver: Agency) -> Agency:
    """The agency that holds the items once the handoff is in ``state``.

    Only an accepted handoff moves custody; pending, disputed and returned
    ones leave the items with the sender.
    """
    return receiver if state is HandoffState.ACCEPTED else sender


def check_holder(sender: Agency, holder: Agency, *, on_the_way: bool) -> None:
    """Refuse to hand over seized goods the sending agency does not hold now.

    Goods already on their way in a pending handoff are handed over by nobody
    until that handoff is accepted, disputed or returned: a chain of custody
    has one link at a time.

    Raises:
        UserInputError: the goods are on their way, or another agency holds them.
    """
    if on_the_way:
        raise UserInputError(_("These goods are already being handed over: wait until that "
                               "handoff is accepted, disputed or returned."))
    if sender != holder:
        raise UserInputError(_("{holder} holds these goods now: only {holder} may hand them "
                               "over.").format(holder=custody_label(holder)))


def missing_items(item_ids: Sequence[UUID], confirmed: Iterable[UUID]) -> tuple[UUID, ...]:
    """The items (in their order) that have no confirmation among ``confirmed``."""
    seen = set(confirmed)
    return tuple(item for item in item_ids if item not in seen)


def unknown_items(item_ids: Iterable[UUID], named: Sequence[UUID]) -> tuple[UUID, ...]:
    """The ids of ``named`` that are not items of the handoff, or named twice."""
    known = set(item_ids)
    seen: set[UUID] = set()
    wrong = []
    for item in named:
        if item not in known or item in seen:
            wrong.append(item)
        seen.add(item)
    return tuple(wrong)
