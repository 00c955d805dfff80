"""Cell text to typed values: numbers in both conventions, HS codes, countries, units, dates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from borderdesk.ocr.normalize import (
    Reading,
    decimal_mark_of,
    parse_date,
    parse_hs_code,
    parse_number,
    place_tone_marks,
    read_currency,
    read_hs_code,
    read_number,
)
from borderdesk.ocr.vocabulary import fold, parse_country, parse_unit, unit_candidates


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
    ["", "abc", "1,20,0", "1.2.3", "1.200,5.0", "1,2.00", "12 34", "1 234 56", ".5", ".,", "-",
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


@pytest.mark.parametrize(
    ("text", "mark", "expected"),
    [
        ("2.410, 34", ",", "2410.34"),  # a mark torn off its digits
        ("17 .834,04", ",", "17834.04"),
        ("13.535 ,,25", ",", "13535.25"),  # a doubled mark
        ("15.", ".", "15"),  # a trailing speck
        ("1,183,", ".", "1183"),
        ("2975/07", ",", "2975.07"),  # "/" read for the decimal mark
        ("1.178;01", ",", "1178.01"),
        ("2;361", ".", "2361"),  # ";" for a thousands comma
        ("11:52", ".", "11.52"),
        ("11:52", None, "11.52"),  # no page convention: ":" looks like "."
        ("2;361", None, "2361"),  # and ";" like ","
        ("1,13/.15", ".", "1137.15"),  # a "7" that lost its foot
    ],
)
def test_marks_ocr_tore_off_or_misread_are_repaired_and_flagged(
    text: str, mark: str | None, expected: str
) -> None:
    assert read_number(text, mark) == Reading(Decimal(expected), corrected=True)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CHIÊÉ", ("PCE",)), ("THING", ("CTN",)), ("BIL", ("BTL",)), ("«KGS", ("KGM",)),
        ("TÍT", ("LTR",)),  # "lít" with its marks is nearer than "tin"
        ("CINS", ("CTN", "TIN")),  # as near to CTNS as to TINS: both offered
        ("kg", ("KGM",)), ("LR", ()), ("XYZQW", ()),
    ],
)
def test_unit_words_misread_by_a_letter_give_the_nearest_units(
    text: str, expected: tuple[str, ...]
) -> None:
    assert tuple(sorted(unit_candidates(text))) == tuple(sorted(expected))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Trung Quôé", "CN"), ("Mataysia", "MY"), ("(Cambodie", "KH"), ("Malaysia ị", "MY"),
        ("VN Ỉ", "VN"), ("Laos j", "LA"), ("Nhat Ban Ỉ", "JP"), ("3 ce", None), ("Atlantis", None),
    ],
)
def test_country_names_misread_by_a_letter_or_with_a_speck(text: str, expected: str | None) -> None:
    assert parse_country(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dâù nhớt", "Dầu nhớt"), ("Xuất nhập khâủ", "Xuất nhập khẩu"), ("Sâù riêng", "Sầu riêng"),
        ("cửa người", "cửa người"),  # already right
        ("Sau riêng", "Sau riêng"),  # a lost mark cannot be guessed
        ("âủà", "âủà"),  # two tone marks: not a syllable, left alone
        ("ôm", "ôm"), ("ẩm", "ẩm"),
    ],
)
def test_tone_marks_set_one_letter_late_go_back_on_the_marked_vowel(
    text: str, expected: str
) -> None:
    assert place_tone_marks(text) == expected
