"""Shifts of a gate: the defaults, the ``shifts.toml`` format, and a shift's time window.

Pure: no database, no files read here (the service reads the file).

``shifts.toml`` lists the shifts in the gate's local time::

    [[shift]]
    name = "morning"
    starts = "06:00"
    ends = "14:00"

A shift whose ``ends`` is not after its ``starts`` crosses midnight and
belongs to the date it starts on: the night shift of 15 January runs from
22:00 on the 15th to 06:00 on the 16th.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from borderdesk.domain.shift_report import ShiftDefinition
from borderdesk.errors import UserInputError
from borderdesk.i18n import _

DEFAULT_SHIFTS = (
    ShiftDefinition("morning", time(6), time(14)),
    ShiftDefinition("afternoon", time(14), time(22)),
    ShiftDefinition("night", time(22), time(6)),
)

_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")
_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


def _clock(value: object, source: str, index: int, key: str) -> time:
    match = _TIME.match(value) if isinstance(value, str) else None
    if match is None:
        raise UserInputError(_("{file}: shift {n}: {key} must be a time like \"06:00\"").format(
            file=source, n=index, key=key))
    return time(int(match.group(1)), int(match.group(2)))


def shifts_from_mapping(table: Mapping[str, object], source: str) -> tuple[ShiftDefinition, ...]:
    """The shifts of a parsed ``shifts.toml``.

    Raises:
        UserInputError: naming the file, the shift and the key that is wrong.
    """
    entries = table.get("shift")
    if not isinstance(entries, list) or not entries:
        raise UserInputError(_("{file}: no [[shift]] tables").format(file=source))
    shifts: list[ShiftDefinition] = []
    for index, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            raise UserInputError(_("{file}: shift {n} is not a table").format(
                file=source, n=index))
        name = entry.get("name")
        if not isinstance(name, str) or not _NAME.match(name):
            raise UserInputError(_(
                "{file}: shift {n}: name must be lower-case letters, digits, - or _"
            ).format(file=source, n=index))
        if any(shift.name == name for shift in shifts):
            raise UserInputError(_("{file}: shift {n}: the name {name} is used twice").format(
                file=source, n=index, name=name))
        starts = _clock(entry.get("starts"), source, index, "starts")
        ends = _clock(entry.get("ends"), source, index, "ends")
        if starts == ends:
            raise UserInputError(_("{file}: shift {n}: starts and ends are the same time").format(
                file=source, n=index))
        shifts.append(ShiftDefinition(name, starts, ends))
    return tuple(shifts)


def find_shift(shifts: Sequence[ShiftDefinition], name: str) -> ShiftDefinition:
    """The shift called ``name``.

    Raises:
        UserInputError: no such shift, naming the ones there are.
    """
    for shift in shifts:
        if shift.name == name:
            return shift
    raise UserInputError(_("There is no shift '{name}'; the shifts are: {names}.").format(
        name=name, names=", ".join(shift.name for shift in shifts)))


def window(zone: ZoneInfo, day: date, shift: ShiftDefinition) -> tuple[datetime, datetime]:
    """The start and end (exclusive) of ``shift`` on ``day``, aware in ``zone``.

    A shift crossing midnight ends on the next day. Across a change of
    clock the window keeps the wall-clock times (Vietnam has none).
    """
    start = datetime.combine(day, shift.starts, tzinfo=zone)
    end_day = day + timedelta(days=1) if shift.crosses_midnight else day
    return start, datetime.combine(end_day, shift.ends, tzinfo=zone)


def hour_starts(start: datetime, end: datetime) -> list[datetime]:
    """The start of every hour from ``start`` up to ``end`` (the first may be a part hour)."""
    first = start.replace(minute=0, second=0, microsecond=0)
    hours = []
    at = first
    while at < end:
        hours.append(at)
        at = (at + timedelta(hours=1)).astimezone(start.tzinfo)
    return hours


def percentile(values: Sequence[timedelta], share: float) -> timedelta | None:
    """The ``share`` (0..1) quantile of ``values`` by linear interpolation; None when empty."""
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    seconds = [value.total_seconds() for value in values]
    if share == 0.5:
        return timedelta(seconds=statistics.median(seconds))
    cuts = statistics.quantiles(seconds, n=100, method="inclusive")
    return timedelta(seconds=cuts[round(share * 100) - 1])
