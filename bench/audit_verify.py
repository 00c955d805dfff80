"""Verifying a long audit chain: how many events per second ``audit verify`` walks.

Builds one workstation's chain of N signed events (default 100,000) in a SQLite
file and in a fresh PostgreSQL database (created on the server of ``--pg-url``
or ``BORDERDESK_TEST_PG_URL``, dropped at the end), written straight into the
table in batches as ``services.audit`` would have appended them, then times
``services.audit_verify.verify_chains`` over it: hashes, links, signatures.

    .venv/bin/python bench/audit_verify.py [--events 100000] [--backends sqlite,postgresql]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from scratch_database import create_database, drop_database
from sqlalchemy import insert

from borderdesk.config import Settings
from borderdesk.custody.chain import canonical_json, event_fields, event_hash
from borderdesk.custody.keystore import workstation_key
from borderdesk.custody.signing import sign
from borderdesk.services.audit import chain_heads
from borderdesk.services.audit_verify import verify_chains
from borderdesk.services.workstations import attach_workstation, create_gate
from borderdesk.storage.engine import Database
from borderdesk.storage.migrate import upgrade
from borderdesk.storage.models import AuditEvent
from borderdesk.storage.models.base import new_id

BATCH = 10_000


def build(db: Database, events: int) -> float:
    """A gate, a workstation and its chain grown to ``events`` signed events; seconds taken."""
    started = time.perf_counter()
    create_gate(db, "LAOBAO", "Lao Bảo")
    workstation = attach_workstation(db, Settings(workstation_id=new_id(),
                                                  workstation_name="BENCH-1",
                                                  gate_code="LAOBAO"))
    ws = workstation.workstation_id
    key = workstation_key(ws)
    assert key is not None
    with db.session() as session:
        (head,) = chain_heads(session)
    seq, prev = head.seq, head.hash
    at = datetime.now(UTC) - timedelta(days=365)
    while seq < events:
        rows = []
        for seq in range(seq + 1, min(seq + BATCH, events) + 1):  # noqa: B020 - continues on
            event_id = new_id()
            at += timedelta(seconds=30)
            payload = canonical_json({"plate": f"74C-{seq % 100_000:05d}", "lane": "2"})
            fields = event_fields(event_id=event_id, workstation_id=ws, seq=seq, at=at,
                                  officer_id=None, action="crossing.registered",
                                  entity="crossing", entity_id=str(event_id), payload=payload)
            digest = event_hash(prev, fields)
            rows.append({**fields, "prev_hash": prev, "hash": digest,
                         "signature": sign(key, digest.encode("ascii"))})
            prev = digest
        with db.engine.begin() as connection:
            connection.execute(insert(AuditEvent), rows)
    return time.perf_counter() - started


def run_backend(url: str, events: int) -> tuple[float, float, int]:
    """Build the chain on one database and time its verification."""
    db = Database(url)
    try:
        upgrade(db)
        built = build(db, events)
        started = time.perf_counter()
        report = verify_chains(db)
        took = time.perf_counter() - started
        if not report.intact:
            raise SystemExit(f"the bench chain does not verify: {report.problems}")
        return built, took, report.events
    finally:
        db.dispose()


def main() -> int:
    """Parse the arguments, run every backend asked for, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--pg-url", default=os.environ.get("BORDERDESK_TEST_PG_URL", ""))
    args = parser.parse_args()
    print(f"{'backend':<12}{'events':>12}{'build s':>10}{'verify s':>10}{'events/s':>12}")
    with tempfile.TemporaryDirectory(prefix="bd-bench-") as folder:
        # Keys and pins of the bench workstation stay out of the user's own folders.
        os.environ.setdefault("BORDERDESK_HOME", str(Path(folder) / "home"))
        for backend in [b.strip() for b in args.backends.split(",") if b.strip()]:
            made = ""
            if backend == "sqlite":
                url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
            elif backend == "postgresql" and args.pg_url:
                url, made = create_database(args.pg_url, "bd_bench")
            elif backend == "postgresql":
                print("postgresql skipped: no --pg-url and no BORDERDESK_TEST_PG_URL")
                continue
            else:
                parser.error(f"unknown backend {backend}")
            try:
                built, took, count = run_backend(url, args.events)
            finally:
                if made:
                    drop_database(args.pg_url, made)
            print(f"{backend:<12}{count:>12,}{built:>10.1f}{took:>10.1f}{count / took:>12,.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
