"""Finding the sheet in a photo: a sheet on a desk is flattened, a close-up of a page is not."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from borderdesk.ocr.pipeline import read_document
from borderdesk.ocr.preprocess import find_page

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
WORDS = "Let us first determine markers of the coins and the background"


def _png(image: Image.Image) -> bytes:
    import io

    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _close_up_lit_from_one_side() -> Image.Image:
    """A page that fills the photo, its left third in shadow, text running across both."""
    image = Image.new("L", (1800, 700), 235)
    draw, font = ImageDraw.Draw(image), ImageFont.truetype(FONT, 44)
    draw.polygon([(0, 0), (640, 0), (560, 700), (0, 700)], fill=150)
    for row in range(5):
        draw.text((40, 60 + 120 * row), WORDS[: 40 + 4 * row], font=font, fill=20)
    return image


def test_a_sheet_on_a_desk_is_found_by_its_corners() -> None:
    image = Image.new("L", (2000, 1600), 60)
    draw = ImageDraw.Draw(image)
    sheet = [(300, 200), (1700, 260), (1650, 1450), (260, 1380)]
    draw.polygon(sheet, fill=240)
    draw.text((400, 500), WORDS, font=ImageFont.truetype(FONT, 36), fill=20)
    corners = find_page(np.asarray(image))
    assert corners is not None
    assert np.abs(corners - np.array(sheet, dtype=np.float32)).max() < 20


def test_a_close_up_of_a_page_lit_from_one_side_is_read_whole() -> None:
    picture = _close_up_lit_from_one_side()
    # The lit part stands out as a four-cornered shape, but every corner is on the edge.
    assert find_page(np.asarray(picture)) is None
    reading = read_document(_png(picture))
    assert "page" not in reading.pages[0].steps
    read = " ".join(w.text for w in reading.pages[0].words)
    assert "Let us first determine" in read
