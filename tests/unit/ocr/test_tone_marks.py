"""Vietnamese words the English model read without their marks, read again by ``vie`` alone.

Real tesseract, both engines (in process and the command), on rendered text.
"""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from borderdesk.ocr import engine
from borderdesk.ocr.layout import OcrWord
from borderdesk.ocr.pipeline import read_document
from borderdesk.ocr.tone_marks import restore_tone_marks
from borderdesk.ocr.vocabulary import without_marks

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
ENGINES = ["command", ""]
"""``BORDERDESK_OCR_ENGINE``: the tesseract command, and tesserocr in process."""

LINES = [("1", "Sắn lát khô", "071410", "1.200", "KGM", "24.000,00", "USD", "Lào"),
         ("2", "Gạo Hom Mali", "100630", "300", "KGM", "54.000,50", "THB", "Thái Lan"),
         ("3", "Máy tính xách tay", "847130", "12", "PCE", "9.600,00", "USD", "Trung Quốc"),
         ("4", "Sầu riêng tươi", "081060", "500", "KGM", "1.500,00", "USD", "Thái Lan")]


def _vietnamese_manifest_png() -> bytes:
    """A Vietnamese goods table whose descriptions each follow a line number."""
    image = Image.new("L", (2200, 800), 255)
    draw = ImageDraw.Draw(image)
    big, small = ImageFont.truetype(FONT, 40), ImageFont.truetype(FONT, 32)
    draw.text((120, 80), "Số tờ khai: MN-2026-0042   Ngày: 20/11/2026", font=big, fill=0)
    header = ("STT", "Mô tả hàng hóa", "Mã HS", "Số lượng", "Đơn vị", "Trị giá", "Tiền tệ",
              "Xuất xứ")
    for r, row in enumerate([header, *LINES]):
        for x, text in zip((120, 230, 700, 900, 1120, 1320, 1600, 1800), row, strict=True):
            draw.text((x, 260 + 80 * r), text, font=small, fill=0)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _word_picture(text: str) -> tuple[np.ndarray, OcrWord]:
    """``text`` drawn on a white strip, and an English reading of it: "Gao", sure of itself."""
    image = Image.new("L", (600, 120), 255)
    draw, font = ImageDraw.Draw(image), ImageFont.truetype(FONT, 40)
    draw.text((40, 30), text, font=font, fill=0)
    left, top, right, bottom = map(int, draw.textbbox((40, 30), text, font=font))
    word = OcrWord("Gao", 0.95, left, top, right - left, bottom - top, language="eng")
    return np.asarray(image), word


@pytest.fixture(params=ENGINES, ids=["command", "tesserocr"])
def ocr(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> engine.OcrEngine:
    monkeypatch.setenv("BORDERDESK_OCR_ENGINE", request.param)
    return engine.default_engine()


def test_marks_come_off_every_vietnamese_letter() -> None:
    assert without_marks("Đường Sầu riêng tươi, mỹ phẩm") == "Duong Sau rieng tuoi, my pham"
    assert without_marks("USD 1.200,50") == "USD 1.200,50"


def test_descriptions_after_a_line_number_keep_their_tone_marks(ocr: engine.OcrEngine) -> None:
    # After "1" or "USD" tesseract asks English first, which reads "Sắn" as "San".
    lines = read_document(_vietnamese_manifest_png(), engine=ocr).manifest.lines
    assert [line.description for line in lines] == [row[1] for row in LINES]


def test_only_the_same_letters_with_marks_replace_a_reading(ocr: engine.OcrEngine) -> None:
    image, gao = _word_picture("Gạo")
    assert [w.text for w in restore_tone_marks(ocr, image, [gao], "vie+eng")] == ["Gạo"]
    # The box holds another word: whatever vie reads there, "Gao" is not replaced by it.
    image, elsewhere = _word_picture("Mali")
    assert [w.text for w in restore_tone_marks(ocr, image, [elsewhere], "vie+eng")] == ["Gao"]


def test_words_vie_read_codes_english_words_and_english_only_pages_are_not_read_again(
) -> None:
    class NoReading:
        def read_lines(self, images: list[np.ndarray], languages: str) -> list[tuple[str, float]]:
            raise AssertionError(f"read again: {len(images)} images")

    image, gao = _word_picture("Gạo")
    kept = [OcrWord("Gao", 0.9, gao.left, gao.top, gao.width, gao.height, language="vie"),
            OcrWord("USD", 0.9, 300, 30, 80, 40, language="eng"),
            OcrWord("8471.30", 0.9, 400, 30, 80, 40, language="eng"),
            # No Vietnamese syllable is spelt like these, whatever its marks.
            OcrWord("bottles", 0.9, 500, 30, 80, 40, language="eng"),
            OcrWord("Mali,", 0.9, 600, 30, 80, 40, language="eng")]
    reader = NoReading()
    assert restore_tone_marks(reader, image, kept, "vie+eng") == kept  # type: ignore[arg-type]
    assert restore_tone_marks(reader, image, [gao], "eng") == [gao]  # type: ignore[arg-type]


def test_the_command_engine_says_which_language_read_each_word() -> None:
    image = Image.new("L", (1400, 120), 255)
    ImageDraw.Draw(image).text((40, 30), "Sắn lát khô 1.200 USD", font=ImageFont.truetype(
        FONT, 40), fill=0)
    words = engine.PytesseractEngine().read_words(np.asarray(image), "vie+eng", psm=7)
    assert "lát" in [w.text for w in words]
    assert {w.language for w in words} <= {"vie", "eng"} and "vie" in {w.language for w in words}


def test_small_pictures_are_read_as_one_line_each(ocr: engine.OcrEngine) -> None:
    pictures = [_word_picture(text)[0] for text in ("Sầu riêng", "tươi", "Xuất xứ")]
    read = ocr.read_lines(pictures, "vie")
    assert [text for text, _ in read] == ["Sầu riêng", "tươi", "Xuất xứ"]
    assert all(confidence > 0.7 for _, confidence in read)
    assert ocr.read_lines([], "vie") == []
