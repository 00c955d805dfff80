"""The ruling lines of a page: found where they are printed, faint or broken on a photo, and
never made up from lines of text."""

from __future__ import annotations

import io
from typing import Any

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from borderdesk.ocr.preprocess import find_rules, preprocess

FONTS = "/usr/share/fonts/truetype/dejavu/"
COLUMNS = (150, 420, 1000, 1300, 1600, 1900, 2150)
"""x of each vertical rule of the test grid (the table's borders and column borders)."""
TOP, ROW = 400, 70


def _page(ruled: bool, rows: int = 14, rule_grey: int = 0, broken: bool = False,
          font: str = "DejaVuSans.ttf") -> Image.Image:
    """An A4 page at 200 dpi with a goods table, ruled or not, and a few header lines."""
    image = Image.new("L", (2300, 3000), 255)
    draw = ImageDraw.Draw(image)
    big, small = ImageFont.truetype(FONTS + "DejaVuSans-Bold.ttf", 44), ImageFont.truetype(
        FONTS + font, 30)
    draw.text((150, 120), "COMMERCIAL INVOICE ________ No. INV-2026-0042", font=big, fill=0)
    draw.text((150, 220), "Consignee: Cong ty TNHH Thuong mai Lao Bao —— Quang Tri", font=small,
              fill=0)
    cells = ("HS Code", "Description of goods", "Qty", "Unit", "G.W. (kg)", "Amount (USD)")
    for r in range(rows):
        texts = cells if r == 0 else (f"{190110 + r * 37}", f"Goods item number {r} ===",
                                      f"{r * 113:,}", "CTNS", f"{r * 41.5:,.2f}",
                                      f"{r * 1234.5:,.2f}")
        for x, text in zip(COLUMNS, texts, strict=False):
            draw.text((x + 12, TOP + r * ROW + 16), text, font=small, fill=0)
    if ruled:
        bottom = TOP + rows * ROW
        ys = [TOP + r * ROW for r in range(rows + 1)]
        for x in COLUMNS:
            _line(draw, (x, TOP, x, bottom), rule_grey, broken)
        for y in ys:
            _line(draw, (COLUMNS[0], y, COLUMNS[-1], y), rule_grey, broken)
    return image


def _line(draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int], grey: int,
          broken: bool) -> None:
    """A rule, whole or in dashes of 150 pixels with gaps of 25 (a worn or badly lit print)."""
    x0, y0, x1, y1 = box
    if not broken:
        draw.line(box, fill=grey, width=3)
        return
    length = max(x1 - x0, y1 - y0)
    for start in range(0, length, 175):
        end = min(length, start + 150)
        if x0 == x1:
            draw.line((x0, y0 + start, x1, y0 + end), fill=grey, width=3)
        else:
            draw.line((x0 + start, y0, x0 + end, y1), fill=grey, width=3)


def _photographed(page: Image.Image, degrees: float = 1.5) -> np.ndarray[Any, Any]:
    """The page as a phone photo: turned a little, blurred, lit from one side, JPEG."""
    turned = page.rotate(degrees, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    blurred = np.asarray(turned.filter(ImageFilter.GaussianBlur(1.2)), dtype=np.float64)
    light = np.linspace(0.72, 1.0, blurred.shape[1])[None, :]
    noise = np.random.default_rng(16).normal(0, 4, blurred.shape)
    photo = Image.fromarray(np.clip(blurred * light + noise, 0, 255).astype(np.uint8))
    out = io.BytesIO()
    photo.save(out, format="JPEG", quality=80)
    return np.asarray(Image.open(out))


def test_the_rules_of_a_ruled_page_are_found_where_they_are_printed() -> None:
    rows = 14
    _, ruling = find_rules(np.asarray(_page(ruled=True, rows=rows)))
    assert [x for x, _, _ in ruling.vertical] == pytest.approx(COLUMNS, abs=2)
    assert [y for y, _, _ in ruling.horizontal] == pytest.approx(
        [TOP + r * ROW for r in range(rows + 1)], abs=2)
    for _, top, bottom in ruling.vertical:
        assert (top, bottom) == pytest.approx((TOP, TOP + rows * ROW), abs=3)
    for _, left, right in ruling.horizontal:
        assert (left, right) == pytest.approx((COLUMNS[0], COLUMNS[-1]), abs=3)


@pytest.mark.parametrize("font", ["DejaVuSans.ttf", "DejaVuSerifCondensed-Bold.ttf",
                                  "DejaVuSansMono-Bold.ttf"])
def test_an_unruled_page_has_no_rules_though_its_text_is_in_lines(font: str) -> None:
    # Underscores, dashes and "===" in the text, bold condensed letters that touch: all text.
    page = np.asarray(_page(ruled=False, font=font))
    _, ruling = find_rules(page)
    assert ruling.vertical == () and ruling.horizontal == ()
    assert ruling == find_rules(_photographed(_page(ruled=False, font=font)))[1]
    assert ruling == find_rules(preprocess(_photographed(_page(ruled=False, font=font))).image)[1]


@pytest.mark.parametrize("grey, broken", [(0, False), (150, False), (120, True)])
def test_faint_and_broken_rules_on_a_photo_are_still_found(grey: int, broken: bool) -> None:
    rows = 14
    prepared = preprocess(_photographed(_page(ruled=True, rows=rows, rule_grey=grey,
                                              broken=broken)))
    _, ruling = find_rules(prepared.image)
    # Every rule, each found once (the pieces of a broken one joined), none made up.
    assert len(ruling.vertical) == len(COLUMNS)
    assert len(ruling.horizontal) == rows + 1
    gaps = np.diff([x for x, _, _ in ruling.vertical])
    assert gaps == pytest.approx(np.diff(COLUMNS), abs=8)
    for _, top, bottom in ruling.vertical:
        assert bottom - top == pytest.approx(rows * ROW, rel=0.05)


def test_the_reading_gives_each_page_its_rules_in_the_pixels_of_its_words() -> None:
    from borderdesk.ocr.pipeline import read_document

    out = io.BytesIO()
    _page(ruled=True).save(out, format="PNG")
    page = read_document(out.getvalue()).pages[0]
    assert page.ruling is not None and page.ruling.page == 0
    assert len(page.ruling.vertical) == len(COLUMNS)
    # The header "Qty" sits between the third and the fourth vertical rule.
    qty = next(word for word in page.words if word.text == "Qty")
    xs = [x for x, _, _ in page.ruling.vertical]
    assert xs[2] < qty.left < qty.left + qty.width < xs[3]


def test_dashed_rules_between_rows_are_erased_and_the_words_beside_them_kept() -> None:
    image = Image.new("L", (2300, 1200), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONTS + "DejaVuSans.ttf", 30)
    for r in range(8):
        y = 200 + r * 90
        draw.text((160, y + 20), f"0{r + 1}   Refined palm olein   151190   TH   1,862.00",
                  font=font, fill=0)
        for x in range(150, 2150, 36):  # a dash of 20 pixels, a gap of 16
            draw.line((x, y + 80, x + 20, y + 80), fill=120, width=2)
    gray = np.asarray(image)
    cleaned, _ = find_rules(gray)
    dashes = cleaned[200 + 80 - 2 : 200 + 8 * 90, :]
    rows_of_dashes = [90 * r + 2 for r in range(8)]
    assert all((dashes[y - 2 : y + 3] > 200).all() for y in rows_of_dashes)
    # The words keep their ink: the erasing took the dashes only.
    text = gray[220:260, 150:1300]
    assert np.count_nonzero(cleaned[220:260, 150:1300] < 128) == np.count_nonzero(text < 128)
