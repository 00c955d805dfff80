"""The held-out layout families of the OCR benchmark: pages the reader is never tuned on.

    python bench/ocr/held_out.py --out DIR [--pages N] [--seed S]

The headline figure of ``bench/ocr/run.py`` is leave-family-out: accuracy on
these families. They are committed before the reader changes again, by
someone who does not change the reader, and their design is written down
only here. Round 4's families have been studied and moved to
``studied_r4.py``; round 5's fresh families follow in the next commit, so
for this one commit there are none and ``run.py`` prints no held-out rows.
"""

from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path
from types import ModuleType
from typing import Any


def _load(name: str) -> ModuleType:
    """bench/ocr/NAME.py by its path (tests/bench shadows the top-level ``bench`` package)."""
    key = f"ocr_{name}"
    if key not in sys.modules:
        spec = importlib.util.spec_from_file_location(key, Path(__file__).with_name(
            f"{name}.py"))
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[key] = module
        spec.loader.exec_module(module)
    return sys.modules[key]


kit = _load("page_kit")
SEED = 0
"""No families, no draws (round 5's families bring their own seed)."""
FAMILIES: tuple[str, ...] = ()
PAIRS = 6
"""Clean pages (each with its photograph) of each family by default."""
DIGITAL: dict[str, Any] = {}


def clean_page(rng: random.Random, family: str) -> Any:
    raise KeyError(family)


def generate(out: Path, pages: int = 2 * PAIRS * len(FAMILIES), seed: int = SEED
             ) -> list[dict[str, Any]]:
    """Write the held-out pages and index.json into ``out`` (none yet)."""
    index: list[dict[str, Any]] = kit.generate(out, pages if FAMILIES else 0, seed, FAMILIES,
                                               "held", clean_page, "held-out")
    return index


def main(argv: list[str] | None = None) -> None:
    """Command line: ``--out DIR [--pages N] [--seed S]``."""
    kit.main(argv, __doc__, 2 * PAIRS * len(FAMILIES), generate, SEED, "held-out pages")


if __name__ == "__main__":
    main()
