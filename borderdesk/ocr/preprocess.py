"""Straightening a page before tesseract reads it: page, perspective, skew, light, noise.

Every step decides from the image itself and is deterministic, so the
preprocessed page (the one the word boxes refer to) can be rebuilt from the
untouched original at any time. Adaptive thresholding is never used: it
turns the faint rules of a printed form into noise. Uneven light is evened
out by dividing by the page's background instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from borderdesk.ocr.layout import Ruling

Gray = np.ndarray[Any, Any]

WORK_SIDE = 1000
"""Side of the downscaled copy the page outline and the skew are estimated on."""
MIN_PAGE_SHARE = 0.30
MAX_SKEW = 15.0
SMALL_SIDE = 1600
"""A page whose longer side is shorter than this is a small scan, enlarged before OCR."""


@dataclass(frozen=True)
class Preprocessed:
    """A page ready for OCR, and what was done to get it.

    Attributes:
        image: the greyscale page (uint8).
        steps: short names of the steps applied, in order ("page", "deskew
            1.8", "light", "denoise").
        skew: the angle in degrees the page was turned by to straighten it.
    """

    image: Gray
    steps: tuple[str, ...]
    skew: float = 0.0

    @property
    def photographed(self) -> bool:
        """Whether the page looked photographed: a sheet found, light evened or text turned."""
        return any(step in ("page", "light") or step.startswith("deskew") for step in self.steps)


def to_gray(image: Gray) -> Gray:
    """A greyscale uint8 copy of a grey, BGR or BGRA image."""
    import cv2

    if image.ndim == 2:
        return image.astype(np.uint8, copy=True)
    code = cv2.COLOR_BGRA2GRAY if image.shape[2] == 4 else cv2.COLOR_BGR2GRAY
    return cv2.cvtColor(image, code)


def _downscaled(gray: Gray) -> tuple[Gray, float]:
    import cv2

    scale = WORK_SIDE / max(gray.shape[:2])
    if scale >= 1.0:
        return gray, 1.0
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    return small, scale


def _order_corners(points: Gray) -> Gray:
    """Top-left, top-right, bottom-right, bottom-left."""
    points = points.reshape(4, 2).astype(np.float32)
    total = points.sum(axis=1)
    diff = np.diff(points, axis=1).ravel()
    return np.array(
        [points[np.argmin(total)], points[np.argmin(diff)],
         points[np.argmax(total)], points[np.argmax(diff)]],
        dtype=np.float32,
    )


def find_page(gray: Gray) -> Gray | None:
    """The four corners of a photographed sheet, or None when no sheet stands out.

    The sheet is the largest four-cornered outline covering more than 30 %
    (and less than 97 %) of the photo, with at least one corner inside the
    photo; a scan that is all page has none.
    """
    import cv2

    small, scale = _downscaled(gray)
    blurred = cv2.GaussianBlur(small, (5, 5), 0)
    # The sheet is lighter than the desk: Otsu separates them more surely than edges.
    _, mask = cv2.threshold(blurred, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((9, 9), np.uint8))
    found = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    contours = found[0] if len(found) == 2 else found[1]
    area = small.shape[0] * small.shape[1]
    for contour in sorted(contours, key=cv2.contourArea, reverse=True)[:3]:
        share = cv2.contourArea(contour) / area
        if share < MIN_PAGE_SHARE:
            return None
        if share > 0.97:
            continue
        outline = cv2.approxPolyDP(contour, 0.02 * cv2.arcLength(contour, True), True)
        if (len(outline) == 4 and cv2.isContourConvex(outline)
                and _a_corner_inside(outline, small.shape)):
            return _order_corners(outline) / scale
    return None


def _a_corner_inside(outline: Gray, shape: tuple[int, ...]) -> bool:
    """Whether a corner of ``outline`` lies inside the photo, off its edges.

    An outline with every corner on the photo's edges is a lighter part of
    the picture cut by its frame (a close-up of a page lit from one side),
    not a sheet: with no corner of the sheet in view there is no perspective to undo.
    """
    height, width = shape[:2]
    margin = 0.01 * max(height, width)
    return any(margin < x < width - 1 - margin and margin < y < height - 1 - margin
               for x, y in outline.reshape(4, 2))


def flatten_page(gray: Gray, corners: Gray) -> Gray:
    """The sheet inside ``corners`` warped to a straight rectangle."""
    import cv2

    tl, tr, br, bl = corners
    width = round(max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl)))
    height = round(max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr)))
    target = np.array([[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]],
                      dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(corners.astype(np.float32), target)
    return cv2.warpPerspective(gray, matrix, (width, height), flags=cv2.INTER_CUBIC,
                               borderMode=cv2.BORDER_REPLICATE)


def estimate_skew(gray: Gray) -> float:
    """The text's angle in degrees (positive: turned anticlockwise), from a downscaled copy.

    Text lines are smeared into bars and their direction taken by a
    probabilistic Hough transform; the median of the near-horizontal bars
    wins. A full-resolution Hough takes tens of seconds; this takes ms.
    """
    import cv2

    small, _ = _downscaled(gray)
    _, ink = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    bars = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, np.ones((3, 25), np.uint8))
    edges = cv2.Canny(bars, 50, 150)
    min_length = max(small.shape[1] // 6, 40)
    lines = cv2.HoughLinesP(edges, 1, np.pi / 720, threshold=80, minLineLength=min_length,
                            maxLineGap=10)
    if lines is None:
        return 0.0
    # OpenCV 4 gives (N, 1, 4), OpenCV 5 (N, 4): flatten either way.
    segments = np.asarray(lines).reshape(-1, 4).astype(np.float64)
    dx = segments[:, 2] - segments[:, 0]
    dy = segments[:, 3] - segments[:, 1]
    angles = np.degrees(np.arctan2(dy, dx))
    angles = np.where(angles > 90, angles - 180, np.where(angles < -90, angles + 180, angles))
    near = angles[np.abs(angles) <= MAX_SKEW]
    if near.size == 0:
        return 0.0
    # Image y grows downwards: a line rising to the right has a negative dy.
    return float(-np.median(near))


def rotate(gray: Gray, degrees: float) -> Gray:
    """``gray`` turned anticlockwise by ``degrees``, enlarged so no corner is cut."""
    import cv2

    if degrees % 360 == 180:
        return cv2.rotate(gray, cv2.ROTATE_180)
    height, width = gray.shape[:2]
    centre = (width / 2, height / 2)
    matrix = cv2.getRotationMatrix2D(centre, degrees, 1.0)
    cos, sin = abs(matrix[0, 0]), abs(matrix[0, 1])
    new_w, new_h = int(height * sin + width * cos), int(height * cos + width * sin)
    matrix[0, 2] += new_w / 2 - centre[0]
    matrix[1, 2] += new_h / 2 - centre[1]
    return cv2.warpAffine(gray, matrix, (new_w, new_h), flags=cv2.INTER_CUBIC,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=255)


def background(gray: Gray) -> Gray:
    """The page's paper brightness everywhere, text removed (a large closing, then blur)."""
    import cv2

    small, scale = _downscaled(gray)
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (21, 21))
    paper = cv2.morphologyEx(small, cv2.MORPH_CLOSE, kernel)
    paper = cv2.GaussianBlur(paper, (31, 31), 0)
    if scale != 1.0:
        paper = cv2.resize(paper, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_LINEAR)
    return paper


DARK = 110
"""A pixel this dark or darker is ink, or the fill of a dark band."""
BAND_FILL = 0.6
"""A dark band is filled at least this much (white letters cut it but little)."""
BAND_WIDTH = 0.15
"""... and spans at least this share of the page's width; a word in bold never does."""
BAND_MIN_HEIGHT = 0.008
BAND_MAX_HEIGHT = 0.12
"""... and is at least a line and at most a few lines high, as a share of the page's height."""


def dark_bands(gray: Gray) -> list[Gray]:
    """The outlines (4 corners, page pixels) of dark filled bands: a header printed white on black.

    Tesseract reads dark letters on light paper; a band printed the other way
    round reads as noise and the table's labels are lost. A band is found
    however the photo lies: its outline is the smallest turned rectangle
    around it.
    """
    import cv2

    small, scale = _downscaled(gray)
    dark = (small <= DARK).astype(np.uint8)
    # White letters inside a band leave holes; a closing fills them so the band is one piece.
    closed = cv2.morphologyEx(dark, cv2.MORPH_CLOSE, np.ones((5, 9), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(closed, connectivity=8)
    height, width = small.shape[:2]
    bands = []
    for k in range(1, count):
        x, y, w, h, _area = (int(v) for v in stats[k])
        if w < BAND_WIDTH * width or x == 0 or y == 0 or x + w >= width or y + h >= height:
            continue  # too narrow, or the table the page lies on
        points = np.column_stack(np.nonzero(labels == k)[::-1]).astype(np.float32)
        (cx, cy), (rw, rh), angle = cv2.minAreaRect(points)
        long_side, short_side = max(rw, rh), min(rw, rh)
        if not (long_side >= BAND_WIDTH * width
                and BAND_MIN_HEIGHT * height <= short_side <= BAND_MAX_HEIGHT * height):
            continue
        corners = cv2.boxPoints(((cx, cy), (rw, rh), angle))
        mask = np.zeros_like(dark)
        cv2.fillPoly(mask, [corners.astype(np.int32)], 1)
        inside = int(mask.sum())
        if inside and float(dark[mask == 1].sum()) / inside >= BAND_FILL:
            bands.append(corners / scale)
    return bands


def invert_dark_bands(gray: Gray) -> tuple[Gray, int]:
    """The page with each dark band's pixels inverted (white letters turn dark), and how many."""
    import cv2

    bands = dark_bands(gray)
    if not bands:
        return gray, 0
    mask = np.zeros(gray.shape[:2], np.uint8)
    cv2.fillPoly(mask, [np.round(corners).astype(np.int32) for corners in bands], 1)
    out = gray.copy()
    out[mask == 1] = 255 - out[mask == 1]
    return out, len(bands)


def is_unevenly_lit(paper: Gray) -> bool:
    """Whether the paper's brightness varies enough (a shadow, a lamp) to need evening out."""
    low, high = np.percentile(paper, [5, 95])
    return bool(high - low > 40 or low < 140)


def even_light(gray: Gray, paper: Gray) -> Gray:
    """Divide by the paper's brightness: shadows go, faint rules stay."""
    import cv2

    return cv2.divide(gray, np.maximum(paper, 1).astype(np.uint8), scale=255)


def is_noisy(gray: Gray) -> bool:
    """Whether speckle noise is strong (what a 3x3 median removes is large on average)."""
    import cv2

    small, _ = _downscaled(gray)
    residue = cv2.absdiff(small, cv2.medianBlur(small, 3))
    return bool(np.mean(residue) > 6.0)


def erase_rules(gray: Gray) -> Gray:
    """A copy of the page with the table's ruled lines painted white (see ``find_rules``)."""
    return find_rules(gray)[0]


DRIFT = 0.05
"""How far (pixels per pixel of length, ~3 degrees) a photographed rule may drift off straight."""
RULE_GAP = 2.0
"""Pieces of one rule up to this many times the shortest piece apart are one broken rule."""
LONG_ACROSS = 3
"""A horizontal rule spans at least this many times the shortest run kept: a text line's
letters touching along the baseline make short runs, a rule long ones."""
WIDEN = 5
"""Pixels a rule is widened by (across its direction) before straight runs are looked for."""
MAX_THICKNESS = 0.1
"""A rule is at most this share of the shortest piece thick (a blot or a bar of text is not)."""


def find_rules(gray: Gray) -> tuple[Gray, Ruling]:
    """The page with its ruled lines painted white, and where they are.

    tesseract reads a ``|`` rule into the cell next to it and loses the
    table; only long straight runs of ink go, text strokes are far shorter.
    The rules found are the page's ``Ruling`` (page 0: the caller numbers
    pages) in this image's pixels, which the words' boxes share: vertical
    rules as (x, top, bottom), horizontal ones as (y, left, right). They
    are looked for more widely than ink is erased: faint grey rules and rules
    a little aslant on a photo count, the pieces of a broken rule are joined;
    a run too short, too thick or with different paper on its two sides (a
    sheet's edge) is not a rule.
    """
    import cv2

    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    length = max(40, min(gray.shape[:2]) // 30)
    straight_across = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((1, length), np.uint8))
    straight_down = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((length, 1), np.uint8))
    # What tesseract reads: only the straight runs of dark ink go, and a pixel around them.
    # Erasing more (the faint or aslant rules found below) took letters off the words that
    # touch a rule on photos (a header's "G.W." read "GW!"), so the erasing stays as it was.
    straight = cv2.bitwise_or(straight_across, straight_down)
    rules = cv2.dilate(cv2.bitwise_or(straight, _dashed_across(ink, length)),
                       np.ones((3, 3), np.uint8))
    cleaned = gray.copy()
    cleaned[rules > 0] = 255
    # A faint grey rule on a photo is lighter than the text Otsu keeps, but darker than the
    # paper around it; a shadow is the paper, darker all over.
    _, faint = cv2.threshold(cv2.subtract(background(gray), gray), RULE_CONTRAST, 255,
                             cv2.THRESH_BINARY)
    ink = cv2.bitwise_or(ink, faint)
    # A rule a degree or two off straight (a photo's perspective) has no straight run of
    # ``length`` pixels; widened across its direction it has. Letters are not lengthened.
    across = cv2.morphologyEx(cv2.dilate(ink, np.ones((WIDEN, 1), np.uint8)), cv2.MORPH_OPEN,
                              np.ones((1, length), np.uint8))
    down = cv2.morphologyEx(cv2.dilate(ink, np.ones((1, WIDEN), np.uint8)), cv2.MORPH_OPEN,
                            np.ones((length, 1), np.uint8))
    horizontal = _runs(across, gray, length, axis=0)
    vertical = _runs(down, gray, length, axis=1)
    return cleaned, Ruling(
        page=0,
        vertical=tuple(run for run in vertical if run[2] - run[1] >= length),
        horizontal=tuple(run for run in horizontal if run[2] - run[1] >= LONG_ACROSS * length),
    )


DASH_GAP = 30
"""The widest gap (pixels) between two dashes of one dashed rule."""
DASH_HEIGHT = 8
"""The thickest (pixels) a dashed rule is; a line of text, its gaps closed, is far taller."""
DASH_CLEAR = 0.02
"""The most ink (share of pixels) just above and just below a dashed rule."""


def _dashed_across(ink: Gray, length: int) -> Gray:
    """The dashes of dashed or dotted rules running across the page (ink pixels).

    A form's rows parted by dashed lines ("- - - -") keep their dashes when
    only straight runs go, and tesseract then reads them into the rows ("=",
    words run together, decimal marks lost). With its gaps closed a dashed
    rule is one long thin run; a line of text, closed the same way, is as
    tall as its letters and is left alone.
    """
    import cv2

    closed = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, np.ones((1, DASH_GAP), np.uint8))
    runs = cv2.morphologyEx(closed, cv2.MORPH_OPEN, np.ones((1, length), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(runs, connectivity=8)
    keep = np.zeros(count, dtype=bool)
    for k in range(1, count):
        x, y, width, height = (int(v) for v in stats[k, :4])
        # Paper above and below it: a rule between rows, not a slice of a line of text.
        above = ink[max(0, y - DASH_HEIGHT):y, x:x + width]
        below = ink[y + height:y + height + DASH_HEIGHT, x:x + width]
        keep[k] = height <= DASH_HEIGHT and all(
            part.size == 0 or np.count_nonzero(part) <= DASH_CLEAR * part.size
            for part in (above, below))
    thin = np.where(keep[labels], 255, 0).astype(np.uint8)
    return cv2.bitwise_and(ink, cv2.dilate(thin, np.ones((3, 3), np.uint8)))


RULE_CONTRAST = 40
"""How much darker (grey levels) than the paper around it a faint rule is."""


SIDE = (6, 16)
"""How far (pixels) beside a rule's box the paper on each side is sampled."""
STRIDE = 4
"""The paper beside a rule is sampled every this many pixels along it."""


def _paper_on_both_sides(gray: Gray, box: tuple[int, int, int, int], axis: int) -> bool:
    """Whether a line is darker than the paper on both its sides, and the paper the same on
    both: a rule, not a sheet's edge on a darker desk nor the border of a shadow."""
    near, far = SIDE
    x, y, width, height = box
    inside = gray[y:y + height, x:x + width]
    if axis == 0:
        # The darkest pixel of each column is on the rule, even on one a little aslant.
        line = float(np.median(inside.min(axis=0)[::STRIDE]))
        sides = (gray[max(0, y - far):max(0, y - near), x:x + width:STRIDE],
                 gray[y + height + near:y + height + far, x:x + width:STRIDE])
    else:
        line = float(np.median(inside.min(axis=1)[::STRIDE]))
        sides = (gray[y:y + height:STRIDE, max(0, x - far):max(0, x - near)],
                 gray[y:y + height:STRIDE, x + width + near:x + width + far])
    if any(side.size == 0 for side in sides):
        return False
    before, after = (float(np.median(side)) for side in sides)
    return abs(before - after) < RULE_CONTRAST and min(before, after) - line >= RULE_CONTRAST


def _runs(mask: Gray, gray: Gray, length: int, axis: int) -> list[tuple[int, int, int]]:
    """The straight runs of ``mask`` as (position, start, end), broken pieces joined.

    ``axis`` 0: horizontal runs, (y, left, right); 1: vertical, (x, top, bottom).
    """
    import cv2

    found = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    pieces: list[tuple[float, int, int]] = []
    for contour in found[0] if len(found) == 2 else found[1]:
        x, y, width, height = cv2.boundingRect(contour)
        along = width if axis == 0 else height
        # Not the box's other side: a photographed rule drifts across its box.
        thick = cv2.contourArea(contour) / max(1, along)
        if thick > WIDEN + max(4, MAX_THICKNESS * length) or along < length:
            continue
        if not _paper_on_both_sides(gray, (x, y, width, height), axis):
            continue
        if axis == 0:
            pieces.append((y + height / 2, x, x + width))
        else:
            pieces.append((x + width / 2, y, y + height))
    joined: list[list[float]] = []  # position, start, end; the last piece's position, middle
    for position, start, end in sorted(pieces, key=lambda piece: piece[1]):
        middle = (start + end) / 2
        for run in joined:
            # A photo's rule drifts a little off straight: up to ``DRIFT`` per pixel along.
            if start - run[2] <= RULE_GAP * length and \
                    abs(run[3] - position) <= 4 + DRIFT * abs(middle - run[4]):
                run[2], run[3], run[4] = max(run[2], end), position, middle
                break
        else:
            joined.append([position, start, end, position, middle])
    return sorted((round(p), int(a), int(b)) for p, a, b, _, _ in joined)


def preprocess(image: Gray) -> Preprocessed:
    """Straighten, even out and clean a page photo or scan for OCR.

    Args:
        image: the decoded original (grey, BGR or BGRA), not modified.

    Returns:
        The greyscale page and the steps applied.
    """
    import cv2

    gray = to_gray(image)
    steps: list[str] = []
    if max(gray.shape[:2]) < SMALL_SIDE:
        # A small scan's letters are a few pixels high: tesseract wants them larger,
        # and a median filter would wipe their strokes out.
        gray = cv2.resize(gray, None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC)
        steps.append("enlarge 2x")
    corners = find_page(gray)
    if corners is not None:
        gray = flatten_page(gray, corners)
        steps.append("page")
    gray, inverted = invert_dark_bands(gray)
    if inverted:
        steps.append(f"invert {inverted} dark band" + ("s" if inverted > 1 else ""))
    paper = background(gray)
    if is_unevenly_lit(paper):
        gray = even_light(gray, paper)
        steps.append("light")
    if "enlarge 2x" not in steps and is_noisy(gray):
        gray = cv2.medianBlur(gray, 3)
        steps.append("denoise")
    skew = estimate_skew(gray)
    if abs(skew) >= 0.3:
        gray = rotate(gray, -skew)
        steps.append(f"deskew {skew:.1f}")
    else:
        skew = 0.0
    return Preprocessed(gray, tuple(steps), skew)
