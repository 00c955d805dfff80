"""The truck plates of the countries that cross at this gate, as data: one table.

The OCR reader (``borderdesk.ocr.identify``) and the typed-plate check
(``borderdesk.rules.identifiers``) both use this table, so a plate the camera
offers is one the arrival form accepts, and the other way round.

Each format matches the *Latin part* of a plate, compact (letters A-Z and
digits only). What a plate also carries in another script is named in
``unreadable``: the officer chooses or types that part; no reading of it is
ever taken as the plate.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from borderdesk.i18n import N_

_NOT_ALNUM = re.compile(r"[^A-Z0-9]")


@dataclass(frozen=True)
class PlateFormat:
    """How one country's truck plates read.

    Attributes:
        country: ISO 3166 alpha-2 code of the issuing country.
        pattern: full match over the compact Latin part; its groups feed ``display``.
        display: ``str.format`` template over the groups ("{0}{1}-{2}").
        examples: real-looking plates as printed, every one matching ``pattern``.
        lines: how many rows the plate may be printed on.
        colours: background colours in use and what they mean (facts, not checked).
        script: tesseract language of a second script line, or "" if none.
        unreadable: what on the plate cannot be read into text (a msgid), or "".
    """

    country: str
    pattern: re.Pattern[str]
    display: str
    examples: tuple[str, ...]
    lines: tuple[int, ...] = (1,)
    colours: tuple[str, ...] = ()
    script: str = ""
    unreadable: str = ""

    def format(self, compact: str) -> str | None:
        """The plate as printed ("74C-123.45") if ``compact`` is one of these, else None."""
        match = self.pattern.fullmatch(compact)
        if match is None:
            return None
        groups = match.groups()
        if self.country == "VN":
            return _vn_display(*groups)
        return self.display.format(*groups)


def _vn_display(province: str, series: str, serial: str) -> str | None:
    # Province codes run from 11 to 99; 00-10 are not issued.
    if not 11 <= int(province) <= 99:
        return None
    body = f"{serial[:3]}.{serial[3:]}" if len(serial) == 5 else serial
    return f"{province}{series}-{body}"


# Lao provinces as abbreviated in Latin on the plates of trucks that cross here.
LAO_PROVINCES = (
    "AT", "BK", "BO", "CP", "HP", "KM", "LN", "LP", "OX", "PL",
    "SK", "SL", "SV", "VP", "VT", "XB", "XK", "XS",
)

PLATE_FORMATS: tuple[PlateFormat, ...] = (
    PlateFormat(
        "VN",
        # Province, series (one or two letters, or a letter and a digit), serial.
        re.compile(r"(\d{2})([A-Z]{1,2}|[A-Z]\d)(\d{4,5})"),
        "",
        ("74C-123.45", "74C-1234", "29A-123.45", "51F-678.90", "15LD-123.45"),
        lines=(1, 2),
        colours=("white: private", "yellow: commercial transport", "blue: state bodies",
                 "red: army"),
    ),
    PlateFormat(
        "LA",
        re.compile(r"(" + "|".join(LAO_PROVINCES) + r")(\d{4})"),
        "{0} {1}",
        ("SV 8332", "CP 9105", "VT 1234", "KM 5017"),
        lines=(1, 2),
        colours=("yellow: commercial", "white: private"),
        script="lao",
        unreadable=N_("The Lao script line repeats the province and series: "
                      "shown beside the reading, confirmed by the officer."),
    ),
    PlateFormat(
        "TH",
        # Trucks: a two-digit class, a dash, four digits; the province is written in Thai.
        re.compile(r"(\d{2})(\d{4})"),
        "{0}-{1}",
        ("70-7017", "71-2345", "60-1188"),
        lines=(2,),
        colours=("white: private", "yellow: commercial"),
        script="tha",
        unreadable=N_("The province is written in Thai script and is not read: "
                      "choose it from the list."),
    ),
    PlateFormat(
        "KH",
        # Cambodia: a digit, a series letter, four digits; the province in Khmer and Latin.
        re.compile(r"(\d)([A-Z])(\d{4})"),
        "{0}{1}-{2}",
        ("3C-5678", "2A-1234", "3E-0921"),
        lines=(1, 2),
        unreadable=N_("The province line in Khmer script is not read: choose it from the list."),
    ),
    PlateFormat(
        "CN",
        # China: the province character (not read), the city letter, five digits of which one
        # may be a letter (never I or O).
        re.compile(r"([A-HJ-NP-Z])(\d{5}|[A-HJ-NP-Z]\d{4}|\d[A-HJ-NP-Z]\d{3}|\d{4}[A-HJ-NP-Z])"),
        "{0}·{1}",
        ("A·12345", "F·D1234", "M·3B791"),
        unreadable=N_("The province character in Chinese script is not read: "
                      "choose it from the list."),
    ),
)

SHARED_SHAPES = frozenset({frozenset({"LA", "CN"})})
"""Country pairs whose Latin parts can coincide ("SV 8332" could be Chinese S·V8332)."""

FORMATS_BY_COUNTRY: dict[str, tuple[PlateFormat, ...]] = {
    country: tuple(f for f in PLATE_FORMATS if f.country == country)
    for country in dict.fromkeys(f.country for f in PLATE_FORMATS)
}


def compact_plate(text: str) -> str:
    """Letters A-Z and digits only, uppercase; Vietnamese "Đ" counts as "D", accents dropped."""
    upper = text.upper().replace("Đ", "D")
    plain = "".join(c for c in unicodedata.normalize("NFKD", upper)
                    if not unicodedata.combining(c))
    return _NOT_ALNUM.sub("", plain)


def plate_matches(compact: str) -> list[tuple[PlateFormat, str]]:
    """Every format that a compact reading fits, in table order, with its printed form."""
    found = []
    for plate_format in PLATE_FORMATS:
        display = plate_format.format(compact)
        if display is not None:
            found.append((plate_format, display))
    return found


def format_plate(text: str, country: str) -> str | None:
    """The plate as printed for ``country``, or None if it fits none of that country's formats."""
    compact = compact_plate(text)
    for plate_format in FORMATS_BY_COUNTRY.get(country, ()):
        display = plate_format.format(compact)
        if display is not None:
            return display
    return None
