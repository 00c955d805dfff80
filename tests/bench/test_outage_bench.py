"""A short outage run: two workstations, eight cuts of the line, nothing lost, nothing doubled."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PG_SKIP_REASON, PG_URL

ROOT = Path(__file__).resolve().parents[2]
LAST_LINE = re.compile(r"saves (\d+), cuts (\d+), lost (\d+), duplicated (\d+), "
                       r"chains verified (\d+)/(\d+)")


@pytest.mark.slow
@pytest.mark.pg
def test_eight_cuts_under_two_workstations_lose_and_double_nothing(tmp_path: Path) -> None:
    if not PG_URL:
        pytest.skip(PG_SKIP_REASON)
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "outage.py"), "--cuts", "8", "--workstations", "2",
         "--seed", "3", "--pg-url", PG_URL, "--keep", str(tmp_path / "outage")],
        capture_output=True, text=True, timeout=600, check=False, cwd=ROOT,
        env={**os.environ, "OMP_THREAD_LIMIT": "1"},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    found = LAST_LINE.fullmatch(lines[-1])
    assert found, lines[-1]
    saves, cuts, lost, duplicated, verified, chains = map(int, found.groups())
    assert (cuts, lost, duplicated) == (8, 0, 0), lines[-1]
    assert saves > 0, "the workstations saved nothing"
    assert verified == chains == 2, lines[-1]
    # The cuts come while the line carries something: a save or a replay.
    hit = {m.group(1): int(m.group(2)) for line in lines
           if (m := re.match(r"\s+cuts that hit (.+): (\d+)$", line))}
    assert hit.get("a save on the server", 0) + hit.get("a replay", 0) > 0, done.stdout
    assert "Traceback" not in done.stderr
