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
import subprocess
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


def _words_from_data(data: dict[str, list[Any]], page: int) -> list[OcrWord]:
    words: list[OcrWord] = []
    for i, raw in enumerate(data["text"]):
        text = str(raw).strip()
        conf = float(data["conf"][i])
        if not text or conf < 0:
            continue
        words.append(
            OcrWord(
                text=text, confidence=max(0.0, min(1.0, conf / 100)),
                left=int(data["left"][i]), top=int(data["top"][i]),
                width=int(data["width"][i]), height=int(data["height"][i]),
                block=int(data["block_num"][i]), par=int(data["par_num"][i]),
                line=int(data["line_num"][i]), page=page,
            )
        )
    return words


class PytesseractEngine:
    """tesseract through pytesseract: one process per call."""

    name = "tesseract"

    def __init__(self, command: str = "tesseract") -> None:
        self.command = command

    def _call(self, function: str, *args: Any, **kwargs: Any) -> Any:
        import pytesseract

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
        import pytesseract

        check_languages(languages, self.command)
        data = self._call(
            "image_to_data", image, lang=languages, config=f"--psm {psm}",
            output_type=pytesseract.Output.DICT,
        )
        return _words_from_data(data, page)

    def read_text(self, image: np.ndarray[Any, Any], languages: str, psm: int = 7) -> str:
        """See ``OcrEngine.read_text``."""
        check_languages(languages, self.command)
        return str(self._call("image_to_string", image, lang=languages, config=f"--psm {psm}"))

    def read_digits(self, image: np.ndarray[Any, Any]) -> tuple[str, float]:
        """See ``OcrEngine.read_digits``."""
        import pytesseract

        data = self._call(
            "image_to_data", image, lang="eng",
            config=f"--psm 7 -c tessedit_char_whitelist={DIGITS}",
            output_type=pytesseract.Output.DICT,
        )
        words = _words_from_data(data, 0)
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

    def read_digits(self, image: np.ndarray[Any, Any]) -> tuple[str, float]:
        """See ``OcrEngine.read_digits``."""
        from PIL import Image

        if ("digits", 7) not in self._apis:
            api = self._api("eng", 7)
            del self._apis[("eng", 7)]
            api.SetVariable("tessedit_char_whitelist", DIGITS)
            self._apis[("digits", 7)] = api
        api = self._apis[("digits", 7)]
        api.SetImage(Image.fromarray(image))
        try:
            text = str(api.GetUTF8Text())
        except RuntimeError:
            return "", 0.0
        return "".join(text.split()), max(0.0, min(1.0, api.MeanTextConf() / 100))

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
