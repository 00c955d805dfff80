"""Plates, containers, seals, countries and driver documents as the booth types them."""

from __future__ import annotations

import pytest

from borderdesk.errors import UserInputError
from borderdesk.rules.identifiers import (
    check_container,
    check_country,
    check_document_no,
    check_plate,
    check_seal,
    format_vn_plate,
    is_vn_plate,
    looks_like_container,
    normalize_plate,
)


@pytest.mark.parametrize(("typed", "norm"), [
    ("74C-123.45", "74C12345"), (" 29ld 123 45 ", "29LD12345"), ("đ29-1", "D291"), ("", ""),
])
def test_normalize_plate_keeps_letters_and_digits(typed: str, norm: str) -> None:
    assert normalize_plate(typed) == norm


@pytest.mark.parametrize(("typed", "display"), [
    ("74C-123.45", "74C-123.45"),
    ("74c12345", "74C-123.45"),
    ("74C 123 45", "74C-123.45"),
    ("74C-1234", "74C-1234"),
    ("74C1234", "74C-1234"),
    ("29LD12345", "29LD-123.45"),
    ("29ld-123.45", "29LD-123.45"),
    ("51F1-2345", "51F1-2345"),
    ("51F123456", "51F1-234.56"),
    ("99A-999.99", "99A-999.99"),
    ("11A-0001", "11A-0001"),
])
def test_valid_vietnamese_plates_get_their_canonical_display(typed: str, display: str) -> None:
    assert format_vn_plate(typed) == display
    assert is_vn_plate(typed)


@pytest.mark.parametrize("typed", [
    "10C-123.45",  # province codes start at 11
    "7C-123.45", "74-123.45", "74ABC-123.45", "74C-123", "74C-1234567", "", "XYZ",
])
def test_invalid_vietnamese_plates_are_none(typed: str) -> None:
    assert format_vn_plate(typed) is None
    assert not is_vn_plate(typed)


def test_foreign_plates_are_free_text_of_2_to_15_letters_and_digits() -> None:
    assert check_plate(" sv  1234 ", "LA") == "SV 1234"
    with pytest.raises(UserInputError, match="2 to 15"):
        check_plate("A", "LA")
    with pytest.raises(UserInputError, match="2 to 15"):
        check_plate("A" * 16, "CN")


def test_a_plate_outside_its_countrys_truck_format_is_kept_as_typed() -> None:
    # A temporary or diplomatic plate: tidied, never forced into the usual format.
    assert check_plate(" tmp  12-34 ", "LA") == "TMP 12-34"
    # Dashes and spaces beyond what fits a plate field keep only its letters and digits.
    assert check_plate("A--- B--- C--- D--- E--- F--- G---", "TH") == "ABCDEFG"


def test_a_vietnamese_plate_must_be_valid_and_present() -> None:
    assert check_plate("74c12345", "VN") == "74C-123.45"
    with pytest.raises(UserInputError, match="not a Vietnamese plate"):
        check_plate("SV 1234", "VN")
    with pytest.raises(UserInputError, match="required"):
        check_plate("  ", "VN")


@pytest.mark.parametrize("number", ["CSQU3054383", "TCNU7200794", "TOLU4734787", "GYOU4047990"])
def test_real_container_numbers_pass(number: str) -> None:
    assert check_container(number) == number
    assert check_container(f"{number[:4].lower()} {number[4:10]}-{number[10]}") == number


@pytest.mark.parametrize(("number", "digit"), [
    ("CSQU3054384", "3"), ("TCNU7200791", "4"), ("TOLU4734780", "7"), ("GYOU4047999", "0"),
])
def test_a_wrong_check_digit_names_the_right_one(number: str, digit: str) -> None:
    with pytest.raises(UserInputError) as error:
        check_container(number)
    assert str(error.value) == f"Container {number}: the check digit should be {digit}."


@pytest.mark.parametrize("number", ["CSQU305438", "CSQ3054383", "1SQU3054383", "CSQU30543833", ""])
def test_a_wrong_form_names_the_expected_form(number: str) -> None:
    with pytest.raises(UserInputError, match="4 letters, 6 digits and a check digit"):
        check_container(number)


def test_the_category_letter_must_be_u_j_or_z() -> None:
    with pytest.raises(UserInputError, match="U, J or Z"):
        check_container("CSQA3054383")


def test_container_searches_are_recognised_by_their_owner_code() -> None:
    assert looks_like_container("csqu30")
    assert looks_like_container("CSQU")
    assert not looks_like_container("74C")
    assert not looks_like_container("ABCD12")


@pytest.mark.parametrize(("typed", "code"), [
    ("VN", "VN"), ("la", "LA"), ("Laos", "LA"), ("Cambodia", "KH"), ("China", "CN"),
    ("Viet Nam", "VN"), (" th ", "TH"),
])
def test_countries_by_code_or_english_name(typed: str, code: str) -> None:
    assert check_country(typed) == code


@pytest.mark.parametrize("typed", ["XX", "Atlantis", ""])
def test_unknown_countries_are_refused(typed: str) -> None:
    with pytest.raises(UserInputError, match="Unknown country"):
        check_country(typed)


def test_seals_are_3_to_20_letters_digits_or_dashes() -> None:
    assert check_seal(" a-123456 ") == "A-123456"
    for bad in ("A1", "A" * 21, "A 123", "A/123"):
        with pytest.raises(UserInputError, match="Seal"):
            check_seal(bad)


def test_driver_documents_are_5_to_20_letters_and_digits() -> None:
    assert check_document_no("c 1234567") == "C1234567"
    with pytest.raises(UserInputError, match="required"):
        check_document_no("  ")
    for bad in ("1234", "A" * 21, "12-345"):
        with pytest.raises(UserInputError, match="5 to 20"):
            check_document_no(bad)
