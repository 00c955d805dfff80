"""Times as the officers at the gate read them: in the gate's own time zone."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"


def gate_zone(name: str) -> ZoneInfo:
    """The gate's time zone, the Vietnamese one when the name is unknown."""
    try:
        return ZoneInfo(name or DEFAULT_TIMEZONE)
    except (KeyError, ValueError):
        return ZoneInfo(DEFAULT_TIMEZONE)


def gate_now(zone: ZoneInfo) -> datetime:
    """The current time at the gate (aware)."""
    return datetime.now(zone)


def gate_today(zone: ZoneInfo) -> date:
    """Today's calendar date at the gate."""
    return gate_now(zone).date()


def short_time_text(moment: datetime, zone: ZoneInfo, today: date | None = None) -> str:
    """"08:42" for a time of today, "19/05 23:10" for another day (gate local time)."""
    local = moment.astimezone(zone)
    if local.date() == (today or gate_today(zone)):
        return local.strftime("%H:%M")
    return local.strftime("%d/%m/%Y %H:%M")


def full_time_text(moment: datetime, zone: ZoneInfo) -> str:
    """"19/05/2026 08:42" in gate local time."""
    return moment.astimezone(zone).strftime("%d/%m/%Y %H:%M")
