"""The demo gate: Lao Bao international border gate with two days of realistic work.

``seed_demo`` is deterministic for a given date: the plates, drivers,
containers, times, statuses and channels come from a random generator seeded
with the date (only the generated ids and password salts differ). Rows are
written directly with the storage models in one transaction, and every record
gets its audit event, on the chain of the workstation that made it, so
``borderdesk audit verify`` holds on a demo database.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from uuid import UUID
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session
from stdnum import iso6346

from borderdesk.access.passwords import hash_password
from borderdesk.config import Settings
from borderdesk.custody.security_state import password_sha256
from borderdesk.domain.crossing import Channel, ContainerEntry, CrossingStatus, Direction, Stage
from borderdesk.domain.gate import WorkstationIdentity
from borderdesk.domain.officer import Role
from borderdesk.errors import UserInputError
from borderdesk.i18n import _
from borderdesk.rules.flow import stage_of_move
from borderdesk.rules.identifiers import format_vn_plate, normalize_plate
from borderdesk.rules.search import crossing_reference
from borderdesk.services.audit import append_event
from borderdesk.services.demo_custody import CustodySeeding, seed_custody
from borderdesk.services.watchlists import import_shipped_watch_lists
from borderdesk.storage.engine import Database
from borderdesk.storage.models import (
    Crossing,
    CrossingContainer,
    CrossingStatusChange,
    Gate,
    Officer,
    Workstation,
)
from borderdesk.storage.models.base import new_id, utc_now

GATE_CODE = "LAOBAO"
GATE_NAME = "Cửa khẩu Quốc tế Lao Bảo"
GATE_TIMEZONE = "Asia/Ho_Chi_Minh"
GATE_LANES = ("1", "2", "3", "4", "5", "6")
DEMO_PASSWORD = "laobao2026"
BOOTH, CUSTOMS = "LB-BOOTH-1", "LB-CUSTOMS-1"
CROSSINGS_YESTERDAY, CROSSINGS_TODAY = 112, 90
REGULAR_TRUCKS = 30
OPEN_HOUR, CLOSE_HOUR = 6, 22

OFFICERS = (
    ("admin", "Phạm Quốc Bảo", Role.ADMINISTRATOR, "LB-0001"),
    ("supervisor1", "Trần Thị Minh Hằng", Role.SUPERVISOR, "LB-0102"),
    ("guard1", "Nguyễn Văn Hùng", Role.BORDER_GUARD, "BP-2031"),
    ("guard2", "Lê Đức Thắng", Role.BORDER_GUARD, "BP-2047"),
    ("customs1", "Hoàng Thị Thu Trang", Role.CUSTOMS_OFFICER, "HQ-3110"),
    ("customs2", "Võ Minh Quân", Role.CUSTOMS_OFFICER, "HQ-3126"),
    ("police1", "Đặng Văn Long", Role.POLICE_OFFICER, "CA-4105"),
    ("market1", "Bùi Thị Lan", Role.MARKET_CONTROL_OFFICER, "QLTT-512"),
)


_VN_FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ")
_VN_MIDDLE = ("Văn", "Đức", "Quang", "Minh", "Hữu", "Thanh", "Công", "Xuân")
_VN_GIVEN = ("Hùng", "Nam", "Dũng", "Tuấn", "Thắng", "Sơn", "Hải", "Long", "Phúc", "Cường",
             "Bình", "Khánh", "Toàn", "Lực", "Vinh")
_LA_GIVEN = ("Somchai", "Bounmy", "Khamphone", "Souksavanh", "Vilay", "Phonsavanh", "Bouasone",
             "Sengphet", "Kongkeo", "Thongsavanh")
_LA_FAMILY = ("Phommachanh", "Sisavath", "Vongsa", "Keomany", "Inthavong", "Chanthavong",
              "Sayavong", "Douangmala")
_TH_NAMES = ("Somsak Chaiyaporn", "Prasert Wongsuwan", "Anan Srisuk", "Wichai Thongdee")
_VN_CARRIERS = (
    "Công ty TNHH Vận tải Quảng Trị", "Công ty CP Logistics Lao Bảo",
    "Công ty TNHH Thương mại và Vận tải Hoàng Hà", "Công ty CP Vận tải Đông Hà",
    "Công ty TNHH Giao nhận Miền Trung", "Công ty CP Xuất nhập khẩu Thừa Thiên Huế",
    "Công ty TNHH Vận tải Đà Nẵng Xanh", "Công ty CP Logistics Sài Gòn Á Châu",
)
_LA_CARRIERS = ("Savan Logistics Sole Co., Ltd", "Lao Trucking Export-Import Co., Ltd",
                "Khammouane Transport State Enterprise", "Vientiane Cargo Co., Ltd")
_TH_CARRIERS = ("Mukdahan Transport Co., Ltd", "Siam Indochina Freight Co., Ltd")
# Province code -> weight: most Vietnamese trucks at Lao Bao are from Quang Tri and nearby.
_VN_PROVINCES = {"74": 9, "75": 3, "43": 3, "73": 2, "38": 1, "37": 1, "29": 1, "51": 1, "15": 1}
_LA_PROVINCES = ("SV", "SV", "SV", "KM", "VT", "CP")
_OWNER_CODES = ("CSQU", "MSKU", "MAEU", "TCNU", "TGHU", "OOLU", "EGHU", "HLXU", "SEGU", "CAIU",
                "TEMU", "GESU")
_HELD_NOTES = ("Phát hiện hàng hóa không khai báo trong container",
               "Nghi vấn hàng giả nhãn hiệu, chuyển quản lý thị trường",
               "Số seal không khớp với tờ khai")


@dataclass(frozen=True)
class DemoSummary:
    """What ``seed_demo`` did; ``created`` is False when the demo gate was already there."""

    gate_code: str
    gate_name: str
    day: date
    created: bool
    officers: int = 0
    workstations: int = 0
    watch_list_entries: int = 0
    crossings: int = 0


@dataclass(frozen=True)
class _Truck:
    plate: str
    country: str
    trailer: str
    trailer_country: str
    driver: str
    document_no: str
    nationality: str
    carrier: str


@dataclass(frozen=True)
class _Step:
    status: CrossingStatus
    channel: Channel | None
    at: datetime
    officer: str
    workstation: str
    note: str = ""


@dataclass
class _Visit:
    truck: _Truck
    arrived_at: datetime
    direction: Direction = Direction.IMPORT
    lane: str = "1"
    containers: tuple[ContainerEntry, ...] = ()
    steps: list[_Step] = field(default_factory=list)


@cache
def _password_hash() -> str:
    # argon2 is slow on purpose: one hash serves every demo officer (and every test).
    return hash_password(DEMO_PASSWORD)


def _vn_plate(rng: random.Random, series: str) -> str:
    province = rng.choices(list(_VN_PROVINCES), weights=list(_VN_PROVINCES.values()))[0]
    plate = format_vn_plate(f"{province}{series}-{rng.randint(10, 999_99):05d}")
    assert plate is not None
    return plate


def _truck(rng: random.Random) -> _Truck:
    country = rng.choices(("VN", "LA", "TH"), weights=(60, 33, 7))[0]
    if country == "VN":
        return _Truck(
            _vn_plate(rng, "C"), "VN", _vn_plate(rng, "R"), "VN",
            f"{rng.choice(_VN_FAMILY)} {rng.choice(_VN_MIDDLE)} {rng.choice(_VN_GIVEN)}",
            f"045{rng.randint(0, 10**9 - 1):09d}", "VN", rng.choice(_VN_CARRIERS),
        )
    if country == "LA":
        return _Truck(
            f"{rng.choice(_LA_PROVINCES)} {rng.randint(1000, 9999)}", "LA",
            f"{rng.choice(_LA_PROVINCES)} {rng.randint(1000, 9999)}", "LA",
            f"{rng.choice(_LA_GIVEN)} {rng.choice(_LA_FAMILY)}",
            f"P{rng.randint(10**6, 10**7 - 1)}", "LA", rng.choice(_LA_CARRIERS),
        )
    return _Truck(
        f"70-{rng.randint(1000, 9999)}", "TH", f"70-{rng.randint(1000, 9999)}", "TH",
        rng.choice(_TH_NAMES), f"AA{rng.randint(10**6, 10**7 - 1)}", "TH",
        rng.choice(_TH_CARRIERS),
    )


def _containers(rng: random.Random) -> tuple[ContainerEntry, ...]:
    count = rng.choices((0, 1, 2), weights=(28, 60, 12))[0]
    entries = []
    for _i in range(count):
        body = f"{rng.choice(_OWNER_CODES)}{rng.randint(0, 999_999):06d}"
        seals = tuple(
            f"{rng.choice(('ML', 'EMC', 'HQ', 'CN'))}{rng.randint(10**5, 10**7 - 1)}"
            for _s in range(rng.choice((1, 1, 2)))
        )
        entries.append(ContainerEntry(body + iso6346.calc_check_digit(body), seals))
    return tuple(entries)


def _times(
    rng: random.Random, day: date, count: int, end: datetime, zone: ZoneInfo
) -> list[datetime]:
    start = datetime.combine(day, time(OPEN_HOUR), zone)
    stop = min(datetime.combine(day, time(CLOSE_HOUR), zone), end)
    if stop - start < timedelta(hours=1):
        # Seeded in the small hours: today's trucks are the night's arrivals.
        start = datetime.combine(day, time(0), zone)
        stop = max(stop, start + timedelta(minutes=count))
    span = (stop - start).total_seconds()
    fractions = sorted(rng.betavariate(1.5, 1.7) for _i in range(count))
    return [(start + timedelta(seconds=int(f * span))).astimezone(UTC) for f in fractions]


def _steps(rng: random.Random, visit: _Visit, outcome: str, end: datetime,
           red: bool = False) -> None:
    """Append the status history of ``visit``: ``outcome`` is arrived, open, final or cancel."""
    t0 = visit.arrived_at
    guard = rng.choice(("guard1", "guard2"))
    customs = rng.choice(("customs1", "customs2"))
    visit.steps.append(_Step(CrossingStatus.ARRIVED, None, t0, guard, BOOTH))
    if outcome == "arrived":
        return
    # Never later than the end of the demo, and strictly later than the previous step.
    room = max((end - t0).total_seconds(), 60.0)

    def at(minutes: float, share: float) -> datetime:
        return t0 + timedelta(seconds=int(min(minutes * 60, room * share)))

    if outcome == "cancel":
        visit.steps.append(_Step(CrossingStatus.CANCELLED, None, at(rng.uniform(3, 15), 0.5),
                                 "supervisor1", CUSTOMS, "Đăng ký trùng lượt xe"))
        return
    channel = rng.choices((Channel.GREEN, Channel.YELLOW, Channel.RED), weights=(70, 22, 8))[0]
    channel = Channel.RED if red else channel
    t1 = rng.uniform(4, 20)
    visit.steps.append(_Step(CrossingStatus.DOCUMENTS, channel, at(t1, 0.3), customs, CUSTOMS))
    if channel is Channel.RED:
        t2 = t1 + rng.uniform(10, 30)
        visit.steps.append(_Step(CrossingStatus.INSPECTION, None, at(t2, 0.6), customs, CUSTOMS))
        if outcome == "final":
            held = rng.random() < 0.3
            visit.steps.append(_Step(
                CrossingStatus.HELD if held else CrossingStatus.RELEASED, None,
                at(t2 + rng.uniform(30, 120), 0.9),
                customs, CUSTOMS, rng.choice(_HELD_NOTES) if held else "",
            ))
    elif outcome == "final":
        extra = rng.uniform(5, 25) if channel is Channel.GREEN else rng.uniform(20, 60)
        visit.steps.append(
            _Step(CrossingStatus.RELEASED, None, at(t1 + extra, 0.9), customs, CUSTOMS)
        )


def _plan(rng: random.Random, day: date, end: datetime, zone: ZoneInfo) -> list[_Visit]:
    """Every crossing of yesterday and ``day``, oldest first, with its history."""
    regulars = [_truck(rng) for _i in range(REGULAR_TRUCKS)]
    total = CROSSINGS_YESTERDAY + CROSSINGS_TODAY
    trucks = [t for t in regulars for _i in range(rng.randint(2, 4))]
    trucks += [_truck(rng) for _i in range(total - len(trucks))]
    rng.shuffle(trucks)
    times = _times(rng, day - timedelta(days=1), CROSSINGS_YESTERDAY, end, zone)
    times += _times(rng, day, CROSSINGS_TODAY, end, zone)
    visits = [_Visit(truck, at) for truck, at in zip(trucks, times, strict=True)]
    # A regular truck goes out loaded and comes back loaded: directions alternate.
    last: dict[_Truck, Direction] = {}
    for visit in visits:
        previous = last.get(visit.truck)
        if previous is Direction.IMPORT:
            visit.direction = Direction.EXPORT
        elif previous is Direction.EXPORT:
            visit.direction = Direction.IMPORT
        else:
            visit.direction = rng.choices(list(Direction), weights=(72, 18, 10))[0]
        last[visit.truck] = visit.direction
        lanes = {Direction.IMPORT: ("1", "2"), Direction.EXPORT: ("3", "4"),
                 Direction.TRANSIT: ("5",)}[visit.direction]
        visit.lane = "6" if rng.random() < 0.05 else rng.choice(lanes)
        visit.containers = _containers(rng)
    today = len(visits) - CROSSINGS_TODAY
    cancelled = rng.randrange(today, len(visits) - 30)
    for index, visit in enumerate(visits):
        age = len(visits) - 1 - index  # 0 is the newest arrival
        outcome = ("arrived" if age < 12 else "open" if age < 26 else
                   "cancel" if index == cancelled else "final")
        # Two trucks are always under physical inspection on today's screens.
        _steps(rng, visit, outcome, end, red=age in (12, 16))
    return visits


_Event = tuple[datetime, UUID, UUID | None, str, str, str, dict[str, object]]


class _Seeding:
    """The rows of the demo gate, written in one session, and their audit events."""

    def __init__(self, session: Session, gate: Gate, setup_at: datetime) -> None:
        self.session = session
        self.gate = gate
        self.setup_at = setup_at
        self.zone = ZoneInfo(gate.timezone)
        self.dependents: list[CrossingContainer | CrossingStatusChange] = []
        self.stations: dict[str, UUID] = {}
        self.workstations_added = 0
        self.officers: dict[str, UUID] = {}
        self.events: list[_Event] = []
        self.crossings: list[tuple[Crossing, _Visit]] = []

    def setup(self, settings: Settings) -> None:
        """Workstations (this one too when it is new), officers and the watch list."""
        at = self.setup_at
        # The demo's own booths always get new ids, so this workstation may bear
        # any name, one of theirs included.
        stations = [(BOOTH, new_id()), (CUSTOMS, new_id())]
        if self.session.get(Workstation, settings.workstation_id) is None:
            stations.append((settings.workstation_name, settings.workstation_id))
        for name, ws_id in stations:
            self.session.add(Workstation(id=ws_id, name=name, gate_id=self.gate.id,
                                         registered_at=at))
            self.stations.setdefault(name, ws_id)
            self.events.append((at, ws_id, None, "workstation.attached", "workstation",
                                str(ws_id), {"name": name, "gate": self.gate.code}))
        self.workstations_added = len(stations)
        self.session.flush()
        seeder = settings.workstation_id
        for username, full_name, role, badge in OFFICERS:
            officer = Officer(id=new_id(), gate_id=self.gate.id, username=username,
                              full_name=full_name, role=role.value, badge_no=badge,
                              password_hash=_password_hash(), password_changed_at=at,
                              created_at=at, workstation_id=seeder)
            self.session.add(officer)
            self.officers[username] = officer.id
            self.events.append((at, seeder, None, "officer.created", "officer", str(officer.id),
                                {"username": username, "full_name": full_name,
                                 "role": role.value, "badge_no": badge,
                                 "gate": self.gate.code,
                                 "password_sha256": password_sha256(_password_hash())}))
        # Without relationships between them, the flush would not know officers come first.
        self.session.flush()

    def crossing(self, visit: _Visit) -> None:
        """One crossing, its containers and its status history."""
        truck, first, last = visit.truck, visit.steps[0], visit.steps[-1]
        channel = next((step.channel for step in reversed(visit.steps) if step.channel), None)
        crossing_id = new_id()
        local_day = visit.arrived_at.astimezone(self.zone).date()
        crossing = Crossing(
            id=crossing_id, gate_id=self.gate.id,
            reference=crossing_reference(self.gate.code, local_day, crossing_id),
            direction=visit.direction.value, lane=visit.lane, arrived_at=visit.arrived_at,
            status=last.status.value, channel=channel.value if channel else None,
            tractor_plate=truck.plate, tractor_plate_norm=normalize_plate(truck.plate),
            tractor_country=truck.country, trailer_plate=truck.trailer,
            trailer_plate_norm=normalize_plate(truck.trailer),
            trailer_country=truck.trailer_country, driver_name=truck.driver,
            driver_document_no=truck.document_no, driver_nationality=truck.nationality,
            carrier_name=truck.carrier, created_at=visit.arrived_at,
            workstation_id=self.stations[first.workstation],
            created_by=self.officers[first.officer],
        )
        self.session.add(crossing)
        self.crossings.append((crossing, visit))
        for position, entry in enumerate(visit.containers):
            self.dependents.append(CrossingContainer(
                id=new_id(), crossing_id=crossing.id, position=position,
                container_no=entry.container_no, seal_nos=" ".join(entry.seal_nos),
                created_at=visit.arrived_at, workstation_id=crossing.workstation_id,
                created_by=crossing.created_by,
            ))
        self.events.append((
            visit.arrived_at, crossing.workstation_id, crossing.created_by,
            "crossing.registered", "crossing", str(crossing.id),
            {"reference": crossing.reference, "direction": crossing.direction,
             "lane": crossing.lane, "tractor_plate": truck.plate, "trailer_plate": truck.trailer,
             "arrived_at": visit.arrived_at,
             "containers": [e.container_no for e in visit.containers]},
        ))
        previous = CrossingStatus.ARRIVED
        for step in visit.steps:
            change = CrossingStatusChange(
                id=new_id(), crossing_id=crossing.id, status=step.status.value,
                channel=step.channel.value if step.channel else None,
                stage=(Stage.ARRIVAL if step is first
                       else stage_of_move(previous, step.status)).value,
                note=step.note, created_at=step.at, workstation_id=self.stations[step.workstation],
                created_by=self.officers[step.officer],
            )
            self.dependents.append(change)
            if step is not first:
                # The arrival's own status change is covered by "crossing.registered".
                self.events.append((step.at, change.workstation_id, change.created_by,
                                    "crossing.advanced", "crossing", str(crossing.id),
                                    {"from": previous.value, "status": change.status,
                                     "channel": crossing.channel, "note": change.note}))
            previous = step.status

    def audit(self) -> None:
        """Append the events, each chain in time order as its workstation would have."""
        self.session.flush()
        self.session.add_all(self.dependents)
        self.session.flush()
        for at, ws_id, officer_id, action, entity, entity_id, payload in sorted(
            self.events, key=lambda e: e[0]
        ):
            append_event(self.session, workstation_id=ws_id, officer_id=officer_id,
                         action=action, entity=entity, entity_id=entity_id, payload=payload,
                         at=at)


def seed_demo(db: Database, workstation_settings: Settings, day: date | None = None) -> DemoSummary:
    """Seed the Lao Bao demo gate with officers, watch lists and about 200 crossings.

    Args:
        db: a migrated database.
        workstation_settings: this workstation, registered with the demo gate
            when it is not registered yet.
        day: the demo's "today" (local date of the gate); None is today.

    Returns:
        What was created; nothing is when the gate ``LAOBAO`` already exists.

    Raises:
        UserInputError: ``day`` is in the future.
    """
    zone = ZoneInfo(GATE_TIMEZONE)
    now = utc_now()
    today = now.astimezone(zone).date()
    day = day or today
    if day > today:
        raise UserInputError(_("The demo date {day} is in the future.").format(day=day))
    # Today's trucks arrive until a little before now; a past day runs until the gate closes.
    end = (now - timedelta(minutes=2) if day == today
           else datetime.combine(day, time(CLOSE_HOUR, 30), zone).astimezone(UTC))
    visits = _plan(random.Random(f"borderdesk-demo-{day.isoformat()}"), day, end, zone)
    setup_at = datetime.combine(day - timedelta(days=30), time(8), zone).astimezone(UTC)
    with db.session() as session:
        if session.scalar(select(Gate.id).where(Gate.code == GATE_CODE)) is not None:
            return DemoSummary(GATE_CODE, GATE_NAME, day, created=False)
        gate = Gate(id=new_id(), code=GATE_CODE, name=GATE_NAME, country="VN",
                    timezone=GATE_TIMEZONE, lanes=",".join(GATE_LANES), created_at=setup_at)
        session.add(gate)
        session.flush()
        seeding = _Seeding(session, gate, setup_at)
        seeding.setup(workstation_settings)
        for visit in visits:
            seeding.crossing(visit)
        seed_custody(CustodySeeding(session, seeding.officers, seeding.stations, seeding.events,
                                    BOOTH, CUSTOMS, end),
                     seeding.crossings, random.Random(f"borderdesk-demo-custody-{day.isoformat()}"))
        seeding.audit()
        gate_id = gate.id
    # The shipped lists, with their legal sources, are the demo gate's watch lists.
    entries = import_shipped_watch_lists(db, WorkstationIdentity(
        workstation_settings.workstation_id, workstation_settings.workstation_name, gate_id,
        GATE_CODE, GATE_NAME, GATE_TIMEZONE, GATE_LANES,
    ))
    return DemoSummary(GATE_CODE, GATE_NAME, day, created=True,
                       officers=len(seeding.officers), workstations=seeding.workstations_added,
                       watch_list_entries=entries, crossings=len(visits))
