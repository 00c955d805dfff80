"""A chain cut in stretches, each walked on its own, is reported exactly as the whole walk
reports it: the same first broken event, classified the same, whatever the cuts."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from itertools import combinations, pairwise
from uuid import UUID

import pytest
from chain_kit import PUBLIC, WS, edited, forged, make_chain, rehashed, renumbered, walk

from borderdesk.custody.chain import Checkpoint
from borderdesk.custody.signing import new_private_key, public_key_hex
from borderdesk.custody.verify import (
    KEY_REGISTERED,
    ChainEvent,
    ChainOutcome,
    join_segments,
    walk_segment,
)

THIEF = new_private_key()


def _stored(events: Sequence[ChainEvent]) -> list[ChainEvent]:
    # As the database hands them out: in seq order (seq is unique per workstation).
    return sorted(events, key=lambda event: event.seq)


def in_stretches(events: Sequence[ChainEvent], cuts: Sequence[int], *,
                 public_key: str = PUBLIC, pinned_key: str | None = None,
                 checkpoints: Sequence[Checkpoint] = (),
                 evidence: Callable[[ChainEvent], str] | None = None) -> ChainOutcome:
    """Walk ``events`` cut before the positions ``cuts``, as services.parallel_verify does:
    each stretch knows the event before it, the event after it, and whether the key was
    registered before it."""
    by_hash = {event.hash: event for event in events}
    bounds = [0, *cuts, len(events)]
    segments = [
        walk_segment(
            events[start:end], workstation_id=WS, workstation_name="BOOTH-1",
            public_key=public_key, before=events[start - 1] if start else None,
            beyond=events[end] if end < len(events) else None,
            registered=any(event.action == KEY_REGISTERED for event in events[:start]),
            pinned_key=pinned_key if start == 0 else None, find=by_hash.get,
            evidence=evidence, checkpoints=checkpoints)
        for start, end in pairwise(bounds)
    ]
    return join_segments(segments, workstation_id=WS, workstation_name="BOOTH-1",
                         checkpoints=checkpoints)


def _tamperings() -> dict[str, tuple[list[ChainEvent], dict[str, object]]]:
    chain = make_chain(8)
    unsigned = make_chain(8, key=None, registered_at=None)
    mark = Checkpoint("0000b001", 6, chain[5].hash[:16])
    return {
        "intact": (chain, {}),
        "intact, registered late": (make_chain(8, registered_at=4), {}),
        "edited": ([*chain[:4], edited(chain[4], payload="{}"), *chain[5:]], {}),
        "stored hash replaced": ([*chain[:3], replace(chain[3], hash="f" * 64), *chain[4:]], {}),
        "signature corrupted": ([*chain[:5], replace(chain[5], signature="0" * 128),
                                 *chain[6:]], {}),
        "deleted": ([*chain[:4], *chain[5:]], {}),
        "renumbered after a deletion": (
            [*chain[:3], *(renumbered(e, e.seq - 1) for e in chain[4:])], {}),
        "inserted": ([*chain[:4], forged(5, chain[3].hash, key=THIEF),
                      *(renumbered(e, e.seq + 1) for e in chain[4:])], {}),
        "copied to the end": ([*chain, ChainEvent(UUID(int=77), 9, chain[2].prev_hash,
                                                  chain[2].hash, chain[2].signature,
                                                  {**chain[2].fields, "seq": 9})], {}),
        "swapped": ([*chain[:4], renumbered(chain[5], 5), renumbered(chain[4], 6), *chain[6:]],
                    {}),
        "moved to the end": ([*chain[:3], *chain[4:], renumbered(chain[3], 9)], {}),
        "relinked and re-signed": ([*chain[:5], rehashed(chain[5], prev="a" * 64, key=THIEF),
                                    *chain[6:]], {}),
        "rehashed without the key": ([*chain[:5], rehashed(edited(chain[5], payload="{}")),
                                      *chain[6:]], {}),
        "unsigned after registration": ([*chain[:6], rehashed(chain[6]), chain[7]], {}),
        "never registered": (unsigned, {}),
        "unsigned chain relinked": ([*unsigned[:4], rehashed(unsigned[4], prev="c" * 64),
                                     *unsigned[5:]], {"public_key": ""}),
        "seq jump": ([*unsigned, forged(12, unsigned[-1].hash)], {"public_key": ""}),
        "key replaced": (make_chain(8, key=THIEF), {"public_key": public_key_hex(THIEF),
                                                    "pinned_key": PUBLIC}),
        "checkpoint holds": (chain, {"checkpoints": [mark]}),
        "rewritten under a checkpoint": (
            chain, {"checkpoints": [Checkpoint("0000b001", 6, "0" * 16)]}),
        "cut off before a checkpoint": (chain[:5], {"checkpoints": [mark]}),
        "evidence swapped": (chain, {"evidence": lambda e: "swapped" if e.seq == 7 else ""}),
    }


TAMPERINGS = _tamperings()


@pytest.mark.parametrize("name", TAMPERINGS)
def test_every_cut_reports_what_the_whole_walk_reports(name: str) -> None:
    events, options = TAMPERINGS[name]
    stored = _stored(events)
    whole = walk(stored, **options)
    for pieces in (1, 2):
        for cuts in combinations(range(1, len(stored)), pieces):
            assert in_stretches(stored, cuts, **options) == whole, (name, cuts)  # type: ignore[arg-type]


def test_an_empty_stretch_between_two_cuts_changes_nothing() -> None:
    events = _stored([*make_chain(8)[:4], *make_chain(8)[6:]])  # 5 and 6 deleted
    whole = walk(events)
    assert whole.problem is not None and whole.problem.seq == 5
    assert in_stretches(events, [4, 4]) == whole
    assert in_stretches(events, [len(events), len(events)]) == whole
