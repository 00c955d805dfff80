"""Every enumerated value has its own officer-facing name."""

from __future__ import annotations

from borderdesk.domain.crossing import Channel, CrossingStatus, Direction, Stage, label


def test_statuses_and_stages_sharing_a_value_keep_their_own_names() -> None:
    assert label(CrossingStatus.DOCUMENTS) == "Documents check"
    assert label(Stage.DOCUMENTS) == "Documents and checks"
    assert label(CrossingStatus.INSPECTION) == "Physical inspection"
    assert label(Stage.INSPECTION) == "Inspection"


def test_every_value_is_labelled() -> None:
    for enum in (Direction, CrossingStatus, Channel, Stage):
        names = [label(v) for v in enum]
        assert all(names) and len(set(names)) == len(names)
