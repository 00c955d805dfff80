"""The core runs with no Qt at all: every module outside ``borderdesk.ui`` imports and the
CLI initialises a database while PySide6 is made unimportable."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = """
import importlib, pkgutil, sys
sys.modules["PySide6"] = None  # any import of Qt now raises ImportError
sys.modules["shiboken6"] = None
import borderdesk
names = [m.name for m in pkgutil.walk_packages(borderdesk.__path__, "borderdesk.")
         if not m.name.startswith("borderdesk.ui") and m.name != "borderdesk.__main__"]
for name in names:
    importlib.import_module(name)
from borderdesk.cli.main import main
code = main(["init", "--db", sys.argv[1]])
print(len(names), "modules", "exit", code)
"""


def test_core_imports_and_initialises_without_qt(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'core.sqlite3'}"
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, url],
        capture_output=True, text=True, check=False, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("exit 0"), result.stdout
    assert (tmp_path / "core.sqlite3").exists()
