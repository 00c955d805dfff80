"""Generated truck photos with their truth: plates of each country, container doors, scenes.

Two families that share no font, no scene style and no seed: ``tuning`` (what the
reader was adjusted on) and ``held-out`` (never looked at while adjusting; its
figure is the headline). Everything is drawn from fonts Debian ships (DejaVu,
URW, Liberation, Droid for the Chinese province character), then degraded the
way a gate camera degrades: rotated up to 12 degrees, perspective, motion blur,
low light, JPEG, down to 40 pixels high, pasted into a 1920 x 1080 scene.
"""

from __future__ import annotations

import io
import random
import string
import subprocess
from dataclasses import dataclass
from functools import cache
from typing import Any

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont
from stdnum import iso6346

from borderdesk.domain.plate_formats import LAO_PROVINCES

FAMILIES = {
    "tuning": {"fonts": ("DejaVu Sans Condensed:bold", "Nimbus Sans Narrow:bold"),
               "scene": "yard", "seed": 1919},
    "held-out": {"fonts": ("URW Gothic:demi", "DejaVu Sans:bold", "Liberation Sans:bold"),
                 "scene": "road", "seed": 424242},
}
COUNTRIES = ("VN", "VN", "LA", "LA", "TH", "KH", "CN")
_LAO_LINE = ("ສະຫວັນນະເຂດ", "ຈຳປາສັກ", "ນະຄອນຫຼວງວຽງຈັນ", "ຄຳມ່ວນ")
_THAI_LINE = ("มุกดาหาร", "นครพนม", "ขอนแก่น", "อุดรธานี")
_CN_PROVINCE = "桂云粤湘"
_YARD_WORDS = ("HINO", "ISUZU", "FRAGILE", "NO SMOKING", "LANE 3")
_ROAD_WORDS = ("HOWO", "DONGFENG", "KEEP DISTANCE", "MAX 40T", "0912 345 678", "EXIT")


@dataclass(frozen=True)
class Sample:
    """One generated photo and what is on it (``plate``/``container`` empty if absent)."""

    family: str
    kind: str  # "crop" or "scene"
    image: np.ndarray[Any, Any]
    plate: str = ""
    country: str = ""
    container: str = ""


@cache
def font_file(pattern: str) -> str:
    """The font file fontconfig picks for a pattern such as "DejaVu Sans:bold"."""
    done = subprocess.run(["fc-match", "-f", "%{file}", pattern], capture_output=True,
                          text=True, check=True)
    return done.stdout.strip()


def _font(pattern: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(font_file(pattern), size)


def plate_text(rng: random.Random, country: str) -> tuple[str, list[str], str]:
    """``(truth as printed, lines to draw, script line)`` for a random plate of ``country``."""
    letters = "ABCDEFGHKLMNPRSTUVXYZ"
    if country == "VN":
        head = f"{rng.randint(11, 99)}{rng.choice(letters)}"
        serial = f"{rng.randint(0, 99999):05d}"
        truth = f"{head}-{serial[:3]}.{serial[3:]}"
        two_lines = rng.random() < 0.4
        return truth, [head, f"{serial[:3]}.{serial[3:]}"] if two_lines else [truth], ""
    if country == "LA":
        truth = f"{rng.choice(LAO_PROVINCES)} {rng.randint(1000, 9999)}"
        return truth, [truth], rng.choice(_LAO_LINE)
    if country == "TH":
        truth = f"{rng.randint(60, 79)}-{rng.randint(1000, 9999)}"
        return truth, [truth], rng.choice(_THAI_LINE)
    if country == "KH":
        truth = f"{rng.randint(1, 3)}{rng.choice('ABCDE')}-{rng.randint(1000, 9999)}"
        return truth, ["CAMBODIA", truth], ""
    city = rng.choice("ABCDEFGHJKLMN")
    truth = f"{city}·{rng.randint(10000, 99999)}"
    return truth, [f"{rng.choice(_CN_PROVINCE)}{truth}"], ""


def draw_plate(rng: random.Random, country: str, font: str) -> tuple[Image.Image, str]:
    """A plate, flat and sharp, with the truth it shows."""
    truth, lines, script = plate_text(rng, country)
    colours = {"VN": [("white", "black"), ("#f2c200", "black"), ("#1d4fa0", "white")],
               "LA": [("#f2c200", "black"), ("white", "#1d4fa0")],
               "TH": [("white", "black"), ("#f2c200", "black")],
               "KH": [("white", "#1d4fa0")], "CN": [("#1d4fa0", "white"), ("#f2c200", "black")]}
    background, ink = rng.choice(colours[country])
    size = 64
    main = _font(font, size)
    rows: list[tuple[str, ImageFont.FreeTypeFont]] = []
    if script and country == "LA":
        rows.append((script, _font("DejaVu Sans:bold", 36)))
    rows += [(line, _font(font, 40) if line == "CAMBODIA" else main) for line in lines]
    if script and country == "TH":
        rows.append(("", main))
    if country == "CN":
        rows = [(lines[0][0], _font("Droid Sans Fallback", size))]
    heights = [f.getbbox(t if t.isascii() and t else "Ag")[3] + 10 for t, f in rows]
    widths = [int(f.getlength(t)) if t else 0 for t, f in rows]
    if country == "CN":
        widths = [int(_font("Droid Sans Fallback", size).getlength(lines[0][0])
                      + main.getlength(lines[0][1:]))]
    width, height = max(widths) + 40, sum(heights) + 24
    plate = Image.new("RGB", (width, height), background)
    draw = ImageDraw.Draw(plate)
    draw.rectangle((3, 3, width - 4, height - 4), outline=ink, width=4)
    y = 12
    for (text, face), row_height, row_width in zip(rows, heights, widths, strict=True):
        x = (width - row_width) // 2
        if country == "CN":
            draw.text((x, y), text, font=face, fill=ink)
            draw.text((x + face.getlength(text) + 4, y), lines[0][1:], font=main, fill=ink)
        elif not text:
            _strokes(draw, rng, (20, y + 4, width - 20, y + 40), ink)
        else:
            draw.text((x, y), text, font=face, fill=ink)
        y += row_height
    return plate, truth


def _strokes(draw: ImageDraw.ImageDraw, rng: random.Random, area: tuple[int, int, int, int],
             ink: str) -> None:
    """Loops and hooks in a line, standing in for Thai letters (no Debian font here has them)."""
    left, top, right, bottom = area
    x = left + 10
    while x < right - 30:
        w = rng.randint(14, 24)
        draw.arc((x, top + 10, x + w, bottom), rng.randint(0, 90), rng.randint(220, 360),
                 fill=ink, width=4)
        draw.ellipse((x, bottom - 10, x + 8, bottom - 2), outline=ink, width=3)
        x += w + rng.randint(4, 10)


def container_number(rng: random.Random) -> str:
    """A random ISO 6346 number with its right check digit."""
    body = "".join(rng.choice(string.ascii_uppercase) for _ in range(3)) + "U"
    body += f"{rng.randint(0, 999999):06d}"
    return body + str(iso6346.calc_check_digit(body))


def draw_door(rng: random.Random, font: str, vertical: bool) -> tuple[Image.Image, str]:
    """A container door's marking in the ISO layout: owner, serial, boxed check digit, type."""
    number = container_number(rng)
    door = rng.choice(["#1f3f7a", "#8a1f1f", "#5a5a5a", "#2e6b3a", "#c76b12"])
    face = _font(font, 56)
    if vertical:
        image = Image.new("RGB", (120, 11 * 66 + 40), door)
        draw = ImageDraw.Draw(image)
        for i, char in enumerate(number):
            draw.text((60 - face.getlength(char) / 2, 20 + i * 66), char, font=face, fill="white")
        return image, number
    text = f"{number[:4]} {number[4:10]}"
    width = int(face.getlength(text + "  0")) + 60
    image = Image.new("RGB", (width, 190), door)
    draw = ImageDraw.Draw(image)
    draw.text((30, 20), text, font=face, fill="white")
    x = 30 + face.getlength(text + " ") + 6
    draw.text((x, 20), number[10], font=face, fill="white")
    draw.rectangle((x - 6, 22, x + face.getlength(number[10]) + 6, 90), outline="white", width=3)
    draw.text((30, 110), rng.choice(["22G1", "45G1", "42G1"]), font=_font(font, 44), fill="white")
    return image, number


def degrade(rng: random.Random, image: np.ndarray[Any, Any], height: int,
            glyph: float = 0.5) -> np.ndarray[Any, Any]:
    """Scaled to ``height`` pixels, tilted, in perspective, blurred, dark.

    ``glyph`` is a letter's height as a share of the image's: motion blur
    smears by at most a quarter of a letter.
    """
    scale = height / image.shape[0]
    image = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    h, w = image.shape[:2]
    pad = int(0.12 * max(h, w)) + 6
    image = cv2.copyMakeBorder(image, pad, pad, pad, pad, cv2.BORDER_REPLICATE)
    h, w = image.shape[:2]
    jitter = 0.06 * min(h, w)
    corners = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    moved = corners + np.float32([[rng.uniform(-jitter, jitter) for _ in range(2)]
                                  for _ in range(4)])
    image = cv2.warpPerspective(image, cv2.getPerspectiveTransform(corners, moved), (w, h),
                                borderMode=cv2.BORDER_REPLICATE)
    turn = cv2.getRotationMatrix2D((w / 2, h / 2), rng.uniform(-12, 12), 1.0)
    image = cv2.warpAffine(image, turn, (w, h), borderMode=cv2.BORDER_REPLICATE)
    if rng.random() < 0.5:
        length = rng.randint(3, max(3, int(height * glyph / 4)))
        kernel = np.zeros((length, length), np.float32)
        kernel[length // 2, :] = 1.0 / length
        image = cv2.filter2D(image, -1, kernel)
    if rng.random() < 0.4:
        image = np.clip(image.astype(np.float32) * rng.uniform(0.3, 0.6)
                        + np.random.default_rng(rng.randint(0, 2**31)).normal(0, 6, image.shape),
                        0, 255).astype(np.uint8)
    return image


def jpeg(rng: random.Random, image: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """Saved and read back as a JPEG of quality 35 to 85."""
    ok, data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, rng.randint(35, 85)])
    assert ok
    return np.asarray(cv2.imdecode(data, cv2.IMREAD_COLOR))


def _bgr(image: Image.Image) -> np.ndarray[Any, Any]:
    return np.ascontiguousarray(np.asarray(image.convert("RGB"))[:, :, ::-1])


def scene(rng: random.Random, style: str, font: str) -> Image.Image:
    """A 1920 x 1080 background: a yard of grey shapes, or a textured road with lettering."""
    noise = np.random.default_rng(rng.randint(0, 2**31))
    if style == "yard":
        base = np.linspace(60, 170, 1080, dtype=np.float32)[:, None, None]
        pixels = np.broadcast_to(base, (1080, 1920, 3)).copy()
        words = _YARD_WORDS
    else:
        pixels = noise.normal(110, 28, (1080, 1920, 3)).astype(np.float32)
        pixels = cv2.GaussianBlur(pixels, (0, 0), 3)
        words = _ROAD_WORDS
    image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(image)
    for _ in range(rng.randint(3, 7)):
        x, y = rng.randint(0, 1700), rng.randint(0, 900)
        shade = tuple(rng.randint(20, 230) for _ in range(3))
        draw.rectangle((x, y, x + rng.randint(150, 700), y + rng.randint(80, 400)), fill=shade)
    for word in rng.sample(words, 2):
        draw.text((rng.randint(0, 1500), rng.randint(0, 1000)), word,
                  font=_font(font, rng.randint(30, 70)), fill=(240, 240, 240))
    return image


def _paste(canvas: np.ndarray[Any, Any], piece: np.ndarray[Any, Any],
           rng: random.Random, taken: list[tuple[int, int, int, int]]) -> None:
    h, w = piece.shape[:2]
    for _ in range(50):
        x, y = rng.randint(0, 1920 - w), rng.randint(0, 1080 - h)
        if all(x + w < a or a + c < x or y + h < b or b + d < y for a, b, c, d in taken):
            break
    canvas[y : y + h, x : x + w] = piece
    taken.append((x, y, w, h))


def _glyph(image: Image.Image) -> float:
    """A letter's height as a share of a drawn plate's or door's height (letters are 56-64 px)."""
    return min(1.0, 60 / image.height)


def samples(family: str, crops: int, scenes: int) -> list[Sample]:
    """The family's crops (plates, then container doors) and scenes, always the same."""
    spec = FAMILIES[family]
    rng = random.Random(spec["seed"])
    fonts: tuple[str, ...] = spec["fonts"]  # type: ignore[assignment]
    out = []
    for i in range(crops):
        font = fonts[i % len(fonts)]
        if i % 3 == 2:
            door, number = draw_door(rng, font, vertical=rng.random() < 0.3)
            height = rng.randint(90, 240) if door.height < 400 else rng.randint(420, 700)
            picture = jpeg(rng, degrade(rng, _bgr(door), height, _glyph(door)))
            out.append(Sample(family, "crop", picture, container=number))
        else:
            country = rng.choice(COUNTRIES)
            plate, truth = draw_plate(rng, country, font)
            picture = jpeg(rng, degrade(rng, _bgr(plate), rng.randint(40, 110), _glyph(plate)))
            out.append(Sample(family, "crop", picture, plate=truth, country=country))
    for i in range(scenes):
        font = fonts[i % len(fonts)]
        canvas = _bgr(scene(rng, str(spec["scene"]), font))
        taken: list[tuple[int, int, int, int]] = []
        country = rng.choice(COUNTRIES)
        plate, truth = draw_plate(rng, country, font)
        lines = 2 if plate.height > 110 else 1
        _paste(canvas, degrade(rng, _bgr(plate), rng.randint(40, 70) * lines, _glyph(plate)),
               rng, taken)
        number = ""
        if rng.random() < 0.6:
            door, number = draw_door(rng, font, vertical=rng.random() < 0.3)
            height = rng.randint(110, 220) if door.height < 400 else rng.randint(420, 600)
            _paste(canvas, degrade(rng, _bgr(door), height, _glyph(door)), rng, taken)
        out.append(Sample(family, "scene", jpeg(rng, canvas), plate=truth, country=country,
                          container=number))
    return out


def png_bytes(image: np.ndarray[Any, Any]) -> bytes:
    """A sample as a PNG file's bytes (for the command line)."""
    buffer = io.BytesIO()
    Image.fromarray(image[:, :, ::-1]).save(buffer, format="PNG")
    return buffer.getvalue()
