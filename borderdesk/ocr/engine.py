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
from collections.abc import Callable
from functools import cache
from typing import Any, Protocol

import numpy as np

from borderdesk.errors import EnvironmentProblem
from borderdesk.i18n import _
from borderdesk.ocr.layout import OcrWord

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
            text = "".join(element.itertext()).strip()
            title = dict(part.strip().split(" ", 1)
                         for part in element.get("title", "").split(";") if " " in part.strip())
            if text and "bbox" in title:
                left, top, right, bottom = (int(n) for n in title["bbox"].split())
                confidence = float(title.get("x_wconf", "0")) / 100
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
            raise EnvironmentProblem(
                _("tesseract failed: {reason}").format(reason=" ".join(message.split())[:200])
            ) from None

    def read_words(
        self, image: np.ndarray[Any, Any], languages: str, psm: int = 6, page: int = 0
    ) -> list[OcrWord]:
        """See ``OcrEngine.read_words``."""
        check_languages(languages, self.command)
        return self._words(image, languages, f"--psm {psm}", page)

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
        words = self._words(image, "eng", f"--psm 7 -c tessedit_char_whitelist={DIGITS}", 0)
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
    """tesseract in-process through tesserocr, the model kept loaded per language set."""

    name = "tesserocr"

    def __init__(self, path: str = TESSDATA) -> None:
        self.path = path
        self._apis: dict[tuple[str, int], Any] = {}

    def _api(self, languages: str, psm: int) -> Any:
        import tesserocr

        key = (languages, psm)
        if key not in self._apis:
            try:
                self._apis[key] = tesserocr.PyTessBaseAPI(
                    path=self.path, lang=languages, psm=psm
                )
            except RuntimeError:
                check_languages(languages)
                raise
        return self._apis[key]

    def read_words(
        self, image: np.ndarray[Any, Any], languages: str, psm: int = 6, page: int = 0
    ) -> list[OcrWord]:
        """See ``OcrEngine.read_words``."""
        import tesserocr
        from PIL import Image

        api = self._api(languages, psm)
        api.SetImage(Image.fromarray(image))
        api.Recognize()
        words: list[OcrWord] = []
        iterator = api.GetIterator()
        level = tesserocr.RIL.WORD
        for item in tesserocr.iterate_level(iterator, level):
            try:
                text = (item.GetUTF8Text(level) or "").strip()
            except RuntimeError:
                # tesserocr raises "No text returned" for an empty page or element.
                continue
            box = item.BoundingBox(level)
            if not text or box is None:
                continue
            left, top, right, bottom = box
            words.append(OcrWord(
                text=text, confidence=max(0.0, min(1.0, item.Confidence(level) / 100)),
                left=left, top=top, width=right - left, height=bottom - top, page=page,
                language=item.WordRecognitionLanguage() or "",
            ))
        return words

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
        """See ``OcrEngine.read_digits``."""
        if ("digits", 7) not in self._apis:
            api = self._api("eng", 7)
            del self._apis[("eng", 7)]
            api.SetVariable("tessedit_char_whitelist", DIGITS)
            self._apis[("digits", 7)] = api
        text, confidence = _read_line(self._apis[("digits", 7)], image)
        return "".join(text.split()), confidence

    def orientation(self, image: np.ndarray[Any, Any]) -> int | None:
        """See ``OcrEngine.orientation``."""
        return PytesseractEngine().orientation(image)

    def version(self) -> str:
        """See ``OcrEngine.version``."""
        import tesserocr

        return str(tesserocr.tesseract_version()).splitlines()[0]

    def close(self) -> None:
        """Free the loaded models."""
        for api in self._apis.values():
            api.End()
        self._apis.clear()


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


def default_engine(command: str = "tesseract") -> OcrEngine:
    """tesserocr when installed and the command is the default one, else pytesseract."""
    if command == "tesseract" and os.environ.get("BORDERDESK_OCR_ENGINE", "") != "command":
        try:
            import tesserocr  # noqa: F401
        except ImportError:
            pass
        else:
            return TesserocrEngine()
    return PytesseractEngine(command)
