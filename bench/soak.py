"""Soak a gate's PostgreSQL server: workstations registering, handing off and checking at once.

    python bench/soak.py [--seconds 60] [--processes 6] [--rate 2] [--pg-url URL] [--seed 1]

Creates a throwaway database ``bd_soak_<random>`` on the server of
``--pg-url`` (default: BORDERDESK_SOAK_PG_URL, else BORDERDESK_TEST_PG_URL),
with a gate, and for every process a guard and a customs officer. Each process
is one workstation (its own id, attached to the gate, its own signing key),
logs its two officers in through ``services.auth`` and, for ``--seconds``, at
about ``--rate`` operations a second with jitter, works trucks through the
gate: the guard registers an arrival and hands the truck to customs; a customs
officer (of whichever workstation takes it first from the shared inbox)
accepts it, saves its declaration and runs the check. Two officers reaching
for the same handoff is a conflict (the second is told), not an error.

Every operation a process reports is reported after its transaction
committed; at the end the harness looks each one up in the database (lost
otherwise) and runs ``audit verify`` over every workstation's chain. Prints a
table per operation (done, conflicts, errors, lost, p50/p95 latency) and a last
line ``ops N, errors N, lost N, chains verified N/N``; exits 1 on any error,
loss or broken chain. The database is dropped at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from scratch_database import create_database, drop_database

KINDS = ("arrival", "handoff", "accept", "declaration", "check")
GATE = "SOAK"
PASSWORD = "soak-2026-gate"
PROVINCES = ("29", "51", "74", "75", "43", "15")


# ---- The throwaway database


def _admin_url(given: str | None) -> str:
    url = given or os.environ.get("BORDERDESK_SOAK_PG_URL") or os.environ.get(
        "BORDERDESK_TEST_PG_URL", "")
    if not url:
        sys.exit("soak: give --pg-url (or BORDERDESK_SOAK_PG_URL / BORDERDESK_TEST_PG_URL)")
    return url


def prepare(url: str, processes: int) -> None:
    """Schema, the gate, and a guard and a customs officer per process."""
    from borderdesk.access.passwords import hash_password
    from borderdesk.config import Settings
    from borderdesk.custody.security_state import password_sha256
    from borderdesk.services.audit import append_event
    from borderdesk.services.workstations import attach_workstation, create_gate
    from borderdesk.storage.engine import Database
    from borderdesk.storage.migrate import upgrade
    from borderdesk.storage.models import Officer
    from borderdesk.storage.models.base import new_id

    db = Database(url)
    upgrade(db)
    create_gate(db, GATE, "Cửa khẩu thử tải", lanes=("1", "2", "3", "4", "5", "6"))
    office = attach_workstation(db, Settings(workstation_id=new_id(),
                                             workstation_name="SOAK-OFFICE", gate_code=GATE))
    # argon2 is slow on purpose: one hash serves every soak officer.
    password_hash = hash_password(PASSWORD)
    with db.session() as session:
        for index in range(processes):
            for role, name in (("border_guard", "guard"), ("customs_officer", "customs")):
                officer = Officer(gate_id=office.gate_id, username=f"{name}{index}",
                                  full_name=f"{name.title()} {index}", role=role,
                                  password_hash=password_hash,
                                  workstation_id=office.workstation_id)
                session.add(officer)
                session.flush()
                # As services.officers records an account: audit verify replays it.
                append_event(session, workstation_id=office.workstation_id, officer_id=None,
                             action="officer.created", entity="officer",
                             entity_id=str(officer.id),
                             payload={"username": officer.username, "role": role,
                                      "gate": GATE,
                                      "password_sha256": password_sha256(password_hash)})
    db.dispose()


# ---- One workstation


class _Desk:
    """One workstation's officers and the trucks waiting for their next step."""

    def __init__(self, url: str, index: int, rnd: random.Random) -> None:
        from borderdesk.config import Settings
        from borderdesk.services import auth
        from borderdesk.services.checks import shipped_nomenclature
        from borderdesk.services.workstations import attach_workstation
        from borderdesk.storage.engine import Database
        from borderdesk.storage.models.base import new_id

        # A workstation that has started has its HS nomenclature loaded (seconds, once).
        shipped_nomenclature()
        self.db = Database(url)
        self.rnd = rnd
        self.index = index
        workstation = attach_workstation(self.db, Settings(
            workstation_id=new_id(), workstation_name=f"SOAK-{index}", gate_code=GATE))
        self.guard = auth.log_in(self.db, workstation, f"guard{index}", PASSWORD)
        self.customs = auth.log_in(self.db, workstation, f"customs{index}", PASSWORD)
        self.arrived: list[tuple[Any, str]] = []  # (crossing id, plate), to hand over
        self.accepted: list[tuple[Any, str]] = []  # taken over by customs, to declare
        self.declared: list[Any] = []  # to check
        self.plates: dict[Any, str] = {}
        self.trucks = 0

    def next_step(self) -> tuple[str, Any]:
        """The most advanced work there is: a truck waiting is served before a new one comes."""
        from borderdesk.services.handoffs import inbox

        if self.declared:
            return "check", self._check
        if self.accepted:
            return "declaration", self._declaration
        pending = inbox(self.db, self.customs)
        if pending:
            handoff_id = self.rnd.choice(pending).handoff_id
            return "accept", lambda: self._accept(handoff_id)
        if self.arrived:
            return "handoff", self._handoff
        return "arrival", self._arrival

    def _arrival(self) -> str:
        from datetime import UTC, datetime

        from borderdesk.domain.crossing import ArrivalForm, ContainerEntry, Direction
        from borderdesk.services.crossings import register_arrival

        self.trucks += 1
        plate = (f"{self.rnd.choice(PROVINCES)}C-{self.index}{self.trucks % 100:02d}."
                 f"{self.rnd.randrange(100):02d}")
        crossing = register_arrival(self.db, self.guard, ArrivalForm(
            direction=Direction.IMPORT, lane=str(self.index % 6 + 1), tractor_plate=plate,
            arrived_at=datetime.now(UTC), containers=(ContainerEntry("CSQU3054383", ("A123456",)),),
            driver_name="Nguyễn Văn An", driver_document_no=f"0451{self.index}{self.trucks:06d}",
            driver_nationality="VN", carrier_name="Vận tải Quảng Trị"))
        self.arrived.append((crossing.crossing_id, plate))
        return str(crossing.crossing_id)

    def _handoff(self) -> str:
        from borderdesk.domain.custody import Agency, HandoffForm, HandoffItemForm, ItemKind
        from borderdesk.services.handoffs import send_handoff

        crossing_id, plate = self.arrived.pop(0)
        record = send_handoff(self.db, self.guard, HandoffForm(
            to_agency=Agency.CUSTOMS, crossing_id=crossing_id, items=(
                HandoffItemForm(ItemKind.VEHICLE, "Đầu kéo", reference=plate),
                HandoffItemForm(ItemKind.CONTAINER, "Container 40'", reference="CSQU3054383",
                                seal_no="A123456"))))
        return str(record.summary.handoff_id)

    def _accept(self, handoff_id: Any) -> str:
        from borderdesk.domain.custody import ItemConfirmation
        from borderdesk.services.handoffs import accept_handoff, get_handoff

        record = get_handoff(self.db, self.customs, handoff_id)
        accepted = accept_handoff(self.db, self.customs, handoff_id,
                                  [ItemConfirmation(item.item_id) for item in record.items])
        plate = next((i.reference for i in record.items if i.reference != "CSQU3054383"), "")
        self.accepted.append((accepted.crossing_id, plate))
        return str(handoff_id)

    def _declaration(self) -> list[Any]:
        from borderdesk.services.checks import parse_declaration_bytes, save_declaration

        crossing_id, plate = self.accepted.pop(0)
        declaration = parse_declaration_bytes(json.dumps({
            "declaration_no": f"10{self.rnd.randrange(10**10):010d}", "type": "import",
            "declared_at": "2026-11-20T08:30:00+07:00",
            "trader": {"name": "Cong ty TNHH ABC", "tax_code": "0101234567"},
            "vehicle": {"plate": plate, "container_no": "CSQU3054383", "seal_no": "A123456"},
            "origin_certificate": None,
            "lines": [{"line_no": 1, "hs_code": "1905.90", "description": "Rice crackers",
                       "quantity": 1200, "unit": "BAG", "gross_weight_kg": 300.5,
                       "value": 2400.0, "currency": "USD", "origin_country": "TH",
                       "preference": None}],
        }).encode(), "soak.json")
        version = save_declaration(self.db, self.customs, crossing_id, declaration)
        self.declared.append(crossing_id)
        return [str(crossing_id), version]

    def _check(self) -> str:
        from borderdesk.services.checks import run_check

        return str(run_check(self.db, self.customs, self.declared.pop(0)).check_run_id)

    def close(self) -> None:
        from borderdesk.services import auth

        for actor in (self.guard, self.customs):
            auth.log_out(self.db, actor)
        self.db.dispose()


def work(url: str, index: int, folder: Path, seconds: float, rate: float, seed: int) -> None:
    """One workstation process: wait for the start, work, write one JSON line per operation."""
    from borderdesk.errors import ConcurrentChange
    from borderdesk.i18n import set_language

    set_language("en")
    rnd = random.Random(seed * 1000 + index)
    desk = _Desk(url, index, rnd)
    (folder / f"ready-{index}").touch()
    go = folder / "go"
    while not go.exists():
        time.sleep(0.02)
    start = float(go.read_text())
    end = start + seconds
    due = start + rnd.uniform(0, 1 / rate)
    with (folder / f"ops-{index}.jsonl").open("w", encoding="utf-8") as log:
        while True:
            due = max(due, time.time())
            if due >= end:
                break
            time.sleep(max(0.0, due - time.time()))
            kind, step = desk.next_step()
            began = time.perf_counter()
            line: dict[str, Any] = {"op": kind}
            try:
                line["key"] = step()
                line["ok"] = True
            except ConcurrentChange:
                # Another officer took it first: the officer turns to the next truck at once.
                line["conflict"] = True
                line["ms"] = (time.perf_counter() - began) * 1000
                log.write(json.dumps(line) + "\n")
                continue
            except Exception as error:
                fields = getattr(error, "fields", None)
                line["error"] = f"{type(error).__name__}: {error}" + (f" {fields}" if fields
                                                                       else "")
            line["ms"] = (time.perf_counter() - began) * 1000
            log.write(json.dumps(line) + "\n")
            log.flush()
            due += rnd.uniform(0.5, 1.5) / rate
    desk.close()


# ---- The harness


def _lost(url: str, done: list[dict[str, Any]]) -> dict[str, int]:
    """Operations reported as committed that the database does not hold, per kind."""
    from uuid import UUID

    from sqlalchemy import select

    from borderdesk.storage.engine import Database
    from borderdesk.storage.models import CheckRun, Crossing, Declaration, Handoff

    db = Database(url)
    with db.session() as session:
        crossings = set(session.scalars(select(Crossing.id)))
        handoffs = dict(session.execute(select(Handoff.id, Handoff.state)).all())
        declarations = set(session.execute(
            select(Declaration.crossing_id, Declaration.version)).all())
        checks = set(session.scalars(select(CheckRun.id)))
    db.dispose()
    found = {
        "arrival": lambda key: UUID(key) in crossings,
        "handoff": lambda key: UUID(key) in handoffs,
        "accept": lambda key: handoffs.get(UUID(key)) == "accepted",
        "declaration": lambda key: (UUID(key[0]), key[1]) in declarations,
        "check": lambda key: UUID(key) in checks,
    }
    lost = dict.fromkeys(KINDS, 0)
    for op in done:
        if op.get("ok") and not found[op["op"]](op["key"]):
            lost[op["op"]] += 1
    return lost


def _p(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(share * 100) - 1]


def _report(done: list[dict[str, Any]], lost: dict[str, int], seconds: float) -> list[str]:
    rows = [f"{'operation':<12} {'done':>6} {'conflicts':>9} {'errors':>6} {'lost':>5} "
            f"{'p50 ms':>7} {'p95 ms':>7} {'max ms':>7}"]
    for kind in KINDS:
        ops = [op for op in done if op["op"] == kind]
        times = [op["ms"] for op in ops if op.get("ok")]
        rows.append(
            f"{kind:<12} {len(times):>6} {sum(1 for op in ops if op.get('conflict')):>9} "
            f"{sum(1 for op in ops if 'error' in op):>6} {lost[kind]:>5} "
            f"{_p(times, 0.5):>7.1f} {_p(times, 0.95):>7.1f} {max(times, default=0):>7.1f}")
    total = sum(1 for op in done if op.get("ok"))
    rows.append(f"{'all':<12} {total:>6}   ({total / seconds:.1f} operations/s)")
    return rows


def run(args: argparse.Namespace) -> int:
    """Create the database, run the workstations, check and print; the exit code."""
    admin_url = _admin_url(args.pg_url)
    with tempfile.TemporaryDirectory(prefix="bd-soak-") as work_dir:
        folder = Path(work_dir)
        # Every workstation's key and the pinned keys live in one throwaway home.
        os.environ["BORDERDESK_HOME"] = str(folder / "home")
        os.environ.setdefault("OMP_THREAD_LIMIT", "1")
        url, name = create_database(admin_url, "bd_soak")
        workers: list[subprocess.Popen[bytes]] = []
        try:
            prepare(url, args.processes)
            for index in range(args.processes):
                workers.append(subprocess.Popen(
                    [sys.executable, __file__, "--worker", str(index), "--url", url,
                     "--folder", str(folder), "--seconds", str(args.seconds),
                     "--rate", str(args.rate), "--seed", str(args.seed)],
                    stdin=subprocess.DEVNULL))
            while len(list(folder.glob("ready-*"))) < args.processes:
                if any(w.poll() is not None for w in workers):
                    print("soak: a workstation failed to start", file=sys.stderr)
                    return 1
                time.sleep(0.05)
            (folder / "go.tmp").write_text(str(time.time() + 0.2))
            (folder / "go.tmp").replace(folder / "go")
            codes = [w.wait(timeout=args.seconds + 120) for w in workers]
            done = [json.loads(line) for index in range(args.processes)
                    for line in (folder / f"ops-{index}.jsonl").read_text().splitlines()]
            return _check_and_print(url, done, args, codes)
        finally:
            for worker in workers:
                if worker.poll() is None:
                    worker.kill()
                    worker.wait()
            drop_database(admin_url, name)


def _check_and_print(url: str, done: list[dict[str, Any]], args: argparse.Namespace,
                     codes: list[int]) -> int:
    from borderdesk.services.audit_verify import verify_chains
    from borderdesk.storage.engine import Database

    lost = _lost(url, done)
    for line in _report(done, lost, args.seconds):
        print(line)
    errors = [op["error"] for op in done if "error" in op]
    for error in sorted(set(errors))[:10]:
        print(f"  error: {error}")
    db = Database(url)
    began = time.perf_counter()
    report = verify_chains(db)
    db.dispose()
    chains = len(report.heads)
    verified = chains - len(report.problems)
    print(f"audit verify: {report.events} events in {chains} chains, "
          f"{'intact' if report.intact else 'BROKEN'} ({time.perf_counter() - began:.1f} s)")
    for problem in report.problems:
        print(f"  {problem.workstation_name}: event {problem.seq}: {problem.kind}: "
              f"{problem.detail}")
    failed_workers = sum(1 for code in codes if code != 0)
    if failed_workers:
        print(f"  {failed_workers} workstation processes exited with an error")
    ops = sum(1 for op in done if op.get("ok"))
    print(f"ops {ops}, errors {len(errors) + failed_workers}, lost {sum(lost.values())}, "
          f"chains verified {verified}/{chains}")
    return 0 if not errors and not failed_workers and not any(lost.values()) and (
        report.intact) else 1


def main() -> int:
    """Parse the options; run the harness, or one workstation when ``--worker`` is given."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--processes", type=int, default=6)
    parser.add_argument("--rate", type=float, default=2.0,
                        help="operations a second per workstation (default: %(default)s)")
    parser.add_argument("--pg-url", help="a PostgreSQL server to create the soak database on")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker is not None:
        work(args.url, args.worker, Path(args.folder), args.seconds, args.rate, args.seed)
        return 0
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
