"""A short soak: three workstations on one PostgreSQL database lose nothing and break no chain."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PG_SKIP_REASON, PG_URL

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
@pytest.mark.pg
def test_three_workstations_for_eight_seconds_lose_nothing() -> None:
    if not PG_URL:
        pytest.skip(PG_SKIP_REASON)
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "soak.py"), "--seconds", "8", "--processes", "3",
         "--pg-url", PG_URL],
        capture_output=True, text=True, timeout=600, check=False, cwd=ROOT,
        env={**os.environ, "OMP_THREAD_LIMIT": "1"},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].split()[:5] == ["operation", "done", "conflicts", "errors", "lost"]
    rows = {line.split()[0]: line.split() for line in lines[1:6]}
    assert set(rows) == {"arrival", "handoff", "accept", "declaration", "check"}
    assert all(int(row[1]) > 0 for row in rows.values()), done.stdout
    last = lines[-1]
    assert last.startswith("ops ") and ", errors 0, lost 0, chains verified 4/4" in last, last
    assert "Traceback" not in done.stderr
