"""Every rule of the arrival form: each wrong field is named, with its reason."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import pytest

from borderdesk.domain.crossing import ArrivalForm, ContainerEntry, Direction
from borderdesk.rules.arrival import check_arrival

NOW = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)
LANES = ("1", "2", "3")
GOOD = ArrivalForm(
    direction=Direction.IMPORT, lane="2", tractor_plate="74c12345", arrived_at=NOW,
    trailer_plate="74r 00421", containers=(ContainerEntry("csqu 305438-3", ("a123456",)),),
    driver_name="  Nguyễn   Văn An ", driver_document_no="045 123 456 789",
    driver_nationality="Viet Nam", carrier_name="Vận tải Quảng Trị",
)


def errors_of(**changes: object) -> dict[str, str]:
    return check_arrival(replace(GOOD, **changes), LANES, NOW)[1]  # type: ignore[arg-type]


def test_a_good_form_is_normalised_and_has_no_errors() -> None:
    form, errors = check_arrival(GOOD, LANES, NOW)
    assert errors == {}
    assert form.tractor_plate == "74C-123.45"
    assert form.trailer_plate == "74R-004.21"
    assert form.containers == (ContainerEntry("CSQU3054383", ("A123456",)),)
    assert form.driver_name == "Nguyễn Văn An"
    assert form.driver_document_no == "045123456789"
    assert form.driver_nationality == "VN"


def test_the_tractor_plate_is_required() -> None:
    assert "required" in errors_of(tractor_plate=" ")["tractor_plate"]


def test_a_vietnamese_tractor_needs_a_vietnamese_plate() -> None:
    assert "not a Vietnamese plate" in errors_of(tractor_plate="SV 1234")["tractor_plate"]


def test_a_foreign_tractor_takes_free_text_with_a_valid_country() -> None:
    form, errors = check_arrival(
        replace(GOOD, tractor_plate="sv 1234", tractor_country="Laos"), LANES, NOW
    )
    assert errors == {}
    assert (form.tractor_plate, form.tractor_country) == ("SV 1234", "LA")
    assert "Unknown country" in errors_of(tractor_plate="SV 1234", tractor_country="ZZ")[
        "tractor_country"
    ]
    assert "2 to 15" in errors_of(tractor_plate="S", tractor_country="LA")["tractor_plate"]


def test_the_trailer_is_optional_but_checked_when_given() -> None:
    form, errors = check_arrival(replace(GOOD, trailer_plate=""), LANES, NOW)
    assert errors == {}
    assert form.trailer_plate == ""
    assert "not a Vietnamese plate" in errors_of(trailer_plate="R-1")["trailer_plate"]
    assert "Unknown country" in errors_of(trailer_country="Atlantis")["trailer_country"]


def test_the_lane_must_be_a_lane_of_the_gate() -> None:
    assert errors_of(lane="9")["lane"] == "Lane 9 is not a lane of this gate (1, 2, 3)."


def test_a_wrong_container_check_digit_is_named_under_containers() -> None:
    errors = errors_of(containers=(ContainerEntry("CSQU3054384"),))
    assert errors == {"containers": "Container CSQU3054384: the check digit should be 3."}


def test_at_most_four_containers_without_duplicates() -> None:
    five = tuple(ContainerEntry(n) for n in (
        "CSQU3054383", "TCNU7200794", "TOLU4734787", "GYOU4047990", "CSQU3054383",
    ))
    assert "at most 4" in errors_of(containers=five)["containers"]
    twice = (ContainerEntry("CSQU3054383"), ContainerEntry("csqu3054383"))
    assert errors_of(containers=twice)["containers"] == "Container CSQU3054383 is listed twice."


def test_no_container_is_fine_and_blank_rows_are_dropped() -> None:
    form, errors = check_arrival(
        replace(GOOD, containers=(ContainerEntry(" "),)), LANES, NOW
    )
    assert errors == {}
    assert form.containers == ()
    assert "needs its number" in errors_of(containers=(ContainerEntry("", ("A123",)),))[
        "containers"
    ]


def test_seals_are_checked() -> None:
    errors = errors_of(containers=(ContainerEntry("CSQU3054383", ("A1",)),))
    assert "Seal A1" in errors["containers"]


def test_driver_name_document_and_nationality() -> None:
    assert "required" in errors_of(driver_name="")["driver_name"]
    assert "2 to 100" in errors_of(driver_name="A")["driver_name"]
    assert "2 to 100" in errors_of(driver_name="A" * 101)["driver_name"]
    assert "required" in errors_of(driver_document_no="")["driver_document_no"]
    assert "5 to 20" in errors_of(driver_document_no="12")["driver_document_no"]
    assert "Unknown country" in errors_of(driver_nationality="XX")["driver_nationality"]


def test_carrier_name_is_limited() -> None:
    assert "at most 200" in errors_of(carrier_name="C" * 201)["carrier_name"]


@pytest.mark.parametrize(("shift", "bad"), [
    (timedelta(minutes=9), False), (timedelta(minutes=11), True),
    (-timedelta(days=6, hours=23), False), (-timedelta(days=7, minutes=1), True),
])
def test_arrival_time_window(shift: timedelta, bad: bool) -> None:
    assert ("arrived_at" in errors_of(arrived_at=NOW + shift)) is bad


def test_arrival_time_is_stored_in_utc_and_must_be_aware() -> None:
    hanoi = timezone(timedelta(hours=7))
    form, _ = check_arrival(replace(GOOD, arrived_at=NOW.astimezone(hanoi)), LANES, NOW)
    assert form.arrived_at.utcoffset() == timedelta(0)
    assert form.arrived_at == NOW
    assert "time zone" in errors_of(arrived_at=NOW.replace(tzinfo=None))["arrived_at"]


def test_an_unknown_direction_is_named() -> None:
    assert "direction" in errors_of(direction="smuggling")


def test_every_wrong_field_is_reported_at_once() -> None:
    errors = errors_of(lane="0", tractor_plate="", driver_name="", driver_document_no="")
    assert set(errors) == {"lane", "tractor_plate", "driver_name", "driver_document_no"}
