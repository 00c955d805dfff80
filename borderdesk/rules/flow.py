"""Which section of the crossing view records a move.

Which moves are allowed is ``services.crossing_lifecycle``'s table.
"""

from __future__ import annotations

from borderdesk.domain.crossing import CrossingStatus, Stage

_S = CrossingStatus


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
