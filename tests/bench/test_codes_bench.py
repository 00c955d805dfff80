"""Short run of bench/codes.py: it prints a row per format, and clean-enough codes decode."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_codes_benchmark_prints_a_row_per_format(hermetic_home: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "codes.py"), "--count", "6", "--seed", "5"],
        capture_output=True, text=True, timeout=300, check=False, cwd=ROOT,
        env={**os.environ, "BORDERDESK_HOME": str(hermetic_home), "OMP_THREAD_LIMIT": "1"},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    rows = [line.split() for line in done.stdout.splitlines()[1:] if line.strip()]
    assert [row[0] for row in rows] == ["QRCode", "Code128", "PDF417"]
    assert all(row[1] == "6" and 0 <= int(row[2]) <= 6 for row in rows)
    assert int(rows[1][2]) >= 4  # Code 128 of this seed: a bench that decodes nothing is broken
