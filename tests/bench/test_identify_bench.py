"""The truck reader's benchmark, a short run: held-out rows first, the old readers beside.

Accuracy and time targets belong to the full run (``python bench/identify.py``);
here the run must complete, put the held-out family first as the headline,
and measure today's tesseract readers on the same photos.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_the_short_run_heads_with_the_held_out_family_and_measures_tesseract_beside(
    hermetic_home: Path,
) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "identify.py"), "--crops", "3", "--scenes", "1",
         "--baseline-scenes", "1"],
        capture_output=True, text=True, timeout=600, check=False, cwd=ROOT,
        env={**os.environ, "BORDERDESK_HOME": str(hermetic_home), "OMP_THREAD_LIMIT": "1"},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].split()[:3] == ["set", "n", "exact"], done.stdout
    assert lines[1].startswith("held-out crops new") and "(headline)" in lines[1]
    assert lines[2].startswith("held-out scenes new") and "(headline)" in lines[2]
    cells = [[cell for cell in line.split() if cell != "(headline)"] for line in lines[1:]
             if not line.startswith(" ")]
    rows = {" ".join(row[:3]): row[3:] for row in cells}  # n, exact, wrong valid, median, p95
    order = list(rows)
    assert order.index("held-out crops new") < order.index("tuning crops new")
    for family in ("held-out", "tuning"):
        new, old = rows[f"{family} crops new"], rows[f"{family} crops tesseract"]
        assert int(new[0]) == int(old[0]) == 3  # the same photos for both readers
        assert float(new[1]) >= float(old[1]), done.stdout
    # One scene per family is timed: a median in milliseconds, not a dash.
    assert rows["held-out scenes new"][3].isdigit()
