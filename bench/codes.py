"""How many printed, then photographed, barcodes and QR codes ``read_codes`` decodes.

    python bench/codes.py [--count 60] [--seed 7207]

Each code is drawn by zxing-cpp's writer on a paper with some text, then
"photographed": tilted up to 15 degrees with perspective, scaled so a module
is 1.6-4 pixels, blurred (out of focus or moved), lit unevenly, noised,
pasted into a larger cluttered scene and saved as JPEG at quality 35-85. The
tests draw their codes from other seeds; the default seed here is held out
from them. Target: 95 percent of QR codes and Code 128 decoded exactly.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from typing import Any

import cv2
import numpy as np
import zxingcpp

from borderdesk.ocr.codes import read_codes

HELD_OUT_SEED = 7207
FORMATS = {"QRCode": zxingcpp.BarcodeFormat.QRCode, "Code128": zxingcpp.BarcodeFormat.Code128,
           "PDF417": zxingcpp.BarcodeFormat.PDF417}
WORDS = ("Gạo tẻ hạt dài", "Sữa bột trẻ em", "Nguyễn Văn Tài", "Công ty TNHH Thương mại Lạng Sơn",
         "Hàng hóa nhập khẩu", "Phân bón NPK", "Lốp xe tải", "Điện thoại di động", "Cà phê nhân")


def payload(fmt: str, rnd: random.Random) -> str:
    """What a declaration, an invoice or a carton label would carry in ``fmt``."""
    number = f"{rnd.choice('13')}0{rnd.randrange(10**10):010d}"
    if fmt == "Code128":
        return rnd.choice([number, f"HD{rnd.randrange(10**7):07d}",
                           f"CSQU{rnd.randrange(10**7):07d}"])
    words = " | ".join(rnd.sample(WORDS, 3))
    return f"TK:{number}|MST:0101{rnd.randrange(10**6):06d}|{words}|{rnd.randrange(1, 9999)} USD"


def printed(text: str | bytes, fmt: str, module: int = 4) -> np.ndarray[Any, Any]:
    """The code on white paper, as a greyscale image, ``module`` pixels per module."""
    code = zxingcpp.create_barcode(text, FORMATS[fmt])
    image = np.array(code.to_image(scale=module, add_quiet_zones=True))
    if fmt == "Code128":
        image = cv2.resize(image, (image.shape[1], max(image.shape[0], 60 * module)),
                           interpolation=cv2.INTER_NEAREST)
    paper = np.full((image.shape[0] + 80 * module // 2, image.shape[1] + 60), 250, np.uint8)
    paper[20 : 20 + image.shape[0], 30 : 30 + image.shape[1]] = image
    cv2.putText(paper, "HOA DON GTGT", (30, paper.shape[0] - 10), cv2.FONT_HERSHEY_SIMPLEX,
                0.6, 40, 1, cv2.LINE_AA)
    return paper


def _motion_blur(image: np.ndarray[Any, Any], rnd: random.Random) -> np.ndarray[Any, Any]:
    length = rnd.randint(2, 5)
    kernel = np.zeros((length, length), np.float32)
    kernel[length // 2, :] = 1.0 / length
    rotation = cv2.getRotationMatrix2D((length / 2 - 0.5, length / 2 - 0.5), rnd.uniform(0, 180), 1)
    kernel = cv2.warpAffine(kernel, rotation, (length, length))
    return cv2.filter2D(image, -1, kernel / max(kernel.sum(), 1e-6))


def photographed(paper: np.ndarray[Any, Any], rnd: random.Random,
                 pixels: float, module: int = 4) -> np.ndarray[Any, Any]:
    """``paper`` as a phone or booth camera would see it: a BGR JPEG-decoded scene where a
    module of the code (printed ``module`` pixels wide) is ``pixels`` wide."""
    height, width = paper.shape[:2]
    scale = pixels / module
    angle = np.deg2rad(rnd.uniform(-15, 15))
    corners = np.float32([[0, 0], [width, 0], [width, height], [0, height]])
    centre = corners.mean(axis=0)
    rotation = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    moved = (corners - centre) @ rotation.T * scale
    moved += rnd.uniform(-0.06, 0.06) * np.array([width, height]) * scale * np.array(
        [[-1, -1], [1, -1], [1, 1], [-1, 1]]) * rnd.choice([0, 1])
    scene_w, scene_h = int(width * scale * 1.8) + 200, int(height * scale * 1.8) + 200
    offset = np.array([rnd.uniform(100, scene_w - 100), rnd.uniform(100, scene_h - 100)])
    offset = np.clip(offset, np.abs(moved).max(axis=0) + 5,
                     np.array([scene_w, scene_h]) - np.abs(moved).max(axis=0) - 5)
    target = np.float32(moved + offset)
    warp = cv2.getPerspectiveTransform(corners, target)
    np_rng = np.random.default_rng(rnd.randrange(2**32))
    scene = np_rng.normal(110, 40, (scene_h // 8, scene_w // 8)).clip(0, 255).astype(np.uint8)
    scene = cv2.resize(scene, (scene_w, scene_h), interpolation=cv2.INTER_CUBIC)
    shot = cv2.warpPerspective(paper, warp, (scene_w, scene_h), dst=scene.copy(),
                               borderMode=cv2.BORDER_TRANSPARENT, flags=cv2.INTER_AREA)
    shot = _motion_blur(shot, rnd) if rnd.random() < 0.4 else cv2.GaussianBlur(
        shot, (0, 0), rnd.uniform(0.3, 1.1))
    light = np.linspace(rnd.uniform(0.55, 1.0), rnd.uniform(0.8, 1.1), scene_w)[None, :]
    shot = shot.astype(np.float32) * light + np_rng.normal(0, rnd.uniform(2, 7), shot.shape)
    colour = cv2.cvtColor(shot.clip(0, 255).astype(np.uint8), cv2.COLOR_GRAY2BGR)
    ok, jpeg = cv2.imencode(".jpg", colour, [cv2.IMWRITE_JPEG_QUALITY, rnd.randint(35, 85)])
    assert ok
    return cv2.imdecode(jpeg, cv2.IMREAD_COLOR)


def sample(fmt: str, rnd: random.Random) -> tuple[str, np.ndarray[Any, Any], float]:
    """One payload, its photograph and how many pixels a module of it is wide there."""
    text = payload(fmt, rnd)
    pixels = rnd.uniform(1.6, 4.0)
    return text, photographed(printed(text, fmt, module=4), rnd, pixels, module=4), pixels


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=60, help="codes of each format")
    parser.add_argument("--seed", type=int, default=HELD_OUT_SEED)
    args = parser.parse_args()
    rnd = random.Random(args.seed)
    print(f"{'format':<9} {'codes':>5} {'decoded':>8} {'exact %':>8} {'<2.5 px %':>10} "
          f"{'>=2.5 px %':>11} {'median ms':>10} {'max ms':>7}")
    for fmt in FORMATS:
        times: list[float] = []
        bands: dict[bool, list[bool]] = {True: [], False: []}
        for _ in range(args.count):
            text, shot, pixels = sample(fmt, rnd)
            start = time.perf_counter()
            readings = read_codes(shot)
            times.append((time.perf_counter() - start) * 1000)
            bands[pixels >= 2.5].append(any(r.text == text for r in readings))
        exact = sum(bands[True]) + sum(bands[False])
        small, large = (100 * sum(b) / max(1, len(b)) for b in (bands[False], bands[True]))
        print(f"{fmt:<9} {args.count:>5} {exact:>8} {100 * exact / args.count:>8.1f} "
              f"{small:>10.1f} {large:>11.1f} {statistics.median(times):>10.0f} "
              f"{max(times):>7.0f}")


if __name__ == "__main__":
    main()
