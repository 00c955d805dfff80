"""Which status a crossing may move to next, and which section of its view records the move."""

from __future__ import annotations

from borderdesk.domain.crossing import CrossingStatus, Stage

_S = CrossingStatus
NEXT: dict[CrossingStatus, frozenset[CrossingStatus]] = {
    _S.ARRIVED: frozenset({_S.DOCUMENTS, _S.INSPECTION, _S.RELEASED, _S.HELD, _S.CANCELLED}),
    _S.DOCUMENTS: frozenset({_S.DOCUMENTS, _S.INSPECTION, _S.RELEASED, _S.HELD, _S.CANCELLED}),
    _S.INSPECTION: frozenset({_S.INSPECTION, _S.RELEASED, _S.HELD, _S.CANCELLED}),
    _S.HELD: frozenset({_S.INSPECTION, _S.RELEASED, _S.CANCELLED}),
    # Released and cancelled crossings are closed: a correction is a new crossing.
    _S.RELEASED: frozenset(),
    _S.CANCELLED: frozenset(),
}


def may_move(current: CrossingStatus, target: CrossingStatus) -> bool:
    """Whether a crossing in ``current`` may move to ``target``."""
    return target in NEXT[current]


def stage_of_move(current: CrossingStatus, target: CrossingStatus) -> Stage:
    """The section of the crossing view a move from ``current`` to ``target`` belongs to."""
    if target == _S.CANCELLED:
        return Stage.ARRIVAL
    if target == _S.DOCUMENTS:
        return Stage.DOCUMENTS
    if target in (_S.INSPECTION, _S.HELD):
        return Stage.INSPECTION
    # A release closes the stage the crossing was in: documents for a green lane.
    return Stage.INSPECTION if current in (_S.INSPECTION, _S.HELD) else Stage.DOCUMENTS
