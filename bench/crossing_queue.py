"""The crossing queue with a year of traffic: how fast the first page, a search and a recall come.

Fills a SQLite file and a fresh PostgreSQL database (created on the server of
``--pg-url`` or ``BORDERDESK_TEST_PG_URL``, dropped at the end) with N
crossings of one gate over 365 days, containers on ~60 % of them and a status
change each, then times the real ``services.crossings`` calls and prints a
table: median and 95th percentile in milliseconds per backend.

    .venv/bin/python bench/crossing_queue.py [--rows 1000000] [--backends sqlite,postgresql]
"""

import argparse
import math
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from scratch_database import create_database, drop_database
from sqlalchemy import event, insert, text
from stdnum import iso6346

from borderdesk.access.passwords import hash_password
from borderdesk.config import default_settings
from borderdesk.domain.crossing import CrossingStatus, QueueFilter, QueueSort
from borderdesk.domain.officer import Actor, Role
from borderdesk.rules.identifiers import normalize_plate
from borderdesk.services.crossings import query_queue, recall_vehicle
from borderdesk.services.workstations import attach_workstation, create_gate
from borderdesk.storage.engine import Database
from borderdesk.storage.migrate import upgrade
from borderdesk.storage.models import Crossing, CrossingContainer, CrossingStatusChange, Officer
from borderdesk.storage.models.base import new_id

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
BATCH = 10_000
DAYS = 365
OWNERS = ("CSQU", "MSKU", "MAEU", "TCNU", "TGHU", "OOLU", "EGHU", "HLXU", "SEGU", "CAIU")
PROVINCES = {"74": 30, "75": 10, "43": 10, "73": 6, "38": 4, "37": 4, "29": 3, "51": 3, "15": 2}
COLUMNS = ("id", "created_at", "workstation_id", "created_by", "gate_id", "reference",
           "direction", "lane", "arrived_at", "status", "channel", "tractor_plate",
           "tractor_plate_norm", "tractor_country", "trailer_plate", "trailer_plate_norm",
           "trailer_country", "driver_name", "driver_document_no", "driver_nationality",
           "carrier_name", "note", "version")
CONTAINER_COLUMNS = ("id", "created_at", "workstation_id", "created_by", "crossing_id",
                     "position", "container_no", "seal_nos")
CHANGE_COLUMNS = ("id", "created_at", "workstation_id", "created_by", "crossing_id", "status",
                  "channel", "stage", "note")
QUERIES = (
    ("a", "today, status arrived, newest first (page of 100)"),
    ("b", "today, status arrived, by plate (page of 100)"),
    ("c", "plate search by prefix, all dates"),
    ("d", "container search, all dates"),
    ("e", "recall_vehicle (a regular truck)"),
)


@dataclass(frozen=True)
class Truck:
    """A truck of the fleet that crosses at the gate."""

    plate: str
    norm: str
    country: str
    trailer: str
    trailer_norm: str
    driver: str
    document_no: str
    carrier: str


def fleet(rng: random.Random, size: int) -> tuple[list[Truck], list[float]]:
    """Trucks and how often each crosses: a few regulars, a long tail of occasional ones."""
    provinces, weights = list(PROVINCES), list(PROVINCES.values())
    trucks = []
    for n in range(size):
        kind = rng.random()
        if kind < 0.6:
            province = rng.choices(provinces, weights)[0]
            serial = rng.randint(0, 99_999)
            plate = f"{province}C-{serial // 100:03d}.{serial % 100:02d}"
            trailer = f"{province}R-{rng.randint(0, 999):03d}.{rng.randint(0, 99):02d}"
            country = "VN"
        elif kind < 0.95:
            plate = f"{rng.choice(('SV', 'KM', 'VT', 'CP'))} {rng.randint(1000, 9999)}"
            trailer = f"{rng.choice(('SV', 'KM'))} {rng.randint(1000, 9999)}"
            country = "LA"
        else:
            plate, trailer, country = f"70-{rng.randint(1000, 9999)}", "", "TH"
        trucks.append(Truck(plate, normalize_plate(plate), country, trailer,
                            normalize_plate(trailer), f"Driver {n}", f"D{n:08d}",
                            f"Carrier {n % 400}"))
    # Long-tailed but capped: the busiest regular crosses about twice a day, not forty times.
    weights_out = [1.0 / (rank + 300) for rank in range(size)]
    return trucks, weights_out


def _status(rng: random.Random, today: bool) -> tuple[str, str | None]:
    r = rng.random()
    if today:
        status = ("arrived" if r < 0.35 else "documents" if r < 0.55 else
                  "inspection" if r < 0.6 else "held" if r < 0.62 else "released")
    else:
        status = "released" if r < 0.96 else "held" if r < 0.99 else "cancelled"
    if status in ("arrived", "cancelled"):
        return status, None
    if status in ("inspection", "held"):
        return status, "red"
    return status, rng.choices(("green", "yellow", "red"), (70, 22, 8))[0]


def batches(rows: int, stamp: dict[str, object], now: datetime, seed: int = 7
            ) -> Iterator[tuple[list[tuple[object, ...]], list[tuple[object, ...]],
                                list[tuple[object, ...]]]]:
    """Crossings, containers and status changes, ``BATCH`` crossings at a time, oldest first."""
    rng = random.Random(seed)
    trucks, weights = fleet(rng, max(rows // 40, 50))
    cumulative = list(_accumulate(weights))
    first_day = now.astimezone(ZONE).date() - timedelta(days=DAYS - 1)
    ws, officer, gate = stamp["workstation_id"], stamp["created_by"], stamp["gate_id"]
    for start in range(0, rows, BATCH):
        crossings, containers, changes = [], [], []
        chosen = rng.choices(trucks, cum_weights=cumulative, k=min(BATCH, rows - start))
        for offset, truck in enumerate(chosen):
            i = start + offset
            day = first_day + timedelta(days=i * DAYS // rows)
            opening = datetime(day.year, day.month, day.day, 6, tzinfo=ZONE)
            span = min(16 * 3600, (now - opening).total_seconds()) if day == now.astimezone(
                ZONE).date() else 16 * 3600
            arrived = opening + timedelta(seconds=rng.uniform(0, max(span, 60)))
            status, channel = _status(rng, day == now.astimezone(ZONE).date())
            crossing_id = new_id()
            direction = rng.choices(("import", "export", "transit"), (70, 20, 10))[0]
            crossings.append((
                crossing_id, arrived, ws, officer, gate, f"LA-{day:%y%m%d}-{i:06X}", direction,
                str(rng.randint(1, 6)), arrived, status, channel, truck.plate, truck.norm,
                truck.country, truck.trailer, truck.trailer_norm,
                truck.country if truck.trailer else "", truck.driver, truck.document_no,
                truck.country, truck.carrier, "", 1,
            ))
            if rng.random() < 0.6:
                body = f"{rng.choice(OWNERS)}{rng.randint(0, 999_999):06d}"
                containers.append((new_id(), arrived, ws, officer, crossing_id, 0,
                                   body + iso6346.calc_check_digit(body), f"HQ{i:07d}"))
            changes.append((new_id(), arrived, ws, officer, crossing_id, status, channel,
                            "arrival" if status == "arrived" else "documents", ""))
        yield crossings, containers, changes


def _accumulate(weights: list[float]) -> Iterator[float]:
    total = 0.0
    for w in weights:
        total += w
        yield total


def fill(db: Database, rows: int, stamp: dict[str, object], now: datetime) -> float:
    """Insert the year of crossings; returns the seconds it took."""
    started = time.perf_counter()
    if db.backend == "postgresql":
        raw = db.engine.raw_connection()
        try:
            cursor = raw.cursor()
            for crossings, containers, changes in batches(rows, stamp, now):
                for table, columns, data in (("crossings", COLUMNS, crossings),
                                             ("crossing_containers", CONTAINER_COLUMNS,
                                              containers),
                                             ("crossing_status_changes", CHANGE_COLUMNS,
                                              changes)):
                    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                        for row in data:
                            copy.write_row(row)
            raw.commit()
            cursor.execute("ANALYZE")
            raw.commit()
        finally:
            raw.close()
    else:
        tables = ((Crossing.__table__, COLUMNS), (CrossingContainer.__table__, CONTAINER_COLUMNS),
                  (CrossingStatusChange.__table__, CHANGE_COLUMNS))
        with db.engine.begin() as connection:
            for chunk in batches(rows, stamp, now):
                for (table, columns), data in zip(tables, chunk, strict=True):
                    if data:
                        connection.execute(insert(table), [dict(zip(columns, r, strict=True))
                                                           for r in data])
        with db.engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE")
    return time.perf_counter() - started


def gate_and_guard(db: Database) -> tuple[Actor, dict[str, object]]:
    """The gate, this workstation and a border guard to run the queries as."""
    create_gate(db, "LAOBAO", "Cửa khẩu Quốc tế Lao Bảo", lanes=("1", "2", "3", "4", "5", "6"))
    identity = attach_workstation(db, default_settings())
    officer_id = new_id()
    with db.engine.begin() as connection:
        connection.execute(insert(Officer.__table__), [{
            "id": officer_id, "created_at": datetime.now(UTC),
            "workstation_id": identity.workstation_id, "created_by": None,
            "gate_id": identity.gate_id, "username": "bench", "full_name": "Bench Guard",
            "role": Role.BORDER_GUARD.value, "badge_no": "", "active": True, "version": 1,
            "password_hash": hash_password("bench-password"),
            "password_changed_at": datetime.now(UTC),
        }])
    actor = Actor(officer_id, "bench", "Bench Guard", Role.BORDER_GUARD, identity.gate_id,
                  identity.workstation_id)
    return actor, {"workstation_id": identity.workstation_id, "created_by": officer_id,
                   "gate_id": identity.gate_id}


def _samples(db: Database, actor: Actor) -> tuple[str, str, str]:
    """A plate prefix (as typed: "74C-85"), a container number and a regular truck's plate."""
    with db.engine.connect() as connection:
        plate = connection.execute(text(
            "SELECT tractor_plate FROM crossings WHERE tractor_country = 'VN' "
            "GROUP BY tractor_plate ORDER BY count(*) DESC LIMIT 1")).scalar_one()
        container = connection.execute(text(
            "SELECT container_no FROM crossing_containers ORDER BY created_at DESC LIMIT 1"
        )).scalar_one()
    return plate[:6], container, plate


def measures(db: Database, actor: Actor, today: date) -> dict[str, Callable[[], object]]:
    """The five calls timed, by letter."""
    plate_prefix, container, regular = _samples(db, actor)
    arrived = frozenset({CrossingStatus.ARRIVED})
    by_time = QueueFilter(statuses=arrived, date_from=today, date_to=today)
    by_plate = QueueFilter(statuses=arrived, date_from=today, date_to=today,
                           sort=QueueSort.PLATE, descending=False)
    return {
        "a": lambda: query_queue(db, actor, by_time, limit=100),
        "b": lambda: query_queue(db, actor, by_plate, limit=100),
        "c": lambda: query_queue(db, actor, QueueFilter(search=plate_prefix), limit=100),
        "d": lambda: query_queue(db, actor, QueueFilter(search=container), limit=100),
        "e": lambda: recall_vehicle(db, actor, regular),
    }


def timed(call: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median and 95th percentile of ``repeat`` runs, in milliseconds (after one warm-up)."""
    call()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[max(math.ceil(0.95 * len(times)) - 1, 0)]


def explain(db: Database, call: Callable[[], object]) -> list[str]:
    """The plans of the SELECTs ``call`` runs."""
    statements: list[tuple[str, object]] = []

    def capture(_conn: object, _cursor: object, statement: str, parameters: object,
                _context: object, _many: bool) -> None:
        if statement.lstrip().upper().startswith("SELECT") and "crossings" in statement:
            statements.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", capture)
    try:
        call()
    finally:
        event.remove(db.engine, "before_cursor_execute", capture)
    prefix = "EXPLAIN QUERY PLAN " if db.backend == "sqlite" else "EXPLAIN ANALYZE "
    lines = []
    raw = db.engine.raw_connection()
    try:
        cursor = raw.cursor()
        for statement, parameters in statements:
            cursor.execute(prefix + statement, parameters)
            lines.append(statement.replace("\n", " "))
            lines += ["    " + " ".join(str(c) for c in row) for row in cursor.fetchall()]
    finally:
        raw.close()
    return lines


def run_backend(url: str, rows: int, repeat: int, show_plans: bool) -> dict[str, object]:
    """Fill one database and time every query on it."""
    db = Database(url)
    try:
        upgrade(db)
        actor, stamp = gate_and_guard(db)
        now = datetime.now(UTC)
        results: dict[str, object] = {"insert": fill(db, rows, stamp, now)}
        calls = measures(db, actor, now.astimezone(ZONE).date())
        for letter, call in calls.items():
            results[letter] = timed(call, repeat)
            if show_plans:
                print(f"--- {db.backend} ({letter})", *explain(db, call), sep="\n")
        return results
    finally:
        db.dispose()


def print_table(rows: int, results: dict[str, dict[str, object]]) -> None:
    """One line per measure, a median/p95 column pair per backend."""
    backends = list(results)
    header = f"{'measure':<58}" + "".join(f"{b + ' median':>20}{'p95':>10}" for b in backends)
    print(header)
    print("-" * len(header))
    line = f"{f'insert {rows:,} crossings (s)':<58}"
    for backend in backends:
        line += f"{results[backend]['insert']:>20.1f}{'':>10}"
    print(line)
    for letter, label in QUERIES:
        line = f"{f'{letter}) {label} (ms)':<58}"
        for backend in backends:
            median, p95 = results[backend][letter]  # type: ignore[misc]
            line += f"{median:>20.2f}{p95:>10.2f}"
        print(line)


def main() -> int:
    """Parse the arguments, run every backend asked for, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--pg-url", default=os.environ.get("BORDERDESK_TEST_PG_URL", ""))
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--explain", action="store_true", help="print the query plans")
    args = parser.parse_args()
    results: dict[str, dict[str, object]] = {}
    for backend in [b.strip() for b in args.backends.split(",") if b.strip()]:
        if backend == "sqlite":
            with tempfile.TemporaryDirectory(prefix="bd-bench-") as folder:
                url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
                results[backend] = run_backend(url, args.rows, args.repeat, args.explain)
        elif backend == "postgresql":
            if not args.pg_url:
                print("postgresql skipped: no --pg-url and no BORDERDESK_TEST_PG_URL")
                continue
            url, name = create_database(args.pg_url, "bd_bench")
            try:
                results[backend] = run_backend(url, args.rows, args.repeat, args.explain)
            finally:
                drop_database(args.pg_url, name)
        else:
            parser.error(f"unknown backend {backend}")
    print_table(args.rows, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
