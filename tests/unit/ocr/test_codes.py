"""Barcodes and QR codes read by real zxing-cpp: payloads intact, hostile ones kept as data."""

from __future__ import annotations

import random

import cv2
import numpy as np
import pytest
from code_pictures import bench_codes

from borderdesk.ocr.codes import (
    SHOWN_CHARACTERS,
    CodeReading,
    declaration_numbers,
    read_codes,
    shown_payload,
)

INVOICE = "TK:105123456789|Công ty TNHH Thương mại Lạng Sơn|Gạo tẻ hạt dài 25 kg|Sữa bột trẻ em"


def printed(text: str | bytes, fmt: str, module: int = 4) -> np.ndarray:
    return bench_codes().printed(text, fmt, module)


def inside(reading: CodeReading, image: np.ndarray) -> bool:
    x, y, w, h = reading.box
    return x >= 0 and y >= 0 and x + w <= image.shape[1] + 1 and y + h <= image.shape[0] + 1


@pytest.mark.parametrize("fmt", ["QRCode", "PDF417"])
def test_a_printed_vietnamese_payload_comes_back_letter_for_letter(fmt: str) -> None:
    image = printed(INVOICE, fmt)
    [reading] = read_codes(image)
    assert (reading.format, reading.text) == (fmt, INVOICE)
    assert reading.plain and reading.shown == INVOICE
    assert inside(reading, image) and reading.box[2] > 100


def test_a_code_128_on_a_carton_reads_and_its_box_is_where_it_was_printed() -> None:
    paper = printed("105123456789", "Code128")
    page = np.full((900, 1200), 245, np.uint8)
    page[500 : 500 + paper.shape[0], 300 : 300 + paper.shape[1]] = paper
    [reading] = read_codes(page)
    assert (reading.format, reading.text) == ("Code128", "105123456789")
    x, y, w, _h = reading.box
    assert 300 <= x <= 300 + paper.shape[1] // 4 and 500 <= y < 500 + paper.shape[0]
    assert w > paper.shape[1] // 2


@pytest.mark.parametrize("fmt", ["QRCode", "Code128"])
@pytest.mark.parametrize("seed", [11, 12, 13, 14, 15, 16])
def test_photographed_codes_read_tilted_blurred_unevenly_lit_and_jpeg(fmt: str, seed: int) -> None:
    codes = bench_codes()
    rnd = random.Random(seed)
    text = codes.payload(fmt, rnd)
    shot = codes.photographed(codes.printed(text, fmt, 4), rnd, pixels=3.0, module=4)
    assert shot.ndim == 3  # a colour camera picture, JPEG-decoded
    assert text in [r.text for r in read_codes(shot)]


def test_a_code_turned_upside_down_and_sideways_reads() -> None:
    image = printed(INVOICE, "QRCode")
    for turn in (cv2.ROTATE_90_CLOCKWISE, cv2.ROTATE_180, cv2.ROTATE_90_COUNTERCLOCKWISE):
        assert [r.text for r in read_codes(cv2.rotate(image, turn))] == [INVOICE]


def test_three_kilobytes_of_control_characters_are_kept_as_data_and_shown_escaped() -> None:
    payload = bytes(i % 32 for i in range(2900))
    [reading] = read_codes(printed(payload, "QRCode", module=2))
    assert reading.text == payload.decode("latin-1")  # every byte kept, nothing interpreted
    assert not reading.plain
    shown = reading.shown
    assert len(shown) <= SHOWN_CHARACTERS + 1 and shown.endswith("…")
    assert shown.startswith("\\x00\\x01\\x02")
    assert not any(ord(c) < 32 for c in shown)


def test_a_script_in_a_code_is_text_and_a_direction_override_cannot_hide_what_follows() -> None:
    payload = "<script>alert(1)</script>\u202e=cmd|' /C calc'!A0"
    [reading] = read_codes(printed(payload, "QRCode"))
    assert reading.text == payload
    assert reading.shown == "<script>alert(1)</script>\\u202e=cmd|' /C calc'!A0"
    assert not reading.plain


def test_plain_codes_come_before_those_holding_control_characters() -> None:
    good, odd = printed("105123456789", "QRCode", 3), printed("10\x07", "QRCode", 6)
    sheet = np.full((max(good.shape[0], odd.shape[0]), good.shape[1] + odd.shape[1] + 40), 250,
                    np.uint8)
    sheet[: odd.shape[0], : odd.shape[1]] = odd
    sheet[: good.shape[0], odd.shape[1] + 40 :] = good
    assert [r.text for r in read_codes(sheet)] == ["105123456789", "10\x07"]


def test_a_photo_with_no_code_gives_nothing() -> None:
    rng = np.random.default_rng(5)
    noise = cv2.GaussianBlur(rng.integers(0, 255, (720, 1280, 3), dtype=np.uint8), (0, 0), 2)
    assert read_codes(noise) == []
    assert read_codes(np.zeros((0, 0), np.uint8)) == []


def test_a_small_code_in_a_huge_photo_is_found_in_a_tile_at_full_resolution() -> None:
    huge = np.full((7000, 9000), 235, np.uint8)
    code = printed("105987654321", "QRCode", module=3)
    huge[6100 : 6100 + code.shape[0], 4000 : 4000 + code.shape[1]] = code
    [reading] = read_codes(huge)
    assert reading.text == "105987654321"
    x, y, _w, _h = reading.box
    assert 4000 <= x <= 4000 + code.shape[1] and 6100 <= y <= 6100 + code.shape[0]


def test_declaration_numbers_are_twelve_digits_from_1_or_3_not_inside_a_longer_number() -> None:
    readings = [CodeReading("QRCode", "TK:105123456789|MST:0101234567", (0, 0, 1, 1)),
                CodeReading("Code128", "305000000001", (0, 0, 1, 1)),
                CodeReading("Code128", "1051234567890", (0, 0, 1, 1)),
                CodeReading("Code128", "205123456789", (0, 0, 1, 1)),
                CodeReading("QRCode", "105123456789", (0, 0, 1, 1))]
    assert declaration_numbers(readings) == ["105123456789", "305000000001"]


def test_shown_payload_keeps_vietnamese_and_escapes_line_breaks() -> None:
    assert shown_payload("Lạng Sơn\nĐồng Đăng\t") == "Lạng Sơn\\x0aĐồng Đăng\\x09"


def test_a_pdf417_photographed_askew_is_read_turned_back_and_boxed_where_it_lies() -> None:
    paper = printed("TK:105123456789|Công ty TNHH Thương mại Lạng Sơn", "PDF417")
    height, width = paper.shape
    page = np.full((height + 400, width + 400), 250, np.uint8)
    page[200 : 200 + height, 200 : 200 + width] = paper
    turn = cv2.getRotationMatrix2D((page.shape[1] / 2, page.shape[0] / 2), 13, 1.0)
    askew = cv2.warpAffine(page, turn, (page.shape[1], page.shape[0]), borderValue=250)
    [straight] = read_codes(page)
    [reading] = read_codes(askew)
    assert reading.text == straight.text == "TK:105123456789|Công ty TNHH Thương mại Lạng Sơn"
    sx, sy, sw, sh = straight.box
    expected = turn @ np.array([sx + sw / 2, sy + sh / 2, 1.0])
    x, y, w, h = reading.box
    assert abs(x + w / 2 - expected[0]) < 25 and abs(y + h / 2 - expected[1]) < 25
    assert w > sw * 0.9
