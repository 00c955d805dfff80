"""Codes printed and photographed for the tests, by bench/codes.py's own generator.

The tests use their own seeds; the benchmark's default seed is held out from them.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[3]


def bench_codes() -> ModuleType:
    """bench/codes.py as a module (bench/ is scripts, not a package)."""
    name = "bench_codes"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / "codes.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]
