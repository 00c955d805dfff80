"""The crash harness runs a few kills to the end: nothing committed lost, nothing half-written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_killed_writers_lose_nothing_committed(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "custody_crash.py"), "--kills", "8", "--seed", "3",
         "--keep", str(tmp_path / "crash")],
        capture_output=True, text=True, timeout=600, check=False, cwd=ROOT,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].split()[:4] == ["kills", "committed", "accepted", "lost"]
    last = lines[-1]
    assert last.startswith("kills 8, committed ") and last.endswith(
        "lost 0, half-written 0, chains verified 8/8"), last
    assert int(last.split(",")[1].split()[1]) > 0, "the writer committed nothing before a kill"
    assert "Traceback" not in done.stderr
