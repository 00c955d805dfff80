"""A short run of the audit-chain verification benchmark: it builds, verifies and prints, side
by side, events/s, the one-core signature rate, the cores and the ratio to the target."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_audit_benchmark_prints_the_walk_beside_what_the_cores_can_check(
        hermetic_home: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "audit_verify.py"), "--events", "300",
         "--backends", "sqlite", "--signature-seconds", "0.1"],
        capture_output=True, text=True, timeout=300, check=False, cwd=ROOT,
        env={**os.environ, "BORDERDESK_HOME": str(hermetic_home)},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    header, row = done.stdout.splitlines()[:2]
    assert header.split() == ["backend", "events", "build", "s", "verify", "s", "events/s",
                              "sig/s", "1", "core", "cores", "ratio", "target", "ceiling",
                              "cpu", "ratio", "sodium/s", "vs", "sodium"]
    (backend, events, _built, _took, rate, single, cores, ratio, target, ceiling, cpu,
     sodium, vs_sodium) = row.split()
    assert (backend, events, target) == ("sqlite", "300", "0.90")
    rate_value, single_value = (float(text.replace(",", "")) for text in (rate, single))
    assert rate_value > 0 and single_value > 0 and int(cores) >= 1
    assert abs(float(ratio) - rate_value / (int(cores) * single_value)) < 0.01
    assert float(ceiling) > 0 and float(cpu) > 0
    sodium_value = float(sodium.replace(",", ""))
    assert abs(float(vs_sodium) - rate_value / (int(cores) * sodium_value)) < 0.01
