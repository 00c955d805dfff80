"""Verifying a long audit chain: events/s of ``audit verify`` beside what the cores can sign-check.

Builds one workstation's chain of N signed events (default 100,000) in a SQLite
file and in a fresh PostgreSQL database (created on the server of ``--pg-url``
or ``BORDERDESK_TEST_PG_URL``, dropped at the end), written straight into the
table in batches as ``services.audit`` would have appended them, then times
``services.audit_verify.verify_chains`` over it: hashes, links, signatures,
on every core (``services.parallel_verify``).

Checking one Ed25519 signature is most of what an event costs, so the walk is
compared with what one core checks in the same run (cryptography's
``Ed25519PublicKey.verify`` in a loop, measured just before and just after the
walk, the mean taken): ``ratio`` is events/s over cores x that rate, and the
target is 0.9. The walk checks signatures with libsodium, which is about twice
as fast as cryptography's OpenSSL: ``sodium/s`` is what one core checks with
it, and ``vs sodium`` the walk's events/s over cores x that rate, the walk's
distance to its own ceiling. ``ceiling`` is the same ratio for bare signature checks on every
core at once: what the machine itself allows at that moment (cores that share a
cache or a power budget do not add up exactly, and other programs take their
share). ``cpu ratio`` compares CPU time instead of the clock: events per CPU
second of the walk (workers included, the database server not) over signatures
per CPU second; other programs running at the same time barely move it.

    .venv/bin/python bench/audit_verify.py [--events 100000] [--backends sqlite,postgresql]
        [--signature-seconds 1.0]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from nacl.bindings import crypto_sign_open
from scratch_database import create_database, drop_database
from sqlalchemy import insert

from borderdesk.config import Settings
from borderdesk.custody.chain import canonical_json, event_fields, event_hash
from borderdesk.custody.keystore import workstation_key
from borderdesk.custody.signing import public_key_hex, sign
from borderdesk.services.audit import chain_heads
from borderdesk.services.audit_verify import verify_chains
from borderdesk.services.parallel_verify import cores
from borderdesk.services.workstations import attach_workstation, create_gate
from borderdesk.storage.engine import Database
from borderdesk.storage.migrate import upgrade
from borderdesk.storage.models import AuditEvent
from borderdesk.storage.models.base import new_id

BATCH = 10_000
TARGET = 0.9
SIGNATURE_SECONDS = 1.0
"""How long each measurement of the signature rate runs (``--signature-seconds``)."""
COLUMNS = ("backend", "events", "build s", "verify s", "events/s", "sig/s 1 core", "cores",
           "ratio", "target", "ceiling", "cpu ratio", "sodium/s", "vs sodium")
WIDTHS = (12, 11, 9, 10, 10, 14, 7, 7, 8, 9, 11, 10, 11)


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


def signature_rates(seconds: float = SIGNATURE_SECONDS) -> tuple[float, float]:
    """Ed25519 signatures one core checks (cryptography's ``verify``): per second of the
    clock, and per second of this process's CPU time."""
    key = Ed25519PrivateKey.generate()
    public = key.public_key()
    messages = [os.urandom(32).hex().encode("ascii") for _ in range(64)]
    signed = [(key.sign(message), message) for message in messages]
    checked = 0
    started, cpu = time.perf_counter(), time.process_time()
    while (elapsed := time.perf_counter() - started) < seconds:
        for signature, message in signed:
            public.verify(signature, message)
        checked += len(signed)
    return checked / elapsed, checked / (time.process_time() - cpu)


def sodium_rate(seconds: float = SIGNATURE_SECONDS) -> float:
    """Ed25519 signatures one core checks per second with libsodium (PyNaCl), which is what
    ``custody.signing.verify`` checks with: the walk's own ceiling, below the target's."""
    key = Ed25519PrivateKey.generate()
    public = bytes.fromhex(public_key_hex(key))
    signed = [key.sign(message) + message
              for message in (os.urandom(32).hex().encode("ascii") for _ in range(64))]
    checked = 0
    started = time.perf_counter()
    while (elapsed := time.perf_counter() - started) < seconds:
        for message in signed:
            crypto_sign_open(message, public)
        checked += len(signed)
    return checked / elapsed


def signature_rate(seconds: float = SIGNATURE_SECONDS) -> float:
    """Ed25519 signatures one core checks per second of the clock."""
    return signature_rates(seconds)[0]


def cpu_seconds() -> float:
    """CPU time of this process and of its children that have ended (the workers)."""
    own, children = (resource.getrusage(who) for who in (resource.RUSAGE_SELF,
                                                          resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def all_cores_rate(workers: int, seconds: float) -> float:
    """Ed25519 signatures all cores check per second, each in a process of its own."""
    with ProcessPoolExecutor(workers) as pool:
        list(pool.map(signature_rate, [0.05] * workers))  # started, so start-up is not timed
        return sum(pool.map(signature_rate, [seconds] * workers))


@dataclass(frozen=True)
class Measured:
    """One backend's run."""

    built: float
    took: float
    events: int
    single: float
    """Signatures one core checks per second of the clock, before and after the walk."""
    single_cpu: float
    """The same per second of CPU time."""
    cpu: float
    """CPU seconds the walk took, its workers' included (not the database server's)."""


def run_backend(url: str, events: int, seconds: float) -> Measured:
    """Build the chain on one database and time its verification; also the one-core rate."""
    db = Database(url)
    try:
        upgrade(db)
        built = build(db, events)
        before = signature_rates(seconds)
        started, cpu = time.perf_counter(), cpu_seconds()
        report = verify_chains(db)
        took, cpu = time.perf_counter() - started, cpu_seconds() - cpu
        after = signature_rates(seconds)
        if not report.intact:
            raise SystemExit(f"the bench chain does not verify: {report.problems}")
        return Measured(built, took, report.events, (before[0] + after[0]) / 2,
                        (before[1] + after[1]) / 2, cpu)
    finally:
        db.dispose()


def row(values: tuple[str, ...]) -> str:
    """One line of the table, the first column left-aligned."""
    return "".join(value.ljust(width) if i == 0 else value.rjust(width)
                   for i, (value, width) in enumerate(zip(values, WIDTHS, strict=True)))


def main() -> int:
    """Parse the arguments, run every backend asked for, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--pg-url", default=os.environ.get("BORDERDESK_TEST_PG_URL", ""))
    parser.add_argument("--signature-seconds", type=float, default=SIGNATURE_SECONDS)
    args = parser.parse_args()
    workers = cores()
    print(row(COLUMNS), flush=True)
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
                measured = run_backend(url, args.events, args.signature_seconds)
            finally:
                if made:
                    drop_database(args.pg_url, made)
            ceiling = (all_cores_rate(workers, args.signature_seconds)
                       / (workers * signature_rate(args.signature_seconds)))
            sodium = sodium_rate(args.signature_seconds)
            m = measured
            rate = m.events / m.took
            print(row((backend, f"{m.events:,}", f"{m.built:.1f}", f"{m.took:.2f}",
                       f"{rate:,.0f}", f"{m.single:,.0f}", str(workers),
                       f"{rate / (workers * m.single):.2f}", f"{TARGET:.2f}", f"{ceiling:.2f}",
                       f"{m.events / m.cpu / m.single_cpu:.2f}", f"{sodium:,.0f}",
                       f"{rate / (workers * sodium):.2f}")), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
