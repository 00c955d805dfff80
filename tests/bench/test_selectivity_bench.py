"""A short run of the selectivity simulator: its table holds together."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_selectivity_bench_prints_consistent_figures_per_policy(hermetic_home: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "selectivity.py"), "--days", "6", "--seeds", "1,2",
         "--traders", "60", "--capacity", "0.2"],
        capture_output=True, text=True, timeout=300, check=False, cwd=ROOT,
        env={**os.environ, "BORDERDESK_HOME": str(hermetic_home)},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].split() == ["seed", "policy", "crossings", "violations", "inspected", "caught",
                                "honest_stopped", "days_to_catch", "not_caught"]
    rows = [line.split() for line in lines[1:-1]]
    policies = sorted({row[1] for row in rows})
    assert [row[0] for row in rows] == [s for s in ("1", "2", "mean") for _ in policies]
    for seed in ("1", "2"):
        mine = [row for row in rows if row[0] == seed]
        crossings, violations, inspected = (int(mine[0][i]) for i in (2, 3, 4))
        assert crossings > 0
        for row in mine:
            assert (int(row[2]), int(row[3]), int(row[4])) == (crossings, violations, inspected)
            caught, honest = int(row[5]), int(row[6])
            assert caught <= violations
            assert caught + honest == inspected
            assert float(row[7]) >= 0
        assert 0 < inspected <= crossings
    assert policies == ["fixed", "history", "random"]
    assert re.fullmatch(r"selectivity: history/fixed caught \d+\.\d\dx, "
                        r"honest stopped \d+\.\d\dx", lines[-1]), lines[-1]
