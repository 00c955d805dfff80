"""Cell text to typed values: numbers in both conventions, HS codes, countries, units, dates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from borderdesk.ocr.normalize import (
    Reading,
    decimal_mark_of,
    fold,
    parse_country,
    parse_date,
    parse_hs_code,
    parse_number,
    parse_unit,
    read_currency,
    read_hs_code,
    read_number,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,200.50", "1200.50"),
        ("1.200,50", "1200.50"),
        ("1 200", "1200"),
        ("1 200,50", "1200.50"),
        ("24 000.00", "24000.00"),
        ("24000", "24000"),
        ("1.200", "1200"),
        ("24,000", "24000"),
        ("1.200.000", "1200000"),
        ("1,5", "1.5"),
        ("0.125", "0.125"),
        ("1200.50", "1200.50"),
        ("1,100.00 kg", "1100.00"),
        ("USD 240", "240"),
        ("$1,000", "1000"),
        ("-5", "-5"),
        ("+7", "7"),
        ("44_", "44"),
        ("|1.449|", "1449"),
    ],
)
def test_numbers_in_both_conventions(text: str, expected: str) -> None:
    assert parse_number(text) == Decimal(expected)


@pytest.mark.parametrize(
    "text",
    ["", "abc", "1,20,0", "1.2.3", "1.200,5.0", "1,2.00", "12 34", "1 234 56", ".5", "5.", "-",
     "1 2345", "1 23 456"],
)
def test_what_is_not_a_number_gives_none(text: str) -> None:
    assert parse_number(text) is None


def test_the_page_decimal_mark_decides_the_ambiguous_shape() -> None:
    assert parse_number("1.200", decimal_mark=".") == Decimal("1.200")
    assert parse_number("1.200", decimal_mark=",") == Decimal("1200")
    assert parse_number("1,200", decimal_mark=",") == Decimal("1.200")


def test_letters_taken_for_digits_are_corrected_and_flagged() -> None:
    assert read_number("12O") == Reading(Decimal("120"), corrected=True)
    assert read_number("l.2OO,5O") == Reading(Decimal("1200.50"), corrected=True)
    assert read_number("OIS") == Reading(None)  # no digit to anchor the correction
    assert read_number("120") == Reading(Decimal("120"), corrected=False)


def test_decimal_mark_is_voted_by_unambiguous_numbers() -> None:
    assert decimal_mark_of(["1.200,50", "3,5", "1.200"]) == ","
    assert decimal_mark_of(["1,200.50", "12.25"]) == "."
    assert decimal_mark_of(["1.200", "24,000", "7"]) is None
    assert decimal_mark_of(["1,5", "1.5"]) is None


def test_hs_codes_lose_dots_and_spaces_and_fix_confusions() -> None:
    assert parse_hs_code("1901.10") == "190110"
    assert parse_hs_code("1901 10 00") == "19011000"
    assert parse_hs_code("0714.10.10.00") == "0714101000"
    assert read_hs_code("19O1.1O") == Reading("190110", corrected=True)
    assert read_hs_code("l9Ol") == Reading("1901", corrected=True)
    assert parse_hs_code("190") is None
    assert parse_hs_code("19011") is None
    assert parse_hs_code("Rice") is None


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Thái Lan", "TH"), ("Thai Lan", "TH"), ("Thailand", "TH"), ("TH", "TH"), ("THA", "TH"),
        ("Lào", "LA"), ("Lao", "LA"), ("Laos", "LA"),
        ("Trung Quốc", "CN"), ("China", "CN"),
        ("Việt Nam", "VN"), ("Vietnam", "VN"),
        ("Campuchia", "KH"), ("Cambodia", "KH"),
        ("Hàn Quốc", "KR"), ("Nhật Bản", "JP"), ("Mỹ", "US"), ("MY", "MY"), ("Malaysia", "MY"),
        ("Germany", "DE"), ("Đức", "DE"), ("th", "TH"),
    ],
)
def test_countries_by_name_or_code(text: str, code: str) -> None:
    assert parse_country(text) == code


@pytest.mark.parametrize("text", ["", "  ", "Atlantis", "ZZ"])
def test_unknown_countries_give_none(text: str) -> None:
    assert parse_country(text) is None


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("kg", "KGM"), ("KGS", "KGM"), ("tấn", "TNE"), ("thùng", "CTN"), ("CTN", "CTN"),
        ("bao", "BAG"), ("BAG", "BAG"), ("hộp", "BOX"), ("BOX", "BOX"), ("chiếc", "PCE"),
        ("PCE", "PCE"), ("PCS", "PCE"), ("lon", "TIN"), ("TIN", "TIN"), ("lít", "LTR"),
        ("L", "LTR"), ("đôi", "PR"), ("bộ", "SET"), ("chai", "BTL"), ("Cartons.", "CTN"),
    ],
)
def test_units_to_a_canonical_code(text: str, code: str) -> None:
    assert parse_unit(text) == code


def test_unknown_unit_gives_none() -> None:
    assert parse_unit("furlong") is None


@pytest.mark.parametrize(
    "text",
    ["20/11/2026", "20-11-2026", "20.11.2026", "2026-11-20", "2026/11/20", "20 Nov 2026",
     "20 November 2026", "Nov 20, 2026", "ngày 20 tháng 11 năm 2026", "Ngay 20 thang 11 nam 2026"],
)
def test_dates_in_the_usual_forms(text: str) -> None:
    assert parse_date(text) == date(2026, 11, 20)


@pytest.mark.parametrize("text", ["31/02/2026", "20 Foo 2026", "Foo 20, 2026", "tomorrow", ""])
def test_impossible_or_unreadable_dates_give_none(text: str) -> None:
    assert parse_date(text) is None


def test_currencies() -> None:
    assert read_currency("usd") == Reading("USD")
    assert read_currency("VNĐ") == Reading("VND")
    assert read_currency("$") == Reading("USD")
    assert read_currency("U5D") == Reading("USD", corrected=True)
    assert read_currency("XQZ") == Reading(None)
    assert read_currency("DOLLARS") == Reading(None)


def test_fold_drops_diacritics_and_case() -> None:
    assert fold("  Trung   Quốc ") == "trung quoc"
    assert fold("Đơn vị") == "don vi"
