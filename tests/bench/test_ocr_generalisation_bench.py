"""The OCR benchmark's short run: held-out families first, their errors kept out of sight.

Accuracy thresholds belong to the full benchmark (docs/ocr-benchmark.md), not
to the suite: these tests check that the run completes, prints the table with
the held-out headline, never lists a held-out error unless asked for them
alone, and that the digital twins are what they claim to be.
"""

from __future__ import annotations

import importlib.util
import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _bench_module(name: str) -> ModuleType:
    """bench/ocr/NAME.py by its path: tests/bench shadows the top-level bench package."""
    key = f"ocr_{name}"
    if key not in sys.modules:
        spec = importlib.util.spec_from_file_location(key, ROOT / "bench" / "ocr" / f"{name}.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[key] = module
        spec.loader.exec_module(module)
    return sys.modules[key]


def _run(home: Path, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "ocr" / "run.py"), *args],
        capture_output=True, text=True, timeout=600, check=False, cwd=ROOT,
        env={**os.environ, "BORDERDESK_HOME": str(home), "QT_QPA_PLATFORM": "offscreen",
             "OMP_THREAD_LIMIT": "1"},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.mark.slow
def test_the_short_run_puts_the_held_out_figure_first_and_hides_its_errors(
    hermetic_home: Path, tmp_path: Path
) -> None:
    out = _run(hermetic_home, "--pages", "2", "--corpus", str(tmp_path / "corpus"), "--errors")
    lines = out.splitlines()
    header, first, second, third = lines[:4]
    assert "lines" in header and "header" in header and "wrong≥" in header, out
    assert "time x" in header and "CER x" in header, out  # against bare tesseract, same run
    assert first.split()[:2] == ["clean", "1"] and "held-out" in first, out
    assert "headline" in first and "held-out" in second, out
    assert third.split()[0] == "clean" and third.split()[-1] == "tuning", out
    held_out, studied = _bench_module("held_out"), _bench_module("studied")
    studied_r3, studied_r4 = _bench_module("studied_r3"), _bench_module("studied_r4")
    assert held_out.FAMILIES[0] in out  # the first held-out family has a row of its own
    errors = out[out.index("Every wrong field"):]
    assert "held-out/" not in errors, errors
    # The pages read are the ones generated, and the held-out ones come from their own seed.
    index = json.loads((tmp_path / "corpus" / "held-out" / "index.json").read_text())
    assert [(e["kind"], e["family"]) for e in index] == [
        ("clean", held_out.FAMILIES[0]), ("photo", held_out.FAMILIES[0])]
    # The studied families of earlier rounds are tuning families now.
    tuning = [line for line in out.splitlines() if line.startswith("tuning ")]
    assert any(studied.FAMILIES[0] in line for line in tuning), out
    assert any(studied_r3.FAMILIES[0] in line for line in tuning), out
    assert any(studied_r4.FAMILIES[0] in line for line in tuning), out
    assert not set(held_out.FAMILIES) & (set(studied_r3.FAMILIES) | set(studied_r4.FAMILIES))


def _label(text: str) -> str:
    return text.casefold().rstrip(":").strip()


def test_held_out_pages_share_no_header_label_with_the_tuning_families() -> None:
    corpus, studied = _bench_module("corpus"), _bench_module("studied")
    studied_r3, studied_r4 = _bench_module("studied_r3"), _bench_module("studied_r4")
    held_out = _bench_module("held_out")
    tuning = {_label(label)
              for layout in corpus.LAYOUTS for label in corpus._labels(layout).values()}
    tuning |= {_label(label) for family in corpus.FAMILIES.values()
               for pairs in family.head for _name, label in pairs}
    headers = {_label(line) for layout in corpus.LAYOUTS for column in corpus._columns(layout)
               for line in column.header}
    headers |= {_label(line) for family in corpus.FAMILIES.values() for column in family.cols
                for line in column.header}
    # The families held out in earlier rounds are tuning families now: their labels count.
    assert set(studied.FAMILIES) | set(studied.FRESH_FAMILIES) == set(studied.DIGITAL)
    assert set(studied_r3.FAMILIES) == set(studied_r3.DIGITAL)
    assert set(studied_r4.FAMILIES) == set(studied_r4.DIGITAL)
    for make in (*studied.DIGITAL.values(), *studied_r3.DIGITAL.values(),
                 *studied_r4.DIGITAL.values()):
        spec = make(lambda **fields: fields)
        tuning |= {_label(label) for label in spec["labels"].values()}
        headers |= {_label(header) for _key, header in spec["cols"]}
    assert set(held_out.DIGITAL) == set(held_out.FAMILIES) and len(held_out.FAMILIES) >= 3
    for family, make in held_out.DIGITAL.items():
        spec = make(lambda **fields: fields)
        assert set(spec["labels"]) == {"document_no", "date", "consignor", "consignee",
                                       "vehicle_plate", "container_no", "seal_no"}, family
        for label in spec["labels"].values():
            assert _label(label) not in tuning, (family, label)
        for _key, header in spec["cols"]:  # the column headers are new words too
            assert _label(header) not in headers, (family, header)
    # Every generator draws from a seed of its own.
    seeds = [corpus.SEED, studied.SEED, studied.FRESH_SEED, studied_r3.SEED, studied_r4.SEED,
             held_out.SEED]
    assert len(set(seeds)) == len(seeds)


def test_held_out_families_take_turns_and_every_scored_field_has_a_value(tmp_path: Path
                                                                          ) -> None:
    held_out = _bench_module("held_out")
    index = held_out.generate(tmp_path, pages=2 * len(held_out.FAMILIES))
    assert [(e["kind"], e["family"]) for e in index] == [
        (kind, family) for family in held_out.FAMILIES for kind in ("clean", "photo")]
    assert all((tmp_path / e["file"]).stat().st_size for e in index)
    for entry in index[::2]:
        truth = json.loads((tmp_path / entry["truth"]).read_text(encoding="utf-8"))
        assert truth["lines"] and all(truth[name] for name in (
            "document_no", "date", "consignor", "consignee", "vehicle_plate", "container_no",
            "seal_no")), truth
        for line in truth["lines"]:  # every field the benchmark scores has a value to find
            assert all(line.get(name) for name in ("description", "hs_code", "quantity", "unit",
                                                   "gross_weight_kg", "value", "currency",
                                                   "origin_country")), line


def test_studied_families_keep_their_pages_fresh_ones_after_the_four(tmp_path: Path) -> None:
    studied = _bench_module("studied")
    index = studied.generate(tmp_path, pages=0, fresh_pages=4)
    assert [(e["kind"], e["family"]) for e in index] == [
        (kind, family) for family in studied.FRESH_FAMILIES for kind in ("clean", "photo")]
    assert all(e["file"].startswith("fresh_") and (tmp_path / e["file"]).stat().st_size
               for e in index)
    for entry in index[::2]:
        truth = json.loads((tmp_path / entry["truth"]).read_text(encoding="utf-8"))
        assert truth["lines"] and truth["document_no"] and truth["container_no"]
        for line in truth["lines"]:  # every field the benchmark scores has a value to find
            assert all(line.get(name) for name in ("description", "hs_code", "quantity", "unit",
                                                   "gross_weight_kg", "value", "currency",
                                                   "origin_country")), line


def test_round_3_families_keep_their_pages_as_tuning_families(tmp_path: Path) -> None:
    studied_r3 = _bench_module("studied_r3")
    assert studied_r3.SEED == 31707461 and studied_r3.PAIRS == 4
    index = studied_r3.generate(tmp_path, pages=2 * len(studied_r3.FAMILIES))
    assert [(e["kind"], e["family"], e["group"]) for e in index] == [
        (kind, family, "tuning") for family in studied_r3.FAMILIES for kind in ("clean", "photo")]
    first = json.loads((tmp_path / index[0]["truth"]).read_text(encoding="utf-8"))
    assert first["document_no"].startswith("VTE-EXP-")  # the Lao invoice they began with


def test_round_4_families_keep_their_pages_as_tuning_families(tmp_path: Path) -> None:
    studied_r4 = _bench_module("studied_r4")
    assert studied_r4.SEED == 52938107 and studied_r4.PAIRS == 4
    index = studied_r4.generate(tmp_path, pages=2 * len(studied_r4.FAMILIES))
    assert [(e["kind"], e["family"], e["group"]) for e in index] == [
        (kind, family, "tuning") for family in studied_r4.FAMILIES for kind in ("clean", "photo")]
    assert all(e["file"].startswith("r4_") for e in index)
    first = json.loads((tmp_path / index[0]["truth"]).read_text(encoding="utf-8"))
    assert first["document_no"].startswith("CB-")  # the broker's cargo list they began with


def test_digital_twins_carry_the_truth_as_text_and_numbers(tmp_path: Path) -> None:
    import openpyxl
    import pdfplumber

    corpus, digital = _bench_module("corpus"), _bench_module("digital")
    _image, truth, _text = corpus.clean_page(random.Random(7), "vietnamese")
    from borderdesk.documents.manifest_json import manifest_to_dict

    (tmp_path / "page_000.json").write_text(json.dumps(manifest_to_dict(truth)),
                                            encoding="utf-8")
    index = [{"file": "page_000.png", "kind": "clean", "family": "vietnamese",
              "truth": "page_000.json"}]
    entries = digital.write(tmp_path, index, 1)
    kinds = {e["kind"]: tmp_path / e["file"] for e in entries}
    with pdfplumber.open(kinds["digital-pdf"]) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    assert truth.lines[0].description in text  # Vietnamese as text, tone marks and all
    assert truth.consignee in text
    sheet = openpyxl.load_workbook(kinds["xlsx"]).active
    assert sheet is not None
    rows = [row for row in sheet.iter_rows(values_only=True) if row and row[0] == 1]
    assert rows, "no goods line 1 in the workbook"
    numbers = [cell for cell in rows[0] if isinstance(cell, int | float)]
    assert float(truth.lines[0].quantity or 0) in numbers
    if shutil.which("soffice"):
        assert {"lo-pdf", "lo-xlsx"} <= set(kinds), entries
