"""The queue benchmark runs to the end on a small database and prints its whole table."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MEASURES = (
    "insert 20,000 crossings (s)",
    "a) today, status arrived, newest first",
    "b) today, status arrived, by plate",
    "c) plate search by prefix",
    "d) container search",
    "e) recall_vehicle",
)


@pytest.mark.slow
def test_queue_benchmark_prints_every_measure(hermetic_home: Path) -> None:
    backends = "sqlite,postgresql" if os.environ.get("BORDERDESK_TEST_PG_URL") else "sqlite"
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "crossing_queue.py"), "--rows", "20000",
         "--repeat", "5", "--backends", backends],
        capture_output=True, text=True, timeout=600, check=False, cwd=ROOT,
        env={**os.environ, "BORDERDESK_HOME": str(hermetic_home)},
    )

    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    header = lines[0]
    for backend in backends.split(","):
        assert f"{backend} median" in header
    for measure in MEASURES:
        row = next((line for line in lines if line.startswith(measure)), None)
        assert row is not None, f"{measure!r} missing from:\n{done.stdout}"
        numbers = [float(cell) for cell in row.split("(ms)" if "(ms)" in row else "(s)")[1]
                   .split()]
        assert len(numbers) == (1 if "insert" in measure else 2) * len(backends.split(","))
    assert "Traceback" not in done.stderr
