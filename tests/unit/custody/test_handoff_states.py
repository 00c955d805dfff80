"""Which handoff state follows which, who may move it, and who holds the items after."""

from __future__ import annotations

from uuid import UUID

import pytest

from borderdesk.custody.handoff_states import (
    NEXT,
    check_change,
    check_holder,
    check_send,
    holder_after,
    may_change,
    missing_items,
    unknown_items,
)
from borderdesk.domain.custody import Agency, HandoffState
from borderdesk.errors import ConcurrentChange, PermissionDenied, UserInputError

P, A, D, R = (HandoffState.PENDING, HandoffState.ACCEPTED, HandoffState.DISPUTED,
              HandoffState.RETURNED)
ONE, TWO, THREE = (UUID(int=1), UUID(int=2), UUID(int=3))


def test_only_a_pending_handoff_moves_and_never_back_to_pending() -> None:
    assert set(NEXT) == set(HandoffState)
    for current in HandoffState:
        for target in HandoffState:
            assert may_change(current, target) == (current is P and target is not P)


def test_an_agency_hands_over_to_another_one_only() -> None:
    assert check_send(Agency.BORDER_GUARD, Agency.CUSTOMS) is Agency.BORDER_GUARD
    with pytest.raises(UserInputError, match=r"another agency than your own \(Customs\)"):
        check_send(Agency.CUSTOMS, Agency.CUSTOMS)
    with pytest.raises(PermissionDenied, match="Only an officer of an agency"):
        check_send(None, Agency.POLICE)


@pytest.mark.parametrize("target", [A, D, R])
def test_only_the_receiving_agency_settles_a_pending_handoff(target: HandoffState) -> None:
    check_change(P, target, actor_agency=Agency.POLICE, receiver=Agency.POLICE)
    for other in (Agency.CUSTOMS, None):
        with pytest.raises(PermissionDenied, match="Only Police may"):
            check_change(P, target, actor_agency=other, receiver=Agency.POLICE)


@pytest.mark.parametrize("current", [A, D, R])
def test_a_settled_handoff_is_refused_as_a_concurrent_change(current: HandoffState) -> None:
    with pytest.raises(ConcurrentChange, match=f"already {current.value}"):
        check_change(current, A, actor_agency=Agency.CUSTOMS, receiver=Agency.CUSTOMS)


def test_custody_passes_only_on_acceptance() -> None:
    sender, receiver = Agency.CUSTOMS, Agency.MARKET_CONTROL
    assert holder_after(A, sender, receiver) is receiver
    for state in (P, D, R):
        assert holder_after(state, sender, receiver) is sender


def test_missing_and_unknown_items_are_named_in_order() -> None:
    assert missing_items([ONE, TWO, THREE], [TWO]) == (ONE, THREE)
    assert missing_items([ONE], [ONE]) == ()
    assert unknown_items([ONE, TWO], [TWO, THREE, TWO, ONE]) == (THREE, TWO)
    assert unknown_items([ONE], []) == ()


def test_only_the_holder_hands_seized_goods_over_and_one_handoff_at_a_time() -> None:
    check_holder(Agency.CUSTOMS, Agency.CUSTOMS, on_the_way=False)
    with pytest.raises(UserInputError, match="Police holds these goods now: only Police"):
        check_holder(Agency.CUSTOMS, Agency.POLICE, on_the_way=False)
    with pytest.raises(UserInputError, match="already being handed over"):
        check_holder(Agency.CUSTOMS, Agency.CUSTOMS, on_the_way=True)
