"""A short run of the lifecycle soak: a few hundred random actions, every invariant held."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_short_lifecycle_soak_breaks_no_invariant(hermetic_home: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "lifecycle_soak.py"), "--steps", "150",
         "--backend", "sqlite", "--seed", "3", "--verify-every", "100"],
        capture_output=True, text=True, timeout=300, check=False, cwd=ROOT,
        env={**os.environ, "BORDERDESK_HOME": str(hermetic_home), "OMP_THREAD_LIMIT": "1"},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].split() == ["backend", "action", "tried", "succeeded", "refused"]
    rows = {line.split()[1]: [int(n) for n in line.split()[2:]] for line in lines[1:-1]}
    assert rows["all"] == [150, sum(r[1] for k, r in rows.items() if k != "all"),
                           sum(r[2] for k, r in rows.items() if k != "all")]
    # Refusals and successes both happen: the model is asked both ways.
    assert rows["all"][1] > 0 and rows["all"][2] > 0
    assert all(tried == ok + refused for tried, ok, refused in rows.values())
    assert lines[-1].startswith("sqlite: steps 150, invariant violations 0, tracebacks 0, wall ")
    assert "Traceback" not in done.stderr
