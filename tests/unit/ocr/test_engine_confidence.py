"""A number's confidence is its least sure digit's, and a mark tesseract swallowed shows."""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from borderdesk.domain.manifest import CONFIDENT
from borderdesk.ocr.engine import (
    LOST_MARK,
    PytesseractEngine,
    TesserocrEngine,
    number_confidence,
)

pytest.importorskip("tesserocr")

ROOT = Path(__file__).resolve().parents[3]
NUMBERS = ("quantity", "gross_weight_kg", "value")


@pytest.fixture(scope="module")
def manifest_pages(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, Any]]]:
    """The benchmark's first tuning page (33 goods lines, English) and its photograph."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("ocr_corpus", ROOT / "bench/ocr/corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["ocr_corpus"] = module
    spec.loader.exec_module(module)
    folder = tmp_path_factory.mktemp("numbers")
    return folder, module.generate(folder, 2)


@pytest.mark.parametrize("engine", ["tesserocr", "command"])
@pytest.mark.parametrize("kind", ["clean", "photo"])
def test_the_numbers_of_a_manifest_read_right_are_confident_and_the_wrong_ones_are_not(
        manifest_pages: tuple[Path, list[dict[str, Any]]], kind: str, engine: str) -> None:
    from borderdesk.ocr.normalize import read_number
    from borderdesk.ocr.pipeline import read_document

    folder, index = manifest_pages
    entry = next(e for e in index if e["kind"] == kind)
    truth = {(line["line_no"], name): line.get(name)
             for line in json.loads((folder / entry["truth"]).read_text(encoding="utf-8"))["lines"]
             for name in NUMBERS}
    # The command (where tesserocr is not installed) gives the characters' confidences too.
    read = TesserocrEngine() if engine == "tesserocr" else PytesseractEngine()
    words = [w for page in read_document((folder / entry["file"]).read_bytes(),
                                         engine=read).pages
             for w in page.words if w.field in NUMBERS and w.line_no is not None]
    right, wrong = [], []
    for word in words:
        value = read_number(word.text).value
        expected = truth.get((word.line_no, word.field))
        ok = value is not None and expected is not None and value == Decimal(str(expected))
        (right if ok else wrong).append(word)
    assert len(right) >= 0.9 * len(words) > 60
    # tesseract's word confidence had 72 % of the right numbers of the clean page under 0.9.
    assert sum(w.confidence >= CONFIDENT for w in right) >= 0.9 * len(right)
    assert all(w.confidence < CONFIDENT for w in wrong), [(w.text, w.confidence) for w in wrong]


# "326.43" as tesseract read it on a photographed page: "32643", every digit at 0.995, the
# dot swallowed by the box of the "4" (29 pixels wide where the others are 16 to 19).
SWALLOWED = [("3", 0.996, (1564, 2232, 1581, 2258)), ("2", 0.995, (1587, 2232, 1603, 2258)),
             ("6", 0.995, (1609, 2232, 1628, 2258)), ("4", 0.996, (1633, 2232, 1662, 2263)),
             ("3", 0.996, (1667, 2232, 1684, 2258))]


def test_a_decimal_mark_swallowed_by_a_digit_makes_the_number_doubtful() -> None:
    assert number_confidence(SWALLOWED) == LOST_MARK < CONFIDENT
    narrow = [(t, c, (left, top, min(right, left + 19), 2258))
              for t, c, (left, top, right, _) in SWALLOWED]
    assert number_confidence(narrow) >= CONFIDENT


def test_one_doubted_digit_makes_the_number_doubtful() -> None:
    boxes = [(str(d), 0.995, (20 * i, 0, 20 * i + 17, 26)) for i, d in enumerate("4793")]
    assert number_confidence(boxes) >= CONFIDENT
    boxes[2] = ("9", 0.942, boxes[2][2])
    assert number_confidence(boxes) < CONFIDENT
    assert number_confidence([]) == 0.0
