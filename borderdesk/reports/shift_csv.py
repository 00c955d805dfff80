"""The CSV of a shift: one row per finding of each crossing (one row when it has none).

Spreadsheets run a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a
formula (and tab or CR can smuggle one in), so such a cell gets a leading
apostrophe: a trader's name never runs code on the supervisor's machine.
UTF-8 with a byte-order mark, so Excel shows Vietnamese. Column names are
fixed English identifiers that scripts can rely on.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

from borderdesk.domain.shift_report import CrossingLine, FindingLine, ShiftReport

COLUMNS = (
    "reference", "arrived_at", "direction", "lane", "tractor_plate", "trailer_plate",
    "containers", "carrier", "trader", "status", "channel", "released_at",
    "clearance_minutes", "rule", "severity", "message",
)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """``cell``, with a leading apostrophe when a spreadsheet would read it as a formula."""
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


def _rows(line: CrossingLine, zone: ZoneInfo) -> Iterator[list[str]]:
    clearance = line.clearance
    crossing = [
        line.reference, line.arrived_at.astimezone(zone).isoformat(timespec="seconds"),
        line.direction.value, line.lane, line.tractor_plate, line.trailer_plate,
        " ".join(line.containers), line.carrier, line.trader, line.status.value,
        line.channel.value if line.channel else "",
        line.released_at.astimezone(zone).isoformat(timespec="seconds")
        if line.released_at else "",
        f"{clearance.total_seconds() / 60:.0f}" if clearance is not None else "",
    ]
    findings: tuple[FindingLine | None, ...] = line.findings or (None,)
    for finding in findings:
        extra = [finding.rule, finding.severity, finding.message] if finding else ["", "", ""]
        yield [neutralise(cell) for cell in crossing + extra]


def write_crossings_csv(report: ShiftReport, path: Path) -> int:
    """Write the report's crossings and findings to ``path``; returns the data rows written."""
    zone = ZoneInfo(report.timezone)
    written = 0
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for line in report.crossings:
            for row in _rows(line, zone):
                writer.writerow(row)
                written += 1
    return written
