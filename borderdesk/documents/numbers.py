"""Numbers read from a declaration or a manifest: bounded before any arithmetic sees them.

A file may write ``1e999999999`` as a quantity (the rules' sums overflow),
``1e-999999999`` (a division by it overflows), a 5,000-digit number, or a
``line_no`` whose ``int()`` takes minutes. :func:`read_amount` takes the raw
value as JSON, CSV or XML give it (text, int, Decimal or float) and returns a
Decimal the rules can compute with, or raises :class:`NumberRefused` with one
translated sentence naming the field:

- at most ``limits.NUMBER_CHARACTERS`` characters as written, finite, not negative;
- below ``limits.LARGEST_AMOUNT`` (``INTEGER_DIGITS`` digits before the point);
- at most ``limits.FRACTION_DIGITS`` significant digits after the point
  (``MONEY_FRACTION_DIGITS`` for values and costs): as many as the database
  keeps. More is refused, never rounded: a silently rounded quantity is a
  different declaration from the one the trader signed.

An exponent is accepted when the number it writes is within these bounds
(spreadsheets export ``1.2E+05``); ``0E-999999`` is zero.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from borderdesk.errors import excerpt
from borderdesk.i18n import _
from borderdesk.limits import (
    FRACTION_DIGITS,
    INTEGER_DIGITS,
    LARGEST_AMOUNT,
    LINE_NUMBER,
    NUMBER_CHARACTERS,
)

__all__ = ["NumberRefused", "read_amount", "read_line_no"]


class NumberRefused(ValueError):
    """A value is not a number BorderDesk takes; ``problem`` is one translated sentence."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


def _written(value: int | float | Decimal | str) -> str:
    """The value as written, for reading and for quoting; never a 10,000-digit str()."""
    if isinstance(value, int) and value.bit_length() > 256:
        return _("a number of more than 70 digits")
    return str(value).strip().replace(" ", "")


def _too_large(field: str, text: str) -> NumberRefused:
    return NumberRefused(_(
        "{field} {value} is too large: at most {digits} digits before the point"
    ).format(field=field, value=excerpt(text), digits=INTEGER_DIGITS))


def read_amount(value: object, field: str, *, fraction_digits: int = FRACTION_DIGITS) -> Decimal:
    """``value`` as a bounded, non-negative Decimal.

    Args:
        value: what the file holds: text, int, Decimal (exact JSON) or float.
        field: the field's name for the message (``quantity``, ``cost.fob``).
        fraction_digits: how many digits after the point the field is stored with
            (``limits.MONEY_FRACTION_DIGITS`` for values and costs).

    Raises:
        NumberRefused: "quantity '1E+999999999' is too large: at most 15 digits before
            the point".
    """
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        raise NumberRefused(_("{field} must be a number").format(field=field))
    text = _written(value)
    if isinstance(value, int) and value >= LARGEST_AMOUNT:
        raise _too_large(field, text)
    if len(text) > NUMBER_CHARACTERS:
        raise NumberRefused(_("{field} '{value}' is longer than {limit} characters").format(
            field=field, value=excerpt(text), limit=NUMBER_CHARACTERS))
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = Decimal("NaN")
    if not number.is_finite():
        raise NumberRefused(_("{field} '{value}' is not a number").format(
            field=field, value=excerpt(text)))
    if number.is_zero():
        return Decimal(0)  # 0E-999999 or -0: zero, without the exponent
    if number.is_signed():
        raise NumberRefused(_("{field} {value} is negative").format(
            field=field, value=excerpt(text)))
    # adjusted() and as_tuple() read the exponent without arithmetic: nothing here can
    # overflow, however large the exponent written.
    if number.adjusted() >= INTEGER_DIGITS:
        raise _too_large(field, text)
    _sign, digits, exponent = number.as_tuple()
    assert isinstance(exponent, int)  # finite
    trailing_zeros = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    if -(exponent + trailing_zeros) > fraction_digits:
        raise NumberRefused(_(
            "{field} {value} has more than {digits} digits after the point"
        ).format(field=field, value=excerpt(text), digits=fraction_digits))
    if exponent > 0 or exponent < -fraction_digits:
        # 1E+3 -> 1000, 1.50000000 -> 1.500000: exact, within the context's precision.
        number = number.quantize(Decimal(1) if exponent > 0 else Decimal(1).scaleb(
            -fraction_digits))
    assert number < LARGEST_AMOUNT
    return number


def read_line_no(value: object, field: str = "line_no") -> int:
    """``value`` as a goods line's number, a whole number from 1 to ``limits.LINE_NUMBER``.

    Raises:
        NumberRefused: "line_no '1e999999999' is not a whole number from 1 to 99999".
    """
    refused = NumberRefused(_("{field} '{value}' is not a whole number from 1 to {last}").format(
        field=field, value=excerpt(_written(value) if isinstance(
            value, int | float | Decimal | str) else value), last=LINE_NUMBER))
    try:
        number = read_amount(value, field)
    except NumberRefused:
        raise refused from None
    if number < 1 or number > LINE_NUMBER or number != number.to_integral_value():
        raise refused
    return int(number)
