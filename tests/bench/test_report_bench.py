"""Short run of the shift-report benchmark: it runs to its table, one row per size."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_report_benchmark_prints_a_row_per_size(hermetic_home: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "report.py"), "--sizes", "10,100", "--runs", "1"],
        capture_output=True, text=True, timeout=600, check=False, cwd=ROOT,
        env={**os.environ, "BORDERDESK_HOME": str(hermetic_home)},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    rows = [line.split() for line in done.stdout.splitlines()[1:] if line.strip()]
    assert [row[0] for row in rows] == ["10", "100"]
    pages = [int(row[1]) for row in rows]
    assert pages[0] >= 1 and pages[1] > pages[0]  # a hundred crossings need more pages
