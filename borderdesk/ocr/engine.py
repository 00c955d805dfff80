"""The only caller of tesseract: words with their boxes and confidences.

``PytesseractEngine`` runs the ``tesseract`` command (portable, the
default); ``TesserocrEngine`` keeps the model loaded in the process and is
used when the optional ``tesserocr`` package is installed. Both run with
``OMP_THREAD_LIMIT=1``: Debian's OpenMP build is several times slower with
threads on a small machine.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import replace
from functools import cache
from typing import Any, Protocol

import numpy as np

from borderdesk.errors import EnvironmentProblem
from borderdesk.i18n import _
from borderdesk.ocr.layout import OcrWord
from borderdesk.reasons import tool_failed

log = logging.getLogger("borderdesk.ocr")

TESSDATA = "/usr/share/tesseract-ocr/5/tessdata/"
DIGITS = "0123456789.,"
"""What a number cell may hold, for ``read_digits``."""
os.environ.setdefault("OMP_THREAD_LIMIT", "1")


class OcrEngine(Protocol):
    """Reads words from a greyscale page image."""

    name: str

    def read_words(
        self, image: np.ndarray[Any, Any], languages: str, psm: int = 6, page: int = 0
    ) -> list[OcrWord]:
        """The words of ``image`` with boxes in its pixels and confidences 0..1."""
        ...

    def read_text(self, image: np.ndarray[Any, Any], languages: str, psm: int = 7) -> str:
        """The plain text of ``image`` (a plate, a container number)."""
        ...

    def read_lines(
        self, images: list[np.ndarray[Any, Any]], languages: str
    ) -> list[tuple[str, float]]:
        """Each image read as one line of text (a word, a cell), with its confidence 0..1."""
        ...

    def read_digits(self, image: np.ndarray[Any, Any]) -> tuple[str, float]:
        """One line of digits and marks only ("1.234,50"), and its confidence 0..1."""
        ...

    def orientation(self, image: np.ndarray[Any, Any]) -> int | None:
        """Degrees (0, 90, 180, 270) the page must turn clockwise, or None when unsure."""
        ...

    def version(self) -> str:
        """The engine's version text."""
        ...


def read_text_variants(
    image: np.ndarray[Any, Any], engine: OcrEngine, psms: tuple[int, ...]
) -> list[str]:
    """The text of a short marking read several ways: each page-segmentation mode, on the
    picture and on its negative (light letters on a dark door or plate)."""
    from borderdesk.ocr.preprocess import to_gray

    gray = to_gray(image)
    return [engine.read_text(picture, "eng", psm=psm)
            for picture in (gray, 255 - gray) for psm in psms]


def _missing_tesseract(command: str) -> EnvironmentProblem:
    return EnvironmentProblem(
        _(
            "tesseract was not found ({command}). Install it (Debian/Ubuntu: "
            "apt install tesseract-ocr tesseract-ocr-vie) or set its path in the settings."
        ).format(command=command)
    )


@cache
def installed_languages(command: str = "tesseract") -> frozenset[str]:
    """The language packs tesseract has.

    Raises:
        EnvironmentProblem: tesseract is not installed.
    """
    if shutil.which(command) is None:
        raise _missing_tesseract(command)
    try:
        done = subprocess.run(
            [command, "--list-langs"], capture_output=True, text=True, check=False, timeout=30
        )
    except OSError:
        raise _missing_tesseract(command) from None
    lines = (done.stdout + done.stderr).splitlines()
    return frozenset(line.strip() for line in lines[1:] if line.strip() and " " not in line)


def check_languages(languages: str, command: str = "tesseract") -> None:
    """Refuse languages tesseract has no data for.

    Raises:
        EnvironmentProblem: naming the missing language and the package to install.
    """
    have = installed_languages(command)
    for language in languages.split("+"):
        if language and language not in have:
            raise EnvironmentProblem(
                _(
                    "tesseract has no language data for '{language}'. Install it (Debian/"
                    "Ubuntu: apt install tesseract-ocr-{language})."
                ).format(language=language)
            )


_LINES = frozenset(("ocr_line", "ocr_caption", "ocr_header", "ocr_textfloat"))
CHARACTER_BOXES = "-c hocr_char_boxes=1"
"""tesseract's option that puts each character's box and confidence in its hOCR."""


def _title(element: Any) -> dict[str, str]:
    """An hOCR element's properties ("bbox 1 2 3 4; x_wconf 96") by name."""
    return dict(part.strip().split(" ", 1)
                for part in element.get("title", "").split(";") if " " in part.strip())


def _hocr_symbols(word: Any) -> list[tuple[str, float, tuple[int, int, int, int]]]:
    """The characters of an hOCR word: (text, confidence 0..1, box)."""
    symbols = []
    for character in word.iter():
        if character.get("class", "") != "ocrx_cinfo":
            continue
        title = _title(character)
        text = "".join(character.itertext()).strip()
        if text and "x_bboxes" in title:
            left, top, right, bottom = (int(n) for n in title["x_bboxes"].split())
            confidence = float(title.get("x_conf", "0")) / 100
            symbols.append((text, confidence, (left, top, right, bottom)))
    return symbols


def _words_from_hocr(hocr: bytes, page: int) -> list[OcrWord]:
    """The words of tesseract's hOCR, which (unlike its TSV) names the language of each."""
    from defusedxml import ElementTree

    words: list[OcrWord] = []
    numbers = {"block": 0, "par": 0, "line": 0}

    def walk(element: Any, language: str) -> None:
        kind = element.get("class", "")
        language = element.get("lang", language)
        if kind == "ocr_carea":
            numbers.update(block=numbers["block"] + 1, par=0, line=0)
        elif kind == "ocr_par":
            numbers.update(par=numbers["par"] + 1, line=0)
        elif kind in _LINES:
            numbers["line"] += 1
        elif kind == "ocrx_word":
            # With character boxes, the characters' elements lie on lines of their own.
            text = "".join(piece.strip() for piece in element.itertext())
            title = _title(element)
            if text and "bbox" in title:
                left, top, right, bottom = (int(n) for n in title["bbox"].split())
                confidence = float(title.get("x_wconf", "0")) / 100
                if _is_number(text):
                    # With hocr_char_boxes, each character's box and confidence, as
                    # tesserocr gives them: a number is as sure as its digits.
                    symbols = _hocr_symbols(element)
                    if symbols:
                        confidence = number_confidence(symbols)
                words.append(OcrWord(
                    text=text, confidence=max(0.0, min(1.0, confidence)),
                    left=left, top=top, width=right - left, height=bottom - top,
                    block=numbers["block"], par=numbers["par"], line=numbers["line"],
                    page=page, language=language,
                ))
            return
        for child in element:
            walk(child, language)

    walk(ElementTree.fromstring(hocr), "")
    return words


def _stacked(
    images: list[np.ndarray[Any, Any]],
) -> tuple[np.ndarray[Any, Any], list[tuple[int, int]]]:
    """Greyscale images one under another on a white sheet, a blank line's height between.

    Returns:
        The sheet, and the band (top, bottom) on it that belongs to each image.
    """
    gap = max(image.shape[0] for image in images)
    sheet = np.full((gap + sum(image.shape[0] + gap for image in images),
                     2 * gap + max(image.shape[1] for image in images)), 255, dtype=np.uint8)
    bands = []
    y = gap
    for image in images:
        sheet[y:y + image.shape[0], gap:gap + image.shape[1]] = image
        bands.append((y - gap // 2, y + image.shape[0] + gap // 2))
        y += image.shape[0] + gap
    return sheet, bands


PR_SET_PDEATHSIG = 1


def _end_with_parent(parent: int) -> Callable[[], None] | None:
    """A ``preexec_fn`` that has the kernel kill the child when ``parent`` ends (Linux).

    A tesseract run takes seconds; BorderDesk ended by SIGTERM (a supervisor's
    ``kill``, a service stop) must not leave it running on, orphaned.
    """
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    prctl = ctypes.CDLL(None, use_errno=True).prctl

    def in_child() -> None:
        prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:  # the parent ended before the line above
            os._exit(1)

    return in_child


@cache
def _child_tesseract_ends_with_us() -> None:
    """Every tesseract that pytesseract starts is killed when this process ends."""
    from pytesseract import pytesseract as module

    original = module.subprocess_args
    preexec = _end_with_parent(os.getpid())
    if preexec is None:
        return

    def subprocess_args(include_stdout: bool = True) -> dict[str, Any]:
        arguments = dict(original(include_stdout))
        arguments["preexec_fn"] = preexec
        return arguments

    # pytesseract has no hook for Popen's arguments but this function of its own.
    module.subprocess_args = subprocess_args


class PytesseractEngine:
    """tesseract through pytesseract: one process per call."""

    name = "tesseract"

    def __init__(self, command: str = "tesseract") -> None:
        self.command = command

    def _call(self, function: str, *args: Any, **kwargs: Any) -> Any:
        import pytesseract

        _child_tesseract_ends_with_us()
        pytesseract.pytesseract.tesseract_cmd = self.command
        try:
            return getattr(pytesseract, function)(*args, **kwargs)
        except pytesseract.TesseractNotFoundError:
            raise _missing_tesseract(self.command) from None
        except pytesseract.TesseractError as error:
            message = str(error.message)
            if "Failed loading language" in message or "Error opening data file" in message:
                check_languages(kwargs.get("lang", "eng"), self.command)
            # Its stderr is English for whoever installs it: the log keeps it.
            raise EnvironmentProblem(tool_failed("tesseract", error.status, message)) from None

    def read_words(
        self, image: np.ndarray[Any, Any], languages: str, psm: int = 6, page: int = 0
    ) -> list[OcrWord]:
        """See ``OcrEngine.read_words``."""
        check_languages(languages, self.command)
        return self._words(image, languages, f"--psm {psm} {CHARACTER_BOXES}", page)

    def _words(
        self, image: np.ndarray[Any, Any], languages: str, config: str, page: int
    ) -> list[OcrWord]:
        hocr = self._call("image_to_pdf_or_hocr", image, lang=languages, config=config,
                          extension="hocr")
        return _words_from_hocr(hocr, page)

    def read_text(self, image: np.ndarray[Any, Any], languages: str, psm: int = 7) -> str:
        """See ``OcrEngine.read_text``."""
        check_languages(languages, self.command)
        return str(self._call("image_to_string", image, lang=languages, config=f"--psm {psm}"))

    def read_lines(
        self, images: list[np.ndarray[Any, Any]], languages: str
    ) -> list[tuple[str, float]]:
        """See ``OcrEngine.read_lines``.

        The images are stacked one under another on one white sheet, read in
        one run: a tesseract process for each would cost more than the reading.
        The confidence is the least sure word's.
        """
        if not images:
            return []
        check_languages(languages, self.command)
        sheet, bands = _stacked(images)
        found: list[list[OcrWord]] = [[] for _ in images]
        for word in self._words(sheet, languages, "--psm 6", 0):
            middle = word.top + word.height / 2
            for band, (top, bottom) in enumerate(bands):
                if top <= middle < bottom:
                    found[band].append(word)
        return [(" ".join(w.text for w in sorted(line, key=lambda w: w.left)),
                 min((w.confidence for w in line), default=0.0)) for line in found]

    def read_digits(self, image: np.ndarray[Any, Any]) -> tuple[str, float]:
        """See ``OcrEngine.read_digits``."""
        words = self._words(image, "eng", f"--psm 7 -c tessedit_char_whitelist={DIGITS} "
                                          f"{CHARACTER_BOXES}", 0)
        text = "".join(w.text for w in words)
        return text, min((w.confidence for w in words), default=0.0)

    def orientation(self, image: np.ndarray[Any, Any]) -> int | None:
        """See ``OcrEngine.orientation``; None when OSD is not installed or unsure."""
        import pytesseract

        if "osd" not in installed_languages(self.command):
            return None
        try:
            found = self._call(
                "image_to_osd", image, config="--psm 0", output_type=pytesseract.Output.DICT
            )
        except EnvironmentProblem:
            # Too few characters for OSD to judge: no opinion.
            return None
        if float(found.get("orientation_conf", 0)) < 2.0:
            return None
        return int(found.get("rotate", 0)) % 360

    def version(self) -> str:
        """See ``OcrEngine.version``."""
        import pytesseract

        pytesseract.pytesseract.tesseract_cmd = self.command
        try:
            return str(pytesseract.get_tesseract_version())
        except pytesseract.TesseractNotFoundError:
            raise _missing_tesseract(self.command) from None


class TesserocrEngine:
    """tesseract in-process through tesserocr, the models kept loaded.

    tesseract's API is not thread-safe but releases the GIL while it reads:
    each thread that reads through the engine gets its own APIs (one per
    language set and page segmentation), loaded on its first reading and
    kept for the next, so the pages of a document can be read at once.
    """

    name = "tesserocr"

    def __init__(self, path: str = TESSDATA) -> None:
        self.path = path
        self._local = threading.local()
        self._all: list[Any] = []
        self._lock = threading.Lock()

    def _apis(self) -> dict[tuple[str, int], Any]:
        apis: dict[tuple[str, int], Any] | None = getattr(self._local, "apis", None)
        if apis is None:
            apis = self._local.apis = {}
        return apis

    def _api(self, languages: str, psm: int, **variables: str) -> Any:
        import tesserocr

        apis = self._apis()
        key = (languages + "".join(f";{k}={v}" for k, v in sorted(variables.items())), psm)
        if key not in apis:
            try:
                api = tesserocr.PyTessBaseAPI(path=self.path, lang=languages, psm=psm)
            except RuntimeError:
                check_languages(languages)
                raise
            for name, value in variables.items():
                api.SetVariable(name, value)
            apis[key] = api
            with self._lock:
                self._all.append(api)
        return apis[key]

    def read_words(
        self, image: np.ndarray[Any, Any], languages: str, psm: int = 6, page: int = 0
    ) -> list[OcrWord]:
        """See ``OcrEngine.read_words``; a number's confidence is ``number_confidence``."""
        from PIL import Image

        api = self._api(languages, psm)
        api.SetImage(Image.fromarray(image))
        api.Recognize()
        return _recognised_words(api, page)

    def read_text(self, image: np.ndarray[Any, Any], languages: str, psm: int = 7) -> str:
        """See ``OcrEngine.read_text``."""
        from PIL import Image

        api = self._api(languages, psm)
        api.SetImage(Image.fromarray(image))
        try:
            return str(api.GetUTF8Text())
        except RuntimeError:
            return ""

    def read_lines(
        self, images: list[np.ndarray[Any, Any]], languages: str
    ) -> list[tuple[str, float]]:
        """See ``OcrEngine.read_lines``; the confidence is tesseract's mean over the line."""
        api = self._api(languages, 7)
        return [(" ".join(text.split()), confidence)
                for text, confidence in (_read_line(api, image) for image in images)]

    def read_digits(self, image: np.ndarray[Any, Any]) -> tuple[str, float]:
        """See ``OcrEngine.read_digits``; the confidence is the least sure digit's, as
        ``read_words`` gives a number's."""
        from PIL import Image

        api = self._api("eng", 7, tessedit_char_whitelist=DIGITS)
        api.SetImage(Image.fromarray(image))
        api.Recognize()
        words = _recognised_words(api, 0)
        return ("".join(w.text for w in words),
                min((w.confidence for w in words), default=0.0))

    def orientation(self, image: np.ndarray[Any, Any]) -> int | None:
        """See ``OcrEngine.orientation``: tesseract's OSD in process, None when unsure or
        when OSD is not installed."""
        import tesserocr
        from PIL import Image

        if "osd" not in installed_languages():
            return None
        api = self._api("osd", int(tesserocr.PSM.OSD_ONLY))
        api.SetImage(Image.fromarray(image))
        try:
            found = api.DetectOrientationScript()
        except RuntimeError:
            return None
        if not found or float(found.get("orient_conf", 0)) < 2.0:
            # Too few characters for OSD to judge: no opinion.
            return None
        # tesseract gives the angle the text is turned by; the page turns back by as much.
        return (360 - int(found.get("orient_deg", 0))) % 360

    def version(self) -> str:
        """See ``OcrEngine.version``."""
        import tesserocr

        return str(tesserocr.tesseract_version()).splitlines()[0]

    def close(self) -> None:
        """Free the loaded models of every thread."""
        with self._lock:
            apis, self._all = self._all, []
        for api in apis:
            api.End()
        self._local = threading.local()


NUMBER_CHARS = frozenset("0123456789.,")
SYMBOL_DOUBT_SCALE = 3.0
"""How much less sure a number is than its least sure digit says.

tesseract rates a digit it is sure of 0.99..0.996, and a digit it doubts
still 0.91..0.97: the least sure digit's doubt (1 - confidence) times this
puts a doubted digit below ``CONFIDENT`` (0.9) and a sure one above it. On
the 16 tuning pages (bench/ocr corpus, 968 right and 12 wrong numeric fields)
3 gave 96 % (clean) and 92 % (photo) of right numbers at 0.9 or more and no
wrong one; 2 let a misread through at 0.93, 4 and 5 left fewer than 90 % of
right photo numbers at 0.9.
"""
WIDE_DIGIT = 0.9
"""A digit's box wider than this share of its height swallowed a mark beside it."""
LOST_MARK = 0.5
"""A number's confidence when one of its digits swallowed a mark ("32643" for "326.43")."""


def number_confidence(symbols: list[tuple[str, float, tuple[int, int, int, int]]]) -> float:
    """The confidence of a number read as these symbols: (text, confidence 0..1, box).

    tesseract's word confidence for a number is low for many right ones (a
    third of the right quantities on clean pages under 0.9). A number is as
    sure as its least sure digit instead, with that digit's doubt scaled
    (``SYMBOL_DOUBT_SCALE``), so one misread digit shows. A decimal mark
    tesseract dropped leaves no doubtful digit: its dot or comma went into
    the box of the digit beside it, which comes out as wide as it is high
    ("326.43" read "32643" with every digit at 0.995); such a number gets
    ``LOST_MARK``.
    """
    if not symbols:
        return 0.0
    least = min(confidence for _, confidence, _ in symbols)
    sure = max(0.0, min(1.0, 1.0 - SYMBOL_DOUBT_SCALE * (1.0 - least)))
    digits = [box for text, _, box in symbols if text.isdigit()]
    if digits:
        height = sorted(bottom - top for _, top, _, bottom in digits)[len(digits) // 2]
        if any(right - left > WIDE_DIGIT * height for left, _, right, _ in digits):
            return min(sure, LOST_MARK)
    return sure


def _is_number(text: str) -> bool:
    """A word of digits and decimal or thousands marks, with at least one digit."""
    core = text.strip("()[]|:;%+-")
    return any(c.isdigit() for c in core) and all(c in NUMBER_CHARS for c in core)


def _recognised_words(api: Any, page: int) -> list[OcrWord]:
    """The words ``api`` recognised, each number's confidence its digits'."""
    import tesserocr

    word_level, symbol_level = tesserocr.RIL.WORD, tesserocr.RIL.SYMBOL
    words: list[OcrWord] = []
    symbols: list[list[tuple[str, float, tuple[int, int, int, int]]]] = []
    current: list[tuple[str, float, tuple[int, int, int, int]]] | None = None
    for item in tesserocr.iterate_level(api.GetIterator(), symbol_level):
        if item.IsAtBeginningOf(word_level):
            current = None
            try:
                text = (item.GetUTF8Text(word_level) or "").strip()
            except RuntimeError:
                # tesserocr raises "No text returned" for an empty page or element.
                continue
            box = item.BoundingBox(word_level)
            if not text or box is None:
                continue
            left, top, right, bottom = box
            words.append(OcrWord(
                text=text, confidence=max(0.0, min(1.0, item.Confidence(word_level) / 100)),
                left=left, top=top, width=right - left, height=bottom - top, page=page,
                language=item.WordRecognitionLanguage() or "",
            ))
            current = [] if _is_number(text) else None
            symbols.append(current if current is not None else [])
        if current is not None:
            box = item.BoundingBox(symbol_level)
            try:
                symbol = item.GetUTF8Text(symbol_level) or ""
            except RuntimeError:
                symbol = ""
            if box is not None and symbol.strip():
                current.append((symbol, item.Confidence(symbol_level) / 100, box))
    return [replace(word, confidence=number_confidence(found)) if found else word
            for word, found in zip(words, symbols, strict=True)]


def _read_line(api: Any, image: np.ndarray[Any, Any]) -> tuple[str, float]:
    """What tesserocr's ``api`` reads in ``image``, and its mean confidence 0..1."""
    from PIL import Image

    api.SetImage(Image.fromarray(image))
    try:
        text = str(api.GetUTF8Text())
    except RuntimeError:
        # tesserocr raises "No text returned" for an empty picture.
        return "", 0.0
    return text, max(0.0, min(1.0, api.MeanTextConf() / 100))


_SHARED: dict[str, OcrEngine] = {}
_SHARED_LOCK = threading.Lock()


def default_engine(command: str = "tesseract") -> OcrEngine:
    """tesserocr when installed and the command is the default one, else pytesseract."""
    if command == "tesseract" and os.environ.get("BORDERDESK_OCR_ENGINE", "") != "command":
        try:
            import tesserocr  # noqa: F401
        except ImportError:
            pass
        else:
            # One engine for the process: its models stay loaded between documents.
            with _SHARED_LOCK:
                return _SHARED.setdefault("tesserocr", TesserocrEngine())
    return PytesseractEngine(command)


MACHINE_ZONE = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"
"""The characters of a passport's or ID card's machine-readable zone (ICAO 9303)."""


def read_machine_zone(engine: OcrEngine, image: np.ndarray[Any, Any]) -> str:
    """The lines of a machine-readable zone in ``image``, read with only its characters allowed.

    English data restricted to the zone's alphabet: the zone's OCR-B letters are
    plain Latin capitals, and "<" would otherwise be read as "K" or "«".
    """
    from PIL import Image

    if isinstance(engine, TesserocrEngine):
        api = engine._api("eng", 6, tessedit_char_whitelist=MACHINE_ZONE)
        api.SetImage(Image.fromarray(image))
        try:
            return str(api.GetUTF8Text())
        except RuntimeError:
            return ""
    if isinstance(engine, PytesseractEngine):
        check_languages("eng", engine.command)
        return str(engine._call("image_to_string", image, lang="eng",
                                config=f"--psm 6 -c tessedit_char_whitelist={MACHINE_ZONE}"))
    return engine.read_text(image, "eng", psm=6)
