"""Turn the text of one OCR'd cell into a typed value: numbers, HS codes, dates, currencies.

Countries and units are matched in ``borderdesk.ocr.vocabulary``.

Pure functions. Each ``read_*`` returns a ``Reading``: the value (None when the
text does not make one) and whether OCR confusions had to be corrected to get
it, so the parser can lower that field's confidence. The plain ``parse_*``
functions return only the value.

Numbers come in two conventions on the same border: English "1,200.50" and
Vietnamese "1.200,50"; spaces group thousands in both ("1 200"), and so do
apostrophes on invoices printed in the Swiss style ("15'208.20"). The rules,
in order:

1. Both "." and "," present: the one that comes last is the decimal mark.
2. One mark repeated ("1.200.000"): thousands separator.
3. One mark once, followed by exactly three digits, with one to three
   non-zero-leading digits before it ("1.200", "24,000"): thousands, unless
   the caller knows the page's decimal mark is that mark (``decimal_mark``).
4. Otherwise that mark is the decimal mark ("1,5", "1200.50", "0.125").

Thousands groups must have three digits; "1,20,0" is not a number.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Generic, TypeVar

import pycountry

from borderdesk.ocr.vocabulary import fold

T = TypeVar("T")


@dataclass(frozen=True)
class Reading(Generic[T]):
    """A value read from a cell and whether OCR confusions were corrected to get it."""

    value: T | None
    corrected: bool = False


# ---- Numbers

# Letters OCR takes for digits inside a field that can only hold digits.
_DIGIT_CONFUSIONS = str.maketrans(
    {"O": "0", "o": "0", "D": "0", "Q": "0", "I": "1", "l": "1", "|": "1", "!": "1",
     "i": "1", "S": "5", "s": "5", "B": "8", "Z": "2", "z": "2", "G": "6"}
)
_CURRENCY_MARKS = "$€£¥₫"
_STRAY_MARKS = "_|[]()\"'“”‘’—–~`:;"
_NUMBER_SHAPE = re.compile(r"[-+]?\d[\d.,]*")
_GROUPED = re.compile(r"\d{1,3}(?:[.,]\d{3})+")
_APOSTROPHE_GROUP = re.compile(r"(?<=\d)['’‘`´](?=\d{3}(?!\d))")
"""An apostrophe between thousands ("2'326'652.25"): a space, as far as the rules go."""


def _correct_digits(text: str) -> tuple[str, bool]:
    """Swap look-alike letters for digits, when the text has a digit to anchor on."""
    if not any(c.isdigit() for c in text):
        return text, False
    corrected = text.translate(_DIGIT_CONFUSIONS)
    return corrected, corrected != text


def _strip_unit_words(text: str) -> str:
    """Drop a unit or currency word written next to the number ("1,100.00 kg", "USD 240")."""
    tokens = text.split()
    kept = [t for t in tokens if not (t.isalpha() and len(t) >= 2 and not set(t) <= set("OoIlSBZ"))]
    return " ".join(kept)


_ODD_MARK = re.compile(r"(?<=\d)[;:/](?=\d)")
_SPLIT_MARK = re.compile(r"(?<=\d)\s*([.,]+)\s*(?=\d)")


def _repair_marks(text: str, decimal_mark: str | None) -> tuple[str, bool]:
    """Undo what OCR does to the marks inside a number; True when something was changed.

    A mark torn off its digits ("2.410, 34", "17 .834,04") is joined back, a
    doubled mark (",,") kept once, a trailing speck ("15.", "1,183,") dropped;
    "/" before a mark is a "7" whose foot was lost ("1,13/.15"); a ";", ":" or
    "/" between digits is a mark whose role the digits after it decide (three
    digits: thousands, else decimal), as the convention rules do.
    """
    fixed = text.rstrip(".,").replace("/.", "7.").replace("/,", "7,")
    fixed = _SPLIT_MARK.sub(lambda m: m[1][-1], fixed)

    def mark(match: re.Match[str]) -> str:
        after = re.match(r"\d+", fixed[match.end():])
        grouped = after is not None and len(after[0]) == 3
        looks = "," if match[0] == ";" else "."
        if decimal_mark is None:
            return looks
        thousands = "," if decimal_mark == "." else "."
        return thousands if grouped else decimal_mark

    fixed = _ODD_MARK.sub(mark, fixed)
    return fixed, fixed != text


def _join_space_groups(text: str) -> str | None:
    """Join "1 200 000" into "1200000"; None when the space groups are not thousands."""
    parts = text.split()
    if len(parts) <= 1:
        return text
    if all(len(p) == 3 and p.isdigit() for p in parts[1:-1]):
        last = parts[-1]
        head = re.match(r"\d{3}", last)
        if head and (len(last) == 3 or last[3] in ".,"):
            return "".join(parts)
    return None


def _digits_value(text: str, decimal_mark: str | None) -> Decimal | None:
    """Apply the convention rules of the module docstring to digits and marks only."""
    sign = ""
    if text[0] in "+-":
        sign, text = ("-" if text[0] == "-" else ""), text[1:]
    # The shape check and the trailing-mark repair leave digits at both ends.
    dots, commas = text.count("."), text.count(",")
    if dots and commas:
        decimal = "." if text.rfind(".") > text.rfind(",") else ","
        thousands = "," if decimal == "." else "."
        whole, _, fraction = text.rpartition(decimal)
        if decimal in whole or not _GROUPED.fullmatch(whole):
            return None
        return Decimal(sign + whole.replace(thousands, "") + "." + fraction)
    mark = "." if dots else ","
    count = dots or commas
    if count == 0:
        return Decimal(sign + text)
    if count > 1:
        if not _GROUPED.fullmatch(text):
            return None
        return Decimal(sign + text.replace(mark, ""))
    whole, _, fraction = text.partition(mark)
    looks_grouped = len(fraction) == 3 and len(whole) <= 3 and whole[0] != "0"
    if looks_grouped and decimal_mark != mark:
        return Decimal(sign + whole + fraction)
    return Decimal(sign + whole + "." + fraction)


def read_number(text: str, decimal_mark: str | None = None) -> Reading[Decimal]:
    """Read a quantity, weight or value in either convention.

    Args:
        text: the cell text ("1.200,50", "1,100.00 kg", "24 000", "12O").
        decimal_mark: "." or "," when the page's convention is known; it
            decides the one ambiguous shape ("1.200").

    Returns:
        The number (None when the text is not one) and whether letters had to
        be taken for digits.
    """
    cleaned = _APOSTROPHE_GROUP.sub(" ", text.replace("\u00a0", " ").replace("\u202f", " "))
    # Table rules and smudges come back as "_", "|" or quotes stuck to a number.
    cleaned = " ".join(t.strip(_STRAY_MARKS) for t in cleaned.split()).strip(_CURRENCY_MARKS)
    cleaned = _strip_unit_words(cleaned)
    cleaned, corrected = _correct_digits(cleaned)
    cleaned, repaired = _repair_marks(cleaned.strip(), decimal_mark)
    corrected = corrected or repaired
    joined = _join_space_groups(" ".join(cleaned.split()))
    if joined is None or not _NUMBER_SHAPE.fullmatch(joined):
        return Reading(None)
    try:
        value = _digits_value(joined, decimal_mark)
    except InvalidOperation:  # pragma: no cover - the shape check above rules it out
        return Reading(None)
    return Reading(value, corrected and value is not None)


def parse_number(text: str, decimal_mark: str | None = None) -> Decimal | None:
    """The number in ``text`` (see ``read_number``), or None."""
    return read_number(text, decimal_mark).value


def decimal_mark_of(texts: list[str]) -> str | None:
    """The page's decimal mark, voted by the numbers that show it unambiguously.

    "1,200.50" votes ".", "1.200,50" votes ",", "12,5" votes ","; "1.200" does
    not vote. Returns None when nobody votes or the vote is tied.
    """
    votes = {".": 0, ",": 0}
    for text in texts:
        t = "".join(text.split())
        if "." in t and "," in t:
            votes["." if t.rfind(".") > t.rfind(",") else ","] += 1
            continue
        for mark in ".,":
            if t.count(mark) == 1:
                fraction = t.rpartition(mark)[2]
                if fraction.isdigit() and len(fraction) != 3:
                    votes[mark] += 1
    if votes["."] == votes[","]:
        return None
    return "." if votes["."] > votes[","] else ","


# ---- HS codes

def read_hs_code(text: str) -> Reading[str]:
    """Read an HS code: digits only, 4 to 10 of them, dots and spaces dropped.

    "1901.10", "1901 10 00", "19O1.1O" (O for 0) all give their digits; the
    result must have an even length (4, 6, 8 or 10 digits) to be an HS code.
    """
    compact = re.sub(r"[\s.\-,]", "", text)
    corrected_text, corrected = _correct_digits(compact)
    if not corrected_text.isdigit() or len(corrected_text) not in (4, 6, 8, 10):
        return Reading(None)
    return Reading(corrected_text, corrected)


def parse_hs_code(text: str) -> str | None:
    """The HS code's digits in ``text`` (see ``read_hs_code``), or None."""
    return read_hs_code(text).value


# ---- Vietnamese tone marks

_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")
_QUALITIES = frozenset("\u0302\u0306\u031b")
_VOWELS = frozenset("aeiouyAEIOUY")


def place_tone_marks(text: str) -> str:
    """Put each word's tone mark back on the vowel Vietnamese spelling puts it on.

    The tone goes on the vowel that carries a circumflex, breve or horn (the
    last one in "ươ"): "Dâù" is "Dầu", "khâủ" is "khẩu". OCR often sets the
    mark one letter late; a word with one tone mark on a plain vowel and a
    marked vowel elsewhere has it moved. Other words are left as they are.
    """
    return " ".join(_place_tone(word) for word in text.split(" "))


def _place_tone(word: str) -> str:
    clusters: list[list[str]] = []
    for char in unicodedata.normalize("NFD", word):
        if unicodedata.combining(char) and clusters:
            clusters[-1].append(char)
        else:
            clusters.append([char])
    toned = [i for i, c in enumerate(clusters) if _TONES & set(c[1:])]
    marked = [i for i, c in enumerate(clusters) if c[0] in _VOWELS and _QUALITIES & set(c[1:])]
    if len(toned) != 1 or not marked or toned[0] in marked or clusters[toned[0]][0] not in _VOWELS:
        return word
    source, target = clusters[toned[0]], clusters[marked[-1]]
    tones = [c for c in source[1:] if c in _TONES]
    source[1:] = [c for c in source[1:] if c not in _TONES]
    target.extend(tones)
    return unicodedata.normalize("NFC", "".join("".join(c) for c in clusters))


# ---- Dates

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
_DMY = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})")
_YMD = re.compile(r"(\d{4})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})")
_VI = re.compile(r"ngay\s*(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{4})")
# "28th February 2026", "March 1st, 2026": an English ordinal's suffix goes with the day.
_D_MON_Y = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s*(?:of\s+)?([a-z]{3})[a-z]*\.?,?\s*(\d{4})")
_D_MON_YY = re.compile(r"\b(\d{1,2})[-/. ]([a-z]{3})[a-z]*[-/. ](\d{2})\b")
""""22-Oct-26": a day, a month's name and the century's year."""
_MON_D_Y = re.compile(r"([a-z]{3})[a-z]*\.?\s*(\d{1,2})(?:st|nd|rd|th)?,?\s*(\d{4})")


def _make_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_date(text: str) -> date | None:
    """A date from "20/11/2026", "2026-11-20", "20 Nov 2026", "Nov 20, 2026" ...

    Vietnamese "ngày 20 tháng 11 năm 2026" too. Day-first for slashes and dots,
    as everywhere on this border.
    """
    folded = fold(text)
    if m := _YMD.search(folded):
        return _make_date(int(m[1]), int(m[2]), int(m[3]))
    if m := _DMY.search(folded):
        return _make_date(int(m[3]), int(m[2]), int(m[1]))
    if m := _VI.search(folded):
        return _make_date(int(m[3]), int(m[2]), int(m[1]))
    if (m := _D_MON_Y.search(folded)) and m[2] in _MONTHS:
        return _make_date(int(m[3]), _MONTHS[m[2]], int(m[1]))
    if (m := _MON_D_Y.search(folded)) and m[1] in _MONTHS:
        return _make_date(int(m[3]), _MONTHS[m[1]], int(m[2]))
    if (m := _D_MON_YY.search(folded)) and m[2] in _MONTHS:
        return _make_date(2000 + int(m[3]), _MONTHS[m[2]], int(m[1]))
    return None


# ---- Currencies

_CURRENCY_NAMES = {
    "$": "USD", "us$": "USD", "usd$": "USD", "vnd": "VND", "dong": "VND", "d": "VND",
    "€": "EUR", "¥": "CNY", "rmb": "CNY", "nhan dan te": "CNY", "yuan": "CNY",
    "baht": "THB", "bat": "THB", "kip": "LAK", "riel": "KHR",
}
_LETTER_CONFUSIONS = str.maketrans({"0": "O", "1": "I", "5": "S", "8": "B", "2": "Z"})


def read_currency(text: str) -> Reading[str]:
    """An ISO 4217 code from "USD", "usd", "VNĐ", "$", "U5D" (5 for S) ... or None."""
    folded = fold(text).strip(" .,:;()")
    if folded in _CURRENCY_NAMES:
        return Reading(_CURRENCY_NAMES[folded])
    code = folded.upper()
    if len(code) != 3:
        return Reading(None)
    if pycountry.currencies.get(alpha_3=code) is not None:
        return Reading(code)
    fixed = code.translate(_LETTER_CONFUSIONS)
    if fixed != code and pycountry.currencies.get(alpha_3=fixed) is not None:
        return Reading(fixed, corrected=True)
    return Reading(None)
