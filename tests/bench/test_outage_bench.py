"""A short outage run: two workstations, eight cuts of the line, nothing lost, nothing doubled.

The two workstations also race for the same handoffs, online and on stale
copies: every acceptance either reached the server or is a conflict in its
workstation's queue.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PG_SKIP_REASON, PG_URL

ROOT = Path(__file__).resolve().parents[2]
CONFLICTS = re.compile(r"conflicts (\d+): (\d+) acceptances refused by the replay; reported "
                       r"acceptances on the server (\d+), refused by the replay (\d+)")
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
    # The conflicts are counted and said, whether or not this short run met any.
    conflicts = [m for line in lines if (m := CONFLICTS.fullmatch(line))]
    assert len(conflicts) == 1, done.stdout
    _all, acceptances, on_server, refused = map(int, conflicts[0].groups())
    assert on_server > 0, "the customs officers accepted nothing"
    assert refused <= acceptances, conflicts[0].group(0)
    assert "Traceback" not in done.stderr
