"""The border's words: countries and units as written on manifests, and the fold to compare them.

Pure functions. Country names and codes (English, Vietnamese, pycountry's
names) give ISO 3166 alpha-2 codes; unit words ("kg", "thùng", "CTN") give
canonical unit codes. A name misread by OCR is taken as the nearest known
one only when it is near enough and no other name is as near.
"""

from __future__ import annotations

import unicodedata

import pycountry
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein


def without_marks(text: str) -> str:
    """``text`` with every accent and tone mark taken off ("Đường" -> "Duong"), case kept."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(text: str) -> str:
    """Lower case without diacritics ("Trung Quốc" -> "trung quoc"), spaces collapsed."""
    return " ".join(without_marks(text).casefold().split())


def zeros_as_letters(word: str) -> str:
    """A word of letters with "0" read for "O" ("N0.", "T0:", "D0Z" in a monospaced font), mended.

    Only a word whose other characters include letters and no other digit:
    "20ft" and "0.5" stay as they are.
    """
    if "0" not in word or not any(c.isalpha() for c in word) or any(
            c.isdigit() and c != "0" for c in word):
        return word
    return word.replace("0", "O" if word.isupper() or not any(c.islower() for c in word)
                        else "o")


# ---- Countries

# Folded (no diacritics, lower case) names pycountry does not know: Vietnamese
# names, and the English short forms people write.
_COUNTRY_NAMES = {
    "viet nam": "VN", "vietnam": "VN", "vn": "VN",
    "thai lan": "TH", "thailand": "TH",
    "lao": "LA", "laos": "LA", "cong hoa dan chu nhan dan lao": "LA", "lao pdr": "LA",
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


_EDGE_JUNK = " .,:;()[]|'\"‘’“”`~_-—–«»"


def _nearest(
    folded: str, names: dict[str, str], *, shortest: int
) -> tuple[str, ...]:
    """The codes of the names nearest to ``folded``, within the OCR slack, best first.

    One wrong letter is allowed in a name of ``shortest`` to 7 letters, two in
    a longer one; several names at the same distance give several codes.
    """
    if len(folded) < shortest:
        return ()
    limit = 1 if len(folded) < 8 else 2
    found = process.extract(folded, list(names), scorer=Levenshtein.distance,
                            score_cutoff=limit, limit=None)
    if not found:
        return ()
    best = min(distance for _, distance, _ in found)
    codes = [names[name] for name, distance, _ in found if distance == best]
    return tuple(dict.fromkeys(codes))


def _country_names() -> dict[str, str]:
    names = dict(_COUNTRY_NAMES)
    for country in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            name = getattr(country, attribute, None)
            if name:
                names.setdefault(fold(name), str(country.alpha_2))
    return names


_ALL_COUNTRY_NAMES: dict[str, str] = {}


def parse_country(text: str) -> str | None:
    """An ISO 3166 alpha-2 code from a country name or code, English or Vietnamese.

    "Thái Lan", "Thai Lan", "Thailand", "TH", "THA" all give "TH". A name
    misread by a letter ("Trung Quôé", "Mataysia") gives its country when no
    other name is as near; a speck read as a letter after the name ("Laos j")
    is dropped. None when nothing matches.
    """
    exact = _exact_country(text)
    if exact is not None:
        return exact
    tokens = text.split()
    while len(tokens) > 1 and len(tokens[-1].strip(_EDGE_JUNK)) <= 1:
        tokens.pop()
    trimmed = " ".join(tokens).strip(_EDGE_JUNK)
    if trimmed != text:
        exact = _exact_country(trimmed)
        if exact is not None:
            return exact
    if not _ALL_COUNTRY_NAMES:
        _ALL_COUNTRY_NAMES.update(_country_names())
    codes = _nearest(fold(trimmed), _ALL_COUNTRY_NAMES, shortest=4)
    return codes[0] if len(codes) == 1 else None


def _exact_country(text: str) -> str | None:
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
    "met": "MTR", "m": "MTR", "mtr": "MTR", "mtrs": "MTR", "metre": "MTR", "metres": "MTR",
    "meter": "MTR", "meters": "MTR",
    "doi": "PR", "pair": "PR", "pairs": "PR", "pr": "PR", "prs": "PR",
    "ta": "DZN", "dozen": "DZN", "dzn": "DZN", "doz": "DZN", "dozens": "DZN",
    "kien hang": "PKG", "pallet": "PLT", "pallets": "PLT", "plt": "PLT",
    # UN/ECE Recommendation 21's two-letter package codes, as depots and brokers print them.
    "ct": "CTN", "bg": "BAG", "bx": "BOX", "st": "SET", "pk": "PKG", "cl": "ROL",
    "coil": "ROL", "coils": "ROL", "ro": "ROL",
}
UNIT_CODES = frozenset(_UNITS.values())
"""Every canonical unit code ``parse_unit`` can return."""


def parse_unit(text: str) -> str | None:
    """The canonical unit code for "kg", "KGS", "tấn", "thùng", "CTN", "lon" ... or None."""
    folded = fold(zeros_as_letters(text)).strip(" .,:;()")
    if folded.upper() in UNIT_CODES:
        return folded.upper()
    return _UNITS.get(folded)


# The Vietnamese unit words as written, to choose between two spellings one
# letter away from a misread word ("TÍT" is "lít", not "tin").
_UNIT_SPELLINGS = {
    "chiếc": "PCE", "cái": "PCE", "thùng": "CTN", "hộp": "BOX", "đôi": "PR", "bộ": "SET",
    "lít": "LTR", "tấn": "TNE", "cuộn": "ROL", "mét": "MTR", "tá": "DZN", "kiện": "PKG",
}
_UNIT_KEYS = {key: code for key, code in _UNITS.items() if " " not in key} | {
    code.lower(): code for code in UNIT_CODES
}


def unit_candidates(text: str) -> tuple[str, ...]:
    """The unit codes ``text`` may be, all equally near: one for a known spelling.

    A word of three letters or more misread by one letter ("CHIÊÉ", "CINS",
    "THING") gives the codes of the unit words that near; when several are,
    the spelling with its Vietnamese marks decides ("TÍT": "lít", not "tin").
    Empty when nothing is that near.
    """
    exact = parse_unit(text)
    if exact is not None:
        return (exact,)
    letters = "".join(c for c in zeros_as_letters(text) if c.isalpha())
    codes = _nearest(fold(letters), _UNIT_KEYS, shortest=3)
    if len(codes) <= 1:
        return codes
    lower = unicodedata.normalize("NFC", letters.lower())

    def spelled(code: str) -> int:
        return min((Levenshtein.distance(lower, spelling)
                    for spelling, owner in _UNIT_SPELLINGS.items() if owner == code),
                   default=len(lower))

    best = min(map(spelled, codes))
    return tuple(code for code in codes if spelled(code) == best)
