"""The pure walk names the first broken event of a chain and how it was broken."""

from __future__ import annotations

from dataclasses import replace
from uuid import UUID

from chain_kit import (
    PUBLIC,
    edited,
    forged,
    make_chain,
    rehashed,
    renumbered,
    walk,
)

from borderdesk.custody.chain import GENESIS, Checkpoint
from borderdesk.custody.signing import new_private_key, public_key_hex
from borderdesk.custody.verify import ChainEvent
from borderdesk.domain.custody import ChainProblemKind as Kind


def first(outcome_events: list[ChainEvent], **options: object) -> tuple[Kind, int]:
    problem = walk(outcome_events, **options).problem
    assert problem is not None, "the tampering went unnoticed"
    assert problem.workstation_name == "BOOTH-1" and problem.detail
    return problem.kind, problem.seq


def test_an_intact_chain_reports_its_head_and_count() -> None:
    events = make_chain(6)
    outcome = walk(events)
    assert outcome.problem is None and outcome.events == 6
    assert outcome.head is not None
    assert (outcome.head.seq, outcome.head.hash) == (6, events[-1].hash)


def test_a_workstation_without_events_has_no_head() -> None:
    outcome = walk([])
    assert outcome == type(outcome)(head=None, events=0, problem=None)


def test_an_unsigned_chain_of_a_workstation_without_key_verifies() -> None:
    assert walk(make_chain(4, key=None, registered_at=None), public_key="").problem is None


def test_unsigned_events_before_the_key_was_registered_are_accepted() -> None:
    assert walk(make_chain(5, registered_at=3)).problem is None


def test_edited_content_is_changed() -> None:
    events = make_chain(6)
    events[2] = edited(events[2], payload='{"plate":"74C-99999"}')
    assert first(events) == (Kind.CHANGED, 3)


def test_an_edited_stored_hash_is_changed() -> None:
    events = make_chain(6)
    events[2] = replace(events[2], hash="f" * 64)
    assert first(events) == (Kind.CHANGED, 3)


def test_a_deleted_event_is_missing() -> None:
    events = make_chain(6)
    del events[2]
    problem = walk(events).problem
    assert problem is not None
    assert (problem.kind, problem.seq, problem.event_id) == (Kind.MISSING, 3, None)


def test_a_deleted_first_event_is_missing_even_without_lookups() -> None:
    events = make_chain(4, registered_at=2)
    assert first(events[1:], lookup=False) == (Kind.MISSING, 1)


def test_renumbering_after_a_deletion_shows_as_changed_seq() -> None:
    events = make_chain(6)
    events = events[:2] + [renumbered(e, e.seq - 1) for e in events[3:]]
    assert first(events) == (Kind.CHANGED, 3)


def test_an_event_squeezed_in_with_the_rest_renumbered_is_inserted() -> None:
    events = make_chain(6)
    extra = forged(3, events[1].hash, key=new_private_key())
    tampered = [*events[:2], extra, *(renumbered(e, e.seq + 1) for e in events[2:])]
    assert first(tampered) == (Kind.INSERTED, 3)


def test_an_inserted_event_with_a_made_up_link_is_inserted() -> None:
    events = make_chain(6)
    extra = forged(3, "a" * 64)
    tampered = [*events[:2], extra, *(renumbered(e, e.seq + 1) for e in events[2:])]
    assert first(tampered) == (Kind.INSERTED, 3)


def test_an_event_inserted_in_an_unsigned_chain_is_found_from_its_successor() -> None:
    events = make_chain(6, key=None, registered_at=None)
    extra = forged(3, events[1].hash)
    tampered = [*events[:2], extra, *(renumbered(e, e.seq + 1) for e in events[2:])]
    assert first(tampered, public_key="") == (Kind.INSERTED, 3)


def test_an_event_inserted_before_the_first_is_inserted() -> None:
    events = make_chain(4)
    assert first([forged(0, GENESIS), *events]) == (Kind.INSERTED, 0)


def test_a_copied_event_appended_at_the_end_is_inserted() -> None:
    events = make_chain(5)
    copy = ChainEvent(UUID(int=77), 6, events[1].prev_hash, events[1].hash, events[1].signature,
                      {**events[1].fields, "seq": 6, "id": UUID(int=77)})
    assert first([*events, copy]) == (Kind.INSERTED, 6)


def test_two_swapped_events_are_reordered() -> None:
    events = make_chain(6)
    swapped = [*events[:2], renumbered(events[3], 3), renumbered(events[2], 4), *events[4:]]
    assert first(swapped) == (Kind.REORDERED, 3)


def test_an_event_moved_to_the_end_is_reordered() -> None:
    events = make_chain(6)
    moved = [*events[:2], *events[3:], renumbered(events[2], 7)]
    assert first(moved) == (Kind.REORDERED, 4)


def test_a_changed_event_rehashed_without_the_key_has_a_bad_signature() -> None:
    events = make_chain(6)
    events[2] = rehashed(edited(events[2], payload='{"plate":"74C-99999"}'))
    assert first(events) == (Kind.BAD_SIGNATURE, 3)


def test_a_rewritten_chain_signed_with_another_key_has_a_bad_signature() -> None:
    thief = new_private_key()
    events = make_chain(6)
    events[4] = rehashed(edited(events[4], payload='{"plate":"74C-99999"}'), key=thief)
    events[5] = rehashed(events[5], prev=events[4].hash, key=thief)
    assert first(events) == (Kind.BAD_SIGNATURE, 5)


def test_a_relinked_event_without_the_key_has_a_bad_signature() -> None:
    events = make_chain(6)
    events[3] = rehashed(events[3], prev="b" * 64)
    assert first(events) == (Kind.BAD_SIGNATURE, 4)


def test_a_replaced_hash_in_an_unsigned_chain_is_changed_at_that_event() -> None:
    events = make_chain(6, key=None, registered_at=None)
    events[2] = rehashed(edited(events[2], payload='{"plate":"74C-99999"}'))
    assert first(events, public_key="") == (Kind.CHANGED, 3)


def test_a_first_event_linked_elsewhere_in_an_unsigned_chain_is_missing_its_predecessor() -> None:
    events = make_chain(3, key=None, registered_at=None)
    events[0] = rehashed(events[0], prev="c" * 64)
    assert first(events, public_key="") == (Kind.MISSING, 1)


def test_a_seq_jump_on_a_good_link_is_missing() -> None:
    events = make_chain(4, key=None, registered_at=None)
    jump = forged(9, events[-1].hash)
    assert first([*events, jump], public_key="") == (Kind.MISSING, 5)


def test_a_key_replaced_in_the_database_is_untrusted_by_the_pinned_one() -> None:
    thief = new_private_key()
    events = make_chain(4, key=thief)
    problem = walk(events, public_key=public_key_hex(thief), pinned_key=PUBLIC).problem
    assert problem is not None and (problem.kind, problem.seq) == (Kind.UNTRUSTED_KEY, 1)
    assert walk([], pinned_key="").problem is not None  # the key wiped from the database


def test_the_pinned_key_that_matches_is_no_problem() -> None:
    assert walk(make_chain(3), pinned_key=PUBLIC).problem is None


def test_a_registration_of_another_key_is_untrusted() -> None:
    events = make_chain(4)
    assert first(events, public_key=public_key_hex(new_private_key())) == \
        (Kind.BAD_SIGNATURE, 1)
    unsigned = make_chain(3, key=None)
    assert first(unsigned, public_key="") == (Kind.UNTRUSTED_KEY, 1)


def test_a_registration_with_an_unreadable_payload_is_untrusted() -> None:
    for payload in ("not json", "[1]"):
        events = make_chain(3, payload=lambda seq, _at, text=payload: text
                            if seq == 1 else "{}")
        assert first(events) == (Kind.UNTRUSTED_KEY, 1)


def test_unsigned_events_of_a_chain_that_never_registered_its_key_are_bad() -> None:
    events = make_chain(4, key=None, registered_at=None)
    assert first(events) == (Kind.BAD_SIGNATURE, 1)


def test_an_unsigned_event_after_the_registration_is_bad() -> None:
    events = make_chain(4)
    events[2] = rehashed(events[2])
    assert first(events) == (Kind.BAD_SIGNATURE, 3)


def test_changed_evidence_breaks_the_event_that_recorded_it() -> None:
    events = make_chain(4)
    outcome = walk(events, evidence=lambda e: "swapped" if e.seq == 3 else "")
    assert outcome.problem is not None
    assert (outcome.problem.kind, outcome.problem.seq) == (Kind.CHANGED, 3)


def test_a_checkpoint_the_chain_still_reaches_holds() -> None:
    events = make_chain(5)
    mark = Checkpoint("0000b001", 3, events[2].hash[:16])
    assert walk(events, checkpoints=[mark]).problem is None


def test_a_chain_truncated_before_a_checkpoint_is_cut_off() -> None:
    events = make_chain(5)
    mark = Checkpoint("0000b001", 5, events[4].hash[:16])
    problem = walk(events[:3], checkpoints=[mark]).problem
    assert problem is not None and (problem.kind, problem.seq) == (Kind.CUT_OFF, 5)
    assert first([], checkpoints=[mark]) == (Kind.CUT_OFF, 5)


def test_a_chain_rewritten_under_a_checkpoint_is_cut_off() -> None:
    events = make_chain(5)
    mark = Checkpoint("0000b001", 4, "0" * 16)
    assert first(events, checkpoints=[mark]) == (Kind.CUT_OFF, 4)


def test_the_earliest_end_problem_is_reported() -> None:
    events = make_chain(3, key=None, registered_at=None)
    mark = Checkpoint("0000b001", 9, "0" * 16)
    assert first(events, checkpoints=[mark]) == (Kind.BAD_SIGNATURE, 1)


def test_events_after_the_first_problem_are_still_counted() -> None:
    events = make_chain(6)
    events[1] = edited(events[1], payload="{}")
    outcome = walk(events)
    assert outcome.events == 6 and outcome.head is not None and outcome.head.seq == 6


def test_a_checkpoint_without_check_digits_says_a_typo_cannot_be_told_from_tampering() -> None:
    events = make_chain(5)
    for mark in (Checkpoint("0000b001", 4, "0" * 16, checked=False),
                 Checkpoint("0000b001", 9, "0" * 16, checked=False)):
        problem = walk(events, checkpoints=[mark]).problem
        assert problem is not None and problem.kind == Kind.CUT_OFF
        assert "no check digits" in problem.detail
    checked = walk(events, checkpoints=[Checkpoint("0000b001", 4, "0" * 16)]).problem
    assert checked is not None and "no check digits" not in checked.detail
