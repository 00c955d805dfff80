"""Test kit: a shift report built by hand, without a database."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from uuid import uuid4
from zoneinfo import ZoneInfo

from borderdesk.domain.crossing import Channel, CrossingStatus, Direction
from borderdesk.domain.custody import Agency, ChainHead, HandoffState
from borderdesk.domain.shift_report import (
    CrossingLine,
    FindingLine,
    HandoffLine,
    OpenItem,
    SeizureLineRow,
    ShiftDefinition,
    ShiftReport,
)

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
START = datetime(2026, 1, 15, 6, tzinfo=ZONE)


def crossing(n: int, trader: str = "Công ty TNHH Vận tải Quảng Trị", carrier: str = "",
             findings: tuple[FindingLine, ...] = ()) -> CrossingLine:
    """The n-th crossing of the morning, released 25 minutes after arriving."""
    arrived = START + timedelta(minutes=7 * n)
    return CrossingLine(uuid4(), f"LA-260115-{n:05d}", arrived, Direction.IMPORT, "2",
                        f"74C-{n:03d}.45", "", ("CSQU3054383",), carrier, trader,
                        CrossingStatus.RELEASED, Channel.GREEN, arrived + timedelta(minutes=25),
                        findings)


def report(crossings: tuple[CrossingLine, ...] = ()) -> ShiftReport:
    """A morning report over ``crossings``, with a seizure, an overdue handoff and a chain head."""
    end = START + timedelta(hours=8)
    pending = HandoffLine(uuid4(), "LA-260115-00001", Agency.CUSTOMS, Agency.POLICE,
                          START + timedelta(hours=2), timedelta(hours=6), 2, True)
    return ShiftReport(
        gate_code="LAOBAO", gate_name="Cửa khẩu Quốc tế Lao Bảo", timezone="Asia/Ho_Chi_Minh",
        day=date(2026, 1, 15), shift=ShiftDefinition("morning", time(6), time(14)),
        window_start=START, window_end=end, cutoff=end, supervisor="Trần Thị Minh Hằng",
        generated_at=end + timedelta(minutes=3),
        by_direction=((Direction.IMPORT, len(crossings)), (Direction.EXPORT, 0),
                      (Direction.TRANSIT, 0)),
        by_channel=((Channel.GREEN, len(crossings)), (Channel.YELLOW, 0), (Channel.RED, 0),
                    (None, 0)),
        by_status=tuple((s, len(crossings) if s is CrossingStatus.RELEASED else 0)
                        for s in CrossingStatus),
        clearance_median=timedelta(minutes=25) if crossings else None,
        clearance_p90=timedelta(minutes=25) if crossings else None, released=len(crossings),
        slowest=crossings[:5], findings_by_rule=(),
        seizures=(SeizureLineRow(uuid4(), "LA-260115-00001", START + timedelta(hours=1),
                                 "Hàng hóa bị tạm giữ <script>", "2402", Decimal("35.5"), "kg",
                                 Decimal(900), "USD", "Kho A", "Võ Minh Quân"),)
        if crossings else (),
        handoffs_by_state=tuple((s, 1 if s is HandoffState.PENDING and crossings else 0)
                                for s in HandoffState),
        pending_handoffs=(pending,) if crossings else (), watch_hits=(), workload=(),
        open_items=(OpenItem("handoff", pending.reference, "pending", pending.sent_at, "2",
                             from_agency=Agency.CUSTOMS, to_agency=Agency.POLICE),)
        if crossings else (),
        arrivals_per_hour=tuple((START + timedelta(hours=h), 0) for h in range(8)),
        crossings=crossings,
        chain_heads=(ChainHead(uuid4(), "LB-CUSTOMS-1", 383, "ab" * 32),),
    )


def empty() -> ShiftReport:
    """A morning in which nothing happened."""
    return replace(report(), chain_heads=())
