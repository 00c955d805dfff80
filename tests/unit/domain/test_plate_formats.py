"""The plate table: each country's examples are its own, and no container number is a plate."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum import iso6346

from borderdesk.domain.plate_formats import (
    PLATE_FORMATS,
    SHARED_SHAPES,
    compact_plate,
    format_plate,
    plate_matches,
)
from borderdesk.rules.identifiers import check_plate, format_vn_plate

EXAMPLES = [(f.country, example) for f in PLATE_FORMATS for example in f.examples]


@given(st.sampled_from(EXAMPLES))
def test_every_example_is_a_plate_of_its_own_country_as_printed(example: tuple[str, str]) -> None:
    country, plate = example
    assert format_plate(plate, country) == plate


@given(st.sampled_from(EXAMPLES))
def test_an_example_fits_no_other_country_unless_the_two_share_shapes(
    example: tuple[str, str],
) -> None:
    country, plate = example
    others = {f.country for f, _shown in plate_matches(compact_plate(plate))} - {country}
    assert all(frozenset({country, other}) in SHARED_SHAPES for other in others), others


@given(st.sampled_from([p for c, p in EXAMPLES if c == "VN"]))
def test_the_table_and_the_typed_plate_check_agree_on_vietnamese_plates(plate: str) -> None:
    assert format_vn_plate(plate) == plate == check_plate(plate.lower(), "VN")


@given(
    st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=3, max_size=3),
    st.sampled_from("UJZ"),
    st.text("0123456789", min_size=6, max_size=6),
    st.sampled_from(["", " ", "-"]),
)
def test_a_valid_container_number_fits_no_plate_format(
    owner: str, category: str, serial: str, gap: str
) -> None:
    body = owner + category + serial
    number = f"{body}{gap}{iso6346.calc_check_digit(body)}"
    assert iso6346.is_valid(number.replace("-", "").replace(" ", ""))
    assert plate_matches(compact_plate(number)) == []
    assert all(format_plate(number, f.country) is None for f in PLATE_FORMATS)


@pytest.mark.parametrize(("typed", "country", "shown"), [
    ("sv8332", "LA", "SV 8332"),
    ("cp 9105", "LA", "CP 9105"),
    ("707017", "TH", "70-7017"),
    ("3c 5678", "KH", "3C-5678"),
    ("A12345", "CN", "A·12345"),
    ("XX 12", "LA", "XX 12"),  # not a truck format of Laos: kept as typed
])
def test_the_arrival_form_shows_a_foreign_truck_plate_as_printed(
    typed: str, country: str, shown: str
) -> None:
    assert check_plate(typed, country) == shown


def test_every_format_that_cannot_read_a_script_says_so() -> None:
    assert all(f.unreadable for f in PLATE_FORMATS if f.country in {"TH", "KH", "CN"})
    assert {f.script for f in PLATE_FORMATS} == {"", "lao", "tha"}
