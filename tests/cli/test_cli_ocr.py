"""``borderdesk ocr`` end to end through the real executable."""

from __future__ import annotations

import sys
from pathlib import Path

from cli_kit import run_cli

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit" / "ocr"))
from test_pipeline import _small_manifest_png


def test_ocr_prints_the_manifest_json(tmp_path: Path) -> None:
    page = tmp_path / "page.png"
    page.write_bytes(_small_manifest_png())
    result = run_cli(tmp_path / "home", "ocr", str(page), "--json")
    assert result.code == 0, result.stderr
    manifest = result.json()
    assert manifest["container_no"] == "CSQU3054383"
    assert [line["hs_code"] for line in manifest["lines"]] == ["190110", "090111"]


def test_ocr_refuses_a_text_file_named_jpg_in_one_line(tmp_path: Path) -> None:
    fake = tmp_path / "scan.jpg"
    fake.write_text("not a picture")
    result = run_cli(tmp_path / "home", "ocr", str(fake))
    assert result.code == 2
    assert result.error_lines == [
        "borderdesk: scan.jpg is not a JPEG, PNG, TIFF, PDF, XLSX or CSV file."]
