"""The queue's search prefixes, crossing references and the moves a crossing may make."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest

from borderdesk.domain.crossing import Channel, CrossingAction, CrossingStatus, Stage
from borderdesk.rules.flow import stage_of_move
from borderdesk.rules.search import crossing_reference, prefix_upper_bound, search_terms


@pytest.mark.parametrize(("prefix", "bound"), [
    ("74C", "74D"), ("74C9", "74CA"), ("74Z", "75"), ("ZZ", None), ("9", "A"),
])
def test_prefix_upper_bound(prefix: str, bound: str | None) -> None:
    assert prefix_upper_bound(prefix) == bound


def test_every_text_with_the_prefix_falls_inside_the_bounds() -> None:
    for prefix in ("74C", "74C9", "CSQU3", "74Z"):
        bound = prefix_upper_bound(prefix)
        assert bound is not None
        for tail in ("", "0", "9", "A", "Z", "ZZZZ", "99999"):
            assert prefix <= prefix + tail < bound
        assert not prefix <= bound < bound


def test_prefix_must_be_normalised() -> None:
    with pytest.raises(ValueError, match="not normalised"):
        prefix_upper_bound("74c")


def test_search_terms_tell_plates_from_containers() -> None:
    assert search_terms("74c-123") == ("plate", "74C123")
    assert search_terms(" csqu 3054 ") == ("container", "CSQU3054")
    assert search_terms(" - ") == ("", "")


def test_reference_has_gate_letters_local_date_and_a_random_tail() -> None:
    ref = crossing_reference("LAOBAO", date(2026, 11, 25), UUID(int=(1 << 60) + 12345))
    assert ref.startswith("LA-261125-")
    assert len(ref) == len("LA-261125-7F3K2")
    other = crossing_reference("LAOBAO", date(2026, 11, 25), UUID(int=(1 << 60) + 12346))
    assert other != ref
    assert not set(ref[-5:]) & set("ILOU")


def test_closed_crossings_take_nothing_but_a_photo_and_checks_never_go_back() -> None:
    from borderdesk.services.crossing_lifecycle import after_check, refusal

    for closed in (CrossingStatus.RELEASED, CrossingStatus.CANCELLED):
        assert [a for a in CrossingAction if refusal(a, closed) is None] == [
            CrossingAction.ATTACH_EVIDENCE]
    for channel in Channel:
        assert after_check(CrossingStatus.HELD, channel) is CrossingStatus.HELD
        assert after_check(CrossingStatus.INSPECTION, channel) is CrossingStatus.INSPECTION
    assert after_check(CrossingStatus.ARRIVED, Channel.RED) is CrossingStatus.INSPECTION
    assert after_check(CrossingStatus.DOCUMENTS, Channel.YELLOW) is CrossingStatus.DOCUMENTS


@pytest.mark.parametrize(("current", "target", "stage"), [
    (CrossingStatus.ARRIVED, CrossingStatus.CANCELLED, Stage.ARRIVAL),
    (CrossingStatus.ARRIVED, CrossingStatus.DOCUMENTS, Stage.DOCUMENTS),
    (CrossingStatus.DOCUMENTS, CrossingStatus.INSPECTION, Stage.INSPECTION),
    (CrossingStatus.INSPECTION, CrossingStatus.HELD, Stage.INSPECTION),
    (CrossingStatus.DOCUMENTS, CrossingStatus.RELEASED, Stage.DOCUMENTS),
    (CrossingStatus.HELD, CrossingStatus.RELEASED, Stage.INSPECTION),
])
def test_each_move_belongs_to_a_section_of_the_crossing_view(
    current: CrossingStatus, target: CrossingStatus, stage: Stage
) -> None:
    assert stage_of_move(current, target) == stage
