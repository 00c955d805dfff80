"""The short run of bench/fuzz.py: both seed ranges, every kind of case, to its table."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_fuzz_benchmark_prints_tuning_and_held_out_rows(hermetic_home: Path,
                                                         tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "fuzz.py"), "--cases", "40", "--images", "1",
         "--workers", "2", "--held-out", "--quiet", "--out", str(tmp_path / "out")],
        capture_output=True, text=True, timeout=300, check=False, cwd=ROOT,
        env={**os.environ, "BORDERDESK_HOME": str(hermetic_home),
             "QT_QPA_PLATFORM": "offscreen", "OMP_THREAD_LIMIT": "1"},
    )
    rows = {line.split()[0]: line.split() for line in done.stdout.splitlines()[1:3]}
    assert set(rows) == {"tuning", "held-out"}, done.stdout + done.stderr
    assert [int(row[1]) for row in rows.values()] == [41, 41], done.stdout
    # Exit 1 exactly when a case failed (traceback, hang or crash), its files under --out.
    failed = any(int(r[6]) or int(r[7]) or int(r[8]) for r in rows.values())
    assert done.returncode == (1 if failed else 0), done.stdout + done.stderr
    assert (tmp_path / "out" / "tracebacks").exists() == any(int(r[6]) for r in rows.values())
