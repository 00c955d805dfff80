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
from dataclasses import dataclass
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
    """

    text: str
    confidence: float
    box: tuple[int, int, int, int]
    vertical: bool = False


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
                raise EnvironmentProblem(
                    _("The plate reader is not installed ({error}).").format(error=exc)
                ) from None
            folder = model_folder()
            params: dict[str, Any] = {key: str(folder / name) for key, name in _MODELS.items()}
            params.update({
                "Global.log_level": "warning",
                "Global.use_cls": False,
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
        with self._lock:
            out = self._loaded()(image, use_det=True, use_cls=False, use_rec=True)
        boxes = getattr(out, "boxes", None)
        texts = getattr(out, "txts", None)
        if boxes is None or texts is None:
            return []
        regions = []
        for quad, text, score in zip(boxes, texts, out.scores, strict=False):
            xs, ys = quad[:, 0], quad[:, 1]
            x, y = int(max(0, xs.min())), int(max(0, ys.min()))
            box = (x, y, int(xs.max()) - x, int(ys.max()) - y)
            regions.append(TextRegion(str(text), float(score), box))
        regions.sort(key=lambda r: (r.box[1], r.box[0]))
        return regions

    def read_line(self, image: np.ndarray[Any, Any]) -> tuple[str, float]:
        """The text of an image that holds one line, with no detection."""
        with self._lock:
            out = self._loaded()(image, use_det=False, use_cls=False, use_rec=True)
        texts = getattr(out, "txts", None)
        if not texts:
            return "", 0.0
        return str(texts[0]), float(out.scores[0])


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
        piece = np.full((height, gray.shape[1]), background, np.uint8)
        top = (height - (end - begin)) // 2
        piece[top : top + end - begin] = gray[begin:end]
        pieces.append(piece)
        pieces.append(np.full((height, max(2, gray.shape[1] // 4)), background, np.uint8))
    line = np.hstack(pieces)
    return np.asarray(cv2.cvtColor(line, cv2.COLOR_GRAY2BGR))


_SHARED = RegionReader()


def shared_reader() -> RegionReader:
    """The process's one reader (its models load on its first call, not at import)."""
    return _SHARED
