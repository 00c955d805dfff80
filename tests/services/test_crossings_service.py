"""Registering arrivals, recalling regular trucks, the queue and the crossing view."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from gate_kit import GateSetup, arrival, earlier_today
from lifecycle_kit import checked
from sqlalchemy import func, select

from borderdesk.domain.crossing import (
    Channel,
    ContainerEntry,
    CrossingStatus,
    Direction,
    QueueFilter,
    QueueSort,
    Stage,
)
from borderdesk.domain.officer import Role
from borderdesk.errors import ConcurrentChange, InvalidForm, UserInputError
from borderdesk.services import crossings
from borderdesk.services.crossing_lifecycle import cancel_crossing
from borderdesk.services.overrides import OverrideResult, approve_override, override_channel
from borderdesk.storage.models import AuditEvent, Crossing, CrossingContainer

LAO_BAO = ZoneInfo("Asia/Ho_Chi_Minh")


def count(gate: GateSetup, model: type) -> int:
    with gate.db.session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_a_valid_arrival_is_saved_and_in_the_queue(gate: GateSetup) -> None:
    guard = gate.actor(Role.BORDER_GUARD)
    detail = crossings.register_arrival(gate.db, guard, arrival("74c12345"))
    today = datetime.now(LAO_BAO).strftime("%y%m%d")
    assert re.fullmatch(rf"LA-{today}-[0-9A-Z]{{5}}", detail.reference)
    assert detail.status == CrossingStatus.ARRIVED
    assert detail.tractor_plate == "74C-123.45"
    assert detail.containers == (ContainerEntry("CSQU3054383", ("A123456",)),)
    assert detail.registered_by == guard.full_name
    assert detail.workstation_name == gate.workstation.workstation_name
    assert detail.gate_name == "Cửa khẩu Quốc tế Lao Bảo"
    [entry] = detail.stage_entries(Stage.ARRIVAL)
    assert (entry.officer, entry.what) == (guard.full_name, "Registered the arrival in lane 2.")
    page = crossings.query_queue(gate.db, guard, QueueFilter())
    assert [row.reference for row in page.rows] == [detail.reference]
    assert page.rows[0].containers == ("CSQU3054383",)
    assert page.rows[0].registered_by == guard.full_name
    with gate.db.session() as session:
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "crossing.registered")
        ).one()
    assert event.entity_id == str(detail.crossing_id)
    assert event.officer_id == guard.officer_id


def test_an_invalid_arrival_names_each_field_and_saves_nothing(gate: GateSetup) -> None:
    guard = gate.actor(Role.BORDER_GUARD)
    events_before = count(gate, AuditEvent)
    form = arrival(lane="9", containers=(ContainerEntry("CSQU3054384"),))
    with pytest.raises(InvalidForm) as error:
        crossings.register_arrival(gate.db, guard, form)
    assert error.value.fields == {
        "lane": "Lane 9 is not a lane of this gate (1, 2, 3, 4, 5, 6).",
        "containers": "Container CSQU3054384: the check digit should be 3.",
    }
    assert "2 fields" in str(error.value)
    assert count(gate, Crossing) == 0
    assert count(gate, CrossingContainer) == 0
    assert count(gate, AuditEvent) == events_before


def test_a_regular_truck_is_recalled_from_its_latest_crossing(gate: GateSetup) -> None:
    guard = gate.actor(Role.BORDER_GUARD)
    assert crossings.recall_vehicle(gate.db, guard, "74C-123.45") is None
    now = datetime.now(UTC)
    crossings.register_arrival(gate.db, guard, arrival(arrived_at=now - timedelta(days=1)))
    crossings.register_arrival(gate.db, guard, arrival(
        arrived_at=now - timedelta(minutes=2), lane="5", direction=Direction.EXPORT,
        driver_name="Trần Văn Bình", driver_document_no="B9876543",
    ))
    recall = crossings.recall_vehicle(gate.db, guard, "74c 123 45")
    assert recall is not None
    assert recall.crossings == 2
    assert recall.driver_name == "Trần Văn Bình"
    assert recall.trailer_plate == "74R-004.21"
    assert recall.carrier_name == "Công ty TNHH Vận tải Quảng Trị"
    assert (recall.last_direction, recall.last_lane) == (Direction.EXPORT, "5")


def _three_trucks(gate: GateSetup) -> list[str]:
    guard = gate.actor(Role.BORDER_GUARD)
    refs = []
    for minutes, plate, direction, container in (
        (30, "74C-111.11", Direction.IMPORT, "TCNU7200794"),
        (20, "29LD-222.22", Direction.EXPORT, "TOLU4734787"),
        (10, "74C-333.33", Direction.IMPORT, "GYOU4047990"),
    ):
        detail = crossings.register_arrival(gate.db, guard, arrival(
            plate, arrived_at=earlier_today(minutes), direction=direction,
            trailer_plate="", containers=(ContainerEntry(container),),
        ))
        refs.append(detail.reference)
    return refs


def test_queue_sorts_filters_and_counts(gate: GateSetup) -> None:
    old, middle, new = _three_trucks(gate)
    customs = gate.actor(Role.CUSTOMS_OFFICER)
    eased = checked(gate.db, customs, _id(gate, middle), Channel.YELLOW)
    # Its plate and container differ from the papers': the checks send it to inspection,
    # and easing it to yellow takes a supervisor's approval.
    assert isinstance(eased, OverrideResult) and eased.override_id is not None
    approve_override(gate.db, gate.actor(Role.SUPERVISOR), eased.override_id)
    moved = crossings.get_crossing(gate.db, customs, _id(gate, middle)).status
    assert moved is CrossingStatus.INSPECTION
    page = crossings.query_queue(gate.db, customs, QueueFilter())
    assert [r.reference for r in page.rows] == [new, middle, old]
    page = crossings.query_queue(gate.db, customs, QueueFilter(descending=False))
    assert [r.reference for r in page.rows] == [old, middle, new]
    page = crossings.query_queue(gate.db, customs, QueueFilter(sort=QueueSort.PLATE,
                                                               descending=False))
    assert [r.tractor_plate for r in page.rows] == ["29LD-222.22", "74C-111.11", "74C-333.33"]
    only_arrived = QueueFilter(statuses=frozenset({CrossingStatus.ARRIVED}))
    page = crossings.query_queue(gate.db, customs, only_arrived)
    assert [r.reference for r in page.rows] == [new, old]
    assert page.status_counts[CrossingStatus.ARRIVED] == 2
    assert page.status_counts[CrossingStatus.INSPECTION] == 1
    assert page.status_counts[CrossingStatus.RELEASED] == 0
    page = crossings.query_queue(gate.db, customs, QueueFilter(
        directions=frozenset({Direction.EXPORT}), channels=frozenset({Channel.YELLOW}),
    ))
    assert [r.reference for r in page.rows] == [middle]
    assert page.rows[0].channel == Channel.YELLOW


def test_queue_pages_and_dates(gate: GateSetup) -> None:
    old, middle, new = _three_trucks(gate)
    guard = gate.actor(Role.BORDER_GUARD)
    first = crossings.query_queue(gate.db, guard, QueueFilter(), offset=0, limit=2)
    second = crossings.query_queue(gate.db, guard, QueueFilter(), offset=2, limit=2)
    assert ([r.reference for r in first.rows], first.has_more) == ([new, middle], True)
    assert ([r.reference for r in second.rows], second.has_more) == ([old], False)
    today = datetime.now(LAO_BAO).date()
    tomorrow = today + timedelta(days=1)
    week_ago = datetime.now(UTC) - timedelta(days=6)
    crossings.register_arrival(gate.db, guard, arrival("74C-444.44", arrived_at=week_ago))
    this_day = crossings.query_queue(gate.db, guard, QueueFilter(date_from=today, date_to=today))
    assert "74C-444.44" not in {r.tractor_plate for r in this_day.rows}
    assert sum(this_day.status_counts.values()) in (3, 4)  # the truck of 6 days ago may be today
    nothing = crossings.query_queue(gate.db, guard, QueueFilter(date_from=tomorrow))
    assert nothing.rows == ()
    assert sum(nothing.status_counts.values()) == 0


def test_search_by_plate_prefix_and_by_container(gate: GateSetup) -> None:
    old, middle, new = _three_trucks(gate)
    guard = gate.actor(Role.BORDER_GUARD)

    def found(text: str) -> list[str]:
        return [r.reference for r in crossings.query_queue(
            gate.db, guard, QueueFilter(search=text)).rows]

    assert found("74c") == [new, old]
    assert found("74C-33") == [new]
    assert found("29 ld") == [middle]
    assert found("tolu 473") == [middle]
    assert found("GYOU4047990") == [new]
    assert found("99Z") == []
    crossings.register_arrival(gate.db, guard, arrival("51F-555.55", trailer_plate="29LD-777.77"))
    assert len(found("29LD")) == 2, "a trailer plate is found too"


def _id(gate: GateSetup, reference: str):  # type: ignore[no-untyped-def]
    with gate.db.session() as session:
        return session.scalars(select(Crossing.id).where(Crossing.reference == reference)).one()


def test_crossing_view_lists_who_did_what_and_actions_check_the_version(
    gate: GateSetup,
) -> None:
    guard, customs = gate.actor(Role.BORDER_GUARD), gate.actor(Role.CUSTOMS_OFFICER)
    detail = crossings.register_arrival(gate.db, guard, arrival())
    record = checked(gate.db, customs, detail.crossing_id)
    version = crossings.get_crossing(gate.db, customs, detail.crossing_id).version
    override_channel(gate.db, customs, detail.crossing_id, Channel.RED, "seal broken",
                     expected_version=version)
    with pytest.raises(ConcurrentChange, match=f"{customs.full_name} changed this crossing "
                                               "first, at .*; it is now Physical inspection"):
        cancel_crossing(gate.db, gate.actor(Role.SUPERVISOR), detail.crossing_id,
                        "registered twice", expected_version=version)
    shown = crossings.get_crossing(gate.db, customs, detail.crossing_id)
    assert (shown.status, shown.channel) == (CrossingStatus.INSPECTION, Channel.RED)
    [inspection] = shown.stage_entries(Stage.INSPECTION)
    assert inspection.officer == customs.full_name
    assert inspection.what == "Moved to Physical inspection, Red channel. Note: Channel " \
                              "overridden: seal broken"
    assert [e.stage for e in shown.entries] == [Stage.ARRIVAL, Stage.DOCUMENTS,
                                               Stage.INSPECTION], record.channel
    cancelled = cancel_crossing(gate.db, gate.actor(Role.SUPERVISOR), detail.crossing_id,
                                "registered twice", expected_version=shown.version)
    assert cancelled.status == CrossingStatus.CANCELLED
    with pytest.raises(UserInputError, match="closed"):
        cancel_crossing(gate.db, customs, detail.crossing_id, "again")
    assert crossings.get_crossing(gate.db, guard, detail.crossing_id).status == (
        CrossingStatus.CANCELLED
    )


def test_an_unknown_crossing_is_a_user_error(gate: GateSetup) -> None:
    from borderdesk.storage.models.base import new_id

    with pytest.raises(UserInputError, match="no such crossing"):
        crossings.get_crossing(gate.db, gate.actor(Role.BORDER_GUARD), new_id())


def test_queue_marker_changes_when_a_crossing_is_added_or_moves(gate: GateSetup) -> None:
    guard, customs = gate.actor(Role.BORDER_GUARD), gate.actor(Role.CUSTOMS_OFFICER)
    first = crossings.queue_marker(gate.db, guard)
    assert crossings.queue_marker(gate.db, guard) == first
    detail = crossings.register_arrival(gate.db, guard, arrival())
    second = crossings.queue_marker(gate.db, guard)
    assert second != first
    cancel_crossing(gate.db, customs, detail.crossing_id, "registered twice")
    assert crossings.queue_marker(gate.db, guard) != second


def test_foreign_truck_with_lao_plate(gate: GateSetup) -> None:
    guard = gate.actor(Role.BORDER_GUARD)
    detail = crossings.register_arrival(gate.db, guard, replace(
        arrival("sv 1234", tractor_country="LA", trailer_plate=""),
        driver_nationality="Laos", driver_document_no="P1234567",
    ))
    assert (detail.tractor_plate, detail.tractor_country) == ("SV 1234", "LA")
    assert detail.driver_nationality == "LA"
    page = crossings.query_queue(gate.db, guard, QueueFilter(search="SV12"))
    assert [r.crossing_id for r in page.rows] == [detail.crossing_id]
