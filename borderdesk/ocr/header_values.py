"""A header field's value cut to its shape: a date, an ISO 6346 number, a plate, a code.

The words after a label run to the next label or cell wall; what the field
can hold is taken from their start ("VN977917" of "VN977917 DAP Lao Bao") and
the rest left alone. A value that does not have its field's shape is kept
whole and said not to fit, so its confidence can say so.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from stdnum import iso6346

from borderdesk.ocr.containers import correct as correct_container
from borderdesk.ocr.layout import OcrWord
from borderdesk.ocr.normalize import parse_date, place_tone_marks
from borderdesk.ocr.plates import PLATE_SHAPE
from borderdesk.ocr.table import PUNCT, cell_text
from borderdesk.ocr.vocabulary import parse_country

WIDE_GAP = 1.0
"""A gap this many word heights wide parts a label from the words before it, or a value's
pieces from what follows them."""
NAME_GAP = 12.0
"""A gap this many word heights wide ends a name: the rest of the line is not part of it."""
MAX_DATE_WORDS = 7

Word = tuple[int, OcrWord]

_EDGE = PUNCT.replace(".", "").replace("-", "")


@dataclass(frozen=True)
class Reading:
    """A field's value as read.

    Attributes:
        value: the text (a ``date`` for a date).
        words: the words it was read from.
        fits: whether it has the field's shape.
        corrected: whether OCR confusions had to be undone to read it.
    """

    value: str | date
    words: list[Word]
    fits: bool
    corrected: bool = False


def _text(words: Sequence[Word]) -> str:
    return cell_text(words).strip(_EDGE)


def parse_value_date(text: str) -> date | None:
    """A date as a header prints it: "ngày 20 tháng 11 năm 2026" even without its "ngày",
    "15-Dec-2026" with its month's name between dashes."""
    return (parse_date(text) or parse_date("ngay " + text)
            or parse_date(re.sub(r"(?<=[A-Za-z])[-/.]|[-/.](?=[A-Za-z])", " ", text)))


def _gap(a: OcrWord, b: OcrWord) -> int:
    return b.left - a.right


def _read_date(words: Sequence[Word]) -> Reading | None:
    for n in range(1, min(MAX_DATE_WORDS, len(words)) + 1):
        when = parse_value_date(_text(words[:n]))
        if when is not None:
            return Reading(when, list(words[:n]), True)
    return None


def compact(text: str) -> str:
    """The letters and digits of a code, upper case ("74C-123.45" -> "74C12345")."""
    return re.sub(r"[^A-Z0-9]", "", text.upper().replace("Đ", "D"))


def _read_container(words: Sequence[Word]) -> Reading:
    """An ISO 6346 number, perhaps printed in groups ("CSQU 305438 3"), checked by its digit."""
    joined = ""
    for n, (_, word) in enumerate(words[:4]):
        joined += compact(word.text)
        if len(joined) >= 11:
            raw = joined[:11]
            number = correct_container(raw)
            if number is not None:
                return Reading(number, list(words[: n + 1]), iso6346.is_valid(number),
                                number != raw)
            break
    return Reading("".join(_text(words).split()).upper(), list(words), False)


def _read_plate(words: Sequence[Word], height: float) -> Reading:
    """A Vietnamese plate ("75H-419.35", "74C 12345"), else a foreign one (letters and digits).

    Words with no digit before it ("By truck 15LD-228.26") are passed over when
    the words from the first do not make a plate.
    """
    first = _plate_at_start(words, height)
    lead = 0
    while lead < min(2, len(words) - 1) and not any(c.isdigit() for c in words[lead][1].text):
        lead += 1
    if first.fits or not lead:
        return first
    later = _plate_at_start(words[lead:], height)
    return later if later.fits else first


def _plate_at_start(words: Sequence[Word], height: float) -> Reading:
    """The plate the first words make, as ``_read_plate`` reads it."""
    joined, best = "", 0
    for n, (_, word) in enumerate(words[:3]):
        if n and _gap(words[n - 1][1], word) > WIDE_GAP * height:
            break
        joined += compact(word.text)
        if PLATE_SHAPE.match(joined):
            best = n + 1
    if best:
        return Reading(_text(words[:best]), list(words[:best]), True)
    # A foreign plate ("KM-3561", "PP 2A-1234"): its pieces after the first carry digits.
    size = 1
    while size < min(3, len(words)) and any(c.isdigit() for c in words[size][1].text) and (
        _gap(words[size - 1][1], words[size][1]) <= WIDE_GAP * height
    ):
        size += 1
    joined = compact(" ".join(w.text for _, w in words[:size]))
    digits = sum(c.isdigit() for c in joined)
    if 4 <= len(joined) <= 10 and digits >= 3 and digits < len(joined):
        return Reading(_text(words[:size]), list(words[:size]), True)
    return Reading(_text(words), list(words), False)


def _read_code(words: Sequence[Word], height: float) -> Reading:
    """A document or seal number: its first word and the pieces printed with it."""
    taken = [words[0]]
    for pair in words[1:]:
        last, word = taken[-1][1], pair[1]
        text = word.text.strip()
        if len(taken) >= 4 or _gap(last, word) > WIDE_GAP * height:
            break
        joined = last.text.rstrip().endswith(("-", "/")) or text.startswith(("-", "/"))
        if not joined and (not any(c.isdigit() for c in text) or parse_value_date(text)):
            break
        taken.append(pair)
    value = _text(taken)
    size = len(compact(value))
    return Reading(value, taken, any(c.isdigit() for c in value) and 3 <= size <= 30)


def _read_name(words: Sequence[Word], height: float) -> Reading:
    """A party's name: the words up to a gap no name has (a speck at the page's edge)."""
    taken = [words[0]]
    for pair in words[1:]:
        if _gap(taken[-1][1], pair[1]) > NAME_GAP * height:
            break
        taken.append(pair)
    text = place_tone_marks(_text(taken))
    return Reading(text, taken, any(c.isalpha() for c in text))


def _read_country(words: Sequence[Word]) -> Reading:
    """A country's name or code ("CHINA", "Trung Quốc", "CHN"): the fewest words that name one."""
    for size in range(1, min(4, len(words)) + 1):
        code = parse_country(_text(words[:size]))
        if code is not None:
            return Reading(code, list(words[:size]), True)
    return Reading(_text(words), list(words), False)


def read_value(name: str, words: Sequence[Word], height: float) -> Reading | None:
    """The value of field ``name`` at the start of ``words``; None for a date that is none.

    Args:
        name: a header field ("date", "container_no" ...).
        words: the words after its label, up to the next label or wall.
        height: the line's word height, by which gaps are measured.
    """
    if name == "date":
        return _read_date(words)
    if name == "container_no":
        return _read_container(words)
    if name == "vehicle_plate":
        return _read_plate(words, height)
    if name in ("document_no", "seal_no"):
        return _read_code(words, height)
    if name == "origin_country":
        return _read_country(words)
    return _read_name(words, height)
