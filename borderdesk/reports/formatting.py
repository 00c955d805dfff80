"""How the printed report writes times, durations, numbers and trader text.

Dates follow the active language (15/01/2026 in Vietnamese, 2026-01-15 in
English); numbers use its separators through Babel. ``text`` escapes
anything bound for a reportlab Paragraph, whose input is markup: a trader's
``<b>`` or ``&`` must print as written and never reach the parser.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from babel.numbers import format_decimal

from borderdesk.i18n import language


def text(value: str) -> str:
    """``value`` as Paragraph markup that prints it literally, on one line per line."""
    return escape(value).replace("\n", "<br/>")


def day_text(value: date) -> str:
    """A calendar date in the active language's order."""
    return value.strftime("%d/%m/%Y") if language() == "vi" else value.isoformat()


def moment(value: datetime, zone: ZoneInfo) -> str:
    """Date and time in the gate's zone, to the minute."""
    local = value.astimezone(zone)
    return f"{day_text(local.date())} {local:%H:%M}"


def clock(value: datetime, zone: ZoneInfo) -> str:
    """Time of day in the gate's zone."""
    return f"{value.astimezone(zone):%H:%M}"


def duration(value: timedelta | None) -> str:
    """Hours and minutes as H:MM; a dash when there is none."""
    if value is None:
        return "–"
    minutes = round(value.total_seconds() / 60)
    return f"{minutes // 60}:{minutes % 60:02d}"


def number(value: Decimal | int | float) -> str:
    """A number with the active language's separators, without trailing zeros."""
    if isinstance(value, Decimal):
        integral = value.to_integral_value()
        value = integral if value == integral else value.normalize()
    return format_decimal(value, locale=language(), decimal_quantization=False)
