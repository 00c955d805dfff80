"""Shift reports: the supervisor's PDF and CSV of what a gate did during one shift.

The shifts come from ``shifts.toml`` in the settings folder when the gate
keeps one (format in ``reports.shifts`` and docs/reports.md), else morning
06-14, afternoon 14-22 and night 22-06 in the gate's time zone. A report is
read in one transaction, so its numbers agree with each other, and it
carries the heads of the gate's audit chains read in that same transaction.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from borderdesk import paths
from borderdesk.access.permissions import Action, require
from borderdesk.config import load_settings
from borderdesk.domain.crossing import Channel, CrossingStatus, Direction
from borderdesk.domain.officer import Actor
from borderdesk.domain.shift_report import OpenItem, ShiftDefinition, ShiftReport, shift_label
from borderdesk.errors import UserInputError
from borderdesk.i18n import LANGUAGES, _, in_language
from borderdesk.reasons import reason_for
from borderdesk.reports import shift_custody, shift_data
from borderdesk.reports.output_file import write_atomically
from borderdesk.reports.shifts import (
    DEFAULT_SHIFTS,
    find_shift,
    hour_starts,
    percentile,
    shifts_from_mapping,
    window,
)
from borderdesk.services.audit import chain_heads
from borderdesk.services.scoring_settings import settings_in_force
from borderdesk.services.selectivity_facts import read_window
from borderdesk.services.workstations import gate_of
from borderdesk.storage.engine import Database
from borderdesk.storage.models import Gate
from borderdesk.storage.models.base import utc_now
from borderdesk.storage.offline.gate_database import require_server

SHIFTS_FILE = "shifts.toml"
SLOWEST = 5
"""How many of the slowest released crossings the report names."""


@dataclass(frozen=True)
class ShiftReportInfo:
    """What ``write_shift_report`` wrote."""

    path: Path
    pages: int
    crossings: int


def shift_definitions() -> tuple[ShiftDefinition, ...]:
    """The gate's shifts: ``shifts.toml`` in the settings folder, else the defaults.

    Raises:
        UserInputError: the file is not valid TOML or a shift in it is wrong.
    """
    path = paths.config_dir() / SHIFTS_FILE
    if not path.is_file():
        return DEFAULT_SHIFTS
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise UserInputError(_("{file}: cannot be read: {reason}").format(
            file=path.name, reason=reason_for(error))) from None
    return shifts_from_mapping(table, path.name)


def shift_window(timezone: str, day: date, shift: str) -> tuple[datetime, datetime]:
    """Start and end (exclusive) of the shift called ``shift`` on ``day``, in ``timezone``.

    Raises:
        UserInputError: there is no shift of that name.
    """
    return window(ZoneInfo(timezone), day, find_shift(shift_definitions(), shift))


def _gate(session: Session, actor: Actor, gate_code: str | None) -> Gate:
    own = gate_of(session, actor)
    if gate_code is None or gate_code.strip().upper() == own.code:
        return own
    gate = session.scalars(select(Gate).where(Gate.code == gate_code.strip().upper())).first()
    if gate is None:
        raise UserInputError(_("There is no gate with the code {code}.").format(code=gate_code))
    return gate


def build_shift_report(db: Database, actor: Actor, *, day: date, shift: str,
                       gate_code: str | None = None,
                       overdue_after: timedelta | None = None) -> ShiftReport:
    """Everything the report of ``shift`` on ``day`` shows, read in one transaction.

    Args:
        day: the local date of the gate the shift starts on.
        shift: a shift name of ``shift_definitions()``.
        gate_code: another gate of a shared database (default: the actor's).
        overdue_after: when a pending handoff is overdue (default: the settings').

    Raises:
        PermissionDenied: the actor's role may not print shift reports.
        UserInputError: unknown shift or gate, or a shift that has not started.
    """
    # Not at the top: services.selectivity_stats reads the shifts from here.
    from borderdesk.services.selectivity_stats import count_stats

    require(actor.role, Action.VIEW_REPORTS)
    require_server(db)
    definition = find_shift(shift_definitions(), shift)
    if overdue_after is None:
        overdue_after = timedelta(minutes=load_settings().handoff_overdue_minutes)
    _version, settings = settings_in_force(db, actor)
    factors = {str(rule): factor for rule, factor in settings.weights.rule_factors.items()}
    with db.session() as session:
        gate = _gate(session, actor, gate_code)
        zone = ZoneInfo(gate.timezone)
        start, end = window(zone, day, definition)
        generated_at = utc_now().astimezone(zone)
        if start > generated_at:
            # The shift's name is a whole noun ("Ca chiều"): a sentence around it that says
            # "shift" again reads "Ca ca chiều" in Vietnamese.
            raise UserInputError(_("{shift}, {day}: the shift has not started yet.").format(
                shift=shift_label(definition.name), day=day.isoformat()))
        span = shift_data.Window(gate.id, start, end, min(end, generated_at))
        crossings = shift_data.shift_crossings(session, span)
        by_state, pending = shift_custody.handoffs(session, span, overdue_after)
        open_items = shift_custody.open_crossings(session, span) + tuple(
            OpenItem("handoff", line.reference, "pending", line.sent_at, str(line.items),
                     from_agency=line.from_agency, to_agency=line.to_agency)
            for line in pending
        )
        seized = shift_custody.seizures(session, span)
        workload = shift_custody.workload(session, span)
        heads = chain_heads(session, gate.id)
        selectivity = count_stats(
            read_window(session, gate.id, start, span.activity_end, overdue_after),
            gate_code=gate.code, zone=zone, first_day=day, last_day=day, factors=factors)
        gate_code_found, gate_name = gate.code, gate.name
    local = crossings
    released = [line for line in local if line.clearance is not None]
    times = sorted(line.clearance for line in released if line.clearance is not None)
    hours = hour_starts(start, end)
    per_hour = dict.fromkeys(hours, 0)
    for line in local:
        at = line.arrived_at.astimezone(zone).replace(minute=0, second=0, microsecond=0)
        if at in per_hour:
            per_hour[at] += 1
    return ShiftReport(
        gate_code=gate_code_found, gate_name=gate_name, timezone=str(zone), day=day,
        shift=definition, window_start=start, window_end=end, cutoff=span.cutoff,
        supervisor=actor.full_name, generated_at=generated_at,
        by_direction=tuple((d, sum(1 for c in local if c.direction is d)) for d in Direction),
        by_channel=tuple((c, sum(1 for line in local if line.channel is c))
                         for c in (*Channel, None)),
        by_status=tuple((s, sum(1 for c in local if c.status is s)) for s in CrossingStatus),
        clearance_median=percentile(times, 0.5), clearance_p90=percentile(times, 0.9),
        released=len(released),
        slowest=tuple(sorted(released, key=lambda c: c.clearance or timedelta(0),
                             reverse=True)[:SLOWEST]),
        findings_by_rule=shift_data.rule_counts(crossings), seizures=seized,
        handoffs_by_state=by_state, pending_handoffs=pending,
        watch_hits=shift_data.watch_hits(crossings), workload=workload,
        open_items=open_items, arrivals_per_hour=tuple(per_hour.items()),
        crossings=crossings, chain_heads=heads, selectivity=selectivity,
    )


def write_shift_report(db: Database, actor: Actor, *, day: date, shift: str, out: Path,
                       lang: str, gate_code: str | None = None) -> ShiftReportInfo:
    """Build the report and write it as a PDF in ``lang`` ("vi" or "en").

    Raises:
        PermissionDenied, UserInputError: as ``build_shift_report``; also an
            unwritable output path or an unknown language.
    """
    from borderdesk.reports.shift_pdf import render_shift_report

    # Only the pages speak the report's language; refusals speak the officer's.
    if lang not in LANGUAGES:
        raise UserInputError(_("Unknown language '{lang}': use vi or en.").format(lang=lang))
    report = build_shift_report(db, actor, day=day, shift=shift, gate_code=gate_code)
    pages: list[int] = []

    def render(path: Path) -> None:
        with in_language(lang):
            pages.append(render_shift_report(report, path))

    write_atomically(out, render)
    return ShiftReportInfo(out, pages[0], report.total_crossings)


def write_shift_csv(db: Database, actor: Actor, *, day: date, shift: str, out: Path,
                    gate_code: str | None = None) -> int:
    """Write the shift's crossings and their findings as CSV; returns the data rows.

    Raises:
        PermissionDenied, UserInputError: as ``build_shift_report``; also an
            unwritable output path.
    """
    from borderdesk.reports.shift_csv import write_crossings_csv

    report = build_shift_report(db, actor, day=day, shift=shift, gate_code=gate_code)
    rows: list[int] = []
    write_atomically(out, lambda path: rows.append(write_crossings_csv(report, path)))
    return rows[0]
