"""The driver's documents: a citizen ID card's QR code, passport and ID card zones read by real
tesseract and checked by their check digits (the GPL ``mrz`` package only writes test zones)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from code_pictures import bench_codes
from mrz.generator.td1 import TD1CodeGenerator
from mrz.generator.td3 import TD3CodeGenerator
from PIL import Image, ImageDraw, ImageFont

from borderdesk.ocr.engine import PytesseractEngine
from borderdesk.ocr.travel_documents import (
    check_digit,
    parse_cccd,
    parse_td1,
    parse_td3,
    read_documents,
    zone_readings,
)

TODAY = date(2026, 12, 7)
MONO = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"
SANS = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
CCCD = ("038185012345|123456789|Nguyễn Thị Hoà|01011985|Nữ|"
        "Thôn 3, xã Quảng Thái, huyện Quảng Xương, Thanh Hóa|15082021")


def test_check_digits_are_icao_9303s() -> None:
    # ICAO Doc 9303 part 3's worked examples.
    assert check_digit("L898902C3") == "6"
    assert check_digit("740812") == "2"
    assert check_digit("120415") == "9"
    assert check_digit("<<<<<<<<<") == "0"


def test_the_icao_specimen_passport_reads_valid() -> None:
    reading = parse_td3("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                        "L898902C36UTO7408122F1204159ZE184226B<<<<<10", TODAY)
    assert reading is not None and reading.valid
    assert reading.fields["name"] == "ERIKSSON ANNA MARIA"
    assert reading.fields["number"] == "L898902C3"
    assert reading.fields["birth_date"] == "1974-08-12"
    assert reading.fields["nationality"] == ""  # Utopia is no country


@pytest.mark.parametrize(("surname", "given", "country", "born", "sex"), [
    ("Nguyen", "Van Tai", "VNM", "850101", "M"),
    ("Phommachanh", "Souksavanh", "LAO", "021231", "F"),
    ("Wang", "Xiaoming", "CHN", "770630", "M"),
])
def test_zones_written_by_an_independent_writer_read_back_valid(
        surname: str, given: str, country: str, born: str, sex: str) -> None:
    td3 = str(TD3CodeGenerator("P", country, surname, given, "C1234567", country, born, sex,
                               "300101", "")).splitlines()
    td1 = str(TD1CodeGenerator("ID", country, "P0123456", born, sex, "310501", country,
                               surname, given)).splitlines()
    passport, card = parse_td3(*td3, today=TODAY), parse_td1(*td1, today=TODAY)
    assert passport is not None and card is not None
    assert passport.valid and card.valid
    year = ("19" if int(born[:2]) > 26 else "20") + born[:2]
    for reading in (passport, card):
        assert reading.fields["name"] == f"{surname} {given}".upper()
        assert reading.fields["birth_date"] == f"{year}-{born[2:4]}-{born[4:]}"
        assert reading.fields["nationality"] == {"VNM": "VN", "LAO": "LA", "CHN": "CN"}[country]
        assert reading.fields["sex"] == sex


def test_a_wrong_check_digit_is_said_and_the_reading_is_not_valid() -> None:
    first, second = str(TD3CodeGenerator("P", "VNM", "Nguyen", "Van Tai", "C1234567", "VNM",
                                         "850101", "M", "300101", "")).splitlines()
    altered = second[:13] + "860101" + second[19:]  # the birth year changed, its digit not
    reading = parse_td3(first, altered, TODAY)
    assert reading is not None and not reading.valid
    assert any("birth date" in p for p in reading.problems)


def test_ocr_confusions_are_undone_only_where_the_standard_puts_a_digit() -> None:
    first, second = str(TD3CodeGenerator("P", "VNM", "Nguyen", "Van Tai", "C1234567", "VNM",
                                         "850101", "M", "300101", "")).splitlines()
    misread = second[:13] + "85O1O1" + second[19:28] + "<<<<<<<<" + second[42:].replace("0", "Q")
    [reading] = zone_readings(f"{first[:30]}\n{misread}", TODAY)  # fillers dropped, O for 0
    assert reading.valid and reading.fields["birth_date"] == "1985-01-01"


def test_the_citizen_id_cards_code_gives_name_number_nationality_and_birth_date() -> None:
    reading = parse_cccd(CCCD)
    assert reading is not None and reading.valid and reading.kind == "cccd"
    assert dict(reading.fields) == {
        "number": "038185012345", "old_number": "123456789", "name": "Nguyễn Thị Hoà",
        "nationality": "VN", "birth_date": "1985-01-01", "sex": "Nữ",
        "address": "Thôn 3, xã Quảng Thái, huyện Quảng Xương, Thanh Hóa",
        "issue_date": "2021-08-15"}
    assert parse_cccd("038085012345||Lê Văn Biên|20032003|Nam|Lạng Sơn|01012022") is not None
    assert parse_cccd("105123456789|MST:0101234567") is None
    assert parse_cccd("<script>|a|b|c|d|e|f") is None


def test_a_card_number_that_disagrees_with_the_birth_year_or_sex_is_said() -> None:
    reading = parse_cccd(CCCD.replace("|Nữ|", "|Nam|"))
    assert reading is not None and not reading.valid
    reading = parse_cccd(CCCD.replace("01011985", "01011986"))
    assert reading is not None and not reading.valid


def _page(lines: list[str], size: int = 26) -> np.ndarray:
    image = Image.new("L", (1150, 560), 232)
    draw = ImageDraw.Draw(image)
    draw.text((30, 30), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nHộ chiếu / Passport\nHọ và tên",
              font=ImageFont.truetype(SANS, 30), fill=10)
    for index, line in enumerate(lines):
        draw.text((30, 380 + index * 46), line, font=ImageFont.truetype(MONO, size), fill=25)
    return np.asarray(image)


def test_a_passport_page_is_read_by_tesseract_and_checked() -> None:
    zone = str(TD3CodeGenerator("P", "VNM", "Tran", "Thi Mai", "B7654321", "VNM", "920315", "F",
                                "320101", "")).splitlines()
    [reading] = read_documents(_page(zone), PytesseractEngine())
    assert reading.kind == "passport" and reading.valid
    assert reading.fields["name"] == "TRAN THI MAI"
    assert reading.fields["number"] == "B7654321"
    assert reading.fields["nationality"] == "VN"
    assert reading.fields["birth_date"] == "1992-03-15"


def test_an_id_card_back_with_a_tampered_birth_date_is_read_but_not_valid() -> None:
    zone = str(TD1CodeGenerator("ID", "LAO", "P0123456", "900215", "F", "310501", "LAO",
                                "Phommachanh", "Souksavanh")).splitlines()
    zone[1] = "9102155" + zone[1][7:]
    readings = read_documents(_page(zone), PytesseractEngine())
    assert readings and not any(r.valid for r in readings)
    assert readings[0].kind == "id_card"
    assert any("birth date" in p for p in readings[0].problems)


def test_the_qr_code_on_a_card_photo_fills_the_reading_without_tesseract() -> None:
    codes = bench_codes()
    import random

    rnd = random.Random(21)
    shot = codes.photographed(codes.printed(CCCD, "QRCode", 4), rnd, pixels=3.0, module=4)
    [reading] = read_documents(shot, engine=None)
    assert reading.kind == "cccd" and reading.fields["name"] == "Nguyễn Thị Hoà"


def test_a_photo_of_no_document_gives_nothing() -> None:
    blank = np.full((600, 900, 3), 200, np.uint8)
    assert read_documents(blank, PytesseractEngine()) == []


def test_a_mark_read_as_two_characters_is_undone_by_the_check_digits() -> None:
    first, second = str(TD3CodeGenerator("P", "LAO", "Phommachanh", "Souksavanh", "P0123456",
                                         "LAO", "900215", "M", "310501", "")).splitlines()
    doubled = second[:2] + "Q" + second[2:]  # "P0123456" read as "P0Q123456"
    [reading] = zone_readings(f"{first}\n{doubled}", TODAY)
    assert reading.valid and reading.fields["number"] == "P0123456"
    [wrong] = zone_readings(f"{first}\n{second[:2]}Q{second[3:]}", TODAY)  # a digit misread
    assert not wrong.valid
