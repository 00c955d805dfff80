"""Find the text on a truck photo, then read each piece: PP-OCR models run by rapidocr.

The models are the files the ``rapidocr`` wheel carries, named by path, so
nothing is ever downloaded; they load once per process, on first use, on
whatever thread first asks (a worker, never the GUI thread: the window
calls through a task). onnxruntime runs on one thread, like tesseract
(``OMP_THREAD_LIMIT=1``): a gate workstation has two cores and a window.

The recogniser knows Latin letters and digits well and Vietnamese tone
marks not at all: it reads identifiers, never goods descriptions.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from borderdesk.errors import EnvironmentProblem
from borderdesk.i18n import _

log = logging.getLogger("borderdesk.ocr")

DETECTION_SIDE = 960
"""The detector sees the photo with its longer side at this many pixels: a 40-pixel plate
in a 1920-pixel photo stays 20 pixels high, enough to find, at a third of full-size cost."""

_MODELS = {
    "Det.model_path": "PP-OCRv6_det_small.onnx",
    "Rec.model_path": "PP-OCRv6_rec_small.onnx",
    "Cls.model_path": "ch_ppocr_mobile_v2.0_cls_mobile.onnx",
}


@dataclass(frozen=True)
class TextRegion:
    """One piece of text found on the photo and read.

    Attributes:
        text: what the recogniser read, as read.
        confidence: the recogniser's confidence, 0..1.
        box: ``(x, y, width, height)`` in the photo's pixels.
        vertical: read from a column of letters stacked one per line.
        line_height: the height of the line's letters, even when the line is tilted.
        quad: the found region's corners, clockwise from top left (empty if not found so).
    """

    text: str
    confidence: float
    box: tuple[int, int, int, int]
    vertical: bool = False
    line_height: int = 0
    quad: tuple[tuple[float, float], ...] = field(default=(), compare=False, repr=False)


def model_folder() -> Path:
    """Where the rapidocr wheel keeps its model files (also what the installer bundles)."""
    import rapidocr

    return Path(rapidocr.__file__).parent / "models"


class RegionReader:
    """The detector and recogniser, loaded on first use and shared by every caller.

    Calls are serialised: one photo at a time per process is what two cores allow.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._engine: Any = None

    def _loaded(self) -> Any:
        if self._engine is None:
            try:
                from rapidocr import RapidOCR
            except ImportError as exc:
                # Python's "No module named ..." is for whoever installs it: the log keeps it.
                log.warning("the plate reader cannot be imported: %s", exc)
                raise EnvironmentProblem(_(
                    "The plate reader (rapidocr) is not installed: reinstall BorderDesk.")
                ) from None
            folder = model_folder()
            params: dict[str, Any] = {key: str(folder / name) for key, name in _MODELS.items()}
            params.update({
                # "No text found" is an answer, not a warning for the officer's terminal.
                "Global.log_level": "error",
                "Global.use_cls": False,
                "Global.text_score": 0.3,
                "Det.limit_side_len": DETECTION_SIDE,
                "Det.limit_type": "max",
                "Det.box_thresh": 0.4,
                "EngineConfig.onnxruntime.intra_op_num_threads": 1,
                "EngineConfig.onnxruntime.inter_op_num_threads": 1,
            })
            self._engine = RapidOCR(params=params)
            log.info("Plate and container reader loaded from %s", folder)
        return self._engine

    def find_and_read(self, image: np.ndarray[Any, Any]) -> list[TextRegion]:
        """Every text region of a BGR photo, read, top to bottom."""
        regions = self._found(image, 0, 0)
        regions.sort(key=lambda r: (r.box[1], r.box[0]))
        return regions

    def find_and_read_closer(self, image: np.ndarray[Any, Any]) -> list[TextRegion]:
        """As ``find_and_read``, the photo looked at in overlapping tiles near full size:
        letters 10 pixels high in a 1920-pixel photo are found (and it costs twice as much)."""
        height, width = image.shape[:2]
        across = max(1, -(-width // int(1.1 * DETECTION_SIDE)))
        down = max(1, -(-height // int(1.1 * DETECTION_SIDE)))
        if across == down == 1:
            return self.find_and_read(image)
        tile_w, tile_h = -(-width // across), -(-height // down)
        overlap = DETECTION_SIDE // 6
        regions: list[TextRegion] = []
        for row in range(down):
            for column in range(across):
                left, top = max(0, column * tile_w - overlap), max(0, row * tile_h - overlap)
                tile = image[top : top + tile_h + 2 * overlap, left : left + tile_w + 2 * overlap]
                for region in self._found(tile, left, top):
                    if not any(_same_place(region.box, known.box) for known in regions):
                        regions.append(region)
        regions.sort(key=lambda r: (r.box[1], r.box[0]))
        return regions

    def _found(self, image: np.ndarray[Any, Any], left: int, top: int) -> list[TextRegion]:
        with self._lock:
            out = self._loaded()(np.ascontiguousarray(image), use_det=True, use_cls=False,
                                 use_rec=True)
        boxes = getattr(out, "boxes", None)
        texts = getattr(out, "txts", None)
        if boxes is None or texts is None:
            return []
        regions = []
        for found, text, score in zip(boxes, texts, out.scores, strict=False):
            quad = found + np.array([left, top], dtype=found.dtype)
            xs, ys = quad[:, 0], quad[:, 1]
            x, y = int(max(0, xs.min())), int(max(0, ys.min()))
            box = (x, y, int(xs.max()) - x, int(ys.max()) - y)
            # A tilted line's box is taller than its letters: the quad's side is not.
            side = float(np.hypot(*(quad[3] - quad[0])))
            corners = tuple((float(px), float(py)) for px, py in quad)
            regions.append(TextRegion(str(text), float(score), box, line_height=int(side),
                                      quad=corners))
        return regions

    def read_line(self, image: np.ndarray[Any, Any]) -> tuple[str, float]:
        """The text of an image that holds one line, with no detection."""
        with self._lock:
            out = self._loaded()(image, use_det=False, use_cls=False, use_rec=True)
        texts = getattr(out, "txts", None)
        if not texts:
            return "", 0.0
        return str(texts[0]), float(out.scores[0])


def _same_place(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    """Whether two boxes mostly cover each other (one region seen from two tiles)."""
    width = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
    height = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
    if width <= 0 or height <= 0:
        return False
    return width * height > 0.5 * min(a[2] * a[3], b[2] * b[3])


def unstack(column: np.ndarray[Any, Any]) -> np.ndarray[Any, Any] | None:
    """A column of letters written one under another, laid out as one line.

    The letters are cut apart at the blank rows between them (ink found by
    Otsu's threshold, dark or light letters alike) and set side by side.
    """
    import cv2

    gray = cv2.cvtColor(column, cv2.COLOR_BGR2GRAY) if column.ndim == 3 else column
    if gray.shape[0] < 8 or gray.shape[1] < 4:
        return None
    _t, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    if np.count_nonzero(ink) > ink.size / 2:
        ink = 255 - ink
    rows = np.count_nonzero(ink, axis=1) > max(1, gray.shape[1] // 20)
    glyphs: list[tuple[int, int]] = []
    start = None
    for index, inked in enumerate([*rows.tolist(), False]):
        if inked and start is None:
            start = index
        elif not inked and start is not None:
            if index - start >= 3:
                glyphs.append((start, index))
            start = None
    if len(glyphs) < 4:
        return None
    height = max(end - begin for begin, end in glyphs) + 8
    pieces = []
    background = int(np.median(gray))
    for begin, end in glyphs:
        # Each letter cut to its own ink sideways: a tilted column's letters drift across it.
        inked = np.flatnonzero(np.count_nonzero(ink[begin:end], axis=0))
        left, right = int(inked[0]), int(inked[-1]) + 1
        piece = np.full((height, right - left + 4), background, np.uint8)
        top = (height - (end - begin)) // 2
        piece[top : top + end - begin, 2 : 2 + right - left] = gray[begin:end, left:right]
        pieces.append(piece)
        pieces.append(np.full((height, max(3, height // 5)), background, np.uint8))
    line = np.hstack(pieces)
    return np.asarray(cv2.cvtColor(line, cv2.COLOR_GRAY2BGR))


_SHARED = RegionReader()


def shared_reader() -> RegionReader:
    """The process's one reader (its models load on its first call, not at import)."""
    return _SHARED
