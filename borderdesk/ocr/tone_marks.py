"""Vietnamese tone marks that the English model read away, read again with ``vie`` alone.

With "vie+eng" tesseract tries first the language that read the previous
word and keeps its answer when that answer is good enough. After a line
number or a currency the English model gets the first word of a
description, and "Sắn", "Gạo", "Máy" are good enough English as "San",
"Gao", "May": the English model has no Vietnamese letters, so the marks
are not doubted, they are simply not there. The same word's box read by
``vie`` alone gets them back. A second reading replaces the first only when
it has the very same letters with marks added or moved, so a misread word
("Mali" read "Mail") never replaces a right one.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

import numpy as np

from borderdesk.ocr.engine import OcrEngine
from borderdesk.ocr.layout import OcrWord
from borderdesk.ocr.vocabulary import without_marks

VIETNAMESE = "vie"
SURE_MARGIN = 0.05
"""How much less sure than the first reading the ``vie`` one may be and still replace it.

``vie`` alone reads the dot of an "i" as a hook now and then ("tinh" as "tỉnh"), less
sure of itself than the English model was of the plain word. On the benchmark's 30
clean pages: 0.05 left 61 wrong line fields, 0.10 or no limit 63 (more "tỉnh"), and 0
refused real marks read a little less surely (85).
"""
_SYLLABLE = re.compile(
    r"(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?[aeiouy]{1,3}(ch|ng|nh|[cmnpt])?"
)
"""A Vietnamese syllable with its marks off: an initial consonant, one to three vowels,
and one of the eight final consonants. "San", "tuoi", "nghieng" are; "bottles", "rice",
"oil" are not, so English words are not read again for marks they cannot have."""
_AROUND_WORDS = ",.;:!?()[]\"'“”‘’"


def _may_have_lost_marks(word: OcrWord) -> bool:
    """A word another language read that could be a Vietnamese syllable without its marks.

    Codes and abbreviations in capitals ("USD", "LCD") are left alone: they
    carry no marks, and reading them again costs time.
    """
    if not word.language or word.language == VIETNAMESE:
        return False
    letters = without_marks(word.text).strip(_AROUND_WORDS)
    if len(letters) > 1 and letters.isupper():
        return False
    return _SYLLABLE.fullmatch(letters.lower()) is not None


def restore_tone_marks(
    engine: OcrEngine, image: np.ndarray[Any, Any], words: list[OcrWord], languages: str
) -> list[OcrWord]:
    """``words`` with those another language read without their marks read again by ``vie``.

    Args:
        engine: the engine that read ``words``.
        image: the page image the words' boxes refer to (as tesseract read it).
        words: the page's words.
        languages: the languages the page was read with; nothing is read
            again unless Vietnamese is one of them.
    """
    if VIETNAMESE not in languages.split("+"):
        return words
    doubtful = [i for i, word in enumerate(words) if _may_have_lost_marks(word)]
    if not doubtful:
        return words
    height, width = image.shape[:2]
    crops = []
    for i in doubtful:
        word = words[i]
        pad = max(4, word.height // 3)
        crops.append(image[max(0, word.top - pad):min(height, word.bottom + pad),
                           max(0, word.left - pad):min(width, word.right + pad)])
    restored = list(words)
    for i, (again, confidence) in zip(doubtful, engine.read_lines(crops, VIETNAMESE),
                                      strict=True):
        word = words[i]
        if (again != word.text and without_marks(again) == without_marks(word.text)
                and confidence >= word.confidence - SURE_MARGIN):
            restored[i] = replace(word, text=again, confidence=confidence, language=VIETNAMESE)
    return restored
