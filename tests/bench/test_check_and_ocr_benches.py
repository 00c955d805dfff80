"""Short runs of the cross-check and event-loop benchmarks: each runs to its table.

The OCR benchmark's short run is tests/bench/test_ocr_generalisation_bench.py.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _run(hermetic_home: Path, *args: str, timeout: int = 600) -> str:
    done = subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, timeout=timeout, check=False,
        cwd=ROOT, env={**os.environ, "BORDERDESK_HOME": str(hermetic_home),
                       "QT_QPA_PLATFORM": "offscreen", "OMP_THREAD_LIMIT": "1"},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_check_benchmark_prints_a_row_per_size(hermetic_home: Path) -> None:
    out = _run(hermetic_home, str(ROOT / "bench" / "check.py"), "--sizes", "10,100", "--runs", "2")
    rows = [line.split() for line in out.splitlines()[1:] if line.strip()]
    assert [row[0] for row in rows] == ["10", "100"]
    assert all(row[-1] in {"green", "yellow", "red"} for row in rows)


@pytest.mark.slow
def test_event_loop_stall_benchmark_reports_the_longest_stall(hermetic_home: Path) -> None:
    out = _run(hermetic_home, str(ROOT / "bench" / "ui_stall.py"), "--pages", "1")
    assert "stall" in out.lower(), out
