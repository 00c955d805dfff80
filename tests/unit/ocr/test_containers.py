"""Container and plate readers: format-decided corrections, the check digit picks the reading."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from borderdesk.ocr import containers, plates
from borderdesk.ocr.engine import PytesseractEngine
from borderdesk.rules.identifiers import format_vn_plate


def test_confusions_are_corrected_only_where_the_format_decides() -> None:
    # 0 in the owner code is an O; O and S in the serial are 0 and 5.
    assert containers.correct("CSQU3O54383") == "CSQU3054383"
    assert containers.correct("C5QU3054383") == "CSQU3054383"
    assert containers.correct("CSQX3054383") is None


def test_the_check_digit_picks_the_right_reading_among_confusions() -> None:
    ranked = containers.candidates(["TCNU72OO794", "TCNU7200795", "TCNU 720079 4"])
    assert ranked[0].number == "TCNU7200794"
    assert ranked[0].valid and ranked[0].votes == 2
    assert [c.valid for c in ranked[1:]] == [False]


def test_no_valid_reading_is_offered_as_invalid_never_trusted() -> None:
    ranked = containers.candidates(["GYOU4047991"])
    assert ranked == [containers.ContainerCandidate("GYOU4047991", False, 1)]


def test_plate_readings_are_corrected_by_the_vietnamese_pattern() -> None:
    ranked = plates.candidates(["74C-I23.4S", "7AC 12345", "ABC 123"])
    assert ranked[0].plate == "74C-123.45" and ranked[0].valid
    assert not ranked[-1].valid


def test_plate_pattern_agrees_with_the_rules() -> None:
    for text in ("74C12345", "29A-123.45", "51F-678.90", "10A12345", "29AB12345"):
        corrected = plates.correct(text)
        expected = format_vn_plate(text)
        assert (corrected[0] if corrected else None) == expected, text
    # Where OCR lost the dash's meaning, both readings are offered.
    assert format_vn_plate("74C1-2345") in plates.correct("74C1-2345")


def _rendered(text: str) -> np.ndarray:
    image = Image.new("L", (900, 160), 255)
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf", 72)
    ImageDraw.Draw(image).text((40, 40), text, font=font, fill=0)
    return np.asarray(image)


def test_a_rendered_container_number_is_read_and_validated() -> None:
    ranked = containers.read_container(_rendered("CSQU 305438 3"), PytesseractEngine())
    assert ranked and ranked[0].number == "CSQU3054383" and ranked[0].valid
