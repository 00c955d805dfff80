"""Turn the text of one OCR'd cell into a typed value: numbers, HS codes, countries, units, dates.

Pure functions. Each ``read_*`` returns a ``Reading``: the value (None when the
text does not make one) and whether OCR confusions had to be corrected to get
it, so the parser can lower that field's confidence. The plain ``parse_*``
functions return only the value.

Numbers come in two conventions on the same border: English "1,200.50" and
Vietnamese "1.200,50"; spaces group thousands in both ("1 200"). The rules,
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

T = TypeVar("T")


@dataclass(frozen=True)
class Reading(Generic[T]):
    """A value read from a cell and whether OCR confusions were corrected to get it."""

    value: T | None
    corrected: bool = False


def fold(text: str) -> str:
    """Lower case without diacritics ("Trung Quốc" -> "trung quoc"), spaces collapsed."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


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
    if not text or not text[0].isdigit() or not text[-1].isdigit():
        return None
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
    cleaned = text.replace("\u00a0", " ").replace("\u202f", " ")
    # Table rules and smudges come back as "_", "|" or quotes stuck to a number.
    cleaned = " ".join(t.strip(_STRAY_MARKS) for t in cleaned.split()).strip(_CURRENCY_MARKS)
    cleaned = _strip_unit_words(cleaned)
    cleaned, corrected = _correct_digits(cleaned)
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


# ---- Countries

# Folded (no diacritics, lower case) names pycountry does not know: Vietnamese
# names, and the English short forms people write.
_COUNTRY_NAMES = {
    "viet nam": "VN", "vietnam": "VN", "vn": "VN",
    "thai lan": "TH", "thailand": "TH",
    "lao": "LA", "laos": "LA", "cong hoa dan chu nhan dan lao": "LA",
    "trung quoc": "CN", "china": "CN", "prc": "CN",
    "campuchia": "KH", "cam pu chia": "KH", "cambodia": "KH",
    "han quoc": "KR", "korea": "KR", "south korea": "KR",
    "nhat ban": "JP", "nhat": "JP",
    "dai loan": "TW", "taiwan": "TW",
    "hong kong": "HK", "hong cong": "HK",
    "my": "US", "hoa ky": "US", "usa": "US", "united states": "US",
    "an do": "IN", "duc": "DE", "phap": "FR", "anh": "GB", "uk": "GB",
    "uc": "AU", "nga": "RU", "russia": "RU",
    "myanmar": "MM", "mien dien": "MM", "burma": "MM",
    "malaixia": "MY", "xingapo": "SG", "philippin": "PH", "phi-lip-pin": "PH",
    "indonexia": "ID", "bru-nay": "BN", "brunei": "BN",
}


def parse_country(text: str) -> str | None:
    """An ISO 3166 alpha-2 code from a country name or code, English or Vietnamese.

    "Thái Lan", "Thai Lan", "Thailand", "TH", "THA" all give "TH". None when
    nothing matches.
    """
    bare = text.strip(" .,:;")
    if bare.isascii() and bare.isupper() and len(bare) in (2, 3):
        # A code as printed: "MY" is Malaysia even though "Mỹ" folds to "my".
        code = pycountry.countries.get(alpha_2=bare) or pycountry.countries.get(alpha_3=bare)
        if code is not None:
            return str(code.alpha_2)
    folded = fold(text).strip(" .,:;")
    if not folded:
        return None
    if folded in _COUNTRY_NAMES:
        return _COUNTRY_NAMES[folded]
    try:
        country = pycountry.countries.lookup(folded)
    except LookupError:
        return None
    return str(country.alpha_2)


# ---- Units

# Folded spelling -> canonical code (UN/ECE Recommendation 20 style, as in
# the declaration JSON: "TIN", "KGM", "PCE" ...).
_UNITS = {
    "kg": "KGM", "kgs": "KGM", "kgm": "KGM", "kilogram": "KGM", "kilo": "KGM", "kilogam": "KGM",
    "g": "GRM", "gr": "GRM", "gram": "GRM", "gam": "GRM",
    "t": "TNE", "ton": "TNE", "tons": "TNE", "tonne": "TNE", "tne": "TNE", "tan": "TNE",
    "mt": "TNE",
    "thung": "CTN", "ctn": "CTN", "ctns": "CTN", "carton": "CTN", "cartons": "CTN",
    "bao": "BAG", "bag": "BAG", "bags": "BAG",
    "hop": "BOX", "box": "BOX", "boxes": "BOX",
    "chiec": "PCE", "cai": "PCE", "pce": "PCE", "pcs": "PCE", "pc": "PCE", "piece": "PCE",
    "pieces": "PCE",
    "lon": "TIN", "tin": "TIN", "tins": "TIN", "can": "TIN", "cans": "TIN",
    "lit": "LTR", "l": "LTR", "ltr": "LTR", "litre": "LTR", "liter": "LTR", "litres": "LTR",
    "bo": "SET", "set": "SET", "sets": "SET",
    "kien": "PKG", "pkg": "PKG", "pkgs": "PKG", "package": "PKG", "packages": "PKG",
    "chai": "BTL", "btl": "BTL", "bottle": "BTL", "bottles": "BTL",
    "cuon": "ROL", "roll": "ROL", "rolls": "ROL", "rol": "ROL",
    "met": "MTR", "m": "MTR", "mtr": "MTR",
    "doi": "PR", "pair": "PR", "pairs": "PR", "pr": "PR",
    "ta": "DZN", "dozen": "DZN", "dzn": "DZN",
    "kien hang": "PKG", "pallet": "PLT", "pallets": "PLT", "plt": "PLT",
}
UNIT_CODES = frozenset(_UNITS.values())
"""Every canonical unit code ``parse_unit`` can return."""


def parse_unit(text: str) -> str | None:
    """The canonical unit code for "kg", "KGS", "tấn", "thùng", "CTN", "lon" ... or None."""
    folded = fold(text).strip(" .,:;()")
    if folded.upper() in UNIT_CODES:
        return folded.upper()
    return _UNITS.get(folded)


# ---- Dates

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
_DMY = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})")
_YMD = re.compile(r"(\d{4})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})")
_VI = re.compile(r"ngay\s*(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{4})")
_D_MON_Y = re.compile(r"(\d{1,2})\s*([a-z]{3})[a-z]*\.?,?\s*(\d{4})")
_MON_D_Y = re.compile(r"([a-z]{3})[a-z]*\.?\s*(\d{1,2}),?\s*(\d{4})")


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
