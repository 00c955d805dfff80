"""How long a shift report takes as the shift grows: median of N runs per size.

    python bench/report.py [--sizes 10,100,1000,5000] [--runs 5] [--lang vi]

Each size gets its own SQLite file with one morning shift of that many
crossings (bulk-inserted: statuses, channels, a check with findings on one
crossing in four, a seizure in fifty), then ``write_shift_report`` is timed
end to end: the queries, the layout and the PDF written. Target: 1,000
crossings under 3 s median.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import insert

from borderdesk.access.passwords import hash_password
from borderdesk.config import Settings
from borderdesk.domain.officer import Actor, Role
from borderdesk.services.shift_reports import build_shift_report, write_shift_report
from borderdesk.services.workstations import attach_workstation, create_gate
from borderdesk.storage.engine import Database
from borderdesk.storage.migrate import upgrade
from borderdesk.storage.models import (
    CheckRun,
    Crossing,
    CrossingStatusChange,
    Finding,
    Officer,
    Seizure,
    SeizureLine,
)
from borderdesk.storage.models.base import new_id

DAY = date(2026, 1, 15)
ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
RULES = ("VALUE_MISMATCH", "QUANTITY_MISMATCH", "HS_MISMATCH", "FLAGGED_PARTY", "CO_MISSING")
TRADERS = ("Công ty TNHH Thương mại và Vận tải Hoàng Hà", "Savan Logistics Sole Co., Ltd",
           "Công ty CP Xuất nhập khẩu Thừa Thiên Huế", "Lao Trucking Export-Import Co., Ltd")


def seed(db: Database, size: int, rnd: random.Random) -> Actor:
    """A gate with a supervisor and ``size`` crossings in the morning shift of ``DAY``."""
    create_gate(db, "LAOBAO", "Cửa khẩu Quốc tế Lao Bảo", lanes=("1", "2", "3", "4"))
    station = attach_workstation(db, Settings(workstation_id=new_id(), workstation_name="BENCH",
                                              gate_code="LAOBAO"))
    officer_id, ws = new_id(), station.workstation_id
    stamp = {"workstation_id": ws, "created_by": officer_id}
    start = datetime.combine(DAY, datetime.min.time(), ZONE) + timedelta(hours=6)
    crossings, changes, runs, findings, seizures, lines = [], [], [], [], [], []
    for n in range(size):
        crossing_id = new_id()
        arrived = start + timedelta(seconds=rnd.randrange(8 * 3600))
        channel = rnd.choices(("green", "yellow", "red"), weights=(70, 22, 8))[0]
        released = rnd.random() < 0.8
        crossings.append({
            "id": crossing_id, "gate_id": station.gate_id, "reference": f"LA-260115-{n:05d}",
            "direction": rnd.choice(("import", "export", "transit")), "lane": str(n % 4 + 1),
            "arrived_at": arrived, "status": "released" if released else "documents",
            "channel": channel, "tractor_plate": f"74C-{n % 1000:03d}.{n % 100:02d}",
            "tractor_plate_norm": f"74C{n}", "tractor_country": "VN",
            "carrier_name": rnd.choice(TRADERS), "created_at": arrived, **stamp,
        })
        changes.append({"id": new_id(), "crossing_id": crossing_id, "status": "arrived",
                        "channel": None, "stage": "arrival", "created_at": arrived, **stamp})
        checked = arrived + timedelta(minutes=rnd.uniform(3, 20))
        changes.append({"id": new_id(), "crossing_id": crossing_id, "status": "documents",
                        "channel": channel, "stage": "documents", "created_at": checked,
                        **stamp})
        if released:
            changes.append({"id": new_id(), "crossing_id": crossing_id, "status": "released",
                            "channel": None, "stage": "documents",
                            "created_at": checked + timedelta(minutes=rnd.uniform(5, 90)),
                            **stamp})
        if n % 4 == 0:
            run_id = new_id()
            runs.append({"id": run_id, "crossing_id": crossing_id, "channel": channel,
                         "score": 30, "created_at": checked, **stamp})
            findings += [{"id": new_id(), "check_run_id": run_id, "rule": rnd.choice(RULES),
                          "severity": "medium", "message": "Giá trị khai báo khác bảng kê",
                          "evidence": {}, "created_at": checked, **stamp}
                         for _i in range(rnd.randint(1, 3))]
        if n % 50 == 0:
            seizure_id = new_id()
            seizures.append({"id": seizure_id, "crossing_id": crossing_id,
                             "storage_location": "Kho tang vật", "created_at": checked, **stamp})
            lines.append({"id": new_id(), "seizure_id": seizure_id, "description": "Thuốc lá",
                          "quantity": Decimal(10), "unit": "kg", "declared_value": Decimal(500),
                          "currency": "USD", "created_at": checked, **stamp})
    with db.session() as session:
        session.add(Officer(id=officer_id, gate_id=station.gate_id, username="supervisor1",
                            full_name="Trần Thị Minh Hằng", role=Role.SUPERVISOR.value,
                            password_hash=hash_password("bench-only"), workstation_id=ws))
        session.flush()
        for model, rows in ((Crossing, crossings), (CrossingStatusChange, changes),
                            (CheckRun, runs), (Finding, findings), (Seizure, seizures),
                            (SeizureLine, lines)):
            if rows:
                session.execute(insert(model), rows)
    return Actor(officer_id, "supervisor1", "Trần Thị Minh Hằng", Role.SUPERVISOR,
                 station.gate_id, ws)


def measure(size: int, runs: int, lang: str,
            folder: Path) -> tuple[int, float, float, float]:
    """(pages, median seconds to read the data, median seconds and CPU seconds for the PDF).

    CPU seconds tell the work apart from waiting on a machine that is busy elsewhere.
    """
    db = Database(f"sqlite:///{folder / f'shift-{size}.sqlite3'}")
    upgrade(db)
    actor = seed(db, size, random.Random(size))
    reads, totals, cpu, pages = [], [], [], 0
    try:
        for _run in range(runs):
            began = time.perf_counter()
            build_shift_report(db, actor, day=DAY, shift="morning")
            reads.append(time.perf_counter() - began)
            began, began_cpu = time.perf_counter(), time.process_time()
            info = write_shift_report(db, actor, day=DAY, shift="morning",
                                      out=folder / f"shift-{size}.pdf", lang=lang)
            totals.append(time.perf_counter() - began)
            cpu.append(time.process_time() - began_cpu)
            pages = info.pages
    finally:
        db.dispose()
    return pages, statistics.median(reads), statistics.median(totals), statistics.median(cpu)


def main() -> None:
    """Print the sweep as a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,100,1000,5000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--lang", default="vi", choices=("vi", "en"))
    args = parser.parse_args()
    print(f"{'crossings':>9} {'pages':>5} {'read s':>7} {'report s':>8} {'cpu s':>6}"
          f"  (median of {args.runs})")
    with tempfile.TemporaryDirectory() as folder:
        for size in (int(s) for s in args.sizes.split(",")):
            pages, read, total, cpu = measure(size, args.runs, args.lang, Path(folder))
            print(f"{size:>9} {pages:>5} {read:>7.2f} {total:>8.2f} {cpu:>6.2f}", flush=True)


if __name__ == "__main__":
    main()
