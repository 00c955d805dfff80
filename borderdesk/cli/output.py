"""What the command line prints: aligned tables for people, JSON for scripts."""

from __future__ import annotations

import dataclasses
import enum
import json
import sys
import unicodedata
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from borderdesk.domain.crossing import CrossingStatus, QueuePage, QueueRow, label
from borderdesk.domain.officer import OfficerSummary, role_label
from borderdesk.i18n import _


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(_plain(k)): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def to_json(value: Any) -> str:
    """JSON of dataclasses, enums, UUIDs and times, UTF-8 kept readable."""
    return json.dumps(_plain(value), ensure_ascii=False, indent=2)


def print_json(value: Any) -> None:
    """Print ``value`` as JSON on stdout."""
    print(to_json(value))


def _width(text: str) -> int:
    # Combining marks take no column; wide (CJK) characters take two.
    return sum(
        0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
        for c in text
    )


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A plain-text table with aligned columns."""
    widths = [_width(h) for h in headers]
    for row in rows:
        widths = [max(w, _width(cell)) for w, cell in zip(widths, row, strict=True)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c + " " * (w - _width(c)) for c, w in zip(cells, widths, strict=True))

    out = [line(headers), line(["-" * w for w in widths])]
    out += [line(row) for row in rows]
    return "\n".join(text.rstrip() for text in out)


def _local(at: datetime, zone: ZoneInfo) -> str:
    return at.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def queue_table(page: QueuePage, zone: ZoneInfo) -> str:
    """The queue page as a table, the counts per status and whether more rows follow."""
    headers = [_("Reference"), _("Arrived"), _("Direction"), _("Lane"), _("Plate"),
               _("Trailer"), _("Containers"), _("Driver"), _("Status"), _("Channel")]
    rows = [_queue_cells(row, zone) for row in page.rows]
    lines = [table(headers, rows)] if rows else [_("No crossing matches.")]
    counts = ", ".join(
        _("{status}: {count}").format(status=label(status), count=page.status_counts[status])
        for status in CrossingStatus if page.status_counts.get(status)
    )
    if counts:
        lines.append(counts)
    if page.has_more:
        lines.append(_("More crossings match: use --offset or narrow the filter."))
    return "\n".join(lines)


def _queue_cells(row: QueueRow, zone: ZoneInfo) -> list[str]:
    return [
        row.reference, _local(row.arrived_at, zone), label(row.direction), row.lane,
        row.tractor_plate, row.trailer_plate, " ".join(row.containers), row.driver_name,
        label(row.status), label(row.channel) if row.channel else "",
    ]


def officers_table(officers: Sequence[OfficerSummary], zone: ZoneInfo) -> str:
    """The administrator's list of accounts."""
    headers = [_("Username"), _("Name"), _("Role"), _("Badge"), _("State")]
    rows = []
    for officer in officers:
        if not officer.active:
            state = _("disabled")
        elif officer.locked_until:
            state = _("locked until {time}").format(time=_local(officer.locked_until, zone))
        else:
            state = _("active")
        rows.append([officer.username, officer.full_name, role_label(officer.role),
                     officer.badge_no, state])
    return table(headers, rows)


def say(message: str) -> None:
    """Print a message for the officer on stdout."""
    print(message)


def warn(message: str) -> None:
    """Print a one-line notice on stderr (not an error)."""
    print(f"borderdesk: {' '.join(message.split())}", file=sys.stderr)
