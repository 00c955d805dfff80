"""Plates, container and seal numbers, countries and driver documents: checked and normalised.

Each ``check_*`` function returns the value in the form BorderDesk stores and
shows, or raises ``UserInputError`` with a message that tells the officer
what is wrong and, where it can, what it should be.
"""

from __future__ import annotations

import re
import unicodedata

import pycountry
from stdnum import iso6346
from stdnum.exceptions import InvalidChecksum

from borderdesk.domain.plate_formats import format_plate
from borderdesk.errors import UserInputError
from borderdesk.i18n import _

_NOT_ALNUM = re.compile(r"[^A-Z0-9]")
# Province code, series letters (with perhaps one digit), serial: typed with or without separators.
_VN_PLAIN = re.compile(r"^(\d{2})([A-Z]{1,2})(\d{4,6})$")
_VN_HEAD = re.compile(r"^(\d{2})([A-Z]{1,2}\d?)$")
_VN_SERIAL = re.compile(r"^\d{4,5}$")
_CONTAINER_FORM = re.compile(r"^[A-Z]{4}\d{7}$")
_SEAL = re.compile(r"^[A-Z0-9-]{3,20}$")
_DOCUMENT = re.compile(r"^[A-Z0-9]{5,20}$")
FOREIGN_PLATE_MIN, FOREIGN_PLATE_MAX = 2, 15


def normalize_plate(text: str) -> str:
    """The plate as letters A-Z and digits only, uppercase: the searchable form.

    Vietnamese "Đ" counts as "D" and accents are dropped, so a plate typed
    on a Vietnamese keyboard finds the same truck.
    """
    upper = text.upper().replace("Đ", "D")
    plain = "".join(
        c for c in unicodedata.normalize("NFKD", upper) if not unicodedata.combining(c)
    )
    return _NOT_ALNUM.sub("", plain)


def _vn_display(province: str, series: str, serial: str) -> str | None:
    if not 11 <= int(province) <= 99:
        return None
    body = f"{serial[:3]}.{serial[3:]}" if len(serial) == 5 else serial
    return f"{province}{series}-{body}"


def format_vn_plate(text: str) -> str | None:
    """The canonical display of a Vietnamese truck plate ("74C-123.45"), or None if invalid.

    Without a separator, "74C12345" reads as series "C" and a 5-digit serial;
    a dash or space after the series ("74C1-2345") says where the series ends.
    """
    upper = text.upper().replace("Đ", "D").strip()
    parts = re.split(r"[-\s]+", upper, maxsplit=1)
    if len(parts) == 2:
        head, tail = normalize_plate(parts[0]), normalize_plate(parts[1])
        head_match = _VN_HEAD.match(head)
        if head_match and _VN_SERIAL.match(tail):
            return _vn_display(head_match.group(1), head_match.group(2), tail)
    match = _VN_PLAIN.match(normalize_plate(upper))
    if not match:
        return None
    province, letters, digits = match.groups()
    if len(digits) == 6:
        letters, digits = letters + digits[0], digits[1:]
    return _vn_display(province, letters, digits)


def is_vn_plate(text: str) -> bool:
    """Whether ``text`` is a valid Vietnamese truck plate."""
    return format_vn_plate(text) is not None


def check_plate(text: str, country: str) -> str:
    """The plate as displayed: canonical for Vietnam, tidied free text for other countries.

    Args:
        text: the plate as typed.
        country: the alpha-2 code of the country that issued it (already checked).

    Raises:
        UserInputError: the plate is missing or not valid for its country.
    """
    if not text.strip():
        raise UserInputError(_("The plate is required."))
    if country == "VN":
        display = format_vn_plate(text)
        if display is None:
            raise UserInputError(
                _("{plate} is not a Vietnamese plate (for example 74C-123.45).").format(
                    plate=text.strip()
                )
            )
        return display
    # A plate in its country's usual truck format is shown as printed ("sv8332" -> "SV 8332");
    # other forms (temporary, diplomatic) are kept as typed.
    known = format_plate(text, country)
    if known is not None:
        return known
    norm = normalize_plate(text)
    if not FOREIGN_PLATE_MIN <= len(norm) <= FOREIGN_PLATE_MAX:
        raise UserInputError(
            _("A plate has {low} to {high} letters and digits.").format(
                low=FOREIGN_PLATE_MIN, high=FOREIGN_PLATE_MAX
            )
        )
    display = " ".join(text.upper().split())
    return display if len(display) <= 32 else norm


def normalize_container(text: str) -> str:
    """The container number without spaces, dashes or dots, uppercase ("CSQU 305438-3")."""
    return str(iso6346.compact(re.sub(r"[-./]", "", text)))


def check_container(text: str) -> str:
    """The ISO 6346 container number, compact and uppercase.

    Raises:
        UserInputError: the form is wrong, or the check digit is (the message
            names the digit it should be).
    """
    number = normalize_container(text)
    if not _CONTAINER_FORM.match(number):
        raise UserInputError(
            _(
                "Container {number}: expected 4 letters, 6 digits and a check digit."
            ).format(number=number or text.strip())
        )
    if number[3] not in "UJZ":
        raise UserInputError(
            _("Container {number}: the fourth letter must be U, J or Z.").format(number=number)
        )
    try:
        # The form is checked above, so only the check digit can be wrong here.
        iso6346.validate(number)
    except InvalidChecksum:
        raise UserInputError(
            _("Container {number}: the check digit should be {digit}.").format(
                number=number, digit=iso6346.calc_check_digit(number[:10])
            )
        ) from None
    return number


def looks_like_container(text: str) -> bool:
    """Whether a search text reads as (the start of) a container number: owner code first."""
    return re.fullmatch(r"[A-Z]{3}[UJZ]\d{0,7}", normalize_plate(text)) is not None


def check_country(text: str) -> str:
    """The ISO 3166 alpha-2 code of a country given by code or English name.

    Raises:
        UserInputError: no such country.
    """
    value = text.strip()
    if value:
        try:
            return str(pycountry.countries.lookup(value).alpha_2)
        except LookupError:
            pass
    raise UserInputError(
        _("Unknown country '{value}': use a code such as VN, LA, KH or CN.").format(value=value)
    )


def check_seal(text: str) -> str:
    """The seal number, uppercase.

    Raises:
        UserInputError: not 3 to 20 letters, digits or dashes.
    """
    seal = text.strip().upper()
    if not _SEAL.match(seal):
        raise UserInputError(
            _("Seal {seal}: use 3 to 20 letters, digits or dashes.").format(seal=text.strip())
        )
    return seal


def check_document_no(text: str) -> str:
    """A driver's ID card or passport number, uppercase without spaces.

    Raises:
        UserInputError: missing, or not 5 to 20 letters and digits.
    """
    number = "".join(text.split()).upper()
    if not number:
        raise UserInputError(_("The ID or passport number is required."))
    if not _DOCUMENT.match(number):
        raise UserInputError(
            _("An ID or passport number has 5 to 20 letters and digits.")
        )
    return number
