"""Test kit: a shift's work written straight into the tables, at chosen local times.

The services stamp records with the present moment; a shift report is about
a past shift, so its tests write rows the way the services would have, at
the times the test names.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from uuid import UUID
from zoneinfo import ZoneInfo

from gate_kit import GateSetup

from borderdesk.domain.officer import Role
from borderdesk.storage.models import (
    CheckRun,
    Crossing,
    CrossingStatusChange,
    Declaration,
    Finding,
    Handoff,
    HandoffItem,
    HandoffStateChange,
    Seizure,
    SeizureLine,
)
from borderdesk.storage.models.base import new_id

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
DAY = date(2026, 1, 15)


def local(day: date, hour: int, minute: int = 0) -> datetime:
    """A moment of the gate's local time."""
    return datetime.combine(day, time(hour, minute), tzinfo=ZONE)


@dataclass
class ShiftWriter:
    """Writes crossings, checks, seizures and handoffs of the gate at given times."""

    gate: GateSetup
    count: int = 0

    def _stamp(self, role: Role, at: datetime) -> dict[str, object]:
        return {"workstation_id": self.gate.workstation.workstation_id,
                "created_by": self.gate.actor(role).officer_id, "created_at": at}

    def crossing(self, arrived: datetime, *, direction: str = "import",
                 steps: tuple[tuple[str, str | None, timedelta], ...] = (),
                 findings: tuple[str, ...] = (), trader: str = "",
                 carrier: str = "Công ty TNHH Vận tải Quảng Trị") -> UUID:
        """A crossing and its status changes; ``steps`` are (status, channel, after arrival)."""
        self.count += 1
        crossing_id = new_id()
        last = steps[-1] if steps else ("arrived", None, timedelta(0))
        channel = next((c for _s, c, _t in reversed(steps) if c), None)
        with self.gate.db.session() as session:
            session.add(Crossing(
                id=crossing_id, gate_id=self.gate.workstation.gate_id,
                reference=f"LAOBAO-T{self.count:05d}", direction=direction, lane="2",
                arrived_at=arrived, status=last[0], channel=channel,
                tractor_plate=f"74C-{self.count:03d}.45", tractor_plate_norm=f"74C{self.count}",
                tractor_country="VN", carrier_name=carrier,
                **self._stamp(Role.BORDER_GUARD, arrived)))
            session.flush()
            session.add(CrossingStatusChange(crossing_id=crossing_id, status="arrived",
                                             channel=None, stage="arrival",
                                             **self._stamp(Role.BORDER_GUARD, arrived)))
            for status, step_channel, after in steps:
                session.add(CrossingStatusChange(
                    crossing_id=crossing_id, status=status, channel=step_channel,
                    stage="documents", **self._stamp(Role.CUSTOMS_OFFICER, arrived + after)))
            if findings or trader:
                checked = arrived + timedelta(minutes=5)
                if trader:
                    session.add(Declaration(
                        crossing_id=crossing_id, declaration_no=f"10{self.count:010d}",
                        type="import", declared_at=arrived, trader_name=trader,
                        **self._stamp(Role.CUSTOMS_OFFICER, checked)))
                run = CheckRun(crossing_id=crossing_id, channel=channel or "green", score=10,
                               **self._stamp(Role.CUSTOMS_OFFICER, checked))
                session.add(run)
                session.flush()
                for rule in findings:
                    session.add(Finding(check_run_id=run.id, rule=rule, severity="high",
                                        message=f"{rule} found", evidence={},
                                        **self._stamp(Role.CUSTOMS_OFFICER, checked)))
        return crossing_id

    def seizure(self, crossing_id: UUID, at: datetime,
                lines: tuple[tuple[str, Decimal, Decimal | None], ...]) -> UUID:
        """A seizure of (description, quantity, declared USD value) lines."""
        seizure_id = new_id()
        with self.gate.db.session() as session:
            session.add(Seizure(id=seizure_id, crossing_id=crossing_id, storage_location="Kho A",
                                **self._stamp(Role.CUSTOMS_OFFICER, at)))
            session.flush()
            for description, quantity, value in lines:
                session.add(SeizureLine(seizure_id=seizure_id, description=description,
                                        quantity=quantity, unit="kg", declared_value=value,
                                        currency="USD" if value is not None else "",
                                        **self._stamp(Role.CUSTOMS_OFFICER, at)))
        return seizure_id

    def handoff(self, crossing_id: UUID, sent: datetime,
                answered: tuple[str, datetime] | None = None) -> UUID:
        """A handoff from customs to police with one item, perhaps answered later."""
        handoff_id = new_id()
        with self.gate.db.session() as session:
            session.add(Handoff(id=handoff_id, crossing_id=crossing_id, from_agency="customs",
                                to_agency="police", state=answered[0] if answered else "pending",
                                **self._stamp(Role.CUSTOMS_OFFICER, sent)))
            session.flush()
            session.add(HandoffItem(handoff_id=handoff_id, kind="goods", description="Hàng hóa",
                                    **self._stamp(Role.CUSTOMS_OFFICER, sent)))
            session.add(HandoffStateChange(handoff_id=handoff_id, state="pending",
                                           **self._stamp(Role.CUSTOMS_OFFICER, sent)))
            if answered:
                session.add(HandoffStateChange(handoff_id=handoff_id, state=answered[0],
                                               **self._stamp(Role.POLICE_OFFICER, answered[1])))
        return handoff_id
