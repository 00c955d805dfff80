"""Cold start to the login window shown, against a bare Qt window as the baseline.

Each run is a fresh ``python`` process: the app one starts BorderDesk with
``BORDERDESK_STARTUP_PROBE=1`` (it prints the seconds since its process
started when the login screen is on screen, then quits), on an embedded
database initialised once before the runs. The baseline is a bare
QApplication + QWidget shown, timed the same way in the same session.

    .venv/bin/python bench/startup.py [--runs 10]

The issue's target: median under 1.5 s on a 2-core machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_S = 1.5

APP = "import sys; from borderdesk.ui.app import run; sys.exit(run())"
BASELINE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget
from borderdesk.ui.app import seconds_since_process_start
app = QApplication(sys.argv[:1])
window = QWidget()
window.show()
def probe():
    print(f"{seconds_since_process_start():.4f}", flush=True)
    app.exit(0)
QTimer.singleShot(0, probe)
sys.exit(app.exec())
"""


def _environment(home: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(BORDERDESK_HOME=home, QT_QPA_PLATFORM=env.get("QT_QPA_PLATFORM", "offscreen"),
               BORDERDESK_STARTUP_PROBE="1", OMP_THREAD_LIMIT="1")
    env.pop("BORDERDESK_DB_URL", None)
    return env


def _once(code: str, env: dict[str, str]) -> float:
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=120, check=False,
    )
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    if result.returncode != 0 or not lines:
        raise SystemExit(f"start-up probe failed ({result.returncode}):\n{result.stderr}")
    return float(lines[-1])


def main() -> int:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="borderdesk-startup-") as home:
        env = _environment(home)
        print("initialising the embedded database (first start, demo gate)...", flush=True)
        first = _once(APP, env)
        rows = []
        for name, code in (("bare QApplication + QWidget", BASELINE), ("BorderDesk login", APP)):
            times = [_once(code, env) for _ in range(args.runs)]
            rows.append((name, statistics.median(times), min(times), max(times)))
    print(f"\nfirst start (migrate + demo seed): {first:.3f} s")
    print(f"cold start, {args.runs} runs each, seconds from process start to window shown\n")
    print(f"{'':30} {'median':>8} {'min':>8} {'max':>8}")
    for name, median, low, high in rows:
        print(f"{name:30} {median:8.3f} {low:8.3f} {high:8.3f}")
    app_median = rows[-1][1]
    verdict = "meets" if app_median < TARGET_S else "MISSES"
    print(f"\nBorderDesk {verdict} the target: median {app_median:.3f} s < {TARGET_S} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
