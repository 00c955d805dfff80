"""The truck reader on generated photos, with the real rapidocr models and tesseract."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from borderdesk.domain.plate_formats import compact_plate
from borderdesk.ocr.engine import default_engine
from borderdesk.ocr.identify import Identification, identify

LAO_LINE = "ສະຫວັນນະເຂດ"


def _font(size: int, bold: bool = True) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf", size)


def _bgr(image: Image.Image) -> np.ndarray[Any, Any]:
    return np.ascontiguousarray(np.asarray(image.convert("RGB"))[:, :, ::-1])


def _gate_photo() -> np.ndarray[Any, Any]:
    """A 1920 x 1080 photo: a Lao plate (script line above), a container door, lettering."""
    photo = Image.new("RGB", (1920, 1080), (96, 100, 104))
    draw = ImageDraw.Draw(photo)
    draw.rectangle((300, 120, 1000, 420), fill="#1f3f7a")
    draw.text((340, 160), "CSQU 305438", font=_font(64), fill="white")
    draw.text((840, 160), "3", font=_font(64), fill="white")
    draw.rectangle((830, 160, 890, 236), outline="white", width=4)
    draw.text((340, 260), "22G1", font=_font(48), fill="white")
    draw.rectangle((1200, 700, 1560, 860), fill="#f2c200", outline="black", width=5)
    draw.text((1240, 712), LAO_LINE, font=_font(44), fill="black")
    draw.text((1250, 770), "SV 8332", font=_font(64), fill="black")
    draw.text((200, 900), "HOWO  0912 345 678", font=_font(40), fill=(230, 230, 230))
    return _bgr(photo)


def _vertical_door() -> np.ndarray[Any, Any]:
    door = Image.new("RGB", (160, 11 * 70 + 60), "#8a1f1f")
    draw = ImageDraw.Draw(door)
    for i, letter in enumerate("TCNU7200794"):
        draw.text((56, 30 + i * 70), letter, font=_font(56), fill="white")
    return _bgr(door)


@pytest.fixture(scope="module")
def readings() -> dict[str, Identification]:
    """Each photo read once (the models load on the first)."""
    tesseract = default_engine()
    return {
        "gate": identify(_gate_photo(), tesseract),
        "vertical": identify(_vertical_door(), tesseract),
        "blank": identify(np.full((1080, 1920, 3), 128, np.uint8), tesseract),
    }


def test_a_container_number_is_a_container_and_never_a_plate(readings) -> None:
    gate = readings["gate"]
    assert gate.containers[0].text == "CSQU3054383" and gate.containers[0].valid
    assert all("3054383" not in compact_plate(p.text) and "305438" not in compact_plate(p.text)
               for p in gate.plates)


def test_a_lao_plate_is_read_as_lao_with_its_script_line_beside(readings) -> None:
    first = readings["gate"].plates[0]
    assert (first.text, first.country, first.valid) == ("SV 8332", "LA", True)
    x, y, w, h = first.box
    assert 1200 <= x + w / 2 <= 1560 and 700 <= y + h / 2 <= 860
    assert any("\u0e80" <= c <= "\u0eff" for c in first.script_text), first.script_text
    assert first.unreadable  # the officer is told what the script line is for


def test_a_number_down_a_door_post_is_read_letter_by_letter(readings) -> None:
    assert [c.text for c in readings["vertical"].containers][:1] == ["TCNU7200794"]
    assert readings["vertical"].plates == ()


def test_a_photo_with_no_text_offers_nothing(readings) -> None:
    assert readings["blank"].plates == () and readings["blank"].containers == ()
