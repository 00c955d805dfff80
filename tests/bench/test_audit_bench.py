"""A short run of the audit-chain verification benchmark: it builds, verifies and prints a row."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_audit_benchmark_prints_events_per_second(hermetic_home: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "audit_verify.py"), "--events", "300",
         "--backends", "sqlite"],
        capture_output=True, text=True, timeout=300, check=False, cwd=ROOT,
        env={**os.environ, "BORDERDESK_HOME": str(hermetic_home)},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    header, row = done.stdout.splitlines()[:2]
    assert header.split() == ["backend", "events", "build", "s", "verify", "s", "events/s"]
    assert row.split()[:2] == ["sqlite", "300"]
    assert float(row.split()[-1].replace(",", "")) > 0
