"""Shift reports through the service, on SQLite and PostgreSQL: the numbers are the database's."""

from __future__ import annotations

import subprocess
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from gate_kit import GateSetup
from shift_kit import DAY, ZONE, ShiftWriter, local
from sqlalchemy import and_, func, select

from borderdesk import i18n
from borderdesk.domain.crossing import Channel, CrossingStatus, Direction
from borderdesk.domain.custody import HandoffState
from borderdesk.domain.officer import Role
from borderdesk.errors import PermissionDenied, UserInputError
from borderdesk.services.shift_reports import (
    build_shift_report,
    shift_window,
    write_shift_report,
)
from borderdesk.storage.models import (
    CheckRun,
    Crossing,
    CrossingStatusChange,
    Finding,
    SeizureLine,
)

M = timedelta(minutes=1)


def _morning(gate: GateSetup) -> ShiftWriter:
    """A morning with every kind of work, and some before and after it."""
    writer = ShiftWriter(gate)
    day = DAY
    writer.crossing(local(day, 5, 59), steps=(("documents", "green", 10 * M),))  # night before
    for index in range(6):
        writer.crossing(local(day, 6 + index, 5), steps=(
            ("documents", "green", 10 * M), ("released", None, (20 + 10 * index) * M)))
    yellow = writer.crossing(local(day, 8, 30), direction="export", findings=("VALUE_MISMATCH",),
                             steps=(("documents", "yellow", 15 * M),
                                    ("released", None, 75 * M)))
    red = writer.crossing(local(day, 9, 0), findings=("FLAGGED_PARTY", "UNDECLARED_LINE",
                                                      "UNDECLARED_LINE"),
                          trader="Công ty <b>Lừa</b> & Con",
                          steps=(("inspection", "red", 20 * M), ("held", None, 90 * M)))
    # Checked during the shift, released only in the afternoon: open at its end.
    writer.crossing(local(day, 13, 30), direction="transit",
                    steps=(("documents", "green", 10 * M), ("released", None, 60 * M)))
    writer.crossing(local(day, 13, 55))  # not checked by 14:00
    writer.crossing(local(day, 14, 0), steps=(("documents", "red", 5 * M),))  # afternoon
    writer.seizure(red, local(day, 10, 40), (("Thuốc lá điếu", Decimal("35.5"), Decimal(900)),
                                             ("Sữa bột", Decimal(120), None)))
    writer.handoff(red, local(day, 10, 45))  # never answered: overdue
    writer.handoff(yellow, local(day, 9, 40), ("accepted", local(day, 9, 50)))
    writer.handoff(yellow, local(day, 13, 30), ("disputed", local(day, 15, 0)))
    return writer


def _sql_channels(gate: GateSetup, start, end) -> dict[str | None, int]:  # type: ignore[no-untyped-def]
    """Crossings of the window by the channel of their last change with one before ``end``."""
    last = (select(CrossingStatusChange.crossing_id,
                   func.max(CrossingStatusChange.created_at).label("at"))
            .where(CrossingStatusChange.channel.is_not(None), CrossingStatusChange.created_at < end)
            .group_by(CrossingStatusChange.crossing_id).subquery())
    channel = (select(CrossingStatusChange.crossing_id, CrossingStatusChange.channel)
               .join(last, and_(last.c.crossing_id == CrossingStatusChange.crossing_id,
                                last.c.at == CrossingStatusChange.created_at))
               .where(CrossingStatusChange.channel.is_not(None)).subquery())
    with gate.db.session() as session:
        rows = session.execute(
            select(channel.c.channel, func.count())
            .select_from(Crossing).outerjoin(channel, channel.c.crossing_id == Crossing.id)
            .where(Crossing.arrived_at >= start, Crossing.arrived_at < end)
            .group_by(channel.c.channel)
        ).all()
    return {row[0]: row[1] for row in rows}


def test_the_numbers_are_the_databases(gate: GateSetup) -> None:
    _morning(gate)
    supervisor = gate.actor(Role.SUPERVISOR)
    report = build_shift_report(gate.db, supervisor, day=DAY, shift="morning")
    start, end = local(DAY, 6), local(DAY, 14)
    assert (report.window_start, report.window_end, report.cutoff) == (start, end, end)
    assert report.supervisor == supervisor.full_name
    assert report.gate_name == "Cửa khẩu Quốc tế Lao Bảo"

    channels = _sql_channels(gate, start, end)
    assert {c.value if c else None: n for c, n in report.by_channel if n} == channels
    assert dict(report.by_channel)[Channel.GREEN] == 7
    with gate.db.session() as session:
        directions: dict[str, int] = dict(session.execute(  # type: ignore[arg-type]
            select(Crossing.direction, func.count())
            .where(Crossing.arrived_at >= start, Crossing.arrived_at < end)
            .group_by(Crossing.direction)).all())
        findings: dict[str, int] = dict(session.execute(  # type: ignore[arg-type]
            select(Finding.rule, func.count()).join(CheckRun).join(Crossing)
            .where(Crossing.arrived_at >= start, Crossing.arrived_at < end)
            .group_by(Finding.rule)).all())
        seized_lines = session.scalar(select(func.count()).select_from(SeizureLine))
    assert {d.value: n for d, n in report.by_direction if n} == directions
    assert report.total_crossings == sum(directions.values()) == 10
    assert {r.rule: r.findings for r in report.findings_by_rule} == findings
    top = report.findings_by_rule[0]
    assert (top.rule, top.findings, top.crossings) == ("UNDECLARED_LINE", 2, 1)
    assert [h.rule for h in report.watch_hits] == ["FLAGGED_PARTY"]
    assert len(report.seizures) == seized_lines == 2
    assert report.seized_value_by_currency == (("USD", Decimal(900)),)
    assert dict(report.handoffs_by_state) == {HandoffState.PENDING: 2, HandoffState.ACCEPTED: 1,
                                              HandoffState.DISPUTED: 0,
                                              HandoffState.RETURNED: 0}
    assert [h.overdue for h in report.pending_handoffs] == [True, False]
    assert len(report.overdue_handoffs) == 1

    # Clearance of the seven released: 20..70 minutes and 75.
    assert report.released == 7
    assert report.clearance_median == timedelta(minutes=50)
    assert report.slowest[0].clearance == timedelta(minutes=75)
    # At 14:00 the 13:30 truck is not released yet, whatever happened afterwards.
    statuses = {line.reference: line.status for line in report.crossings}
    assert list(statuses.values()).count(CrossingStatus.DOCUMENTS) == 1
    open_crossings = {i.reference for i in report.open_items if i.kind == "crossing"}
    assert len(open_crossings) == 4  # 05:59 documents, held red, 13:30, 13:55
    assert sum(1 for i in report.open_items if i.kind == "handoff") == 2
    loads = {w.name: w for w in report.workload}
    assert loads[gate.actor(Role.BORDER_GUARD).full_name].arrivals == 10
    assert loads[gate.actor(Role.CUSTOMS_OFFICER).full_name].seizures == 1
    assert sum(n for _h, n in report.arrivals_per_hour) == 10
    assert [h.seq > 0 for h in report.chain_heads] == [True]
    assert not report.empty


def test_the_night_shift_crosses_midnight(gate: GateSetup) -> None:
    writer = ShiftWriter(gate)
    next_day = DAY + timedelta(days=1)
    for at in (local(DAY, 21, 59), local(DAY, 22, 0), local(DAY, 23, 30), local(next_day, 2, 0),
               local(next_day, 5, 59), local(next_day, 6, 0)):
        writer.crossing(at)
    start, end = shift_window("Asia/Ho_Chi_Minh", DAY, "night")
    assert (start, end) == (local(DAY, 22), local(next_day, 6))
    report = build_shift_report(gate.db, gate.actor(Role.SUPERVISOR), day=DAY, shift="night")
    arrived = [line.arrived_at.astimezone(ZONE) for line in report.crossings]
    assert arrived == [local(DAY, 22), local(DAY, 23, 30), local(next_day, 2),
                       local(next_day, 5, 59)]
    hours = [hour.hour for hour, _n in report.arrivals_per_hour]
    assert hours == [22, 23, 0, 1, 2, 3, 4, 5]
    assert dict(report.by_direction)[Direction.IMPORT] == 4


def test_an_empty_shift_gives_a_valid_report_that_says_so(gate: GateSetup, tmp_path: Path) -> None:
    ShiftWriter(gate).crossing(local(DAY, 7))
    supervisor = gate.actor(Role.SUPERVISOR)
    report = build_shift_report(gate.db, supervisor, day=DAY, shift="afternoon")
    assert report.empty and report.total_crossings == 0 and report.clearance_median is None
    # The morning's truck is still open: the afternoon hands it on.
    assert [item.kind for item in report.open_items] == ["crossing"]
    i18n.set_language("vi")
    info = write_shift_report(gate.db, supervisor, day=DAY, shift="afternoon",
                              out=tmp_path / "empty.pdf", lang="en")
    assert i18n.language() == "vi"  # the report's language did not leak
    assert info.crossings == 0 and info.pages >= 1
    shown = subprocess.run(["pdftotext", "-layout", str(info.path), "-"], capture_output=True,
                           text=True, check=True).stdout
    assert "No crossings, seizures or handoffs were recorded during this shift." in shown


def test_refusals_and_bad_requests(gate: GateSetup, tmp_path: Path) -> None:
    supervisor = gate.actor(Role.SUPERVISOR)
    with pytest.raises(PermissionDenied):
        build_shift_report(gate.db, gate.actor(Role.BORDER_GUARD), day=DAY, shift="morning")
    with pytest.raises(UserInputError, match="no shift 'evening'"):
        build_shift_report(gate.db, supervisor, day=DAY, shift="evening")
    with pytest.raises(UserInputError, match="no gate with the code NOWHERE"):
        build_shift_report(gate.db, supervisor, day=DAY, shift="morning", gate_code="NOWHERE")
    with pytest.raises(UserInputError, match="has not started yet"):
        build_shift_report(gate.db, supervisor, day=DAY + timedelta(days=3650), shift="morning")
    with pytest.raises(UserInputError, match="folder does not exist"):
        write_shift_report(gate.db, supervisor, day=DAY, shift="morning",
                           out=tmp_path / "missing" / "r.pdf", lang="vi")
    (tmp_path / "out").mkdir()
    with pytest.raises(UserInputError, match="is a folder"):
        write_shift_report(gate.db, supervisor, day=DAY, shift="morning", out=tmp_path / "out",
                           lang="vi")
    assert list((tmp_path / "out").iterdir()) == []  # no temporary file left behind
