"""Officers who stand out against the gate's own average: a reason to look, not a verdict.

An officer is an outlier in a measure (channels lowered, red crossings
released without a physical inspection, late handoffs) when their count is
at least ``MIN_COUNT`` and more than ``FACTOR`` times the average of the
gate's other officers active in the same period. Comparing with the others
(not with an average that includes the officer) keeps one officer who does
it all from hiding in their own figure; an officer alone has no one to be
compared with.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

MIN_COUNT = 3
FACTOR = 2


def outliers(counts: Mapping[str, int], officers: Sequence[str], *,
             min_count: int = MIN_COUNT, factor: float = FACTOR
             ) -> list[tuple[str, int, float]]:
    """The officers standing out in one measure: (officer, count, the others' average).

    Args:
        counts: the measure per officer (an officer not named counts 0).
        officers: every officer active in the period, in the order to report them.
    """
    found = []
    for officer in officers:
        count = counts.get(officer, 0)
        others = [counts.get(other, 0) for other in officers if other != officer]
        if not others:
            break  # one officer alone has nobody to stand out from
        average = sum(others) / len(others)
        if count >= min_count and count > factor * average:
            found.append((officer, count, average))
    return found
