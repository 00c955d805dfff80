"""The driver's documents: the QR code of a Vietnamese citizen ID card and the machine-readable
zone of passports and ID cards.

The citizen ID card (CCCD) carries a QR code whose payload is, pipe-separated:
``number|old ID number|full name|birth date ddmmyyyy|sex|permanent address|issue
date ddmmyyyy`` (the old 9-digit number may be empty). Its 12-digit number
repeats the holder's century and sex (third digit: 0/1 a man/woman born in the
1900s, 2/3 in the 2000s) and birth year (digits 4-5): a payload where they
disagree is said, not offered.

A passport's zone (TD3, two lines of 44) and an ID card's (TD1, three of 30)
are read by tesseract with only their alphabet allowed, then put in shape by
position (a digit where the standard puts a digit) and verified by their ICAO
9303 check digits. A reading whose check digit fails is said and never
offered as valid: it is how a misread zone shows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np

from borderdesk.i18n import _
from borderdesk.ocr.codes import read_codes
from borderdesk.ocr.engine import OcrEngine, default_engine, read_machine_zone

FIELDS = ("name", "number", "nationality", "birth_date", "sex", "expiry_date", "issue_date",
          "address", "old_number")
"""What a reading may hold; dates are ISO (``1985-01-01``), the nationality ISO alpha-2."""

_WEIGHTS = (7, 3, 1)
_TO_DIGIT = str.maketrans("OQDUILZSGB", "0000112568")
_TO_LETTER = str.maketrans("012568", "OIZSGB")
_ALPHA3_ODD = {"D": "DE", "UTO": "", "XXA": "", "XXB": "", "XXC": "", "XXX": ""}
"""ICAO's own nationality codes: "D" is Germany; the others are no country (stateless...)."""


@dataclass(frozen=True)
class DocumentReading:
    """A driver's document read from a picture.

    Attributes:
        kind: "cccd" (citizen ID card QR), "passport" (TD3 zone) or "id_card" (TD1 zone).
        fields: see ``FIELDS``; only those the document gives.
        problems: why the reading is not to be trusted, in the officer's language.
    """

    kind: str
    fields: Mapping[str, str]
    problems: tuple[str, ...] = field(default=())

    @property
    def valid(self) -> bool:
        """Whether every check the document allows passed."""
        return not self.problems


def check_digit(text: str) -> str:
    """ICAO 9303's check digit of ``text``: digits as themselves, A-Z as 10-35, "<" as 0."""
    total = 0
    for index, character in enumerate(text):
        if character.isdigit():
            value = int(character)
        elif "A" <= character <= "Z":
            value = ord(character) - ord("A") + 10
        else:
            value = 0
        total += value * _WEIGHTS[index % 3]
    return str(total % 10)


# ---- The citizen ID card's QR code


def _dmy(text: str) -> date | None:
    if not re.fullmatch(r"\d{8}", text):
        return None
    try:
        return date(int(text[4:]), int(text[2:4]), int(text[:2]))
    except ValueError:
        return None


def parse_cccd(payload: str) -> DocumentReading | None:
    """The reading of a citizen ID card's QR payload; None when it is no such payload."""
    parts = [p.strip() for p in payload.split("|")]
    if len(parts) < 7 or not re.fullmatch(r"\d{12}", parts[0]):
        return None
    number, old_number, name, born, sex, address, issued = parts[:7]
    problems: list[str] = []
    birth = _dmy(born)
    if birth is None:
        problems.append(_("The birth date on the card's code is not a date: {value}").format(
            value=born[:20]))
    issue = _dmy(issued)
    fields = {"number": number, "name": " ".join(name.split()), "nationality": "VN",
              "sex": sex, "address": address}
    if old_number:
        fields["old_number"] = old_number
    if birth is not None:
        fields["birth_date"] = birth.isoformat()
        woman = sex.casefold().startswith("n\u1eef")  # "Nữ"
        expected = (0 if birth.year < 2000 else 2) + (1 if woman else 0)
        if number[3] != str(expected) or number[4:6] != f"{birth.year % 100:02d}":
            problems.append(_("The card number does not match the birth year and sex on "
                              "the card's code."))
    if issue is not None:
        fields["issue_date"] = issue.isoformat()
    if not fields["name"]:
        problems.append(_("The card's code holds no name."))
    return DocumentReading("cccd", fields, tuple(problems))


# ---- Machine-readable zones


def _fit(line: str, length: int) -> str:
    """``line`` made ``length`` long where OCR is unsure: in its longest run of fillers."""
    if len(line) == length:
        return line
    runs = list(re.finditer(r"<+", line))
    if not runs:
        return (line + "<" * length)[:length]
    run = max(runs, key=lambda m: len(m.group()))
    size = max(0, len(run.group()) + length - len(line))
    fitted = line[: run.start()] + "<" * size + line[run.end():]
    return (fitted + "<" * length)[:length]


def _shape(line: str, digits: str, letters: str) -> str:
    """Digits where ``digits`` has "9", letters where ``letters`` has "A"."""
    out = []
    for index, read in enumerate(line):
        if digits[index] == "9" and read != "<":
            out.append(read.translate(_TO_DIGIT))
        elif letters[index] == "A":
            out.append(read.translate(_TO_LETTER))
        else:
            out.append(read)
    return "".join(out)


def _yymmdd(text: str, *, birth: bool, today: date) -> date | None:
    if not text.isdigit():
        return None
    year = 2000 + int(text[:2])
    if birth and year > today.year:
        year -= 100
    try:
        return date(year, int(text[2:4]), int(text[4:6]))
    except ValueError:
        return None


def _country(code: str) -> str:
    import pycountry

    code = code.strip("<")
    if code in _ALPHA3_ODD:
        return _ALPHA3_ODD[code]
    country = pycountry.countries.get(alpha_3=code) if len(code) == 3 else None
    return str(country.alpha_2) if country is not None else ""


def _name(text: str) -> str:
    surname, _sep, given = text.strip("<").partition("<<")
    return " ".join(f"{surname.replace('<', ' ')} {given.replace('<', ' ')}".split())


def _checked(kind: str, checks: list[tuple[str, str, str]], fields: dict[str, str], *,
             today: date, born: str, expires: str) -> DocumentReading:
    problems: list[str] = []
    names = {"number": _("document number"), "birth": _("birth date"),
             "expiry": _("expiry date"), "personal": _("personal number"),
             "composite": _("whole zone")}
    for what, text, digit in checks:
        if what == "personal" and digit == "<" and not text.strip("<"):
            continue  # no personal number: ICAO allows a filler for its check digit
        if check_digit(text) != digit:
            problems.append(_("The check digit of the {field} does not match: the zone was "
                              "misread or the document is not genuine.").format(field=names[what]))
    birth = _yymmdd(born, birth=True, today=today)
    expiry = _yymmdd(expires, birth=False, today=today)
    if birth is not None:
        fields["birth_date"] = birth.isoformat()
    if expiry is not None:
        fields["expiry_date"] = expiry.isoformat()
    return DocumentReading(kind, fields, tuple(dict.fromkeys(problems)))


def parse_td3(first: str, second: str, today: date | None = None) -> DocumentReading | None:
    """A passport's two zone lines; None when they do not look like one."""
    first, second = _fit(first, 44), _fit(second, 44)
    if first[0] != "P":
        return None
    second = _shape(second, "<" * 9 + "9" + "<" * 3 + "9" * 7 + "<" + "9" * 7 + "<" * 14 + "99",
                    "<" * 10 + "AAA" + "<" * 7 + "A" + "<" * 23)
    number = second[0:9]
    fields = {"number": number.strip("<"), "nationality": _country(second[10:13]),
              "name": _name(first[5:]), "sex": second[20].replace("<", "")}
    checks = [("number", second[0:9], second[9]), ("birth", second[13:19], second[19]),
              ("expiry", second[21:27], second[27]), ("personal", second[28:42], second[42]),
              ("composite", second[0:10] + second[13:20] + second[21:43], second[43])]
    return _checked("passport", checks, fields, today=today or date.today(),
                    born=second[13:19], expires=second[21:27])


def parse_td1(first: str, second: str, third: str,
              today: date | None = None) -> DocumentReading | None:
    """An ID card's three zone lines; None when they do not look like one."""
    first, second, third = _fit(first, 30), _fit(second, 30), _fit(third, 30)
    if first[0] not in "ACI":
        return None
    first = first[:14] + first[14].translate(_TO_DIGIT) + first[15:]
    second = _shape(second, "9" * 7 + "<" + "9" * 7 + "<" * 14 + "9",
                    "<" * 7 + "A" + "<" * 7 + "AAA" + "<" * 12)
    fields = {"number": first[5:14].strip("<"), "nationality": _country(second[15:18]),
              "name": _name(third), "sex": second[7].replace("<", "")}
    checks = [("number", first[5:14], first[14]), ("birth", second[0:6], second[6]),
              ("expiry", second[8:14], second[14]),
              ("composite", first[5:30] + second[0:7] + second[8:15] + second[18:29],
               second[29])]
    return _checked("id_card", checks, fields, today=today or date.today(),
                    born=second[0:6], expires=second[8:14])


def _variants(line: str, length: int) -> Iterator[str]:
    """``line`` as read, then, one character too long or short, with one character taken out
    or a filler put in at each place: tesseract sometimes reads one mark as two ("0" as "0Q")."""
    yield line
    if len(line) == length + 1:
        for index in range(len(line)):
            yield line[:index] + line[index + 1 :]
    elif len(line) == length - 1:
        for index in range(len(line) + 1):
            yield line[:index] + "<" + line[index:]


def _first_valid(readings: Iterable[DocumentReading | None]) -> DocumentReading | None:
    """The first valid reading, else the first one (its problems say what failed)."""
    first: DocumentReading | None = None
    for reading in readings:
        if reading is None:
            continue
        if reading.valid:
            return reading
        first = first or reading
    return first


def zone_readings(text: str, today: date | None = None) -> list[DocumentReading]:
    """The zones in what tesseract read, valid ones first.

    A zone's lines each hold fillers ("<"); OCR often drops some of a long run
    of them, so a line's length only roughly says which zone it belongs to.
    """
    lines = [re.sub(r"[^A-Z0-9<]", "", line.upper()) for line in text.splitlines()]
    lines = [line for line in lines if len(line) >= 10 and "<" in line]
    found: list[DocumentReading] = []
    for index, line in enumerate(lines):
        after = lines[index + 1 : index + 3]
        reading: DocumentReading | None = None
        if line[0] == "P" and after and 38 <= len(after[0]) <= 50:
            reading = _first_valid(parse_td3(line, data, today)
                                   for data in _variants(after[0], 44))
        elif line[0] in "ACI" and len(after) == 2 and 25 <= len(line) <= 35 \
                and 25 <= len(after[0]) <= 35:
            reading = _first_valid(parse_td1(number, data, after[1], today)
                                   for number in _variants(line, 30)
                                   for data in _variants(after[0], 30))
        if reading is not None:
            found.append(reading)
    return sorted(found, key=lambda r: not r.valid)


def _zone_images(image: np.ndarray[Any, Any]) -> Iterator[np.ndarray[Any, Any]]:
    """The picture as the zone reader wants it: grey, its text large enough; then its lower part,
    where a data page and an ID card's back carry the zone."""
    import cv2

    grey = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    width = grey.shape[1]
    factor = 1600 / width if width < 1200 or width > 2400 else 1.0
    if factor != 1.0:
        grey = cv2.resize(grey, None, fx=factor, fy=factor,
                          interpolation=cv2.INTER_CUBIC if factor > 1 else cv2.INTER_AREA)
    yield grey
    yield grey[int(grey.shape[0] * 0.55):]


def read_documents(image: np.ndarray[Any, Any],
                   engine: OcrEngine | None = None) -> list[DocumentReading]:
    """The driver's documents in a picture: a CCCD's QR code, a passport's or ID card's zone.

    Valid readings first. The zone is read only when no valid CCCD code was found
    (a second of tesseract saved at the booth).
    """
    found = [r for r in (parse_cccd(c.text) for c in read_codes(image)) if r is not None]
    if any(r.valid for r in found):
        return found
    engine = engine or default_engine()
    for picture in _zone_images(image):
        zones = zone_readings(read_machine_zone(engine, picture))
        if any(r.valid for r in zones):
            return found + [z for z in zones if z.valid]
        found += [z for z in zones if z not in found]
    return found
